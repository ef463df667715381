"""Fixtures for the outcome tests: the sample's follow-up files in a fresh project."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.codebook import load_bundled_codebook
from sigqual.demo import OUTCOME_FILES, corpus_dir
from sigqual.outcomes.service import accept_preview, preview_file
from sigqual.store import Store

SAMPLE = corpus_dir() / "uppfoljning"


def load_sample(store: Store, name: str = "Uppföljning") -> ProjectSession:
    pid = store.create_project(name, load_bundled_codebook(), actor="test")
    session = ProjectSession(store, local_actor("Testare"), pid)
    for kind, file in OUTCOME_FILES:
        accept_preview(session, preview_file(session, SAMPLE / file, kind))
    return session


@pytest.fixture
def sample_session(tmp_path: Path) -> ProjectSession:
    """A project holding only the sample's cases, events and attendance."""
    store = Store.open(tmp_path / "outcomes.db")
    yield load_sample(store)
    store.close()


@pytest.fixture
def sample_frames(sample_session: ProjectSession):  # noqa: ANN201
    from sigqual.outcomes.service import read_outcomes

    return read_outcomes(sample_session)
