"""Replace findings in a text and map old offsets to new ones.

Codings, segments and anything else that points into the old text are moved with
an :class:`OffsetMap`. The rule, applied to every span ``[start, end)``:

* outside every replacement an offset moves by the change in length before it;
* a start inside a replaced stretch moves to the start of its replacement, an end
  inside one moves to the end of its replacement.

So a coding that lies wholly inside a replaced name becomes exactly the tag, a
coding that straddles a replacement grows to include the whole tag (it never cuts
"[Namn 1]" in half), and a coding that merely touches a replacement keeps clear
of it. Spans never become empty.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import InputError
from .mapping import Pseudonymizer
from .model import Finding


@dataclass(frozen=True)
class Replacement:
    """``old[start:end]`` became ``new[new_start:new_end]``."""

    start: int
    end: int
    new_start: int
    new_end: int
    original: str
    replacement: str
    kind: str


@dataclass(frozen=True)
class OffsetMap:
    """Old offsets to new ones for one text (see the module docstring for the rule)."""

    replacements: tuple[Replacement, ...]
    old_length: int
    new_length: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [r.start for r in self.replacements])
        object.__setattr__(self, "_ends", [r.end for r in self.replacements])

    def _check(self, pos: int) -> None:
        if not 0 <= pos <= self.old_length:
            raise InputError(msgid="error.privacy.offset_outside_text",
                             params={"pos": pos, "old_length": self.old_length})

    def _shift_before(self, index: int) -> int:
        """Change in length caused by the first ``index`` replacements."""
        if index == 0:
            return 0
        r = self.replacements[index - 1]
        return r.new_end - r.end

    def start(self, pos: int) -> int:
        """Where a span starting at old ``pos`` starts now."""
        self._check(pos)
        i = bisect_right(self._starts, pos) - 1  # last replacement starting at or before pos
        if i >= 0 and pos < self.replacements[i].end:
            return self.replacements[i].new_start
        done = bisect_right(self._ends, pos)  # replacements wholly before pos
        return pos + self._shift_before(done)

    def end(self, pos: int) -> int:
        """Where a span ending at old ``pos`` (exclusive) ends now."""
        self._check(pos)
        i = bisect_right(self._starts, pos - 1) - 1  # last replacement starting before pos
        if i >= 0 and pos <= self.replacements[i].end and pos > self.replacements[i].start:
            return self.replacements[i].new_end
        done = bisect_right(self._ends, pos)
        return pos + self._shift_before(done)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The new ``(start, end)`` of the old span ``[start, end)``."""
        if start >= end:
            raise InputError(msgid="error.privacy.empty_reversed_span", params={"start": start, "end": end})
        return self.start(start), self.end(end)

    @property
    def changed(self) -> bool:
        return bool(self.replacements)


Replacer = Pseudonymizer | Mapping[str, str] | Callable[[Finding], str]


def _replacement_for(mapping: Replacer, finding: Finding) -> str:
    if isinstance(mapping, Pseudonymizer):
        return mapping.pseudonym(finding.kind, finding.text)
    if isinstance(mapping, Mapping):
        if finding.text not in mapping:
            raise InputError(msgid="error.privacy.no_replacement_given_for", params={"text": finding.text})
        return mapping[finding.text]
    return mapping(finding)


def apply(text: str, findings: Sequence[Finding], mapping: Replacer) -> tuple[str, OffsetMap]:
    """``text`` with every finding replaced, plus the map from old offsets to new ones.

    ``mapping`` is a :class:`Pseudonymizer` (usual case), a dict from original text to
    replacement, or a function of the finding. Findings must not overlap and must
    still match the text (a stale finding is refused, never applied blindly).
    """
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    parts: list[str] = []
    done: list[Replacement] = []
    pos = 0
    new_pos = 0
    for f in ordered:
        if not 0 <= f.start < f.end <= len(text):
            raise InputError(msgid="error.privacy.finding_outside_text",
                             params={"start": f.start, "end": f.end, "n_text": len(text)})
        if f.start < pos:
            raise InputError(msgid="error.privacy.findings_overlap_at",
                             params={"start": f.start, "end": f.end, "text": f.text})
        if text[f.start:f.end] != f.text:
            raise InputError(msgid="error.privacy.finding_no_longer_matches",
                             params={"start": f.start, "end": f.end, "text": f.text,
                                     "value": text[f.start:f.end]})
        new = _replacement_for(mapping, f)
        if not new:
            raise InputError(msgid="error.privacy.empty_replacement_for", params={"text": f.text})
        parts.append(text[pos:f.start])
        new_pos += f.start - pos
        done.append(Replacement(f.start, f.end, new_pos, new_pos + len(new), f.text, new, f.kind))
        parts.append(new)
        new_pos += len(new)
        pos = f.end
    parts.append(text[pos:])
    new_text = "".join(parts)
    return new_text, OffsetMap(tuple(done), len(text), len(new_text))
