"""The geometry of the trend chart, drawn as SVG by the template (no script, no styles).

Only numbers and positions here; every word and every formatted value is added by the
template, in the reader's language. The table next to the chart carries the same
figures and is what screen readers and people who cannot see the line rely on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 480
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 56, 28, 16, 44


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    share: float | None  # as a fraction; None when no plan was open that day
    index: int


@dataclass(frozen=True)
class Tick:
    y: float
    value: float  # as a fraction


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[ChartPoint, ...]
    y_ticks: tuple[Tick, ...]
    x_labels: tuple[ChartPoint, ...]  # the points whose dates are written under the axis
    target_y: float | None
    left: int
    right: int
    top: int
    bottom: int

    @property
    def line(self) -> str:
        """The polyline's points attribute, days without open plans left out."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.share is not None)


def _axis_top(largest: float) -> float:
    """A round upper end for the share axis: 5%, 10%, 20%, ... and never below 5%."""
    step = 0.05
    while largest > step:
        step *= 2
    return step


def trend_chart(shares: list[float | None], target: float | None, label_every: int = 6) -> Chart:
    """Place `shares` (fractions, oldest first) on the chart, with a target line."""
    known = [s for s in shares if s is not None]
    axis_top = _axis_top(max([*known, target or 0.0, 0.0]))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_height * (1 - value / axis_top)

    count = len(shares)
    points = tuple(
        ChartPoint(
            x=LEFT + (plot_width * n / (count - 1) if count > 1 else plot_width / 2),
            y=y_of(share) if share is not None else y_of(0.0),
            share=share,
            index=n,
        )
        for n, share in enumerate(shares)
    )
    ticks = tuple(Tick(y_of(axis_top * k / 5), axis_top * k / 5) for k in range(6))
    # Label the last point (the day asked about) and every `label_every`-th before it.
    labels = tuple(p for p in points if (count - 1 - p.index) % label_every == 0)
    target_y = y_of(target) if target is not None and math.isfinite(target) else None
    return Chart(
        WIDTH, HEIGHT, points, ticks, labels, target_y, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    )
