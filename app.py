"""sigqual in the browser: ``make run`` (``python -m sigqual.ui.launch``) or ``streamlit run app.py``.

A thin router: the page list lives in ``sigqual/ui/navigation.py`` and every page
is a function in ``sigqual/ui/pages``. The data stays in the database named by
``$SIGQUAL_DATABASE_URL`` or the local data directory.
"""

from __future__ import annotations

import streamlit as st
from streamlit import config as st_config

from sigqual.serving import CLIENT_OPTIONS
from sigqual.ui.launch import skip_direct_run_check, wait_for_prewarm

# Started by `make run` / `sigqual serve`, the launcher may still be importing the modules
# below while the browser loads; let it finish rather than import them alongside it.
wait_for_prewarm()
skip_direct_run_check()

from sigqual.ui import chrome, login, navigation, state  # noqa: E402


def apply_safety_settings() -> None:
    """No tracebacks in the browser, a minimal toolbar and no telemetry, however started.

    ``.streamlit/config.toml`` sets the same before the server starts; this covers a
    config file that is missing or overridden.
    """
    for key, value in CLIENT_OPTIONS.items():
        st.set_option(key, value)
    st_config.set_option("browser.gatherUsageStats", False)


apply_safety_settings()


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
