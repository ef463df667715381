"""The UI's view of the one catalogue (``sigqual.i18n``): texts in the session's language.

Every text lives in ``sigqual/locale/<lang>.po``; pages call ``t(key, **values)``
with a literal key. Strings are Markdown and always go through ``str.format``
(literal braces are doubled); placeholders that carry user text must be filled
with escaped values by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .. import i18n
from ..i18n import ENUMS, placeholders, translate
from . import state

__all__ = ["ENUMS", "LANGUAGE_NAMES", "choice", "describe_error", "labeller", "localise", "num",
           "placeholders", "register", "t", "translate"]

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


def t(key: str, /, **values: object) -> str:
    """The string for ``key`` in the language chosen in this browser session."""
    return translate(key, state.lang(), **values)


def num(value: float, digits: int = 1) -> str:
    """A figure with a fixed number of decimals in the session's language ("0,839")."""
    return i18n.number(value, state.lang(), digits, fixed=True)


def describe_error(exc: BaseException) -> str:
    """An error in the session's language (file, line, field and the problem)."""
    return i18n.describe_error(exc, state.lang())


def localise(text: object) -> str:
    """An import warning (or any :class:`i18n.Message`) in the session's language."""
    return i18n.localise(text, state.lang())


def labeller(prefix: str, values: Iterable[str], *, empty: str | None = None
             ) -> Callable[[str], str]:
    """A widget ``format_func`` for one of the enumerations in ``i18n.ENUMS``.

    Streamlit may call a format function outside the script run (tests do), where
    the session's language is unknown, so the labels are looked up in advance.
    """
    lang = state.lang()
    known = ENUMS[prefix]
    texts = {v: i18n.choice(prefix, v, lang) for v in values if v in known}
    if empty is not None:
        texts[""] = translate(empty, lang)
    return lambda value: texts.get(value, value)


def register(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Add a table of texts at run time (kept for code written before the catalogue).

    New texts belong in ``sigqual/locale/*.po``; ``python -m sigqual.i18n.extract``
    moves any remaining ``register({...})`` table there.
    """
    i18n.add(strings)


def choice(prefix: str, value: str, /, **values: object) -> str:
    """Display name of ``value`` in one of the enumerations of ``i18n.ENUMS``."""
    return i18n.choice(prefix, value, state.lang(), **values)
