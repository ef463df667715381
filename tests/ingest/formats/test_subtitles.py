from __future__ import annotations

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest import parse_bytes
from sigqual.ingest.formats import EXTRACTORS

VTT_VOICES = """WEBVTT
Kind: captions

NOTE transkriberad av Teams
flera rader

STYLE
::cue { color: white }

intro
00:00:01.000 --> 00:00:04.000 align:start position:10%
<v Karin Ek>Hej och välkommen.</v>

00:00:04.500 --> 00:00:06.000
<v Karin Ek>Hur var mötena?</v>

2
00:01:02.250 --> 00:01:09.000
<v.loud Omar>De var <i>bra</i>, på <c.yellow>gården</c> i Älvsjö.</v>

00:01:09.000 --> 00:01:12.000
<v Omar><00:01:10.000>Verkligen &amp; helt.

01:00:00.000 --> 01:00:02.000
<v Karin Ek>Tack.
"""

SRT_NAMES = """1
00:00:01,000 --> 00:00:03,500
INTERVJUARE: Hur gammal är du?

2
00:00:04,000 --> 00:00:06,000
UNGDOM: Sexton.
Snart sjutton.

3
00:00:06,500 --> 00:00:08,000
{\\an8}och går i nian

4
00:00:09,000 --> 00:00:10,000
- Vem var där?
- Polisen.
"""

WHISPER = """WEBVTT

00:00.000 --> 00:03.000
Det här är en inspelning.

00:03.000 --> 00:06.500
Utan talare.
"""

CASES = [
    ("vtt voices, merged cues, tags, settings and NOTE blocks", ".vtt", VTT_VOICES,
     "[00:00:01] Karin Ek: Hej och välkommen. Hur var mötena?\n"
     "[00:01:02] Omar: De var bra, på gården i Älvsjö. Verkligen & helt.\n"
     "[01:00:00] Karin Ek: Tack."),
    ("srt names, continued speaker and dash lines", ".srt", SRT_NAMES,
     "[00:00:01] INTERVJUARE: Hur gammal är du?\n"
     "[00:00:04] UNGDOM: Sexton. Snart sjutton. och går i nian\n"
     "[00:00:09] Vem var där?\n[00:00:09] Polisen."),
    ("cues without speakers stay apart", ".vtt", WHISPER,
     "[00:00:00] Det här är en inspelning.\n[00:00:03] Utan talare."),
    ("windows line endings and lower-case voice names", ".vtt",
     "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v anna_k>hej\r\n",
     "[00:00:01] Anna_k: hej"),
]  # fmt: skip


@pytest.mark.parametrize(("extension", "source", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_cues_become_transcript_lines(extension: str, source: str, expected: str) -> None:
    assert EXTRACTORS[extension](source.encode("utf-8"), "x" + extension) == expected


def test_vtt_turns_have_speakers_roles_and_times() -> None:
    parsed = parse_bytes(VTT_VOICES.encode("utf-8"), "for-01.vtt", interviewer_labels=["Karin Ek"])
    turns = [(t.speaker, t.role, t.timestamp, parsed.text[t.start : t.end]) for t in parsed.turns]
    assert turns == [
        ("Karin Ek", "interviewer", "00:00:01", "Hej och välkommen. Hur var mötena?"),
        ("Omar", "respondent", "00:01:02", "De var bra, på gården i Älvsjö. Verkligen & helt."),
        ("Karin Ek", "interviewer", "01:00:00", "Tack."),
    ]  # fmt: skip


def test_srt_turns() -> None:
    parsed = parse_bytes(SRT_NAMES.encode("cp1252"), "ung-01.srt")
    assert [(t.speaker, t.role, t.timestamp) for t in parsed.turns] == [
        ("INTERVJUARE", "interviewer", "00:00:01"),
        ("UNGDOM", "respondent", "00:00:04"),
        (None, "unknown", "00:00:09"),
        (None, "unknown", "00:00:09"),
    ]


@pytest.mark.parametrize("extension", [".vtt", ".srt"])
def test_no_cues_is_an_error(extension: str) -> None:
    with pytest.raises(ImportError_, match="no subtitle cues found") as info:
        EXTRACTORS[extension](b"WEBVTT\n\nbara text\n", "x" + extension)
    assert info.value.file == "x" + extension
