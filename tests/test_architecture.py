"""Rules of the code base that a test can see."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [p for p in (ROOT / "sigqual").rglob("*.py") if "ui" not in p.relative_to(ROOT / "sigqual").parts]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_streamlit(path: Path) -> None:
    assert "streamlit" not in _imports(path)


def test_app_is_a_thin_router() -> None:
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(app.splitlines()) <= 80
    assert "st.navigation" in app


def test_no_module_is_a_giant() -> None:
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "sigqual").rglob("*.py")}
    too_big = {str(p.relative_to(ROOT)): n for p, n in sizes.items() if n > 700}
    assert not too_big


def test_streamlit_config_is_local_only() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "gatherUsageStats = false" in config
    assert 'address = "localhost"' in config
