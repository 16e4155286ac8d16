"""The interface in a real browser: the system Chromium driven by Playwright, against
uvicorn on a free localhost port. Every request the pages make goes through a handler
that lets only http://127.0.0.1 through and records anything else.

`INFORMES_SCREENSHOTS=docs/img` also saves the acuerdo page and a page of its PDF as
docs/img/serve-acuerdo.png and serve-pagina.png (`make screenshots`)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from pipeline.serve import create_app
from tests.chromium import CHROMIUM, FLAGS, needs_chromium
from tests.serve.conftest import free_port

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

LOCAL = "http://127.0.0.1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed — run make browser-deps"),
    needs_chromium,
]


@contextmanager
def running(db: Path, cache: Path) -> Iterator[str]:
    """uvicorn serving the interface over `db` in a thread, until the block ends."""
    port = free_port()
    config = uvicorn.Config(create_app(db, cache=cache), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"{LOCAL}:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.fixture(scope="module")
def site(serve_db: Path, page_cache: Path) -> Iterator[str]:
    with running(serve_db, page_cache) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    """A fresh page whose requests may only go to 127.0.0.1; asserted after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    elsewhere: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    yield context.new_page()
    context.close()
    assert elsewhere == [], f"requests left localhost: {elsewhere}"


def test_browser_journey_search_acuerdo_session_document_page(page: Page, site: str):
    page.goto(site + "/")
    search_with_the_keyboard(page, "CG122")
    page.wait_for_url("**/buscar?q=CG122", wait_until="domcontentloaded")

    page.get_by_role("link", name="IEPC/CG122/2021", exact=True).first.click()
    page.wait_for_url("**/acuerdos/IEPC/CG122/2021", wait_until="domcontentloaded")
    assert "25 de agosto de 2021" in page.locator("dl.datos").inner_text()
    assert_highlighted(page.locator("a.lienzo").first)
    save_screenshot(page, "serve-acuerdo.png")

    page.locator("dd a", has_text="Sesión Extraordinaria número 39 del Consejo General").click()
    page.wait_for_url("**/sesiones/**", wait_until="domcontentloaded")
    assert "39" in page.locator("h1").inner_text()
    assert "25 de agosto de 2021" in page.locator("main").inner_text()

    page.go_back(wait_until="domcontentloaded")  # to the acuerdo, then to its document by title
    page.locator(".cita .fuente a", has_text="Informe del mes de agosto").first.click()
    page.wait_for_url("**/documentos/**", wait_until="domcontentloaded")
    assert page.locator("h1").inner_text().startswith("Informe del mes de agosto")
    assert page.locator(".miniaturas img").count() == 5  # the PDF's pages, linked to the viewer

    page.locator(".miniaturas a").nth(2).click()  # the page viewer: every mention on page 3 drawn
    page.wait_for_url("**/paginas/3", wait_until="domcontentloaded")
    assert_highlighted(page.locator("a.lienzo"))
    assert page.locator("a.lienzo svg rect").count() >= page.locator(".visor li").count()
    save_screenshot(page, "serve-pagina.png")


def assert_highlighted(figure: Any) -> None:
    """The page image has loaded and a highlight stands over a line of its text."""
    image = figure.locator("img")
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    shown, box = image.bounding_box(), figure.locator("svg rect").first.bounding_box()
    assert shown and box and 0 < box["height"] < shown["height"] / 20
    assert shown["x"] <= box["x"] and box["x"] + box["width"] <= shown["x"] + shown["width"]


def search_with_the_keyboard(page: Page, words: str) -> None:
    """Tab from the top of the page reaches the search box, which has an accessible name;
    typing and Enter submit it."""
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    box = page.get_by_role("searchbox", name="Buscar en los documentos")
    assert box.evaluate("element => element === document.activeElement")
    page.keyboard.type(words)
    page.keyboard.press("Enter")


def save_screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("INFORMES_SCREENSHOTS")
    if folder:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(folder) / name))


def test_browser_findings_show_conflicting_quotes_side_by_side(page: Page, site: str):
    page.goto(site + "/hallazgos")
    page.get_by_label("Severidad").select_option("error")  # htmx swaps the list in place
    page.wait_for_url("**/hallazgos?*severidad=error*")
    quotes = page.locator(".hallazgo .prueba")
    assert quotes.count() == 2
    left, right = (quotes.nth(i).bounding_box() for i in range(2))
    assert left and right and abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"]
    assert "7 de mayo de 2021" in quotes.nth(0).inner_text()
    assert "9 de mayo de 2021" in quotes.nth(1).inner_text()
