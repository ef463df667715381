"""Small real projects for comparison, chart and agreement tests.

Interviews alternate interviewer questions and respondent answers, one turn a line, so a
test can code "answer 3 of document X" and know which turn it hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sigqual.codebook import parse_codebook
from sigqual.compare import documents_frame, segments_frame
from sigqual.store import NewCoding, Store

CODEBOOK = parse_codebook("""\
name: Jämförtest
groups:
  - {key: ungdomar, name: Ungdomarna}
  - {key: foraldrar, name: Föräldrarna}
  - {key: aktorer, name: Aktörerna}
codes:
  - {id: t-moten, label: Mötena, kind: theme, groups: all}
  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor, groups: all, parent: t-moten}
  - {id: uo-info, label: Mer information, kind: development_area, groups: all, parent: t-moten}
  - {id: t-framtid, label: Framtiden, kind: theme, groups: all}
  - {id: ff-praktik, label: Praktik, kind: success_factor, groups: all, parent: t-framtid}
  - {id: uo-tid, label: Tidpunkt, kind: development_area, groups: all, parent: t-framtid}
  - {id: ff-tid, label: Tidpunkt, kind: success_factor, groups: all, parent: t-framtid}
  - {id: k-ovrigt, label: Övrigt, kind: code, groups: all}
""")


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str | None
    role: str
    timestamp: str | None = None


def interview(name: str, answers: int) -> tuple[str, list[Turn]]:
    """``answers`` question/answer pairs; turn 2k is a question, 2k+1 its answer."""
    text, turns = "", []
    for k in range(answers):
        for speaker, words in (("I", f"Fråga {k + 1} till {name}?"),
                               ("IP", f"Svar {k + 1} från {name}, med några ord om saken.")):
            line = f"{speaker}: {words}\n"
            start = len(text) + len(speaker) + 2
            turns.append(Turn(start, start + len(words), speaker,
                              "interviewer" if speaker == "I" else "respondent"))
            text += line
    return text, turns


@dataclass
class Project:
    """A project in a real store plus the turns of each document, by name."""

    store: Store
    pid: int
    docs: dict[str, int] = field(default_factory=dict)
    turns: dict[str, list[Turn]] = field(default_factory=dict)

    def add(self, name: str, answers: int, **attributes: str) -> int:
        text, turns = interview(name, answers)
        doc_id = self.store.add_document(self.pid, name=name, text=text, turns=turns,
                                         attributes=attributes, source_filename=f"{name}.txt")
        self.docs[name] = doc_id
        self.turns[name] = turns
        return doc_id

    def answer(self, doc: str, k: int, code: str, coder: str, *, part: str = "all") -> NewCoding:
        """A coding of answer ``k`` (0-based) of ``doc``: all of it, or its first/last half."""
        turn = self.turns[doc][2 * k + 1]
        middle = (turn.start + turn.end) // 2
        start, end = {"all": (turn.start, turn.end), "first": (turn.start, middle),
                      "last": (middle, turn.end)}[part]
        return NewCoding(self.docs[doc], code, start, end, coder)

    def code(self, items: list[NewCoding]) -> None:
        self.store.add_codings(self.pid, items)

    def frames(self):  # noqa: ANN201 - (codings, documents, segments)
        docs = self.store.list_documents(self.pid)
        return (self.store.codings_frame(self.pid), documents_frame(docs),
                segments_frame(self.store.project_segments(self.pid), docs))


def new_project(store: Store, name: str = "Test") -> Project:
    return Project(store, store.create_project(name, CODEBOOK))
