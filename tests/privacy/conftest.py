"""A store with the rewrite mixin and a small project with codings and memos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sigqual.store import Store
from tests.store.helpers import CODEBOOK, turns_of

RewriteStore = Store  # the store rewrites documents itself (RewriteMixin)


@dataclass
class Project:
    store: RewriteStore
    pid: int
    doc_a: int
    doc_b: int


TEXT_A = (
    "I: Vem ringde?\n"
    "IP: Det var Ahmed Hassan som ringde, han bor på Granvägen 14 B.\n"
    "I: Och sen?\n"
    "IP: Sen kom polisen. Ahmed var rädd, men Karin på skolan hjälpte honom.\n"
)
TEXT_B = (
    "Karin: Jag är hans mentor.\n"
    "I: Hur går det för Ahmed?\n"
    "Karin: Bra nu. Ring mig på 070-123 45 67 om det är nåt.\n"
)


@pytest.fixture
def rstore(tmp_path: Path) -> RewriteStore:
    s = RewriteStore.open(tmp_path / "rewrite.db")
    yield s
    s.close()


@pytest.fixture
def project(rstore: RewriteStore) -> Project:
    pid = rstore.create_project("Pseudo", CODEBOOK)
    a = rstore.add_document(pid, name="a", text=TEXT_A, turns=turns_of(TEXT_A),
                            attributes={"group": "foraldrar"})
    b = rstore.add_document(pid, name="b", text=TEXT_B, turns=turns_of(TEXT_B),
                            attributes={"group": "aktorer"})
    return Project(rstore, pid, a, b)
