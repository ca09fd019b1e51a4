"""What the browser tests measure in a page: sideways scrolling, visible focus, the
order characters are drawn in, overlapping text, and where requests go."""

import itertools
from urllib.parse import urlsplit

PHONES = [(320, 640), (375, 800)]


def sideways_overflow(page) -> int:
    """How far the page scrolls sideways, in CSS pixels (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


WIDEST = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.portal-table-scroll')) continue;  // scrolls in its own box
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 0.5 && ![...el.children].some(
        c => c.getBoundingClientRect().right > window.innerWidth + 0.5)) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
        .trim().split(/\\s+/).join('.') : '') + ' (' + Math.round(box.right) + 'px)');
    }
  }
  return out.slice(0, 3);
}"""


def phone_problems(page, label: str) -> list[str]:
    """Sideways scrolling at each phone size (resizing needs no new page load)."""
    problems = []
    for width, height in PHONES:
        page.set_viewport_size({"width": width, "height": height})
        overflow = sideways_overflow(page)
        if overflow > 0:
            widest = ", ".join(page.evaluate(WIDEST))
            problems.append(
                f"{label} scrolls sideways by {overflow}px at {width}px (past the edge: {widest})"
            )
    return problems


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // GOV.UK checkboxes and radios hide the real input and draw the box, and its focus
  // ring, as the label's ::before.
  const custom = /govuk-(checkboxes|radios)__input/.test(el.className) && el.nextElementSibling;
  const s = custom ? getComputedStyle(custom, '::before') : getComputedStyle(el);
  const box = (custom || el).getBoundingClientRect();
  const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    href: el.getAttribute('href') || '',
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
             && !transparent(s.outlineColor),
    shadow: s.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def focused(page) -> dict | None:
    """The focused element, and whether its focus indicator can be seen: a real outline
    (GOV.UK links carry a transparent one for Windows high contrast, which does not
    count here) or a box shadow."""
    return page.evaluate(FOCUS_STYLE)


def tab_to(page, matches, limit: int = 120, key: str = "Tab") -> dict:
    """Press Tab until the focused element satisfies `matches(info)`; every element
    focused on the way must show its focus. Returns the matching element's info."""
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info is None:
            continue
        assert info["outline"] or info["shadow"], f"focus is not visible on {info}"
        assert info["onScreen"], f"the focused element is off screen: {info}"
        if matches(info):
            return info
    raise AssertionError(f"never reached the element after {limit} presses of {key}")


def by_id(element_id: str):
    return lambda info: info["id"] == element_id


def by_text(text: str):
    return lambda info: text in info["text"]


# The left edge of each character of `needle` inside `selector`, in the order the
# characters are stored (logical order): where they are drawn is their visual order.
CHARACTER_POSITIONS = """([selector, needle]) => {
  const root = document.querySelector(selector);
  if (!root) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
  const text = chars.map(([node, i]) => node.data[i]).join('');
  const start = text.indexOf(needle);
  if (start < 0) return {text};
  return {text, lefts: chars.slice(start, start + needle.length).map(([node, i]) => {
    const range = document.createRange();
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rect = range.getBoundingClientRect();
    return {left: rect.left, top: rect.top};
  })};
}"""


def character_positions(page, selector: str, needle: str) -> list[dict]:
    found = page.evaluate(CHARACTER_POSITIONS, [selector, needle])
    assert found is not None, f"no element {selector}"
    assert "lefts" in found, f"{needle!r} is not in {selector}: {found['text']!r}"
    return found["lefts"]


def drawn_left_to_right(page, selector: str, needle: str) -> bool:
    """Whether the visible characters of `needle` are drawn left to right, as a phone
    number or a reference must be even inside right-to-left text. Where it wraps, each
    line reads left to right and the lines follow each other downwards."""
    positions = [
        p
        for p, ch in zip(character_positions(page, selector, needle), needle, strict=True)
        if not ch.isspace()
    ]
    for before, after in itertools.pairwise(positions):
        same_line = abs(after["top"] - before["top"]) < 5
        if (same_line and after["left"] < before["left"]) or (
            not same_line and after["top"] < before["top"]
        ):
            return False
    return True


def words_drawn_right_to_left(page, selector: str, needle: str) -> bool:
    """Whether the words of `needle` follow each other from right to left (a date such
    as "20 نومبر 2026" in Urdu), each number inside them still left to right."""
    positions = character_positions(page, selector, needle)
    starts, index = [], 0
    for word in needle.split():
        index = needle.index(word, index)
        word_lefts = [p["left"] for p in positions[index : index + len(word)]]
        if word.isdigit() and word_lefts != sorted(word_lefts):
            return False
        starts.append(min(word_lefts))
        index += len(word)
    return starts == sorted(starts, reverse=True)


