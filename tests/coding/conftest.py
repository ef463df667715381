"""A small coded project for the coding-core tests: two groups, two documents, a few codes.

The codebook is the tests' own, so the expectations do not move when the bundled
codebook is edited.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.codebook import Codebook, parse_codebook
from sigqual.ingest import parse_bytes
from sigqual.models import Segment
from sigqual.store import Store

CODEBOOK_YAML = """\
name: Kodningstest
groups:
  - {key: foraldrar, name: Föräldrarna, table4: 4b}
  - {key: aktorer, name: Aktörerna, table4: 4c}
codes:
  - {id: t-moten, label: Mötena, kind: theme, groups: all, colour: '#1f77b4',
     description: Hur mötena i gruppen fungerar.}
  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor, groups: all,
     parent: t-moten, description: Mötena har en tydlig ordning och dagordning.,
     keywords: [struktur, ordning, dagordning], examples: ['Det var ordning och reda på mötena.']}
  - {id: uo-info, label: Mer information, kind: development_area, groups: [foraldrar],
     parent: t-moten, description: Föräldrar saknar information om insatsen.,
     keywords: [information, visste inte], examples: ['Vi fick ingen information alls.']}
  - {id: ff-stod, label: Stöd från handläggaren, kind: success_factor, groups: [foraldrar],
     parent: t-moten, description: Handläggaren ger stöd och hjälp.,
     keywords: [stöd, hjälp, handläggare], examples: ['Handläggaren hjälpte oss hela tiden.']}
  - {id: kod-ovrigt, label: Övrigt, kind: code, groups: [aktorer], description: Annat.}
"""

PARENT_TEXT = (
    "I: Hur var mötena?\n"
    "IP: Mötena var tydliga, det var ordning och reda. Vi hade en dagordning t.ex. varje gång.\n"
    "I: Saknade du något?\n"
    "IP: Mer information innan första mötet. Vi visste inte vad som skulle hända.\n"
    "I: Och handläggaren?\n"
    "IP: Handläggaren gav oss stöd och hjälp hela vägen.\n"
)
ACTOR_TEXT = (
    "I: Hur fungerade samverkan?\n"
    "IP: Det var struktur på mötena, och en tydlig dagordning.\n"
    "I: Något annat?\n"
    "IP: Nej, inget mer.\n"
)


@dataclass
class Project:
    """The test project: store, id, codebook and its two documents with their turns."""

    store: Store
    pid: int
    codebook: Codebook
    parent_doc: int
    actor_doc: int

    @property
    def session(self) -> ProjectSession:
        """The local user's session in the project (every check passes)."""
        return ProjectSession(self.store, local_actor("Anna"), self.pid)

    def turns(self, document_id: int) -> list[Segment]:
        return self.store.segments(document_id)

    def text(self, document_id: int) -> str:
        return self.store.get_document(document_id).text


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    return parse_codebook(CODEBOOK_YAML, "kodningstest.yaml")


@pytest.fixture
def project(store: Store, codebook: Codebook) -> Project:
    pid = store.create_project("Kodningstest", codebook)
    ids = []
    for name, text, group, phase in (("for-01", PARENT_TEXT, "foraldrar", "1"),
                                     ("akt-01", ACTOR_TEXT, "aktorer", "2")):
        parsed = parse_bytes(text.encode(), f"{name}.txt")
        ids.append(store.add_document(pid, name=name, text=parsed.text, turns=parsed.turns,
                                      attributes={"group": group, "phase": phase}))
    return Project(store, pid, codebook, ids[0], ids[1])
