"""Fixtures for the NLP tests: a small codebook written to disk and suggesters on it.

The codebook is the tests' own (not the bundled one, which researchers keep editing),
so expectations about rankings stay stable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.codebook import Codebook, load_codebook
from sigqual.nlp.suggest import Suggester

from .codebook_fixture import CODEBOOK_YAML


@pytest.fixture(scope="session")
def codebook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("codebook") / "testkodbok.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def codebook(codebook_path: Path) -> Codebook:
    return load_codebook(codebook_path)


@pytest.fixture(scope="session")
def suggester(codebook: Codebook) -> Suggester:
    """A lexical-only suggester (no embeddings) shared by read-only tests."""
    return Suggester(codebook, embeddings="off")
