"""The Streamlit settings sigqual depends on for confidentiality and speed, in one place.

They are applied three ways so that no way of starting the app misses them:
``.streamlit/config.toml`` next to ``app.py`` (Streamlit reads the script's own
folder, whatever the working directory), the flags ``sigqual serve`` passes, and
``app.py`` itself, which sets the options a running script may set before drawing
anything. This module does not import streamlit.
"""

from __future__ import annotations

LOOPBACK = "localhost"

# Options a running script may change (``st.set_option``).
CLIENT_OPTIONS: dict[str, object] = {
    # "none": a generic message in the browser; tracebacks and messages go to the log.
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
}
# Options read when the server starts; app.py re-applies the telemetry switch.
SERVER_OPTIONS: dict[str, object] = {
    "browser.gatherUsageStats": False,
    "server.address": LOOPBACK,
    "server.headless": True,
    "server.enableXsrfProtection": True,
    "server.runOnSave": False,
    # Not safety but speed: watching the app's source files for edits is for developing
    # it. Each new browser session registered a watch on every loaded module (half a
    # second before the first page ran), and every rerun walked them again.
    "server.fileWatcherType": "none",
    # A full garbage collection after every run held the server's one Python thread
    # while the page's last messages waited to be sent; Python's own collector runs anyway.
    "runner.postScriptGC": False,
}


def streamlit_flags(address: str = LOOPBACK, port: int | None = None) -> list[str]:
    """``streamlit run`` flags for every safety option (``address`` may be a proxy's)."""
    options = {**SERVER_OPTIONS, **CLIENT_OPTIONS, "server.address": address}
    if port is not None:
        options["server.port"] = port
    flags: list[str] = []
    for key, value in options.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        flags += [f"--{key}", text]
    return flags
