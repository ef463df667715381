"""`sigqual serve` starts the app through the launcher that `make run` uses."""

from __future__ import annotations

import argparse
import sys

import pytest

from sigqual.cli import admin


def test_serve_starts_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(admin.subprocess, "call", lambda cmd, env: calls.append(cmd) or 0)
    args = argparse.Namespace(db=None, team=False, address="localhost", port=8600)
    assert admin.serve(args) == 0
    assert len(calls) == 1
    assert calls[0][:3] == [sys.executable, "-m", "sigqual.ui.launch"]
    assert calls[0][3:] == admin.streamlit_flags(address="localhost", port=8600)
