"""Layout rules checked in the source: every widget with a label on a button face asks
Streamlit to wrap it.

Streamlit's default (``wrap=None``) cuts such a label with an ellipsis when the widget
sits in a column or a horizontal row, which made buttons read "Ta …" in narrow windows;
``wrap=True`` shows the whole label on as many lines as it needs. The browser test in
``tests/e2e/test_layout.py`` checks the drawn pages; this one catches a new call early.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "sigqual" / "ui"
LABELLED = {"button", "download_button", "form_submit_button", "link_button", "popover", "toggle",
            "checkbox", "pills", "segmented_control", "menu_button"}


def _calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr in LABELLED]


def _wraps(call: ast.Call) -> bool:
    return any(k.arg == "wrap" and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in call.keywords)


FILES = sorted(UI.rglob("*.py"))


def test_the_rule_sees_the_pages() -> None:
    counted = sum(len(_calls(path)) for path in FILES)
    assert counted > 50  # the pages draw many buttons: a rule that finds none checks nothing


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(UI)))
def test_labelled_widgets_wrap(path: Path) -> None:
    unwrapped = [f"{path.name}:{call.lineno} {ast.unparse(call.func)}" for call in _calls(path)
                 if not _wraps(call)]
    assert not unwrapped, "pass wrap=True so the label is never cut: " + ", ".join(unwrapped)


@pytest.mark.parametrize(("source", "ok"), [
    ('st.button("Ta bort", wrap=True)', True),
    ('right.toggle("Visa", key="k", wrap=True)', True),
    ('st.button("Ta bort")', False),
    ('c1.download_button("Hämta", b"", wrap=False)', False),
    ('st.pills("Tabeller", [], wrap=None)', False),
])
def test_the_rule_itself(source: str, ok: bool, tmp_path: Path) -> None:
    path = tmp_path / "page.py"
    path.write_text(source + "\n", encoding="utf-8")
    (call,) = _calls(path)
    assert _wraps(call) is ok
