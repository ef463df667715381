"""The app's pages, listed once: adding a page (Koda, Jämför, Export) is one line here.

Each entry names a page module in ``sigqual.ui.pages``; the module is imported only
when its page runs, so opening Projekt never loads the NLP stack, Plotly or the
Word/Excel writers that other pages need. The title is an i18n key registered
here (not in the page module), so the menu can be drawn before any page is
imported, and the URL path stays fixed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from .i18n import t

_PACKAGE = "sigqual.ui.pages"


def _lazy_render(module: str) -> Callable[[], None]:
    """A page function that imports its module on the first call, not at start-up."""

    def render() -> None:
        importlib.import_module(f"{_PACKAGE}.{module}").render()

    render.__name__ = render.__qualname__ = f"render_{module}"
    return render


@dataclass(frozen=True)
class PageSpec:
    """One page: stable URL path, i18n title key, Material icon and page module name."""

    path: str
    title_key: str
    icon: str
    module: str
    render: Callable[[], None] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # One callable per page for the whole process, so st.Page sees the same function.
        object.__setattr__(self, "render", _lazy_render(self.module))


PAGES: tuple[PageSpec, ...] = (
    PageSpec("projekt", "nav.project", ":material/folder_open:", "project"),
    PageSpec("koda", "navpage.koda", ":material/edit_note:", "koda"),
    PageSpec("granska", "navpage.granska", ":material/fact_check:", "granska"),
    PageSpec("kodbok", "nav.codebook", ":material/menu_book:", "codebook"),
    PageSpec("jamfor", "navpage.jamfor", ":material/compare_arrows:", "jamfor"),
    PageSpec("overens", "navpage.overens", ":material/rule:", "overens"),
    PageSpec("tabeller", "nav.tables", ":material/table_chart:", "tables"),
    PageSpec("uppfoljning", "uppf.nav", ":material/timeline:", "uppfoljning"),
    PageSpec("export", "navpage.export", ":material/ios_share:", "export"),
    PageSpec("avidentifiera", "navpage.avidentifiera", ":material/shield_person:", "avidentifiera"),
    PageSpec("admin", "navpage.admin", ":material/admin_panel_settings:", "admin"),
)


def page_paths() -> list[str]:
    return [spec.path for spec in PAGES]


def page(spec: PageSpec, *, default: bool = False) -> st.Page:
    """The ``st.Page`` for one entry (also used for links from one page to another)."""
    return st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.path,
                   default=default)


def pages(start: str | None = None) -> list[st.Page]:
    """``st.Page`` objects in menu order; ``start`` picks the page opened first."""
    if start is not None and start not in page_paths():
        raise ValueError(f"unknown page '{start}': choose one of {', '.join(page_paths())}")
    first = start or PAGES[0].path
    return [page(spec, default=spec.path == first) for spec in PAGES]
