"""Page weight budget: what a cheap phone downloads for one page, gzip-compressed."""

import gzip
import re

GUIDE_BUDGET = 40 * 1024


def page_weight(client, url: str) -> tuple[int, list[str]]:
    """Bytes (gzip -9) of the HTML plus every stylesheet, script, image and font it loads."""
    html = client.get(url).get_data()
    total = len(gzip.compress(html, 9))
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    for asset in assets:
        with client.get(asset.decode()) as response:  # closes WhiteNoise's open file
            assert response.status_code == 200, asset
            total += len(gzip.compress(response.get_data(), 9))
    return total, [a.decode() for a in assets]


def test_guide_pages_fit_the_budget(app, client):
    library = app.extensions["content"]
    heaviest = max(
        (p for p in library.pages.values() if p.section != "pages"),
        key=lambda p: len(str(p.html)),
    )
    for lang in app.config["PORTAL_LANGUAGES"]:
        url = f"/{lang}/{heaviest.section}/{heaviest.slug}"
        weight, assets = page_weight(client, url)
        assert weight <= GUIDE_BUDGET, f"{url}: {weight} bytes with {assets}"
    assert not any(a.endswith((".woff", ".woff2", ".ttf")) for a in assets), "no web fonts"
