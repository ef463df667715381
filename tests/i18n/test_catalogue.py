"""The one catalogue: both languages complete, every key the code uses exists, none unused.

Keys are found by reading the sources (AST), so a key that exists only at run time
(an f-string or a concatenation passed to ``t``/``translate``/``tr``) is refused;
enumerations go through ``i18n.choice``/``labeller`` and are listed in ``i18n.ENUMS``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sigqual import i18n
from sigqual.i18n import ENUMS, LANGUAGES, catalogue, placeholders, translate

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "sigqual").rglob("*.py"))]
LOOKUPS = {"t", "translate", "tr"}  # functions whose first argument is a message id
# The lookup helpers themselves take keys as parameters.
HELPERS = {ROOT / "sigqual" / "i18n" / "__init__.py", ROOT / "sigqual" / "ui" / "i18n.py"}
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
# Keys no source names literally and no enumeration produces (kept on purpose).
UNUSED_ON_PURPOSE: set[str] = set()
# Keys whose languages use different parameters on purpose: Swedish says "ur föräldrarnas
# upplevelser" (the group's genitive), English "of Föräldrarna" (its name).
OWN_PLACEHOLDERS = {"table.caption.4": {"sv": {"key", "possessive"}, "en": {"key", "name"}}}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _built(node: ast.expr) -> bool:
    """A key made while the program runs: an f-string, a concatenation or ``"...".format()``."""
    return isinstance(node, (ast.JoinedStr, ast.BinOp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def _scan() -> tuple[set[str], set[str], set[str], list[str]]:
    """(keys in lookups, msgid= keys, every key-like string constant, run-time keys)."""
    looked_up, msgids, constants, built = set(), set(), set(), []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
                constants.add(node.value)
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "msgid":
                    if isinstance(kw.value, ast.Constant):
                        msgids.add(str(kw.value.value))
                    elif _built(kw.value) and path not in HELPERS:
                        built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if _name(node.func) in LOOKUPS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    looked_up.add(first.value)
                elif _built(first) and path not in HELPERS:
                    built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return looked_up, msgids, constants, built


LOOKED_UP, MSGIDS, CONSTANTS, BUILT = _scan()
KEYS = sorted(catalogue()["sv"])
ENUM_KEYS = sorted(prefix + value for prefix, values in ENUMS.items() for value in values)


def test_the_catalogue_is_not_empty() -> None:
    assert len(KEYS) > 500
    assert set(catalogue()) == set(LANGUAGES)


def test_both_languages_have_the_same_keys() -> None:
    texts = catalogue()
    assert sorted(texts["en"]) == sorted(texts["sv"])


@pytest.mark.parametrize("key", KEYS)
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = catalogue()
    assert all(texts[lang][key].strip() for lang in LANGUAGES)
    if key in OWN_PLACEHOLDERS:
        assert {lang: placeholders(texts[lang][key]) for lang in LANGUAGES} == OWN_PLACEHOLDERS[key]
    else:
        assert placeholders(texts["sv"][key]) == placeholders(texts["en"][key])


@pytest.mark.parametrize("key", sorted(LOOKED_UP | MSGIDS))
def test_every_key_the_code_uses_exists(key: str) -> None:
    assert i18n.has(key)


@pytest.mark.parametrize("key", ENUM_KEYS)
def test_every_enumerated_key_exists(key: str) -> None:
    assert i18n.has(key)


def test_no_key_is_built_at_run_time() -> None:
    assert BUILT == []


def test_no_key_is_unused() -> None:
    used = CONSTANTS | set(ENUM_KEYS) | UNUSED_ON_PURPOSE
    assert [k for k in KEYS if k not in used] == []


def test_the_scan_sees_lookups_and_message_ids() -> None:
    assert {"project.title", "kind.plural.success_factor"} <= LOOKED_UP


@pytest.mark.parametrize(
    ("key", "lang", "values", "expected"),
    [
        ("nav.tables", "sv", {}, "Tabeller"),
        ("nav.tables", "en", {}, "Tables"),
        ("nav.tables", "fi", {}, "Tabeller"),
        ("import.result.all", "sv", {"n": 3, "total": 3}, "3 av 3 filer importerades."),
        ("import.result.all", "en", {"n": 1, "total": 1}, "1 of 1 files were imported."),
        ("import.pattern_help", "en", {}, "`{field}` captures part of the file name, `{_}` "
         "skips a part. Example: `{group}_{participant}_fas{phase}` reads "
         "`foraldrar_for-02_fas1.docx`."),
        ("kind.success_factor", "sv", {}, "Framgångsfaktor"),
    ],
)
def test_translate(key: str, lang: str, values: dict, expected: str) -> None:
    assert translate(key, lang, **values) == expected


@pytest.mark.parametrize(("key", "values"), [("no.such.key", {}), ("import.result.all", {})])
def test_translate_errors(key: str, values: dict) -> None:
    with pytest.raises(KeyError):
        translate(key, "sv", **values)


@pytest.mark.parametrize(("prefix", "value", "lang", "expected"), [
    ("kind.", "success_factor", "sv", "Framgångsfaktor"),
    ("kind.", "success_factor", "en", "Success factor"),
    ("type.", "phone", "en", "Phone interview"),
])
def test_choice(prefix: str, value: str, lang: str, expected: str) -> None:
    assert i18n.choice(prefix, value, lang) == expected


@pytest.mark.parametrize(("prefix", "value"), [("kind.", "tema"), ("nosuch.", "x")])
def test_choice_refuses_values_outside_the_enumeration(prefix: str, value: str) -> None:
    with pytest.raises(KeyError):
        i18n.choice(prefix, value, "sv")


def test_add_refuses_duplicates_and_missing_languages() -> None:
    with pytest.raises(ValueError, match="defined twice: nav.tables"):
        i18n.add({"nav.tables": {"sv": "x", "en": "y"}})
    with pytest.raises(ValueError, match="lacks en"):
        i18n.add({"test.only.sv": {"sv": "x"}})
    assert not i18n.has("test.only.sv")


def test_the_personal_data_kinds_are_the_privacy_kinds() -> None:
    from sigqual.privacy import KINDS

    assert ENUMS["avid.kind."] == tuple(KINDS)
