from __future__ import annotations

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest.formats import EXTRACTORS

HEADER = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}"

CASES = [
    ("hex escapes", HEADER + r"\pard F\'f6r\'e4lder p\'e5 g\'e5rden i \'c4lvsj\'f6\par}",
     "Förälder på gården i Älvsjö\n"),
    ("unicode escapes", HEADER + r"\pard\uc1 F\u246?r\u228?lder p\u229?\par}",
     "Förälder på\n"),
    ("astral characters from surrogate pairs", HEADER + r"\pard I: hej \u-10179?\u-8704?\par}",
     "I: hej \U0001f600\n"),
    ("paragraphs, tabs and line breaks", HEADER + r"\pard I:\tab Hej\line du\par R: Ja\par}",
     "I:\tHej\ndu\nR: Ja\n"),
]  # fmt: skip


@pytest.mark.parametrize(("rtf", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_rtf_text(rtf: str, expected: str) -> None:
    assert EXTRACTORS[".rtf"](rtf.encode("ascii"), "t.rtf") == expected


def test_not_rtf() -> None:
    with pytest.raises(ImportError_, match=r"not an RTF document") as info:
        EXTRACTORS[".rtf"](b"plain text", "t.rtf")
    assert info.value.file == "t.rtf"