OVERLAPPING_TEXT = """() => {
  const main = document.querySelector('main');
  const kinds = 'h1,h2,h3,p,li,dt,dd,label,a,button,input,select,textarea,strong';
  const blocks = /^(P|LI|DT|DD|H[1-3]|LABEL|INPUT|SELECT|TEXTAREA|BUTTON)$/;
  const leaves = [...main.querySelectorAll(kinds)]
    // checkVisibility(): not drawn inside a closed <details> either.
    .filter(el => el.offsetParent !== null && el.checkVisibility()
                  && !el.closest('.govuk-visually-hidden'))
    .filter(el => ![...el.children].some(c => blocks.test(c.tagName)));
  const name = el => `${el.tagName}:${el.textContent.trim().slice(0, 30)}`;
  // Where the text itself is drawn, line by line (a box may be shorter than the text
  // that overflows it, and a strong that wraps is not the rectangle around both lines);
  // form fields by their boxes.
  const drawn = el => {
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) return [...el.getClientRects()];
    const range = document.createRange();
    range.selectNodeContents(el);
    return [...range.getClientRects()];
  };
  const boxes = leaves.map(el => [el, drawn(el).filter(r => r.width && r.height)])
    .filter(([, rects]) => rects.length);
  // A tag's padding may reach a few pixels into the line above; text drawn over text
  // covers a good part of a line.
  const meet = (ra, rb) => Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 2
    && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top)
       > Math.min(ra.height, rb.height) / 4;
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    if (ra.some(x => rb.some(y => meet(x, y))))
      out.push(`${name(a)} / ${name(b)}`);
  }
  const clipped = leaves
    .filter(el => el.scrollWidth > el.clientWidth + 1
                  && getComputedStyle(el).overflowX === 'hidden')
    .map(el => `clipped ${name(el)}`);
  return out.concat(clipped).slice(0, 10);
}"""


def overlapping_text(page) -> list[str]:
    """Text boxes in <main> that are drawn over one another, or cut off."""
    return page.evaluate(OVERLAPPING_TEXT)


class RequestLog:
    """Every request a browser context makes, to check where they all went."""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    def elsewhere(self, origin: str) -> list[str]:
        own = urlsplit(origin)
        # data: URLs (the empty favicon) never leave the page.
        return [
            url
            for url in self.urls
            if not url.startswith("data:")
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
        ]


# Numbers in several groups (phone numbers, passcodes, times, ISO dates) and codes such
# as plan references: each must read left to right even inside right-to-left text.
BACKWARDS_CODES = r"""() => {
  const number = '[A-Za-z0-9]*[0-9][A-Za-z0-9]*';
  const pattern = new RegExp(`${number}(?:[ \\-/:.]${number})+`
                             + '|[A-Za-z]+(?:[\\-/][A-Za-z0-9]+)*[\\-/][0-9][A-Za-z0-9]*', 'g');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, .govuk-visually-hidden')
        || !parent.getClientRects().length) continue;
    for (const match of node.data.matchAll(pattern)) {
      const boxes = [];
      for (let i = match.index; i < match.index + match[0].length; i++) {
        if (/\s/.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        boxes.push(range.getBoundingClientRect());
      }
      if (Math.max(...boxes.map(b => b.top)) - Math.min(...boxes.map(b => b.top)) > 5) continue;
      const lefts = boxes.map(b => b.left);
      if (lefts.some((left, i) => i && left < lefts[i - 1] - 0.5))
        out.push(`${match[0]} in <${parent.tagName.toLowerCase()}>`
                 + ` "${node.data.trim().slice(0, 60)}"`);
    }
  }
  return out;
}"""


def codes_drawn_backwards(page) -> list[str]:
    """Phone numbers, passcodes and references on the page whose parts are drawn in the
    wrong order (as happens to "0800 1111" in right-to-left text unless it is isolated)."""
    return page.evaluate(BACKWARDS_CODES)


TEXT_BOX = """selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
  return {textLeft: text.left, textRight: text.right,
          left: box.left, right: box.right, top: box.top, width: box.width};
}"""


def boxes(page, selector: str) -> dict:
    """Where an element's box and its text are drawn: a block label fills its column,
    so only its text shows which side it starts from."""
    found = page.evaluate(TEXT_BOX, selector)
    assert found is not None, f"no element {selector}"
    return found


ISOLATED_TEXT = """selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const isolating = el.closest('bdi, [dir="ltr"]');
  return {text: el.innerText, isolated: !!isolating && isolating !== document.documentElement};
}"""


def isolated_text(page, selector: str) -> tuple[str, bool]:
    """An element's text as the reader gets it (innerText), and whether it sits in a
    <bdi> or dir="ltr" element that keeps it apart from the text around it."""
    found = page.evaluate(ISOLATED_TEXT, selector)
    assert found is not None, f"no element {selector}"
    return found["text"].strip(), found["isolated"]
