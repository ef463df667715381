"""Every UI string exists in both languages and every key the code uses exists."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import sigqual.ui
from sigqual.ui.i18n import LANGUAGE_NAMES, STRINGS, placeholders, translate

# Pages and helpers register their own strings at import: load them all first.
for _module in pkgutil.walk_packages(sigqual.ui.__path__, "sigqual.ui."):
    importlib.import_module(_module.name)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "sigqual" / "ui").rglob("*.py"))]
# Literal keys in t("...") calls, and the prefixes of keys built with f-strings.
LITERAL = re.compile(r"\bt\(\s*[\"']([a-z0-9_.]+)[\"']")
DYNAMIC = re.compile(r"\bt\(\s*f[\"']([a-z0-9_.]+)\{|\blabeller\(\s*[\"']([a-z0-9_.]+)[\"']")


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        keys.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return keys


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == set(LANGUAGE_NAMES)
    assert all(entry[lang].strip() for lang in LANGUAGE_NAMES)
    assert placeholders(entry["sv"]) == placeholders(entry["en"])


@pytest.mark.parametrize("key", sorted(_used_keys()))
def test_every_literal_key_exists(key: str) -> None:
    assert key in STRINGS


@pytest.mark.parametrize(
    ("prefix", "suffixes"),
    [
        ("type.", ("individual", "focus_group", "phone")),
        ("role.", ("interviewer", "respondent", "unknown")),
        ("kind.", ("theme", "success_factor", "development_area", "code")),
        ("lang.", ("sv", "en")),
        ("nav.", ("project", "codebook", "tables")),
        ("codebook.choice.", ("bundled", "template", "upload")),
    ],
)
def test_keys_built_at_run_time_exist(prefix: str, suffixes: tuple[str, ...]) -> None:
    assert [prefix + s for s in suffixes if prefix + s not in STRINGS] == []


def test_dynamic_prefixes_are_covered() -> None:
    prefixes = set()
    for path in SOURCES:
        for found in DYNAMIC.findall(path.read_text(encoding="utf-8")):
            prefixes.update(p for p in found if p)
    assert prefixes == {"type.", "role.", "kind.", "lang."}


@pytest.mark.parametrize(
    ("key", "lang", "values", "expected"),
    [
        ("nav.tables", "sv", {}, "Tabeller"),
        ("nav.tables", "en", {}, "Tables"),
        ("nav.tables", "fi", {}, "Tabeller"),
        ("import.summary", "sv", {"n": 3}, "3 dokument importerades."),
        ("import.summary", "en", {"n": 1}, "1 documents were imported."),
        ("import.pattern_help", "en", {}, "`{field}` captures part of the file name, `{_}` "
         "skips a part. Example: `{group}_{participant}_fas{phase}` reads "
         "`foraldrar_for-02_fas1.docx`."),
    ],
)
def test_translate(key: str, lang: str, values: dict, expected: str) -> None:
    assert translate(key, lang, **values) == expected


@pytest.mark.parametrize(("key", "values"), [("no.such.key", {}), ("import.summary", {})])
def test_translate_errors(key: str, values: dict) -> None:
    with pytest.raises(KeyError):
        translate(key, "sv", **values)


def test_labeller_fixes_texts_in_advance() -> None:
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import streamlit as st

        from sigqual.ui import state
        from sigqual.ui.i18n import labeller

        st.session_state["sigqual.lang"] = "en"
        fmt = labeller("type.", ["phone", "individual"], empty="common.none")
        st.session_state["labels"] = [fmt("phone"), fmt(""), fmt("other"), state.lang()]

    at = AppTest.from_function(script).run()
    assert at.session_state["labels"] == ["Phone interview", "(none)", "other", "en"]
