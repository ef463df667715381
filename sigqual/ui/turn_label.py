"""The one way a turn is named in the UI: "Replik 8" (see :func:`sigqual.coding.document.turn_number`)."""

from __future__ import annotations

from ..coding.document import turn_number
from .i18n import t


def turn_label(index: int) -> str:
    """"Replik 8" for the turn stored at index 7."""
    return t("turn.label", n=turn_number(index))
