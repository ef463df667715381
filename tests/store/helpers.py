"""Small builders for store tests."""

from __future__ import annotations

from dataclasses import dataclass

from sigqual.codebook import parse_codebook

CODEBOOK = parse_codebook("""\
name: Test
groups:
  - {key: foraldrar, name: Föräldrarna}
  - {key: aktorer, name: Aktörerna}
codes:
  - {id: t-moten, label: Mötena, kind: theme, groups: all}
  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor, groups: all, parent: t-moten}
  - {id: uo-info, label: Mer information, kind: development_area, groups: [foraldrar], parent: t-moten}
""")

TEXT = "I: Hur var mötena?\nIP: Mötena var tydliga och bra.\nI: Något mer?\nIP: Nej.\n"


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str | None
    role: str
    timestamp: str | None = None


def turns_of(text: str) -> list[Turn]:
    """Turns for ``X: ...`` lines, as the importer would give them."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        label, _, rest = line.partition(": ")
        start = pos + len(label) + 2
        out.append(Turn(start, start + len(rest.rstrip("\n")), label,
                        "interviewer" if label == "I" else "respondent"))
        pos += len(line)
    return out


def add_doc(store, pid, name="for-01", text=TEXT, **attrs) -> int:
    attrs = attrs or {"group": "foraldrar", "phase": "1"}
    return store.add_document(pid, name=name, text=text, turns=turns_of(text), attributes=attrs)
