"""Zero-shot ranking on the tests' own codebook: topic, polarity, themes, why."""

from __future__ import annotations

import pytest

from sigqual.nlp.index import inclusion_text
from sigqual.nlp.suggest import Suggester


def factors(result):  # noqa: ANN001, ANN201 - small local helper
    return [s.code_id for s in result if s.kind in ("success_factor", "development_area")]


def themes(result):  # noqa: ANN001, ANN201
    return [s.code_id for s in result if s.kind == "theme"]


@pytest.mark.parametrize(
    ("text", "group", "expected"),
    [
        ("De testade honom med urinprov varje vecka och han har slutat med knarket.",
         "foraldrar", "ff-prov"),
        ("Han har inte träffat gänget på hela sommaren, han kom bort från dem.",
         "foraldrar", "ff-paus"),
        ("Vi ses varannan vecka, så ingenting hinner glömmas bort.", "aktorer", "ff-tata"),
        ("Den som kommer från skolan kan aldrig fatta beslut utan måste fråga sin chef.",
         "aktorer", "uo-mandat"),
        ("Vi kommer väldigt bra överens och har stort förtroende för varandra.",
         "aktorer", "ff-kemi"),
    ],
)
def test_topic_ranks_the_right_factor_first(
    suggester: Suggester, text: str, group: str, expected: str
) -> None:
    assert factors(suggester.suggest(text, group))[0] == expected


@pytest.mark.parametrize(
    ("text", "expected", "other"),
    [
        ("Det kom precis i rätt tid, innan han hann glida iväg. Jättebra.", "ff-tid", "uo-tid"),
        ("Det borde ha kommit mycket tidigare. Nu var det för sent.", "uo-tid", "ff-tid"),
        ("Insatsen kom för sent, det hade behövts när han var tolv.", "uo-tid", "ff-tid"),
        ("Tidpunkten var bra, han var i lagom ålder.", "ff-tid", "uo-tid"),
    ],
)
def test_polarity_separates_the_same_topic(
    suggester: Suggester, text: str, expected: str, other: str
) -> None:
    ranked = factors(suggester.suggest(text, "foraldrar", top=20))
    assert ranked.index(expected) < ranked.index(other)
    assert ranked[0] == expected


def test_theme_follows_its_best_factor(suggester: Suggester) -> None:
    result = suggester.suggest("De testade honom med urinprov för knark.", "foraldrar")
    assert themes(result)[0] == "tema-forandring"
    prov = next(s for s in result if s.code_id == "ff-prov")
    assert prov.theme == "Förändringar hos ungdomarna"


def test_only_the_groups_codes_are_suggested(suggester: Suggester) -> None:
    result = suggester.suggest("Vi ses varannan vecka på mötena.", "aktorer", top=50)
    ids = {s.code_id for s in result}
    assert ids == {"tema-moten", "uo-relevans", "ff-tata", "uo-mandat", "ff-kemi"}


def test_rankings_are_deterministic(codebook) -> None:  # noqa: ANN001
    text = "Mötena var för många och vissa hade inget att säga, men vi ses ofta."
    first = Suggester(codebook, embeddings="off").suggest(text, "aktorer")
    again = Suggester(codebook, embeddings="off").suggest(text, "aktorer")
    assert first == again
    assert [s.score for s in first] == [s.score for s in again]


def test_why_quotes_the_segment_with_offsets(suggester: Suggester) -> None:
    text = "Asså dom tog urinprov på honom hela tiden, så knarket försvann."
    top = next(s for s in suggester.suggest(text, "foraldrar") if s.code_id == "ff-prov")
    assert top.why
    assert "urinprov" in top.why
    for ev in top.evidence:
        assert text[ev.start:ev.end] == ev.text


def test_confidence_is_a_probability_and_follows_the_ranking(suggester: Suggester) -> None:
    result = suggester.suggest("Det borde ha kommit tidigare, nu var det för sent.",
                               "foraldrar", top=20)
    assert all(0.0 <= s.confidence <= 1.0 for s in result)
    fac = [s for s in result if s.kind != "theme"]
    assert [s.confidence for s in fac] == sorted((s.confidence for s in fac), reverse=True)
    assert [s.confidence for s in result] == sorted((s.confidence for s in result), reverse=True)


@pytest.mark.parametrize(
    ("description", "kept", "dropped"),
    [
        ("Hjälpen kom i tid. Används när X. Används inte när det gäller Y (se ”Z”).",
         ["Hjälpen kom i tid.", "Används när X."], ["Y", "Z"]),
        ("Om mötena (se ”Mötena”). Kodas inte för skolan.", ["Om mötena"], ["skolan", "Mötena"]),
    ],
)
def test_exclusion_sentences_do_not_describe_the_code(
    description: str, kept: list[str], dropped: list[str]
) -> None:
    text = inclusion_text(description)
    assert all(k in text for k in kept)
    assert not any(d in text for d in dropped)


NEAR_YAML = """\
groups: [{key: g, name: G}]
codes:
  - {id: a, label: Kontrollera närvaron, kind: success_factor, groups: [g]}
  - {id: b, label: Informationen till föräldrar, kind: success_factor, groups: [g]}
"""


@pytest.mark.parametrize(
    ("word", "near"),
    [("kontrollerad", "kontrollera"), ("informationens", "information"), ("polisen", None),
     ("kont", None)],
)
def test_character_ngram_fallback(word: str, near: str | None) -> None:
    from sigqual.codebook import parse_codebook
    from sigqual.nlp.index import CodeIndex

    index = CodeIndex.build(parse_codebook(NEAR_YAML))
    found = [term for term, _sim in index.near_terms(word)]
    assert (near in found) if near else not found
