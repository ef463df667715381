"""Every page on the sample project, in both languages, wide and narrow: nothing may stick
out of the page, no content may be cut at the main area's edge outside a scroll box, and
no button may show a shortened label.

One server and one browser serve the whole module; each (language, width) opens one
session, switches the language once and walks the menu, so a failure names the page.
Screenshots go to ``tmp_path``, or to ``$SIGQUAL_E2E_ARTIFACTS`` when that is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sigqual.demo import DEMO_CODER
from sigqual.i18n import translate
from sigqual.ui.navigation import PAGES

from .conftest import AppServer, _need_chromium, start_app, wait_for_app

WIDTHS = {"wide": 1440, "narrow": 820}
HEIGHT = 900
LANGUAGE_OPTION = {"sv": "Svenska", "en": "In English"}  # the language button's label

# What the browser measures.  An element counts as cut or sticking out when its visible
# right edge passes the main block's, unless an ancestor inside the block scrolls sideways.
# Buttons are checked in the whole app: a label wider than its box (or shown with an
# ellipsis that is in effect) is a cut label; in the main area so is any other text
# shortened with an ellipsis, and a field's value wider than its box.
_MEASURE = """
() => {
  const problems = [];
  const name = (el) => {
    const id = el.getAttribute('data-testid');
    const text = (el.innerText || el.textContent || el.getAttribute('aria-label') || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 60);
    const widget = el.parentElement?.closest('[data-testid^="st"]');
    const label = widget?.querySelector('[data-testid="stWidgetLabel"]')?.innerText?.trim() || '';
    const named = label ? ` "${label}"` : '';
    const within = widget ? ` in ${widget.getAttribute('data-testid')}${named}` : '';
    return `<${el.tagName.toLowerCase()}${id ? ' ' + id : ''}> "${text}"${within}`;
  };
  const vw = window.innerWidth;
  const docWidth = document.documentElement.scrollWidth;
  if (docWidth > vw + 1) problems.push(`the page is ${docWidth}px wide in a ${vw}px window`);
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!block) return ['no main block'];
  const limit = block.getBoundingClientRect().right + 1;
  // Where an element's visible part ends: ancestors that clip it cut it off there, and
  // one that scrolls sideways holds it however wide it is (null).
  const visibleRight = (el) => {
    let right = el.getBoundingClientRect().right;
    for (let a = el.parentElement; a && a !== block; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === 'auto' || x === 'scroll') return null;
      if (x === 'hidden' || x === 'clip') right = Math.min(right, a.getBoundingClientRect().right);
    }
    return right;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const wide = new Set();
  for (const el of block.querySelectorAll('*')) {
    if (!shown(el) || el.getBoundingClientRect().right <= limit) continue;
    const right = visibleRight(el);
    if (right !== null && right > limit) wide.add(el);
  }
  // Name only the outermost offender of each nest.
  for (const el of wide) {
    if (!wide.has(el.parentElement)) {
      const right = Math.round(el.getBoundingClientRect().right);
      problems.push(`${name(el)} ends at ${right}px, past the main area's ${Math.round(limit)}px`);
    }
  }
  for (const button of document.querySelectorAll('[data-testid="stApp"] button')) {
    if (!shown(button) || !(button.innerText || '').trim()) continue;
    for (const el of [button, ...button.querySelectorAll('*')]) {
      if (!shown(el) || !(el.innerText || '').trim()) continue;
      const style = getComputedStyle(el);
      const clipped = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
      if (clipped || (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth)) {
        problems.push(`button label cut: ${name(button)} (${el.scrollWidth}px text in ${el.clientWidth}px)`);
        break;
      }
    }
  }
  // Any other text shortened with an ellipsis (a metric's name, a widget label).
  for (const el of block.querySelectorAll('*')) {
    if (el.closest('button') || !shown(el) || !(el.innerText || '').trim()) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible'
        && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text cut: ${name(el)} (${el.scrollWidth}px text in ${el.clientWidth}px)`);
    }
  }
  // A chosen value that does not fit its box (a select box showing "Sve" for "Svenska").
  for (const input of block.querySelectorAll('input')) {
    if (!shown(input) || !input.value || input.type === 'range' || input.type === 'checkbox') continue;
    if (input.scrollWidth > input.clientWidth + 1) {
      problems.push(`value cut: ${name(input)} shows "${input.value}" in ${input.clientWidth}px`);
    }
  }
  return problems;
}
"""


def _artifacts(tmp_path: Path) -> Path:
    where = os.environ.get("SIGQUAL_E2E_ARTIFACTS")
    folder = Path(where) if where else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def layout_server(demo_template: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[AppServer]:
    """One app for the module, on its own copy of the sample project (pages only read)."""
    _need_chromium()
    folder = tmp_path_factory.mktemp("layout")
    db = folder / "demo.db"
    db.write_bytes(demo_template[0].read_bytes())
    # Signed in as one of the sample's coders, so Koda and Granska show their full pages.
    server = start_app(db, folder, {"SIGQUAL_USER": DEMO_CODER})
    yield server
    server.stop()


def _wait_for_page(page, path: str | None) -> None:  # noqa: ANN001
    """The page's script has run to the end: its title is drawn and nothing is running."""
    if path is not None:
        page.wait_for_url(lambda url: urlparse(url).path.endswith(f"/{path}"), timeout=30_000)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(300)
    wait_for_app(page)


def _measure_folded(page) -> list[str]:  # noqa: ANN001
    """What the expanders and the other tabs hold: opened and shown one by one, in the
    browser only (neither reruns the script)."""
    found: list[str] = []
    main = page.locator("[data-testid='stMainBlockContainer']")
    closed = main.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):
        if not closed.first.is_visible():
            break
        closed.first.click()
        page.wait_for_timeout(100)
    found += page.evaluate(_MEASURE)
    tabs = main.locator("[role='tab']")
    for i in range(tabs.count()):
        if tabs.nth(i).is_visible() and tabs.nth(i).get_attribute("aria-selected") != "true":
            tabs.nth(i).click()
            page.wait_for_timeout(150)
            found += page.evaluate(_MEASURE)
    return found


def _screenshot(page, path: Path, width: int) -> None:  # noqa: ANN001
    """The whole page: the main area scrolls inside the app, so the window is made as tall
    as its content for the picture (after measuring) and then set back."""
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(HEIGHT, min(int(tall), 12_000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.wait_for_timeout(200)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", list(LANGUAGE_OPTION))
def test_every_page_fits(layout_server: AppServer, browser, lang: str, width: str,  # noqa: ANN001
                         tmp_path: Path) -> None:
    folder = _artifacts(tmp_path)
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": HEIGHT}, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(layout_server.url)  # the first page of the menu is the start page
        _wait_for_page(page, None)
        if lang != "sv":
            page.locator("[data-testid='stSidebar']").get_by_role(
                "button", name=LANGUAGE_OPTION[lang]).click()
            page.wait_for_timeout(300)
            wait_for_app(page)
        seen: dict[str, list[str]] = {}
        for spec in PAGES:
            if spec is not PAGES[0]:
                page.locator(f"[data-testid='stSidebarNav'] a[href$='/{spec.path}']").click()
                _wait_for_page(page, spec.path)
            assert page.locator("[data-testid='stException']").count() == 0, spec.path
            # The language held across the menu: the page's menu entry is in it.
            entry = page.locator("[data-testid='stSidebarNavLink']").nth(PAGES.index(spec))
            assert translate(spec.title_key, lang) in entry.inner_text(), spec.path
            found = page.evaluate(_MEASURE)
            _screenshot(page, folder / f"{spec.path}-{lang}-{width}.png", WIDTHS[width])
            seen[spec.path] = list(dict.fromkeys(found + _measure_folded(page)))
        assert len(seen) == len(PAGES)
        problems = {path: found for path, found in seen.items() if found}
        assert not problems, "\n".join(f"{path}: {p}" for path, found in problems.items() for p in found)
    finally:
        context.close()
