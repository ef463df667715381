"""The Swedish pipeline: lemmas, spoken forms, stop words, offsets and model detection."""

from __future__ import annotations

import pytest

from sigqual.nlp import pipeline
from sigqual.nlp.pipeline import analyze, content_lemmas

LEMMAS = [
    # written inflections
    ("mötena", "möte"),
    ("ungdomarna", "ungdom"),
    ("föräldrarna", "förälder"),
    ("aktörerna", "aktör"),
    ("insatsen", "insats"),
    ("samordnarna", "samordnare"),
    ("socialtjänsten", "socialtjänst"),
    ("polisen", "polis"),
    ("kompisarna", "kompis"),
    ("drogtester", "drogtest"),
    ("provtagningen", "provtagning"),
    ("pratade", "prata"),
    ("hjälpte", "hjälpa"),
    ("tydligare", "tydlig"),
    ("kändes", "kännas"),
    # colloquial synonyms are mapped to the word a codebook most likely uses
    ("killarna", "pojke"),
    ("killar", "pojke"),
    ("tjejerna", "flicka"),
    # spoken forms
    ("funkar", "fungera"),
    ("funkade", "fungera"),
    ("soc", "socialtjänst"),
    ("snuten", "polis"),
    ("plugget", "skola"),
    ("jobbade", "arbeta"),
    ("snackade", "prata"),
]


@pytest.mark.parametrize(("word", "lemma"), LEMMAS)
def test_lemma_table(word: str, lemma: str) -> None:
    (token,) = analyze(word)
    assert token.lemma == lemma


SPOKEN = [
    ("nåt", "något"),
    ("nån", "någon"),
    ("nånting", "någonting"),
    ("dom", "de"),
    ("mej", "mig"),
    ("dej", "dig"),
    ("sej", "sig"),
    ("asså", "alltså"),
    ("va", "vad"),
]


@pytest.mark.parametrize(("word", "written"), SPOKEN)
def test_spoken_function_words_are_normalised_and_stopped(word: str, written: str) -> None:
    (token,) = analyze(word)
    (reference,) = analyze(written)
    assert token.lemma == reference.lemma
    assert token.stop and reference.stop


@pytest.mark.parametrize(
    ("text", "index", "lemma", "stop"),
    [
        ("han kom för sen", 3, "sent", False),
        ("och sen gick vi hem", 1, "sedan", True),
        ("det blev lite sen", 3, "sent", False),
    ],
)
def test_sen_depends_on_context(text: str, index: int, lemma: str, stop: bool) -> None:
    token = analyze(text)[index]
    assert (token.lemma, token.stop) == (lemma, stop)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Asså typ liksom ba nåt", []),
        ("Dom testade honom för knark", ["testa", "knark"]),
        ("Skolan och socialtjänsten pratade", ["skola", "socialtjänst", "prata"]),
        ("Ska vi ses sen?", ["se"]),
    ],
)
def test_content_lemmas_skip_fillers_and_function_words(text: str, content: list[str]) -> None:
    assert content_lemmas(text) == content


def test_offsets_point_into_the_original_text() -> None:
    text = "  Dom   testade\nhonom, BUP-aktören saknades!"
    for token in analyze(text):
        assert text[token.start:token.end] == token.text
    assert [t.text for t in analyze(text) if t.is_word][-2:] == ["BUP-aktören", "saknades"]


def test_compound_parts_are_added_but_the_whole_lemma_kept() -> None:
    (token,) = analyze("insatsgruppsmötena")
    assert token.lemma == "insatsgruppsmöte"
    assert token.parts[:2] == ("insatsgrupp", "möte")


class _Dist:
    def __init__(self, name: str) -> None:
        self.metadata = {"Name": name}


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        ([], None),
        (["numpy", "spacy"], None),
        (["sv-core-news-lg", "sv_core_news_sm"], "sv_core_news_sm"),
        (["sv_core_news_md", "en_core_web_sm"], "sv_core_news_md"),
    ],
)
def test_trained_pipeline_detection(
    monkeypatch: pytest.MonkeyPatch, installed: list[str], expected: str | None
) -> None:
    monkeypatch.setattr(pipeline.importlib.metadata, "distributions",
                        lambda: [_Dist(n) for n in installed])
    assert pipeline.trained_model_name() == expected


def test_blank_pipeline_is_used_without_a_trained_one() -> None:
    if pipeline.trained_model_name() is None:
        assert not pipeline.uses_trained_pipeline()
    assert pipeline.get_nlp() is pipeline.get_nlp()
