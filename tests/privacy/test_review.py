"""The review model: pure functions over an immutable Review."""

from __future__ import annotations

import pytest

from sigqual.errors import InputError
from sigqual.privacy import (
    Finding,
    Pseudonymizer,
    accept,
    accepted_findings,
    add_manual,
    context,
    decide_all,
    new_review,
    preview,
    reject,
    summary,
)

TEXT = "Per sa att Ahmed och Per skulle ringa 070-123 45 67 från Huddinge."


def findings() -> list[Finding]:
    out = []
    for word, kind, conf in [("Per", "name", 0.7), ("Ahmed", "name", 0.9), ("070-123 45 67", "phone", 0.95),
                             ("Huddinge", "municipality", 0.9)]:
        start = TEXT.index(word)
        out.append(Finding(start, start + len(word), kind, word, conf))
    start = TEXT.index("Per", 5)
    out.append(Finding(start, start + 3, "name", "Per", 0.75))
    return out


def test_new_review_and_accept_from() -> None:
    review = new_review({1: findings()})
    assert summary(review)["status"] == {"pending": 5, "accepted": 0, "rejected": 0}
    review = new_review({1: findings()}, accept_from=0.9)
    assert summary(review)["status"]["accepted"] == 3
    assert summary(review)["kind"] == {"name": 3, "phone": 1, "municipality": 1}


def test_accept_reject_are_pure() -> None:
    review = new_review({1: findings()})
    first = review.items[0].id
    after = accept(review, first)
    assert review.items[0].status == "pending"
    assert after.item(first).status == "accepted"
    assert reject(after, first).item(first).status == "rejected"
    with pytest.raises(InputError, match="no finding"):
        accept(review, "9:0:1:name")
    with pytest.raises(InputError, match="status"):
        decide_all(review, "maybe")


@pytest.mark.parametrize(("kwargs", "accepted_texts"), [
    ({"kind": "name"}, ["Per", "Ahmed", "Per"]),
    ({"text": "per"}, ["Per", "Per"]),
    ({"min_confidence": 0.9}, ["Ahmed", "070-123 45 67", "Huddinge"]),
    ({"document_id": 2}, []),
])
def test_decide_all(kwargs: dict, accepted_texts: list[str]) -> None:
    review = decide_all(new_review({1: findings()}), "accepted", **kwargs)
    assert [f.text for f in accepted_findings(review).get(1, [])] == accepted_texts


def test_decide_all_leaves_decided_items_alone() -> None:
    review = new_review({1: findings()})
    review = reject(review, review.items[0].id)
    review = decide_all(review, "accepted", kind="name")
    assert review.items[0].status == "rejected"
    review = decide_all(review, "accepted", kind="name", only_pending=False)
    assert review.items[0].status == "accepted"


def test_add_manual() -> None:
    review = accept(new_review({1: findings()}), new_review({1: findings()}).items[1].id)
    start = TEXT.index("ringa")
    review = add_manual(review, 1, TEXT, start - 1, start + 6, "name")  # spaces are trimmed
    added = [it for it in review.items if it.manual]
    assert added[0].finding.text == "ringa" and added[0].status == "accepted"
    ahmed = TEXT.index("Ahmed")
    with pytest.raises(InputError, match="overlaps the accepted"):
        add_manual(review, 1, TEXT, ahmed, ahmed + 2, "name")
    with pytest.raises(InputError, match="outside"):
        add_manual(review, 1, TEXT, 0, len(TEXT) + 1, "name")
    with pytest.raises(InputError, match="unknown kind"):
        add_manual(review, 1, TEXT, 0, 3, "shoe size")
    # a pending finding under a manual one is replaced by it
    wider = add_manual(review, 1, TEXT, 0, 6, "name")
    assert [it.finding.text for it in wider.for_document(1)][:1] == ["Per sa"]


def test_context_and_preview() -> None:
    items = findings()
    ctx = context(TEXT, items[3], width=15)
    assert ctx.match == "Huddinge" and ctx.before.startswith("…") and ctx.after == "."
    review = decide_all(new_review({1: items}), "accepted", min_confidence=0.75)
    mapping = Pseudonymizer()
    shown = preview(TEXT, review.for_document(1), mapping)
    assert shown == "Per sa att [Namn 1] och [Namn 2] skulle ringa [Telefon 1] från [Kommun 1]."
    assert len(mapping) == 0  # previewing hands out no numbers
