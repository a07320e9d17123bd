"""What every page of a journey is checked for, in the browser.

`audit(page)` runs, on the page as it stands: axe-core at 1280, 768 and 390 px wide (no serious
or critical violation), a label on every form field, the skip link (Tab from the top reaches it,
Enter moves focus to the main content), a visible focus outline, and at 768 px and 390 px wide:
no sideways scrolling, every visible control within reach and focusable, and (at 390 px) the
navbar toggler opening the menu. Failures name the page and what is wrong, so a report reads
without a screenshot. `check_logging_controls` adds, for the visit form, touch targets of 44 px
and checkbox and radio borders at 3:1."""

import time
from dataclasses import dataclass, field
from functools import cache

from devdata.accounts import DEMO_PASSWORD, demo_totp_code

DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"tablet": {"width": 768, "height": 1024}, "phone": {"width": 390, "height": 844}}
BLOCKING_IMPACTS = {"serious", "critical"}


def shoot_widths(page, shoot, name: str) -> None:
    """Photograph the page on a phone, a tablet and a desktop (`<name>-<width>.png`), then
    return to the desktop width the journeys run at."""
    for size in (*WIDTHS.values(), DESKTOP):
        page.set_viewport_size(size)
        shoot(page, f"{name}-{size['width']}")
    page.set_viewport_size(DESKTOP)


@cache
def _axe():
    # Imported on first use, so that without the package the browser fixture's skip (or its
    # failure under REQUIRE_BROWSER=1) explains the situation rather than a collection error.
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@dataclass(frozen=True)
class Allowed:
    """An axe finding excused on Django-owned markup: the rule, the CSS selectors of the nodes
    it may flag (as axe reports them) and why it is not ours to fix."""

    rule: str
    targets: frozenset[str]
    why: str


@dataclass
class PageRules:
    """How a kind of page is audited. Our pages: everything. Django's admin: its own skip link
    (to #content-start, which is not focusable) and any documented axe exclusions."""

    skip_link: str = "a.skip-link"
    skip_moves_focus_to: str | None = "main"
    allowed: list[Allowed] = field(default_factory=list)


OUR_PAGES = PageRules()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as a demo user; those asked for a two-factor code type the demo secret's, as a
    person reads it from the app (`manage.py demo_totp`)."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Enter your code").count():
        enter_code(page)


def enter_code(page) -> None:
    for _ in range(2):
        page.get_by_role("textbox", name="Code").fill(demo_totp_code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if not page.get_by_role("heading", name="Enter your code").count():
            return
        # A code works once: signed in twice within its 30 seconds, wait for the next one.
        page.wait_for_timeout(1000 * (30 - time.time() % 30) + 500)
    raise AssertionError("the demo two-factor code was refused")


def axe_violations(page, rules: PageRules = OUR_PAGES) -> list[str]:
    """Serious and critical axe-core violations, less the documented Django-owned exceptions."""
    results = _axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        excused = {
            target
            for allowed in rules.allowed
            if allowed.rule == violation["id"]
            for target in allowed.targets
        }
        nodes = [
            node
            for node in violation["nodes"]
            if " ".join(str(t) for t in node["target"]) not in excused
        ]
        for node in nodes:
            found.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} "
                f"{node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return found


UNLABELLED_FIELDS_JS = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => {
    const labelled = Array.from(el.labels || []).some(l => l.textContent.trim());
    const aria = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
    return !labelled && !aria;
  })
  .map(el => el.outerHTML.slice(0, 160))"""

FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: el.textContent.trim(),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    boxShadow: style.boxShadow, width: box.width, height: box.height,
  };
}"""

# Every visible control at the current width: where it is and whether it takes focus. A control
# inside a horizontally scrolling box (a wide table) is reachable when the box itself is on screen.
REACH_JS = """() => {
  const vw = window.innerWidth;
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) problems.push(`page scrolls sideways: ${doc.scrollWidth}px > ${vw}px`);
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const scroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return p;
    }
    return null;
  };
  let count = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('.visually-hidden-focusable')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden') continue;
    count += 1;
    const text = (el.textContent || el.name || el.id).trim().slice(0, 40);
    const name = `${el.tagName.toLowerCase()} "${text}"`;
    const holder = scroller(el);
    const area = holder ? holder.getBoundingClientRect() : {left: 0, right: vw};
    const left = holder ? area.left : box.left;
    const right = holder ? area.right : box.right;
    if (left < -1 || right > vw + 1) {
      const span = `${Math.round(left)}..${Math.round(right)}`;
      problems.push(`${name} is outside the ${vw}px width (${span})`);
    }
    el.focus({preventScroll: true});
    if (document.activeElement !== el) problems.push(`${name} cannot take focus`);
  }
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return {problems, count};
}"""


