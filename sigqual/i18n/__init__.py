"""The one translation catalogue: UI strings, the core's user-facing texts and errors.

Every text lives in a gettext catalogue per language, ``sigqual/locale/<lang>.po``,
with a stable message id such as ``project.title`` as ``msgid``. Swedish is the
default and the fallback. The catalogue is read with Babel once per process, on the
first lookup, so importing this module costs nothing.

Texts are Markdown for the UI and always go through ``str.format`` (literal braces
are doubled). Placeholders that carry user text must be filled with escaped values
by the UI. Codebook labels, captions' data parts and transcript text are data and
never pass through here.

Keys are literal strings at every call site, so the catalogue test can see them. The
only exception is :func:`choice`, which builds keys for the closed enumerations
listed in :data:`ENUMS` (interview types, code kinds, ...).
"""

from __future__ import annotations

import string
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import SigqualError

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# Closed sets of values whose display names are catalogue entries ``<prefix><value>``.
# They are the only keys built at run time; the catalogue test checks each of them.
ENUMS: dict[str, tuple[str, ...]] = {
    "type.": ("individual", "focus_group", "phone"),
    "role.": ("interviewer", "respondent", "unknown"),
    "kind.": ("theme", "success_factor", "development_area", "code"),
    "kind.plural.": ("theme", "success_factor", "development_area", "code"),
    "lang.": ("sv", "en"),
    "nav.": ("project", "codebook", "tables"),
    "codebook.choice.": ("bundled", "template", "upload"),
    "compare.metric.": ("n_documents", "n_segments", "share"),
    "compare.abbrev.": ("success_factor", "development_area"),
    "compare.attribute.": ("group", "group_key", "phase", "interview_type", "participant",
                           "interview_date"),
    "compare.unit.": ("segment", "turns", "overlap"),  # ``compare.MODES``
    # the kinds of personal data found by ``sigqual.privacy`` (its ``KINDS``)
    "avid.kind.": ("name", "pnr", "phone", "email", "address", "postcode", "school",
                   "municipality", "district", "vehicle", "handle", "birthdate", "age", "date"),
}

_lock = threading.Lock()
_loaded: dict[str, dict[str, str]] | None = None
# Strings added while the program runs (``register`` tables not yet moved to the .po files).
_added: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
load_seconds: float | None = None


def po_path(lang: str) -> Path:
    return LOCALE_DIR / f"{lang}.po"


def _read(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return (Path(base) if base else Path.home() / ".cache") / "sigqual"


def _compiled() -> dict[str, dict[str, str]]:
    """The .po files as plain dicts, from a JSON cache keyed by the files' contents.

    Parsing the .po files with Babel takes about a tenth of a second; the cache
    (JSON, never pickle, since the cache folder is writable by the user) takes a
    millisecond. A missing, stale or unreadable cache is rebuilt from the .po files.
    """
    import hashlib
    import json
    import os

    digest = hashlib.sha256()
    for lang in LANGUAGES:
        digest.update(po_path(lang).read_bytes())
    cache = _cache_dir() / f"i18n-{digest.hexdigest()[:20]}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(data, dict) and all(isinstance(data.get(lang), dict) for lang in LANGUAGES):
            return {lang: data[lang] for lang in LANGUAGES}
    except (OSError, ValueError):
        pass
    data = {lang: _read(lang) for lang in LANGUAGES}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache)
    except OSError:
        pass  # a read-only home still works, only slower
    return data


def catalogue() -> dict[str, dict[str, str]]:
    """Every language's texts by message id, read once per process."""
    global _loaded, load_seconds
    if _loaded is None:
        with _lock:
            if _loaded is None:
                import time

                start = time.perf_counter()
                loaded = _compiled()
                for lang, texts in _added.items():
                    loaded[lang].update(texts)
                load_seconds = time.perf_counter() - start
                _loaded = loaded
    return _loaded


def has(key: str) -> bool:
    return key in catalogue()[DEFAULT]


def text(key: str, lang: str) -> str:
    """The raw (unformatted) text for ``key``; Swedish when ``lang`` lacks it."""
    texts = catalogue()
    found = texts.get(lang, {}).get(key) or texts[DEFAULT].get(key)
    if found is None:
        raise KeyError(f"no text for '{key}'")
    return found


