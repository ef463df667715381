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
         "pypdf", "odf", "kaleido", "krippendorff", "argon2")
# Needed by the Projekt page (its document table), but not by the store itself.
TABLE_STACK = ("pandas", "numpy", "pyarrow", "argon2")
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


def loaded_heavy(code: str, tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    script = code + f"\nimport json, sys\nprint(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n"
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


def test_the_store_loads_pandas_and_argon2_on_first_use(tmp_path: Path) -> None:
    assert loaded_heavy("import sigqual.store\n", tmp_path, TABLE_STACK) == []
    frame = "from sigqual.store import Store, sqlite_url\n" \
            f"Store.open(sqlite_url({str(tmp_path / 'y.db')!r})).codings_frame(1)\n"
    assert loaded_heavy(frame, tmp_path, TABLE_STACK) == ["pandas", "numpy", "pyarrow"]


WARM_UP = """
from sigqual.ui import launch
launch.prewarm()
"""
FIRST_PAGE_SIGQUAL = FIRST_PAGE + """
import json, sys
print(json.dumps(sorted(m for m in sys.modules if m.startswith("sigqual"))))
"""


def test_the_launcher_warms_up_what_the_first_page_loads_and_nothing_heavier(tmp_path: Path) -> None:
    """`make run` imports the first page's modules while the browser loads (sigqual/ui/launch.py)."""
    from sigqual.ui.launch import FIRST_PAGE_MODULES

    assert loaded_heavy(WARM_UP, tmp_path) == []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIGQUAL_DATABASE_URL": f"sqlite:///{tmp_path / 'z.db'}"}
    done = subprocess.run([sys.executable, "-c", FIRST_PAGE_SIGQUAL.format(app=str(ROOT / "app.py"))],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    first_page = set(json.loads(done.stdout.strip().splitlines()[-1]))
    warmed = [m for m in FIRST_PAGE_MODULES if m.startswith("sigqual")]
    assert warmed
    assert [m for m in warmed if m not in first_page] == []


def test_a_project_s_first_page_needs_no_table_stack_or_readers(tmp_path: Path) -> None:
    """The document overview is Markdown: no pandas, Arrow or transcript readers to load."""
    from sigqual.codebook import load_bundled_codebook
    from sigqual.ingest import parse_bytes
    from sigqual.store import Store, sqlite_url

    db = tmp_path / "x.db"
    store = Store.open(sqlite_url(db))
    pid = store.create_project("Utvärdering", load_bundled_codebook())
    parsed = parse_bytes(b"I: Hur gick det?\nIP: Bra.\n", "for-01.txt")
    store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                       attributes={"group": "foraldrar"})
    store.close()
    code = FIRST_PAGE.format(app=str(ROOT / "app.py")) + (
        "assert any('<table>' in m.value for m in at.markdown)\n")
    readers = ("sigqual.ingest", "sigqual.decoding", "sigqual.importing", "sigqual.ui.uploads")
    assert loaded_heavy(code, tmp_path, (*HEAVY, *TABLE_STACK, *readers)) == []
