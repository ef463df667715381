"""A persistent cache of segment and code vectors, so live ranking is a lookup.

Embedding one segment costs tens of milliseconds; ranking it against every code costs
well under one. Vectors are therefore computed once, ahead of time (see
:class:`VectorWarmer`), and stored in a SQLite file in the data directory, keyed by the
SHA-256 of the text and the model version (:func:`sigqual.nlp.embeddings.model_version`).
A new model version never reads the old vectors; the file is created with 0600
permissions because a segment's vector says something about what was said. The store's
schema is untouched: this is derived data that can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embeddings import Embedder, model_version
from .throttle import Foreground

FILE_NAME = "vectors.sqlite"
ENV_CACHE = "SIGQUAL_VECTOR_CACHE"
CHUNK = 8
# Texts per step of the background fill: one step is what a click may have to wait for.
WARM_CHUNK = 1
MEMORY = 100_000  # vectors kept in memory too (1.5 kB each)
Progress = Callable[[int, int], None]


def text_key(text: str) -> bytes:
    """The key of a text: SHA-256 of its UTF-8 bytes (the text itself is never stored)."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def default_cache_path() -> Path:
    """``$SIGQUAL_VECTOR_CACHE`` or ``vectors.sqlite`` next to the database."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    from ..store.base import default_data_dir

    return default_data_dir() / FILE_NAME


class VectorCache:
    """Vectors by (model version, text hash) in one SQLite file; safe across threads."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._memory: dict[tuple[str, bytes], np.ndarray] = {}

    def __deepcopy__(self, memo: dict[int, object]) -> VectorCache:
        """One cache file per process is shared, never copied."""
        return self

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # Create it private before anything is written into it.
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            os.chmod(self.path, 0o600)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            # Derived data: a crash may lose the last vectors, never the file, and each
            # short write then costs no sync, so a reader is never kept waiting.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, "
                         "hash BLOB NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL, "
                         "PRIMARY KEY (model, hash))")
            conn.commit()
            self._conn = conn
        return self._conn

    def get_many(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``texts`` (missing ones are simply absent)."""
        out: dict[str, np.ndarray] = {}
        wanted: dict[bytes, list[str]] = {}
        for text in dict.fromkeys(texts):
            key = text_key(text)
            hit = self._memory.get((model, key))
            if hit is not None:
                out[text] = hit
            else:
                wanted.setdefault(key, []).append(text)
        if not wanted:
            return out
        keys = list(wanted)
        with self._lock:
            conn = self._connect()
            for begin in range(0, len(keys), 500):
                part = keys[begin:begin + 500]
                marks = ",".join("?" * len(part))
                rows = conn.execute(f"SELECT hash, dim, vec FROM vectors WHERE model = ? "
                                    f"AND hash IN ({marks})", [model, *part]).fetchall()
                for key, dim, blob in rows:
                    vec = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
                    self._remember((model, bytes(key)), vec)
                    for text in wanted[bytes(key)]:
                        out[text] = vec
        return out

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = []
        for text, vec in items:
            arr = np.ascontiguousarray(vec, dtype=np.float32)
            key = text_key(text)
            self._remember((model, key), arr)
            rows.append((model, key, int(arr.shape[0]), arr.tobytes()))
        if not rows:
            return
        with self._lock:
            conn = self._connect()
            conn.executemany("INSERT OR REPLACE INTO vectors (model, hash, dim, vec) "
                             "VALUES (?, ?, ?, ?)", rows)
            conn.commit()

    def known(self, model: str, text: str) -> np.ndarray | None:
        """The vector of ``text`` if this process has read or written it (no file access)."""
        return self._memory.get((model, text_key(text)))

    def _remember(self, key: tuple[str, bytes], vec: np.ndarray) -> None:
        self._memory[key] = vec
        while len(self._memory) > MEMORY:
            self._memory.pop(next(iter(self._memory)))

    def count(self, model: str) -> int:
        with self._lock:
            conn = self._connect()
            return int(conn.execute("SELECT COUNT(*) FROM vectors WHERE model = ?",
                                    [model]).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def encode_with_cache(embedder: Embedder, cache: VectorCache | None,
                      texts: Sequence[str]) -> np.ndarray:
    """Vectors of ``texts``: from the cache where present, the rest encoded and stored."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    if cache is None:
        return embedder.encode(list(texts))
    model = model_version(embedder)
    found = cache.get_many(model, texts)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    for begin in range(0, len(missing), CHUNK):
        part = missing[begin:begin + CHUNK]
        vectors = embedder.encode(part)
        pairs = list(zip(part, vectors, strict=True))
        cache.put_many(model, pairs)
        found.update(pairs)
    return np.stack([found[t] for t in texts])


@dataclass(frozen=True)
class WarmProgress:
    """How far the background computation of vectors is (for a page to poll)."""

    done: int
    total: int
    running: bool
    error: str | None = None

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.done / self.total


class VectorWarmer:
    """Computes missing vectors in a background thread, a few texts at a time.

    Each step embeds :data:`WARM_CHUNK` texts (the model runs in native code with the
    GIL released) and writes them in one short transaction. Between steps the worker
    pauses while ``foreground`` says a rerun of the project is running, so the fill
    takes the cores only while nobody waits for the page. :meth:`progress` can be
    polled from any thread; :meth:`finished` waits for the queue to be empty.
    """

    def __init__(self, embedder: Embedder, cache: VectorCache,
                 foreground: Foreground | None = None, chunk: int = WARM_CHUNK) -> None:
        self.embedder = embedder
        self.cache = cache
        self.foreground = foreground
        self.chunk = max(1, chunk)
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._pending: list[str] = []

    def start(self, texts: Iterable[str]) -> WarmProgress:
        """Queue ``texts`` (the ones not cached yet) and start the worker if idle."""
        unique = list(dict.fromkeys(t for t in texts if t and t.strip()))
        cached = self.cache.get_many(model_version(self.embedder), unique)
        todo = [t for t in unique if t not in cached]
        with self._lock:
            if self._thread is None:
                self._done, self._total = 0, 0
            queued = set(self._pending)
            todo = [t for t in todo if t not in queued]
            self._pending.extend(todo)
            self._total += len(todo)
            if todo and self._thread is None:
                self._idle.clear()
                self._thread = threading.Thread(target=self._run, name="sigqual-vectors",
                                                daemon=True)
                self._thread.start()
        return self.progress()

    def _run(self) -> None:
        model = model_version(self.embedder)
        try:
            while True:
                if self.foreground is not None:
                    self.foreground.pause()
                with self._lock:
                    part, self._pending = self._pending[:self.chunk], self._pending[self.chunk:]
                    if not part:
                        self._thread = None
                        self._idle.set()
                        return
                vectors = self.embedder.encode(part)
                self.cache.put_many(model, zip(part, vectors, strict=True))
                with self._lock:
                    self._done += len(part)
        except Exception as exc:  # reported through progress(); live ranking still works
            with self._lock:
                self._error = f"{type(exc).__name__}: {exc}"
                self._pending = []
                self._thread = None
                self._idle.set()

    def progress(self) -> WarmProgress:
        with self._lock:
            return WarmProgress(self._done, self._total, self._thread is not None, self._error)

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def finished(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued (True) or ``timeout`` passed (False)."""
        return self._idle.wait(timeout)

    def wait(self, timeout: float = 600.0) -> WarmProgress:
        """Block until the queue is empty (tests, benchmarks and the command line)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.progress()
