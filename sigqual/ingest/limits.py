"""Every bound on what an import may cost, in one place.

The file-size limit alone bounds nothing that matters: a 5 MB .docx can hold 100 MB
of XML and a text file of a few megabytes can hold a million "turns". So the import
also bounds the XML an Office container may unpack to, the characters and turns
extracted from one file, and the bytes a whole batch (a folder, a ZIP) may bring in.
Each limit can be raised or lowered with an environment variable
(``SIGQUAL_LIMIT_FILE_BYTES=100M``, ``SIGQUAL_LIMIT_TURNS=50000``), read at start-up.
The defaults keep the peak memory of any accepted file well under 400 MB (measured by
``benchmarks/limits_bench.py``) while leaving room for a very long focus group: a
two-hour interview is about 150 000 characters and 600 turns.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields

from sigqual.errors import InputError

MB = 2**20
ENV_PREFIX = "SIGQUAL_LIMIT_"
_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)[bB]?\s*$")
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


@dataclass(frozen=True)
class ImportLimits:
    """Bounds for one import; pass a changed copy (``dataclasses.replace``) to loosen them."""

    # Bytes of one file as stored on disk or uploaded.
    file_bytes: int = 50 * MB
    # Uncompressed XML inside one .docx/.odt (the part a parser holds in memory).
    office_xml_bytes: int = 12 * MB
    # Characters of text extracted from one file, after normalisation.
    text_chars: int = 4_000_000
    # Lines of extracted text in one file (checked before turns are looked for: the
    # segmenter's memory grows with lines, and a line can be a turn).
    lines: int = 150_000
    # Speaker turns found in one file.
    turns: int = 30_000
    # Bytes of all the files of one batch together (a folder, a ZIP, several uploads).
    batch_bytes: int = 500 * MB


    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ImportLimits:
        """Defaults, each overridable by ``SIGQUAL_LIMIT_<FIELD>`` (``SIGQUAL_LIMIT_TURNS=50000``,
        ``SIGQUAL_LIMIT_FILE_BYTES=100M``), for a server that must accept larger files."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for f in fields(cls):
            name = ENV_PREFIX + f.name.upper()
            raw = env.get(name)
            if raw is None or not raw.strip():
                continue
            match = _SIZE.match(raw)
            if match is None or int(match.group(1)) <= 0:
                raise InputError(msgid="error.limit.env", params={"name": name, "raw": repr(raw[:40])},
                                 field=name)
            values[f.name] = int(match.group(1)) * _UNITS[match.group(2).lower()]
        return cls(**values)


DEFAULT_LIMITS = ImportLimits.from_env()

# Message ids of the errors raised when a limit is hit (texts in sigqual/locale).
ERROR_IDS: tuple[str, ...] = (
    "error.limit.file_bytes",
    "error.limit.office_xml",
    "error.limit.text_bytes",
    "error.limit.text_chars",
    "error.limit.pdf_chars",
    "error.limit.lines",
    "error.limit.turns",
    "error.limit.batch_bytes",
    "error.limit.env",
)
