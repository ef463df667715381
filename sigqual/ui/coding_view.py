"""HTML and labels for the coding pages, built as plain, escaped strings.

Transcript text, speaker names and code labels are data: every piece of them goes
through :func:`html.escape` here, and colours are re-validated so only ``#rrggbb``
ever reaches a style attribute. The pages hand the result to ``st.html`` (which
sanitises again), so a transcript containing ``<script>`` shows as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..codebook import Code, Codebook, normalize_colour
from ..coding.autocode import AutoCodeEstimate
from ..coding.document import Mark, Turn
from ..coding.sentences import Sentence
from ..coding.suggestions import Candidate
from ..nlp.suggest import Suggestion

FALLBACK_COLOUR = "#bab0ac"
SELECTION_COLOUR = "#1f1f1f"
SNIPPET = 90


@dataclass(frozen=True)
class Highlight:
    """Words to underline in a turn (turn-relative offsets), e.g. a suggestion's *why*."""

    start: int
    end: int
    colour: str
    title: str = ""


def safe_colour(colour: str | None) -> str:
    """A colour fit for a style attribute: ``#rrggbb`` or the neutral fallback."""
    return normalize_colour(colour or "") or FALLBACK_COLOUR


def tint(colour: str | None, alpha: str = "40") -> str:
    """A translucent version of a code colour, for backgrounds behind text."""
    return safe_colour(colour) + alpha


def percent(confidence: float) -> str:
    """Confidence as the reader thinks of it: "87 %" (Swedish spacing)."""
    return f"{round(max(0.0, min(1.0, confidence)) * 100):d} %"


