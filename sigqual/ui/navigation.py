"""The app's pages, listed once: adding a page (Koda, Jämför, Export) is one line here.

Each entry names a render function in ``sigqual.ui.pages``; the title is an i18n
key so the menu follows the language switch, while the URL path stays fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from .i18n import t
from .pages import admin, avidentifiera, codebook, export, granska, jamfor, koda, overens, project, tables
from .pages import uppfoljning as follow_up


@dataclass(frozen=True)
class PageSpec:
    """One page: stable URL path, i18n title key, Material icon and render function."""

    path: str
    title_key: str
    icon: str
    render: Callable[[], None]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("projekt", "nav.project", ":material/folder_open:", project.render),
    PageSpec("koda", "koda.nav", ":material/edit_note:", koda.render),
    PageSpec("granska", "granska.nav", ":material/fact_check:", granska.render),
    PageSpec("kodbok", "nav.codebook", ":material/menu_book:", codebook.render),
    PageSpec("jamfor", "jamfor.nav", ":material/compare_arrows:", jamfor.render),
    PageSpec("overens", "overens.nav", ":material/rule:", overens.render),
    PageSpec("tabeller", "nav.tables", ":material/table_chart:", tables.render),
    PageSpec("uppfoljning", "uppf.nav", ":material/timeline:", follow_up.render),
    PageSpec("export", "export.nav", ":material/ios_share:", export.render),
    PageSpec("avidentifiera", "avid.nav", ":material/shield_person:", avidentifiera.render),
    PageSpec("admin", "admin.nav", ":material/admin_panel_settings:", admin.render),
)


def page_paths() -> list[str]:
    return [spec.path for spec in PAGES]


def pages(start: str | None = None) -> list[st.Page]:
    """``st.Page`` objects in menu order; ``start`` picks the page opened first."""
    if start is not None and start not in page_paths():
        raise ValueError(f"unknown page '{start}': choose one of {', '.join(page_paths())}")
    first = start or PAGES[0].path
    return [
        st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.path,
                default=spec.path == first)
        for spec in PAGES
    ]
