"""Explanations: the words of the segment that drove a suggestion.

Each token's share of a code's score is known from the ranker; the strongest tokens
become evidence, neighbouring ones are merged into phrases, and the text is taken
from the segment itself (surface form and character offsets), so the UI can
highlight exactly what the researcher sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .pipeline import Token

MAX_ITEMS = 5
MIN_SHARE = 0.15


@dataclass(frozen=True)
class Evidence:
    """A phrase of the segment, with end-exclusive character offsets."""

    text: str
    start: int
    end: int
    weight: float


def explain(
    text: str,
    tokens: Sequence[Token],
    contributions: Mapping[int, float],
    extra_spans: Sequence[tuple[int, int, float]] = (),
) -> list[Evidence]:
    """Evidence phrases, strongest first.

    ``contributions`` maps token index to its share of the score; ``extra_spans`` are
    token ranges (start, end, weight) such as polarity cues to add when not covered.
    """
    if not contributions and not extra_spans:
        return []
    top = max(contributions.values(), default=0.0)
    chosen = sorted(
        (i for i, v in contributions.items() if v > 0 and v >= MIN_SHARE * top),
        key=lambda i: (-contributions[i], i),
    )[: MAX_ITEMS * 2]
    picked = set(chosen)
    groups: list[list[int]] = []
    for i in sorted(picked):
        if groups and _adjacent(tokens, groups[-1][-1], i):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = [
        Evidence(text[tokens[g[0]].start:tokens[g[-1]].end], tokens[g[0]].start,
                 tokens[g[-1]].end, sum(contributions[i] for i in g))
        for g in groups
    ]
    out.sort(key=lambda e: (-e.weight, e.start))
    out = out[:MAX_ITEMS]
    for start, end, weight in extra_spans:
        if end <= start or any(tokens[k].start >= e.start and tokens[k].end <= e.end
                               for e in out for k in range(start, end)):
            continue
        if len(out) >= MAX_ITEMS + 1:
            break
        out.append(Evidence(text[tokens[start].start:tokens[end - 1].end], tokens[start].start,
                            tokens[end - 1].end, abs(weight)))
    return out


def _adjacent(tokens: Sequence[Token], a: int, b: int) -> bool:
    """True when tokens ``a`` < ``b`` are separated only by at most one function word."""
    if b == a + 1:
        return True
    if b == a + 2:
        middle = tokens[a + 1]
        return middle.is_word and middle.stop
    return False
