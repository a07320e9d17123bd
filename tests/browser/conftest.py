"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Without Chromium they are skipped with the reason printed; with REQUIRE_BROWSER=1 (CI) a missing
browser fails the run instead, so the journeys cannot silently stop being tested."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests import factories
from tests.browser.visit_setting import anas_case  # noqa: F401 (the visit pages' setting)

# Playwright's sync API keeps an event loop on the test thread; the ORM calls the tests make
# for setup run outside it, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Every journey step is photographed here (not committed); `make screenshots` copies the ones
# the README shows into docs/screenshots/.
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "build" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """CHROMIUM_PATH when set (and then only it), else Debian's `chromium` on the PATH."""
    explicit = os.environ.get("CHROMIUM_PATH")
    candidates = [explicit] if explicit else ["chromium", "chromium-browser"]
    for candidate in candidates:
        if shutil.which(candidate):
            return shutil.which(candidate)
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    """Skip with the reason shown in the summary, or fail when CI requires the browser."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; REQUIRE_BROWSER=1 requires the browser tests to run", pytrace=False)
    pytest.skip(f"{reason}; browser tests skipped")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        where = os.environ.get("CHROMIUM_PATH") or "chromium on the PATH"
        _unavailable(f"Chromium is not installed ({where} not found; apt-get install chromium)")
    try:
        import axe_playwright_python  # noqa: F401
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"{error.name} is not installed (pip install '.[dev]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    # Reduced motion: Bootstrap then opens the navbar and collapses without waiting on transitions.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
        reduced_motion="reduce",
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    # Leaving a page sends what it still has to send (the visit form keeps its draft): let the
    # server answer while the test's database is still there.
    page.goto("about:blank")
    page.wait_for_timeout(300)
    context.close()


@pytest.fixture
def shoot():
    """Save a screenshot of a journey step: build/screenshots/<journey>-<nn>-<step>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def ava(demo_users):
    """A four-year-old at one of ana's sites (the outcomes journeys record her measures)."""
    site = factories.SiteFactory(name="Red Dirt Head Start", consultants=[demo_users["ana"]])
    room = factories.ClassroomFactory(site=site, name="Bluebirds")
    return factories.ChildFactory(
        first_name="Ava",
        last_initial="L",
        classroom=room,
        date_of_birth=factories.today() - timedelta(days=4 * 365 + 30),
    )
