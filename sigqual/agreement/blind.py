"""Blind coding: while a project is blind, each coder sees only their own codings.

Coders who see each other's work converge, and agreement then measures imitation rather
than a shared understanding of the codebook. The project setting ``{"blind": true}``
hides other coders' codings; switching it off (the comparison phase) shows everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import InputError

BLIND_SETTING = "blind"


def is_blind(settings: Mapping[str, Any] | None) -> bool:
    """True while the project is in its blind phase; a non-boolean value is an error."""
    value = (settings or {}).get(BLIND_SETTING, False)
    if not isinstance(value, bool):
        raise InputError(msgid="error.agreement.project_setting_must_true",
                         params={"blind_setting": BLIND_SETTING, "value": repr(value)},
                         field=BLIND_SETTING)
    return value


def visible_codings(
    frame: pd.DataFrame, coder: str | None, settings: Mapping[str, Any] | None
) -> pd.DataFrame:
    """The codings ``coder`` may see: their own while blind, all of them otherwise.

    Without a chosen coder nothing is visible in a blind project, so a page cannot leak
    codings before the user has said who they are.
    """
    if not is_blind(settings):
        return frame
    if not coder:
        return frame.iloc[0:0]
    return frame[frame["coder"].astype(str) == coder]


def blind_settings(blind: bool) -> dict[str, bool]:
    """The settings change that starts (True) or ends (False) the blind phase."""
    return {BLIND_SETTING: bool(blind)}
