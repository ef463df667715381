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


# -- writes go through the application layer ---------------------------------------

WRITE_PREFIXES = ("add_", "delete_", "update_", "create_", "set_", "merge_", "replace_", "rewrite_",
                  "move_", "record_", "clear_", "ensure_", "change_", "apply_")
# Signing in (``authenticate``) may upgrade a password hash; it is the login's own path.
WRITE_NAMES = {"grant", "revoke", "batch", "transaction"}
FRONT_ENDS = sorted([*(ROOT / "sigqual" / "ui").rglob("*.py"), *(ROOT / "sigqual" / "cli").rglob("*.py")])


def _store_writes() -> set[str]:
    """The Store's public methods that write (every one of them opens a transaction)."""
    from sigqual.store import Store

    names = {n for n in dir(Store) if not n.startswith("_") and callable(getattr(Store, n))}
    return {n for n in names if n.startswith(WRITE_PREFIXES) or n in WRITE_NAMES}


def _is_store(node: ast.expr) -> bool:
    """``store``, ``_store``, ``self.store``, ``get_store()`` and the like."""
    if isinstance(node, ast.Name):
        return "store" in node.id.lower()
    if isinstance(node, ast.Attribute):
        return "store" in node.attr.lower()
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return "store" in func.id.lower()
        if isinstance(func, ast.Attribute):  # Store.open(...)
            return "store" in func.attr.lower() or (
                isinstance(func.value, ast.Name) and func.value.id == "Store")
    return False


def _direct_writes(path: Path, writes: set[str]) -> list[str]:
    return _scan(ast.parse(path.read_text(encoding="utf-8")), path, writes)


def _scan(tree: ast.AST, path: Path, writes: set[str]) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in writes and _is_store(node.func.value)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}")
    return found


def test_the_write_list_is_the_stores() -> None:
    writes = _store_writes()
    assert writes, "no write methods found on Store"
    assert {"add_coding", "delete_memo", "merge_codes", "grant", "update_project_settings",
            "create_project", "rewrite_documents", "record_feedback", "batch"} <= writes


def test_the_scan_finds_a_direct_write() -> None:
    probe = ROOT / "sigqual" / "ui" / "probe.py"  # never written: only its name is used
    code = ("def f(store, session):\n    store.add_memo(1, 'x', author='a')\n"
            "    get_store().grant(1, 'a', 'admin')\n    Store.open('x').delete_memo(1)\n"
            "    self.store.merge_codes(1, 'a', 'b')\n    session.add_memo('x')\n"
            "    access.session(1, store).merge_codes('a', 'b')\n")
    found = _scan(ast.parse(code), probe, _store_writes())
    assert [f.split()[-1] for f in found] == ["add_memo", "grant", "delete_memo", "merge_codes"]


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: str(p.relative_to(ROOT)))
def test_front_ends_write_only_through_the_layer(path: Path) -> None:
    """Pages, UI helpers and commands call the layer (sigqual.app), never the Store's writes."""
    assert FRONT_ENDS, "no UI or CLI sources found"
    assert _direct_writes(path, _store_writes()) == []
