"""sigqual in the browser: ``streamlit run app.py`` (or ``make run``).

A thin router: the page list lives in ``sigqual/ui/navigation.py`` and every page
is a function in ``sigqual/ui/pages``. The data stays in the database named by
``$SIGQUAL_DATABASE_URL`` or the local data directory.
"""

from __future__ import annotations

import streamlit as st

from sigqual.ui import chrome, login, navigation, state


def main(start: str | None = None) -> None:
    """Draw the shell and run the chosen page; ``start`` opens another page first."""
    st.set_page_config(page_title="sigqual", page_icon=":material/forum:", layout="wide")
    state.init()
    chrome.language_switch()
    store = chrome.open_store()
    # Team mode without a signed-in user: the login form, no menu and no page.
    locked = store is not None and not login.gate(store)
    page = st.navigation(navigation.pages(start), position="hidden" if locked else "sidebar")
    if store is not None and not locked:
        chrome.project_sidebar(store)
        page.run()
    chrome.footer()


if __name__ == "__main__":
    main()
