"""Domain errors that carry enough context for a user to find the problem.

The UI and the CLI only *show* these; they never build messages themselves. An
error raised with a message id (``msgid``) and ``params`` takes its English
``message`` from the catalogue and can be rendered in any UI language with
:meth:`SigqualError.render`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class SigqualError(Exception):
    """Base error: a message plus where it happened (file, line, field, segment).

    Raise sites that reach users pass ``msgid`` (a catalogue key such as
    ``"error.import.empty"``) and its ``params`` instead of an English message;
    ``message`` is then the English text, so ``str()`` and the CLI stay English.
    """

    message: str = ""
    file: str | None = None
    line: int | None = None
    field: str | None = None
    segment: str | None = None
    details: list[str] = dataclasses.field(default_factory=list)
    msgid: str | None = None
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.msgid and not self.message:
            from .i18n import translate

            self.message = translate(self.msgid, "en", **self.params)
        super().__init__(self.message)

    def render(self, lang: str) -> str:
        """The error in the UI language ``lang``, location parts included."""
        from .i18n import describe_error

        return describe_error(self, lang)

    def where(self) -> str:
        """Location prefix such as ``codebook.yaml:12 (field 'kind')``."""
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line is not None else ""))
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        if self.segment:
            parts.append(f"segment {self.segment}")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.details:
            text += "\n" + "\n".join(f"  - {d}" for d in self.details)
        return text


class ImportError_(SigqualError):
    """A transcript or project file could not be imported."""


class CodebookError(SigqualError):
    """A codebook is malformed or inconsistent."""


class StoreError(SigqualError):
    """The project store refused an operation (missing row, conflict, bad value)."""


class ConflictError(StoreError):
    """Someone else changed the row since it was read (optimistic concurrency)."""


class ExportError(SigqualError):
    """A table or project could not be exported."""


class InputError(SigqualError):
    """Bad input to a batch interface such as ``sigqual suggest``."""


# Public, readable alias; the trailing underscore avoids shadowing the builtin.
TranscriptImportError = ImportError_


class PermissionDenied(SigqualError):
    """The acting account may not do this (role too low, disabled, not the author)."""
