"""A project coded by two coders (and partly a third), with hand-computable agreement.

Respondent turns (units), in order: d1 answers 0-4, then d2 answers 0-4.

    ff-struktur  Anna: d1/0 d1/1 d1/2 d1/3        Bo: d1/0 d1/1 d1/2 d1/4
    t-moten      Anna: d2/0                       Bo: d2/0, first half of d2/1
    k-ovrigt     Anna: the first question of d1 (an interviewer turn)
    Cleo codes only d1: ff-struktur on d1/0-3 (like Anna).
"""

from __future__ import annotations

import pytest

from sigqual.store import NewCoding

from ..compare.helpers import Project, new_project

X, Y = "ff-struktur", "t-moten"


@pytest.fixture
def coded(store) -> Project:
    p = new_project(store)
    p.add("d1", 5, group="foraldrar", phase="1")
    p.add("d2", 5, group="foraldrar", phase="1")
    question = p.turns["d1"][0]
    p.code([
        *[p.answer("d1", k, X, "Anna") for k in (0, 1, 2, 3)],
        *[p.answer("d1", k, X, "Bo") for k in (0, 1, 2, 4)],
        p.answer("d2", 0, Y, "Anna"), p.answer("d2", 0, Y, "Bo"),
        p.answer("d2", 1, Y, "Bo", part="first"),
        *[p.answer("d1", k, X, "Cleo") for k in (0, 1, 2, 3)],
    ])
    p.code([NewCoding(p.docs["d1"], "k-ovrigt", question.start, question.end, "Anna")])
    return p
