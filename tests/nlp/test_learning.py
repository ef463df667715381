"""The learning suggester: codings and rejections change the ranking, across groups."""

from __future__ import annotations

import pytest

from sigqual.codebook import Codebook
from sigqual.errors import InputError
from sigqual.nlp.suggest import Example, Suggester

# Passages in words the test codebook never uses, so zero-shot ranking is weak on them.
HELD_OUT = [
    ("Han var på läger i Jämtland hela juli och fiskade med sin morbror.", "ff-paus"),
    ("I somras bodde han hos morbror i Norrland, långt från stan.", "ff-paus"),
    ("Han åkte till morfar på landet och var där i sex veckor.", "ff-paus"),
    ("Varje måndag fick han kissa i en mugg hos sköterskan.", "ff-prov"),
    ("Sköterskan på mottagningen kollade hans kiss en gång i veckan.", "ff-prov"),
    ("Han fick lämna kiss på mottagningen varje måndag morgon.", "ff-prov"),
    ("Fritidsledaren satt mest och drack kaffe, hon kände inte ens honom.", "uo-relevans"),
    ("Hon från fritidsgården satt bara där och drack kaffe hela tiden.", "uo-relevans"),
    ("Varför satt fritidsledaren där? Hon har aldrig träffat honom.", "uo-relevans"),
]

TRAINING = {
    "ff-paus": [
        "Sommaren tillbringade han hos morbror i Norrland, med fiske och skog.",
        "Han var på läger på landet i flera veckor och fiskade mycket.",
    ],
    "ff-prov": [
        "Sköterskan lät honom kissa i en mugg varje vecka.",
        "På mottagningen lämnade han kiss hos sköterskan varje måndag.",
    ],
    "uo-relevans": [
        "Fritidsledaren satt och drack kaffe och kände inte honom alls.",
        "Hon från fritidsgården har aldrig träffat min son, varför satt hon där?",
    ],
}


def accuracy(suggester: Suggester) -> float:
    hits = 0
    for text, code in HELD_OUT:
        ranked = [s.code_id for s in suggester.suggest(text, "foraldrar", top=20)
                  if s.kind != "theme"]
        hits += ranked[0] == code
    return hits / len(HELD_OUT)


def test_accuracy_rises_with_examples(codebook: Codebook) -> None:
    scores = []
    for per_code in (0, 1, 2):
        examples = [Example(text, "foraldrar", code)
                    for code, texts in TRAINING.items() for text in texts[:per_code]]
        scores.append(accuracy(Suggester(codebook, examples=examples, embeddings="off")))
    assert scores[0] < scores[1] <= scores[2]
    assert scores[2] >= 0.8


def test_learn_updates_a_live_suggester(codebook: Codebook) -> None:
    sug = Suggester(codebook, embeddings="off")
    before = accuracy(sug)
    for code, texts in TRAINING.items():
        for text in texts:
            sug.learn(text, "foraldrar", code)
    assert accuracy(sug) > before


def test_rejections_push_a_code_down(codebook: Codebook) -> None:
    text = "De testade honom med urinprov för knark."
    sug = Suggester(codebook, embeddings="off")
    rank_before = [s.code_id for s in sug.suggest(text, "foraldrar", top=20)].index("ff-prov")
    for _ in range(3):
        sug.learn(text, "foraldrar", "ff-prov", positive=False)
    result = sug.suggest(text, "foraldrar", top=20)
    assert [s.code_id for s in result].index("ff-prov") > rank_before


def test_a_code_learns_from_every_group_it_applies_to(codebook: Codebook) -> None:
    text = "Polisaspiranten satt och ritade gubbar hela mötet."
    sug = Suggester(codebook, embeddings="off")
    before = [s.code_id for s in sug.suggest(text, "foraldrar", top=20) if s.kind != "theme"]
    sug.learn("Aspiranten från polisen satt och ritade gubbar på mötet.", "aktorer",
              "uo-relevans")
    after = [s.code_id for s in sug.suggest(text, "foraldrar", top=20) if s.kind != "theme"]
    assert after.index("uo-relevans") <= before.index("uo-relevans")
    assert after[0] == "uo-relevans"


def test_examples_and_learn_are_equivalent(codebook: Codebook) -> None:
    pairs = [(t, "foraldrar", c) for c, texts in TRAINING.items() for t in texts]
    a = Suggester(codebook, examples=pairs, embeddings="off")
    b = Suggester(codebook, embeddings="off")
    for text, group, code in pairs:
        b.learn(text, group, code)
    probe = HELD_OUT[0][0]
    assert a.suggest(probe, "foraldrar") == b.suggest(probe, "foraldrar")


@pytest.mark.parametrize(
    ("text", "group", "code", "message"),
    [
        ("Bra möte.", "foraldrar", "finns-inte", "unknown code"),
        ("Bra möte.", "skolan", "ff-prov", "unknown group"),
        ("   ", "foraldrar", "ff-prov", "empty"),
    ],
)
def test_learn_rejects_bad_input(
    suggester: Suggester, text: str, group: str, code: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        suggester.learn(text, group, code)
