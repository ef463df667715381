"""Sentences of a speaker turn, so a coder can code part of a turn with one click.

Offsets are Unicode code points into the document text (like every span in the
store). The splitter is rule based and knows Swedish abbreviations: a period after
"t.ex", "bl.a", "ca" or "kl" never ends a sentence, one after "osv" or "m.m" does
only when a capital letter follows. Spoken transcripts trail off ("jag vet inte...
kanske"), so an ellipsis ends a sentence only before a capital letter or a digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

# Never the end of a sentence: a word always follows these in running Swedish text.
INNER_ABBREVIATIONS = frozenset({
    "t.ex", "tex", "bl.a", "bla", "ca", "cirka", "kl", "dvs", "d.v.s", "p.g.a", "pga", "s.k", "sk",
    "jfr", "resp", "nr", "fr.o.m", "t.o.m", "ang", "angående", "betr", "enl", "inkl", "exkl", "obs",
    "f.d", "fd", "f.ö", "fr.a", "främst", "ev", "evt", "tel", "tfn", "st", "s", "sid", "kap", "dr",
    "mr", "mrs", "ms", "prof", "doc", "ordf", "v", "vv", "t.v", "t.h", "f.n", "i.o.m", "iom",
    "m.a.o", "mao", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "okt", "nov", "dec", "mån", "tis", "ons", "tor", "fre", "lör", "sön", "avd", "adj",
})
# May end a sentence ("... och så vidare osv. Sen ..."), but only before a capital.
FINAL_ABBREVIATIONS = frozenset({
    "osv", "o.s.v", "m.m", "mm", "etc", "m.fl", "mfl", "o.d", "e.d", "o.dyl",
})
ABBREVIATIONS = INNER_ABBREVIATIONS | FINAL_ABBREVIATIONS

# A run of terminal punctuation, optional closing quotes or brackets, then whitespace.
_END = re.compile(r"(?:[.!?]+|…+)[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_OPENING = "\"'“”‘’«»([-–—"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document[start:end]``."""

    start: int
    end: int
    text: str


def _word_before(text: str, dot: int) -> str:
    """The word (with inner periods, e.g. "t.ex") that a period at ``dot`` closes."""
    match = _WORD_BEFORE.search(text, 0, dot)
    return match.group(1).lower().strip(".") if match else ""


def _next_visible(text: str, pos: int, stop: int) -> str:
    """The first non-space character at or after ``pos`` (before ``stop``), or ""."""
    while pos < stop and text[pos].isspace():
        pos += 1
    while pos < stop and text[pos] in _OPENING:
        pos += 1
    return text[pos] if pos < stop else ""


def _ends_sentence(text: str, mark_start: int, mark_end: int, stop: int) -> bool:
    """Whether the punctuation ``text[mark_start:mark_end]`` closes a sentence."""
    following = _next_visible(text, mark_end, stop)
    if not following:
        return True
    starts_new = following.isupper() or following.isdigit()
    mark = text[mark_start:mark_end].rstrip("\"'”’»)]")
    if "!" in mark or "?" in mark:
        # Questions and exclamations end a sentence even when the transcriber went on
        # in lower case ("Vad ska man säga? man vet ju inte").
        return True
    if mark.startswith("…") or mark.startswith(".."):
        return starts_new
    word = _word_before(text, mark_start)
    if word in INNER_ABBREVIATIONS or word.replace(".", "") in INNER_ABBREVIATIONS:
        return False
    if word in FINAL_ABBREVIATIONS or word.replace(".", "") in FINAL_ABBREVIATIONS:
        return starts_new
    if len(word) == 1 and word.isalpha():
        # An initial ("A. Andersson") or a list letter; a capital after it is a name.
        return False
    return starts_new or not following.isalpha()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of ``text[start:end]`` with offsets into ``text``, in order.

    A line break is always a boundary (transcribers start a new line for a new
    thought); whitespace around sentences is left out of their spans.
    """
    stop = len(text) if end is None else end
    if not (0 <= start <= stop <= len(text)):
        raise InputError(msgid="error.coding.span_outside_text",
                         params={"start": start, "stop": stop, "n_text": len(text)}, field="span")
    sentences: list[Sentence] = []
    line_start = start
    while line_start < stop:
        newline = text.find("\n", line_start, stop)
        line_end = stop if newline < 0 else newline
        sentences.extend(_split_line(text, line_start, line_end))
        line_start = line_end + 1
    return sentences


def _split_line(text: str, start: int, stop: int) -> list[Sentence]:
    out: list[Sentence] = []
    begin = start
    for match in _END.finditer(text, start, stop):
        if _ends_sentence(text, match.start(), match.end(), stop):
            a, b = _trimmed(text, begin, match.end())
            if a < b:
                out.append(Sentence(a, b, text[a:b]))
            begin = match.end()
    a, b = _trimmed(text, begin, stop)
    if a < b:
        out.append(Sentence(a, b, text[a:b]))
    return out


def join_runs(sentences: list[Sentence], chosen: set[int]) -> list[tuple[int, int]]:
    """Spans covering the chosen sentences (by index); neighbours merge into one span.

    Choosing sentences 1, 2 and 4 of a turn codes two passages: 1-2 and 4.
    """
    if any(i < 0 or i >= len(sentences) for i in chosen):
        raise InputError(msgid="error.coding.sentence_numbers_must_between",
                         params={"n_sentences": len(sentences)}, field="sentences")
    spans: list[tuple[int, int]] = []
    previous = -2
    for i in sorted(chosen):
        sentence = sentences[i]
        if i == previous + 1 and spans:
            spans[-1] = (spans[-1][0], sentence.end)
        else:
            spans.append((sentence.start, sentence.end))
        previous = i
    return spans