def check_skip_link_and_focus(page, rules: PageRules = OUR_PAGES) -> list[str]:
    """Tab from the top of the page: the skip link comes first, shows a focus
    outline, and activating it moves focus to the main content; the next Tab lands on a control
    whose focus outline is visible."""
    problems = []
    # "From the top": focus the document body itself (a field may have autofocus, as the
    # sign-in form's username has), so the next Tab goes to the first focusable element.
    page.evaluate(
        """() => { const body = document.body; window.scrollTo(0, 0);
        body.setAttribute('tabindex', '-1'); body.focus(); body.removeAttribute('tabindex'); }"""
    )
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STYLE_JS)
    if not page.evaluate(
        "sel => document.activeElement === document.querySelector(sel)", rules.skip_link
    ):
        return [f"first Tab focused {first['tag']} {first['text'][:40]!r}, not the skip link"]
    if first["width"] <= 1 or first["height"] <= 1:
        problems.append("the focused skip link is not visible")
    if first["outlineStyle"] == "none" or first["outlineWidth"] < 2:
        problems.append(f"the skip link has no visible focus outline: {first}")
    page.keyboard.press("Enter")
    if rules.skip_moves_focus_to:
        target = rules.skip_moves_focus_to
        if not page.evaluate("sel => document.activeElement.matches(sel)", target):
            problems.append(f"the skip link did not move focus to {target}")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE_JS)
    if focused["tag"] == "body":
        problems.append("Tab after the skip link focused nothing")
    elif focused["outlineStyle"] == "none" or focused["outlineWidth"] < 2:
        problems.append(f"no visible focus outline on {focused['tag']} {focused['id']}")
    # Leave the address as it was: a later redirect would otherwise carry the #main along.
    page.evaluate(
        """() => { document.activeElement && document.activeElement.blur();
        history.replaceState(history.state, '', location.pathname + location.search); }"""
    )
    return problems


def check_widths(page, rules: PageRules = OUR_PAGES) -> list[str]:
    problems = []
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        problems += [f"at {name} {size['width']}px: axe: {v}" for v in axe_violations(page, rules)]
        reach = page.evaluate(REACH_JS)
        problems += [f"at {name} {size['width']}px: {p}" for p in reach["problems"]]
        if reach["count"] == 0:
            problems.append(f"at {name} {size['width']}px: no visible control at all")
        if name == "phone":
            problems += [f"at phone 390px: {p}" for p in check_navbar_toggler(page)]
    page.set_viewport_size(DESKTOP)
    return problems


def check_navbar_toggler(page) -> list[str]:
    toggler = page.locator("nav .navbar-toggler")
    if toggler.count() == 0:
        return []  # signed-out pages have no menu to open
    if not toggler.is_visible():
        return ["the navbar toggler is not visible"]
    menu = page.locator("#main-nav")
    if menu.is_visible():
        return ["the menu is open before the toggler is pressed"]
    toggler.click()
    menu.wait_for(state="visible")
    problems = []
    if toggler.get_attribute("aria-expanded") != "true":
        problems.append("the toggler does not report aria-expanded=true when open")
    # Items of a closed dropdown (the account menu) are checked when it opens, not here.
    for link in menu.locator("a:not(.dropdown-menu a), button").all():
        box = link.bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > 391:
            problems.append(f"menu item {link.inner_text()!r} is not within the width")
    toggler.click()
    menu.wait_for(state="hidden")
    return problems


def audit(page, rules: PageRules = OUR_PAGES) -> None:
    """All the accessibility and width checks of one journey page, reported together."""
    page.wait_for_load_state()
    where = page.url.split("//", 1)[-1].split("/", 1)[-1]
    problems = [f"axe: {v}" for v in axe_violations(page, rules)]
    unlabelled = page.evaluate(UNLABELLED_FIELDS_JS)
    problems += [f"field without a label: {html}" for html in unlabelled]
    problems += check_skip_link_and_focus(page, rules)
    problems += check_widths(page, rules)
    assert not problems, f"/{where}:\n  " + "\n  ".join(problems)


# The controls a consultant uses while logging a visit, on a tablet: each at least 44 px tall
# (a checkbox or radio counts with the row of its label), and checkbox and radio borders at 3:1
# against the page behind them.
LOGGING_CONTROLS_JS = """() => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = el => { for (let p = el; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (c && !c.endsWith(', 0)') && c !== 'transparent') return c; }
    return 'rgb(255, 255, 255)'; };
  const problems = [];
  const form = document.querySelector('.visit-form');
  for (const el of form.querySelectorAll('input, select, textarea, button')) {
    if (el.type === 'hidden' || el.hidden || el.disabled) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const holder = el.closest('.form-check') || el;
    const height = holder.getBoundingClientRect().height;
    const name = `${el.tagName.toLowerCase()} ${el.name || el.id}`;
    if (height < 44) problems.push(`${name} is ${Math.round(height)} px tall (under 44)`);
    if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) {
      const contrast = ratio(getComputedStyle(el).borderTopColor, background(el.parentElement));
      if (contrast < 3) problems.push(`${name}: border at ${contrast.toFixed(2)}:1 (under 3:1)`);
    }
  }
  return problems;
}"""


def check_logging_controls(page) -> None:
    problems = []
    for name, size in {"desktop": DESKTOP, **WIDTHS}.items():
        page.set_viewport_size(size)
        problems += [
            f"at {name} {size['width']}px: {p}" for p in page.evaluate(LOGGING_CONTROLS_JS)
        ]
    page.set_viewport_size(DESKTOP)
    assert not problems, "\n  ".join(problems)


# Django's admin: its own skip link ("Skip to main content", to #content-start, a div that does
# not take focus, so focus stays on the link while the page scrolls to the content).
ADMIN_PAGES = PageRules(skip_link="a.skip-to-content-link", skip_moves_focus_to=None)