def snippet(text: str, size: int = SNIPPET) -> str:
    """The start of a text on one line, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= size:
        return flat
    cut = flat.rfind(" ", 0, size)
    return flat[: cut if cut > size // 2 else size].rstrip(",.;: ") + " …"


def _pieces(length: int, bounds: Iterable[int]) -> list[tuple[int, int]]:
    points = sorted({0, length, *(b for b in bounds if 0 < b < length)})
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if a < b]


def highlighted_text(text: str, marks: Sequence[Mark] = (), highlights: Sequence[Highlight] = (),
                     *, offset: int = 0, selection: tuple[int, int] | None = None) -> str:
    """The turn's text as escaped HTML with coded spans, *why* words and a selection marked.

    ``marks`` and ``selection`` use document offsets (``offset`` is where the turn
    starts); ``highlights`` are relative to the turn. Overlaps are split into pieces:
    a piece takes the background of the innermost coding and lists every code in
    its tooltip.
    """
    size = len(text)

    def local(a: int, b: int) -> tuple[int, int]:
        return max(0, a - offset), min(size, b - offset)

    spans = [(*local(m.start, m.end), m) for m in marks]
    spans = [s for s in spans if s[0] < s[1]]
    lights = [h for h in highlights if 0 <= h.start < h.end <= size]
    chosen = local(*selection) if selection is not None else None
    bounds: list[int] = []
    for a, b, _m in spans:
        bounds += [a, b]
    for h in lights:
        bounds += [h.start, h.end]
    if chosen is not None:
        bounds += list(chosen)
    out: list[str] = []
    for a, b in _pieces(size, bounds):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        covering = [m for s, e, m in spans if s <= a and b <= e]
        light = next((h for h in lights if h.start <= a and b <= h.end), None)
        styles: list[str] = []
        titles: list[str] = []
        if covering:
            inner = min(covering, key=lambda m: (m.end - m.start, -m.start))
            styles.append(f"background:{tint(inner.colour)};border-radius:3px")
            if len(covering) > 1:
                styles.append(f"box-shadow:inset 0 -3px 0 {tint(covering[0].colour, 'aa')}")
            titles += [m.label for m in covering]
        if light is not None:
            styles.append(f"text-decoration:underline 3px {safe_colour(light.colour)};"
                          "font-weight:600")
            if light.title:
                titles.append(light.title)
        if chosen is not None and chosen[0] <= a and b <= chosen[1]:
            styles.append(f"outline:1px dashed {SELECTION_COLOUR}")
        if styles or titles:
            title = html.escape(" · ".join(dict.fromkeys(titles)), quote=True)
            attr = f' title="{title}"' if title else ""
            out.append(f'<span style="{";".join(styles)}"{attr}>{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def chip(label: str, colour: str | None, extra: str = "") -> str:
    """A code label with its colour swatch; ``extra`` (escaped here) follows in grey.

    A long label wraps inside the chip while ``extra`` (a score such as "57 %") stays
    whole beside it, never alone on a line of its own.
    """
    swatch = (f'<span style="flex:none;width:0.8em;height:0.8em;border-radius:2px;'
              f'margin:0 0.35em 0 0;align-self:center;background:{safe_colour(colour)}">'
              "</span>")
    tail = (f'<span style="flex:none;white-space:nowrap;color:#6b6b6b;margin-left:0.3em">'
            f"{html.escape(extra)}</span>") if extra else ""
    return (f'<span style="display:inline-flex;align-items:baseline;max-width:100%;'
            f'box-sizing:border-box;vertical-align:top;margin:0 0.4em 0.25em 0;padding:0.05em 0.45em;'
            f'border:1px solid {tint(colour, "99")};border-radius:0.8em;font-size:0.85em;'
            f'background:{tint(colour, "18")}">{swatch}'
            f'<span style="min-width:0;overflow-wrap:anywhere">{html.escape(label)}</span>{tail}</span>')


def code_chips(marks: Sequence[Mark]) -> str:
    """One chip per code on a turn (a code coded twice is listed once)."""
    seen: dict[str, Mark] = {}
    for mark in marks:
        seen.setdefault(mark.code_id, mark)
    return "".join(chip(m.label, m.colour) for m in seen.values())


def speaker_name(turn: Turn, unknown: str) -> str:
    return turn.speaker or unknown


def turn_block(turn: Turn, *, speaker: str, role_label: str, current: bool = False,
               highlights: Sequence[Highlight] = (), selection: tuple[int, int] | None = None,
               number: str = "", memo: str = "") -> str:
    """One speaker turn for the reading pane: who speaks, the text, the codes beside it.

    Interviewer turns are grey and italic so the respondent's words stand out; the
    current turn has a coloured edge; ``memo`` (a label) marks a turn that has memos.
    """
    edge = "#ff4b4b" if current else ("#d0d0d0" if turn.is_interviewer else "#9e9e9e")
    width = "4px" if current else "2px"
    colour = "color:#707070;font-style:italic;" if turn.is_interviewer else ""
    back = "background:#fff6f6;" if current else ""
    body = highlighted_text(turn.text, turn.marks, highlights, offset=turn.start,
                            selection=selection)
    head = (f'<div style="font-size:0.78em;color:#6b6b6b;margin-bottom:0.15em">'
            f"{html.escape(number)} <b>{html.escape(speaker)}</b> · {html.escape(role_label)}"
            + (f' · <span class="sigqual-memo" style="color:#8a5a00">✎ {html.escape(memo)}</span>'
               if memo else "") + "</div>")
    chips = f'<div style="margin-top:0.3em">{code_chips(turn.marks)}</div>' if turn.marks else ""
    kind = "interviewer" if turn.is_interviewer else "respondent"
    return (f'<div class="sigqual-turn sigqual-{kind}" style="border-left:{width} solid {edge};'
            f'padding:0.3em 0.7em;margin:0 0 0.2em 0;{colour}{back}line-height:1.55">'
            f"{head}<div>{body}</div>{chips}</div>")


def why_highlights(suggestions: Sequence[Suggestion], codebook: Codebook) -> list[Highlight]:
    """The *why* phrases of the suggestions, in each suggested code's colour."""
    out: list[Highlight] = []
    for s in suggestions:
        colour = codebook.colour_of(s.code_id) if codebook.get(s.code_id) else None
        for e in s.evidence:
            out.append(Highlight(e.start, e.end, safe_colour(colour), s.label))
    return out


def locate(text: str, phrases: Iterable[str], colour: str | None, title: str = "") -> list[Highlight]:
    """Highlights for phrases found in a text (their first occurrence each)."""
    out: list[Highlight] = []
    for phrase in phrases:
        if not phrase:
            continue
        at = text.find(phrase)
        if at >= 0:
            out.append(Highlight(at, at + len(phrase), safe_colour(colour), title))
    return out


def suggestion_line(label: str, kind: str, colour: str | None, confidence: float, why_word: str,
                    why: Sequence[str], note: str = "") -> str:
    """A suggestion as one compact block: code, a confidence bar and score, then the
    kind and the *why* words, and a ``note`` such as "coded" once the coder has decided.

    The code and its score share a flex row: a long label wraps within its share of the
    row, the bar and the score never wrap, so the score cannot end up on a line alone.
    """
    width = round(max(0.0, min(1.0, confidence)) * 100)
    bar = (f'<span style="display:inline-block;width:4em;height:0.45em;background:#ececec;'
           f'border-radius:3px;vertical-align:middle;margin:0 0.4em 0 0">'
           f'<span style="display:block;width:{width}%;height:100%;border-radius:3px;'
           f'background:{safe_colour(colour)}"></span></span>')
    flag = (f' <span style="font-size:0.8em;padding:0 0.4em;border-radius:0.6em;'
            f'background:#e8e8e8">{html.escape(note)}</span>') if note else ""
    score = (f'<span style="flex:none;white-space:nowrap">{bar}'
             f'<span style="font-size:0.85em;font-weight:600">{percent(confidence)}</span>{flag}</span>')
    because = f" · {html.escape(why_word)}: {html.escape(', '.join(why))}" if why else ""
    details = (f'<div style="font-size:0.82em;color:#6b6b6b;overflow-wrap:anywhere">'
               f"{html.escape(kind)}{because}</div>")
    fade = "opacity:0.55;" if note else ""
    return (f'<div style="margin-top:0.5em;{fade}">'
            f'<div style="display:flex;align-items:center;gap:0.2em">'
            f'<span style="flex:0 1 auto;min-width:0">{chip(label, colour)}</span>{score}</div>'
            f"{details}</div>")


