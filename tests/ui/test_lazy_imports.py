"""The first page must not wait for modules only other pages need.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Loaded by pages other than Projekt, or by exports, never for the first paint.
HEAVY = ("spacy", "simplemma", "sigqual.nlp", "sigqual.compare", "sigqual.report", "sigqual.charts",
         "sigqual.agreement", "sigqual.export", "sigqual.refi", "sigqual.privacy", "docx", "openpyxl",
         "pypdf", "odf", "kaleido", "krippendorff")
IMPORT_ONLY = """
import app
import sigqual.ui.navigation
import sigqual.ui.pages.project
"""
FIRST_PAGE = """
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=60)
at.run()
assert not at.exception, [e.value for e in at.exception]
assert [t.value for t in at.title] == ["Projekt"], [t.value for t in at.title]
"""


def loaded_heavy(code: str, tmp_path: Path) -> list[str]:
    script = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIGQUAL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("code", [IMPORT_ONLY, FIRST_PAGE.format(app=str(ROOT / "app.py"))],
                         ids=["import", "first-page"])
def test_first_page_leaves_heavy_modules_unloaded(code: str, tmp_path: Path) -> None:
    assert loaded_heavy(code, tmp_path) == []


def test_another_page_loads_its_modules_on_demand(tmp_path: Path) -> None:
    """The check above can fail: opening Jämför does pull in the comparison modules."""
    code = IMPORT_ONLY + "import sigqual.ui.pages.jamfor\n"
    assert "sigqual.compare" in loaded_heavy(code, tmp_path)
