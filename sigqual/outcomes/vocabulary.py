"""Words evaluators write in register extracts and attendance lists, mapped to fields.

Column headers and event types are matched after folding (case, accents on å/ä/ö,
punctuation and spacing), so ``Polisanm.``, ``POLISANMÄLAN`` and ``PA`` all mean a police
report. Anything that does not match is shown in the import preview, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KINDS = ("cases", "events", "attendance")

POLICE = "polisanmalan"
CONCERN = "orosanmalan"
CONVICTION = "dom"
WAIVED = "atalsunderlatelse"
PLACEMENT = "placering"

# canonical key -> (Swedish label, English label)
EVENT_TYPES: dict[str, tuple[str, str]] = {
    POLICE: ("Polisanmälan", "Police report"),
    CONCERN: ("Orosanmälan", "Report of concern"),
    CONVICTION: ("Dom", "Conviction"),
    WAIVED: ("Åtalsunderlåtelse", "Prosecution waived"),
    PLACEMENT: ("Placering", "Placement"),
}

_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    POLICE: ("polisanmälan", "polisanmälningar", "polisanm", "pa", "polis", "police report",
             "police", "anmälan polis", "brottsanmälan", "polisanmält"),
    CONCERN: ("orosanmälan", "orosanmälningar", "orosanm", "oro", "oa", "report of concern",
              "concern", "anmälan om oro", "orosanmält"),
    CONVICTION: ("dom", "domar", "dömd", "conviction", "convicted", "lagakraftvunnen dom"),
    WAIVED: ("åtalsunderlåtelse", "åtalsunderlåtelser", "åu", "prosecution waived",
             "waived prosecution"),
    PLACEMENT: ("placering", "placerad", "placement", "hvb", "hvb-placering", "lvu"),
}

# field -> header spellings, per import kind
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "cases": {
        "case": ("ärende", "ärendenummer", "ärende id", "ungdom", "id", "case", "case id", "klient",
                 "pseudonym"),
        "start": ("start", "startdatum", "insatsstart", "start insats", "insats start", "start date",
                  "startdate", "intervention start"),
        "end": ("slut", "slutdatum", "insatsslut", "avslut", "avslutsdatum", "end", "end date",
                "intervention end"),
        "end_reason": ("slutorsak", "avslutsorsak", "orsak", "anledning till avslut", "end reason",
                       "reason"),
    },
    "events": {
        "case": ("ärende", "ärendenummer", "ärende id", "ungdom", "id", "case", "case id", "klient",
                 "pseudonym"),
        "date": ("datum", "date", "händelsedatum", "anmälningsdatum", "inkom", "inkommen", "event date"),
        "type": ("typ", "händelse", "händelsetyp", "anmälningstyp", "anmälan", "type", "event",
                 "event type"),
        "note": ("anteckning", "kommentar", "notering", "note", "comment"),
    },
    "attendance": {
        "case": ("ärende", "ärendenummer", "ärende id", "ungdom", "id", "case", "case id", "klient",
                 "pseudonym"),
        "meeting_date": ("mötesdatum", "datum", "möte", "date", "meeting date", "meeting"),
        "participant": ("deltagare", "namn", "person", "participant", "name", "närvarande"),
        "role": ("roll", "yrkesroll", "funktion", "role"),
        "organisation": ("organisation", "verksamhet", "myndighet", "förvaltning", "organization",
                         "agency"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "cases": ("case", "start"),
    "events": ("case", "date", "type"),
    "attendance": ("case", "meeting_date", "participant"),
}

# Free case attributes under a common name, so target-group tables find them.
ATTRIBUTE_ALIASES: dict[str, tuple[str, ...]] = {
    "kön": ("kön", "kon", "gender", "sex"),
    "ålder": ("ålder", "ålder vid start", "ålder vid insatsstart", "age", "age at start"),
    "område": ("område", "stadsdel", "kommundel", "bostadsområde", "area", "district"),
    "separerade_föräldrar": ("separerade föräldrar", "separerade_föräldrar", "föräldrar separerade",
                             "separated parents"),
    "tidigare_insatser": ("tidigare insatser", "tidigare_insatser", "tidigare insats",
                          "earlier interventions"),
    "missbruk": ("missbruk", "pågående missbruk", "drogbruk", "substance use"),
    "insats_del_av_dom": ("insats del av dom", "insats_del_av_dom", "del av påföljd",
                          "part of sentence"),
}

# Roles that are the family, not the professionals (excluded from Figure 4's counts).
FAMILY_ROLES = ("ungdom", "ungdomen", "youth", "förälder", "föräldrar", "mamma", "pappa", "mor",
                "far", "vårdnadshavare", "parent", "mother", "father", "styvförälder")

YES = ("ja", "j", "yes", "y", "1", "x", "sant", "true")
NO = ("nej", "n", "no", "0", "falskt", "false", "")


def fold(text: object) -> str:
    """Compare-friendly form: lower case, å/ä/ö kept apart from punctuation, one space."""
    value = unicodedata.normalize("NFC", str(text)).casefold().strip()
    value = value.replace("_", " ").replace("-", " ")
    value = re.sub(r"[.:]+$", "", value)
    value = re.sub(r"[.:]", " ", value)
    return " ".join(value.split())


def _plain(text: str) -> str:
    """Fold and drop the dots on å/ä/ö too, for spellings typed without them."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_TYPE_INDEX = {_plain(alias): key for key, aliases in _TYPE_ALIASES.items() for alias in aliases}
_TYPE_INDEX.update({_plain(label): key for key, (label, _en) in EVENT_TYPES.items()})
_TYPE_INDEX.update({key: key for key in EVENT_TYPES})


def event_type(text: object) -> str | None:
    """The canonical key for a type as written, or None when it is not a known type."""
    return _TYPE_INDEX.get(_plain(str(text)))


def type_label(key: str, lang: str = "sv") -> str:
    """A type's label; a type the user named is shown as written."""
    labels = EVENT_TYPES.get(key)
    if labels is None:
        return key
    return labels[1] if lang == "en" else labels[0]


def header_field(kind: str, header: str) -> str | None:
    """The field a column header means for this kind of file, or None."""
    wanted = _plain(header)
    for name, aliases in HEADERS[kind].items():
        if wanted in {_plain(a) for a in aliases}:
            return name
    return None


def attribute_name(header: str) -> str:
    """A case attribute's stored name: the common one when known, else the header as written."""
    wanted = _plain(header)
    for name, aliases in ATTRIBUTE_ALIASES.items():
        if wanted in {_plain(a) for a in aliases}:
            return name
    return " ".join(str(header).split())


@lru_cache(maxsize=4096)
def is_family_role(role: object) -> bool:
    return fold(role) in FAMILY_ROLES


def yes_no(value: object) -> bool | None:
    """``ja``/``nej`` (and the like) as a boolean; None for anything else."""
    folded = fold(value) if value is not None else ""
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None