def pinned(previous: Sequence[Suggestion] | None, ranked: Sequence[Suggestion], top: int
           ) -> list[Suggestion]:
    """Suggestions in the order a turn first showed them, new codes appended.

    Accepting or rejecting teaches the model, which reorders the rest and may push a
    rejected code out of the list; pinning keeps every shown code in its place (with
    its newest confidence when it still ranks) so "1" keeps meaning the same code and
    a key pressed twice during an update never hits another one.
    """
    fresh = {s.code_id: s for s in ranked}
    kept = [fresh.get(s.code_id, s) for s in (previous or ())][:top]
    shown = {s.code_id for s in kept}
    for s in ranked:
        if len(kept) >= top:
            break
        if s.code_id not in shown:
            kept.append(s)
            shown.add(s.code_id)
    return kept


def code_option(code: Code, kind_label: str, theme: Code | None) -> str:
    """A picker entry: the label, its kind and (for factors) its theme, so search finds all."""
    parts = [code.label, kind_label]
    if theme is not None and theme.id != code.id:
        parts.append(theme.label)
    return " · ".join(parts)


def picker_labels(codebook: Codebook, code_ids: Sequence[str], kind_labels: dict[str, str]
                  ) -> dict[str, str]:
    """One distinct picker entry per code: label, kind and theme, and the code's key when
    two entries would still read the same (a coder must never pick between twins)."""
    labels: dict[str, str] = {}
    for code_id in code_ids:
        code = codebook.code(code_id)
        labels[code_id] = code_option(code, kind_labels.get(code.kind, code.kind),
                                      codebook.theme_of(code_id))
    seen: dict[str, int] = {}
    for text in labels.values():
        seen[text] = seen.get(text, 0) + 1
    return {c: f"{text} [{c}]" if seen[text] > 1 else text for c, text in labels.items()}


def picker_codes(codebook: Codebook, group: str | None, show_all: bool) -> list[str]:
    """Code ids for the manual picker: the group's codes, or every code."""
    codes = codebook.codes if show_all or group is None else codebook.codes_for_group(group)
    return [c.id for c in codes]


def safe_items(items: Sequence[Candidate], estimate: AutoCodeEstimate | None) -> list[Candidate]:
    """The review items the engine's calibrated threshold vouches for: what "accept the
    safe ones" may accept without the coder ticking each (none without a threshold)."""
    if estimate is None or estimate.threshold is None:
        return []
    return [c for c in items if c.confidence >= estimate.threshold]


def sentence_option(number: int, sentence: Sentence) -> str:
    return f"{number}. {snippet(sentence.text, 70)}"


def quote_card(document: str, where: str, context: str, text: str,
               highlights: Sequence[Highlight], code_label: str, colour: str | None,
               confidence: float) -> str:
    """A review-queue entry: source, the question before it, the turn with its *why* words."""
    before = (f'<div style="color:#707070;font-style:italic;font-size:0.9em;margin-bottom:0.2em">'
              f"{html.escape(snippet(context, 160))}</div>") if context.strip() else ""
    return (f'<div style="border:1px solid #e3e3e3;border-radius:6px;padding:0.45em 0.7em">'
            f'<div style="font-size:0.8em;color:#6b6b6b;margin-bottom:0.2em">'
            f"<b>{html.escape(document)}</b> · {html.escape(where)}</div>"
            f"{chip(code_label, colour, percent(confidence))}{before}"
            f"<div>{highlighted_text(text, (), highlights)}</div></div>")


def coding_card(document: str, where: str, text: str, code_label: str, colour: str | None) -> str:
    """A stored coding to review: source, the coded passage and its code."""
    return (f'<div style="border:1px solid #e3e3e3;border-radius:6px;padding:0.45em 0.7em">'
            f'<div style="font-size:0.8em;color:#6b6b6b;margin-bottom:0.2em">'
            f"<b>{html.escape(document)}</b> · {html.escape(where)}</div>"
            f"{chip(code_label, colour)}<div>{html.escape(snippet(text, 600))}</div></div>")