def translate(key: str, lang: str, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (Swedish when missing), filled with ``params``."""
    return text(key, lang).format(**params)


def bind(lang: str) -> Callable[..., str]:
    """``tr = bind(lang)``; then ``tr("report.title", project=name)``."""

    def tr(key: str, /, **params: object) -> str:
        return translate(key, lang, **params)

    return tr


def choice(prefix: str, value: str, lang: str, /, **params: object) -> str:
    """Display name of ``value`` in one of the closed enumerations of :data:`ENUMS`."""
    if value not in ENUMS[prefix]:
        raise KeyError(f"'{value}' is not one of {prefix}*")
    return translate(prefix + value, lang, **params)


LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def number(value: float, lang: str, /, digits: int = 1, *, fixed: bool = False) -> str:
    """``value`` rounded to ``digits`` decimals as readers of ``lang`` write it ("1,5" in Swedish).

    Babel knows each locale's marks. Whole numbers lose their decimals ("2", not "2,0")
    unless ``fixed`` asks for a column of means that all show the same precision.
    """
    from decimal import ROUND_HALF_UP, Decimal

    from babel.numbers import format_decimal

    # Half up, as readers of a report round by hand (Babel alone would round half to even).
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits > 0 else "")
    return format_decimal(rounded, format=pattern, locale=LOCALES.get(lang, LOCALES[DEFAULT]))


def placeholders(template: str) -> set[str]:
    """Names of the ``{placeholders}`` in a string (for checks and tests)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}


def add(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Add texts at run time (``{key: {lang: text}}``); a key defined twice is an error.

    Only for tables that still live in code; ``python -m sigqual.i18n.extract``
    moves them into the .po files.
    """
    texts = catalogue()
    clash = sorted(k for k in strings if k in texts[DEFAULT])
    if clash:
        raise ValueError(f"text keys defined twice: {', '.join(clash)}")
    for key, entry in strings.items():
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        if missing:
            raise ValueError(f"text '{key}' lacks {', '.join(missing)}")
    with _lock:
        for key, entry in strings.items():
            for lang in LANGUAGES:
                texts[lang][key] = entry[lang]
                _added[lang][key] = entry[lang]


class Message(str):
    """A text for the user (an import warning, a refusal) that is its English wording
    everywhere a plain string is expected, and remembers its message id and parameters
    so the UI can show it in its own language with :func:`localise`."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, /, **params: object) -> Message:
        english = translate(msgid, "en", **params)
        made = super().__new__(cls, english)
        made.msgid = msgid
        made.params = params
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return _message, (self.msgid, self.params)

    def render(self, lang: str) -> str:
        return translate(self.msgid, lang, **_localised(self.params, lang))


def _message(msgid: str, params: dict[str, object]) -> Message:
    return Message(msgid, **params)


def localise(text: object, lang: str) -> str:
    """A :class:`Message` or error in ``lang``; any other text as it is."""
    if isinstance(text, Message):
        return text.render(lang)
    if isinstance(text, BaseException):
        return describe_error(text, lang)
    return str(text)


def describe_error(err: BaseException, lang: str) -> str:
    """An error as a user of ``lang`` should read it: where, then the problem.

    A :class:`~sigqual.errors.SigqualError` with a message id is rendered from the
    catalogue, including its location ("rad"/"line", "fält"/"field"); any other
    error falls back to its English ``str()``.
    """
    from ..errors import SigqualError

    if not isinstance(err, SigqualError):
        return str(err)
    return _render(err, lang)


def _render(err: SigqualError, lang: str) -> str:
    if err.msgid:
        message = translate(err.msgid, lang, **_localised(err.params, lang))
    else:
        message = err.message
    parts = []
    if err.file:
        parts.append(err.file + (f":{err.line}" if err.line is not None else ""))
    elif err.line is not None:
        parts.append(translate("error.where.line", lang, line=err.line))
    if err.field:
        parts.append(translate("error.where.field", lang, field=err.field))
    if err.segment:
        parts.append(translate("error.where.segment", lang, segment=err.segment))
    where = " ".join(parts)
    rendered = f"{where}: {message}" if where else message
    if err.details:
        rendered += "\n" + "\n".join(f"  - {_detail(d, lang)}" for d in err.details)
    return rendered


def _detail(detail: object, lang: str) -> str:
    from ..errors import SigqualError

    return _render(detail, lang) if isinstance(detail, SigqualError) else str(detail)


def _localised(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """Parameters that are errors themselves are rendered in ``lang`` too."""
    from ..errors import SigqualError

    # Errors, :class:`Message` and other values with ``render(lang)`` follow the language.
    return {k: _render(v, lang) if isinstance(v, SigqualError)
            else v.render(lang) if callable(getattr(v, "render", None)) else v for k, v in params.items()}


class ByLanguage(Mapping[str, Any]):
    """A table of catalogue texts shaped as code uses it (a dict of texts, a tuple or one text),
    indexed by language: ``WORDS.get(lang, WORDS["sv"])["month"]``.

    For modules that pick a whole set of labels for one language at once. The texts stay
    templates (filled by the caller), and are looked up on first use, not at import.
    """

    def __init__(self, spec: Mapping[str, Any] | tuple[str, ...] | str) -> None:
        self._spec = spec
        self._made: dict[str, Any] = {}

    def __getitem__(self, lang: str) -> Any:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        if lang not in self._made:
            self._made[lang] = _shaped(self._spec, lang)
        return self._made[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def _shaped(spec: Any, lang: str) -> Any:
    if isinstance(spec, str):
        return text(spec, lang)
    if isinstance(spec, tuple):
        return tuple(_shaped(part, lang) for part in spec)
    return {name: _shaped(part, lang) for name, part in spec.items()}
