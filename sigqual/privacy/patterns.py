"""Pattern detectors: personnummer, phone numbers, e-mail, addresses, postcodes, dates, ages,
vehicle registration numbers, social-media handles and dates of birth.

Each detector takes the whole text and yields :class:`Finding` objects. Numbers are
checked, not only matched: a personnummer needs a real month and a real day (or day+60
for a samordningsnummer). A failed Luhn check digit only lowers the confidence,
because a mistyped personnummer in a transcript identifies the person just as well;
a run of digits that has the shape of a personnummer is never reported as a phone
number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Finding

# -- personnummer and samordningsnummer ------------------------------------------------
_PNR = re.compile(
    r"(?<![\w+/.,-])(?P<century>18|19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep> ?[-+\u2013] ?| ?)(?P<serial>\d{4})(?![\w/-]|[.,]\d)"
)
_PNR_CONTEXT = re.compile(
    r"(?:person|samordnings|pers\.?\s?)nr|personnumm|samordningsnumm|\bpnr\b|\bp-?nr\b|född|ID-?nummer",
    re.IGNORECASE,
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by Swedish personnummer (over the ten-digit form)."""
    if not digits.isdigit() or not digits:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def pnr_kind(value: str) -> str | None:
    """``"personnummer"``, ``"samordningsnummer"`` or None for an invalid number.

    Accepts ``YYMMDD-XXXX``, ``YYMMDD+XXXX``, ``YYYYMMDDXXXX`` and the forms between.
    """
    kind = pnr_shape(value)
    if kind is None:
        return None
    return kind if luhn_ok(_ten_digits(value)) else None


def _ten_digits(value: str) -> str:
    digits = re.sub(r"[\s+-]", "", value)
    return digits[2:] if len(digits) == 12 else digits


def pnr_shape(value: str) -> str | None:
    """Like :func:`pnr_kind` but without the check digit: the date part must be real."""
    digits = re.sub(r"[\s+-]", "", value)
    if len(digits) == 12 and digits[:2] not in ("18", "19", "20"):
        return None
    digits = _ten_digits(value)
    if len(digits) != 10 or not digits.isdigit():
        return None
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12:
        return None
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    if not 1 <= day <= _DAYS[month - 1]:
        return None
    return kind


def find_pnr(text: str) -> Iterator[Finding]:
    for m in _PNR.finditer(text):
        kind = pnr_shape(m.group(0))
        if kind is None:
            continue
        valid = luhn_ok(_ten_digits(m.group(0)))
        sep = m.group("sep")
        # A single space separates as well, unless the number could be a mobile number.
        separated = bool(sep.strip()) or (sep == " " and not m.group(0).startswith("0"))
        before = text[max(0, m.start() - 60):m.start()]
        context = bool(_PNR_CONTEXT.search(before))
        if not separated and not m.group("century"):
            # Ten bare digits are as likely a phone number: call it a personnummer
            # only when the text says so or it cannot be a Swedish phone number.
            if m.group(0).startswith("0") and not context:
                continue
            if not valid and not context:
                continue  # ten digits with a wrong check digit and no hint: too weak
            confidence = 0.9 if valid else 0.6
        else:
            confidence = 0.99 if valid else (0.8 if context else 0.65)
        reason = kind if valid else f"{kind} (check digit does not match: mistyped?)"
        yield Finding(m.start(), m.end(), "pnr", m.group(0), confidence, reason)


# -- phone numbers ---------------------------------------------------------------------
# Separators as people type them: space, hyphen, or a spaced en dash ("073 – 555 12 34").
_SEP = r"(?: ?[-\u2013] ?| )"
_PHONE = re.compile(
    rf"(?<![\w+/.,-])(?:(?:\+46|0046){_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{6,8}}"
    rf"|\(?0[1-9]\d{{0,3}}\)?(?:{_SEP}|/|\) ?)?\d(?:{_SEP}?\d){{4,7}})(?![\w]|[.,]\d|-\d)"
)
_PNR_SHAPE = re.compile(r"^(?:\d{6}|\d{8}) ?[-+] ?\d{4}$")
_PHONE_CONTEXT = re.compile(r"ring|nummer|telefon|tel\b|mobil|sms|nå mig|nås|kontakta|växel", re.I)


def find_phone(text: str) -> Iterator[Finding]:
    for m in _PHONE.finditer(text):
        value = m.group(0)
        digits = re.sub(r"\D", "", value)
        if _PNR_SHAPE.match(value):
            continue
        if value.startswith(("+", "00")):
            national = digits[2:] if value.startswith("+") else digits[4:]
            if not 7 <= len(national) <= 9:
                continue
        elif not 8 <= len(digits) <= 10:
            continue
        mobile = digits.startswith("07") or digits.startswith(("467", "00467"))
        spaced = any(c in value for c in " -/\u2013")
        before = text[max(0, m.start() - 50):m.start()]
        if mobile or spaced or _PHONE_CONTEXT.search(before):
            confidence = 0.95
        else:
            confidence = 0.7
        yield Finding(m.start(), m.end(), "phone", value, confidence, "phone number")


# -- e-mail ----------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])")


def find_email(text: str) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding(m.start(), m.end(), "email", m.group(0), 0.99, "e-mail address")


# -- street addresses and postcodes ----------------------------------------------------
_UP = "A-ZÅÄÖÉÜ"
_LOW = "a-zåäöéüæøß"
_SUFFIX = (
    r"(?:gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allé|allén|backe|backen|torget|torg|"
    r"plan|platsen|leden|stråket|gången|slingan|bågen|ringen|kajen|esplanaden|promenaden|"
    r"terrassen|kroken|höjden|liden|dalen|parken|tået|vägg)"
)
_NUMBER = r"\d{1,4}(?:-\d{1,4})?(?: ?[A-H](?![\w])|[a-h](?![\w]))?(?:,? (?:lgh|lägenhet) \d{3,4})?"
_STREET_WORD = rf"[{_UP}][{_LOW}{_UP}-]*?{_SUFFIX}"
_ADDRESS = re.compile(
    rf"(?<![\w-])(?:(?:S:t|St\.|Sankt|[{_UP}][{_LOW}]+s?) ){{0,3}}(?:{_STREET_WORD}"
    rf"|(?<= )(?:väg|gata|gränd|allé|backe|torg|plan|stig)) (?P<num>{_NUMBER})(?![\d:.,]\d)"
)
_RESIDENCE = re.compile(
    r"(?:\bbor|\bbodde|\bbott|\bflyttade|\bflyttat|\badress(?:en)?(?: är)?|\bhemma)\s+(?:\w+\s+)?"
    r"(?:på|till|vid|i)\s+$",
    re.IGNORECASE,
)
_BARE_STREET = re.compile(
    rf"(?<![\w-])[{_UP}][{_LOW}-]*?(?:gatan|vägen|gränd|gränden|stigen|allén|backen|torget)(?![\w])"
)
_POSTCODE = re.compile(
    rf"(?<![\w-])(?:SE-? ?)?(?P<code>[1-9]\d{{2}} ?\d{{2}})(?P<town>[ ]{{1,2}}[{_UP}][{_LOW}{_UP}-]+"
    rf"(?: [{_UP}][{_LOW}{_UP}-]+)?)?(?![\w])"
)


def find_addresses(text: str) -> Iterator[Finding]:
    for m in _ADDRESS.finditer(text):
        yield Finding(m.start(), m.end(), "address", m.group(0), 0.9, "street and number")
    for m in _BARE_STREET.finditer(text):
        if _RESIDENCE.search(text[max(0, m.start() - 40):m.start()]):
            yield Finding(m.start(), m.end(), "address", m.group(0), 0.7, "street where someone lives")


def find_postcodes(text: str, towns: frozenset[str]) -> Iterator[Finding]:
    """Five-digit postcodes followed by a town, or introduced by the word postnummer."""
    for m in _POSTCODE.finditer(text):
        town = (m.group("town") or "").strip()
        before = text[max(0, m.start() - 40):m.start()]
        after_address = bool(re.search(rf"{_SUFFIX} \d|\d[A-H]?,\s*$|\d [A-H],\s*$", before))
        if town and (town.casefold() in towns or town.split()[0].casefold() in towns
                     or town.isupper() or after_address):
            yield Finding(m.start(), m.end(), "postcode", m.group(0), 0.9, "postcode and town")
        elif re.search(r"postnummer|postnr", before, re.IGNORECASE):
            end = m.start("code") + len(m.group("code"))
            yield Finding(m.start(), end, "postcode", text[m.start():end], 0.85, "postcode")


# -- dates -----------------------------------------------------------------------------
_MONTHS = ("januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_ORDINAL = ("första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde|elfte|tolfte|"
            "trettonde|fjortonde|femtonde|sextonde|sjuttonde|artonde|nittonde|tjugonde|"
            "tjugo(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde)|trettionde|"
            "trettioförsta")
_DATE_PATTERNS = (
    (re.compile(r"(?<![\w-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])"), 0.95),
    (re.compile(r"(?<![\w./-])(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?:[/.-](?:19|20)?\d{2}|"
                r" (?:19|20)\d{2})?(?![\w./-]|\.\d)"), 0.7),
    (re.compile(rf"(?<![\w])(?:0?[1-9]|[12]\d|3[01])(?::e|:a|e)? (?:{_MONTHS})\.?(?: (?:19|20)\d{{2}})?"
                r"(?![\w])", re.IGNORECASE), 0.9),
    (re.compile(rf"(?<![\w])(?:{_MONTHS}) (?:19|20)\d{{2}}(?![\w])", re.IGNORECASE), 0.8),
    (re.compile(rf"(?<![\w])(?:{_ORDINAL}) (?:{_MONTHS})(?: (?:19|20)\d{{2}})?(?![\w])", re.IGNORECASE),
     0.85),
)
_BIRTH_YEAR = re.compile(r"\b(?:född|föddes|födelseår)(?: år| i| på)? (?P<year>(?:19|20)\d{2})\b", re.I)


def find_dates(text: str) -> Iterator[Finding]:
    for pattern, confidence in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = m.group(0)
            if confidence == 0.7 and re.fullmatch(r"\d{1,2}\.\d{1,2}", value):
                continue  # 08.30 is a time of day far more often than a date
            yield Finding(m.start(), m.end(), "date", value, confidence, "date")
    for m in _BIRTH_YEAR.finditer(text):
        yield Finding(m.start("year"), m.end("year"), "date", m.group("year"), 0.85, "year of birth")


# -- ages ------------------------------------------------------------------------------
_UNITS = ("ett|en|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|"
          "sjutton|arton|aderton|nitton")
_TENS = "tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio"
_NUMBER_WORD = rf"(?:(?:{_TENS})(?:{_UNITS})?|{_UNITS})"
_AGE_NUMBER = rf"(?:\d{{1,3}}|{_NUMBER_WORD})"
# "en"/"ett" are articles far more often than ages, so a bare one never counts.
_BARE_AGE = rf"(?:\d{{1,3}}|(?!(?:en|ett)\b){_NUMBER_WORD})"
_AGE_COMPOUND = re.compile(
    rf"(?<![\w])(?:\d{{1,3}}-?|{_NUMBER_WORD})(?:åring|åringen|åringar|åringarna|årig|åriga|årige)(?![\w])",
    re.IGNORECASE,
)
_SUBJECT = r"(?:han|hon|hen|jag|du|de|dom|vi|ni|som|(?-i:[A-ZÅÄÖ][a-zåäöé]+),?)"
_FILLER = r"(?:(?:väl|typ|nog|bara|kanske|runt|ungefär|ca|cirka|nästan|snart|redan|knappt|just|då|nu|inte|"\
          r"ju|liksom) )?"
_AGE_AFTER_VERB = re.compile(
    rf"(?:\b{_SUBJECT} (?:är|var|blir|blev)|\b(?:är|var|blir|blev) {_SUBJECT}|\bfyll(?:er|de|t|a|da)"
    rf"(?: {_SUBJECT})?(?: inte| just| snart| precis)?|\bålder(?:n)?(?: av| på| är)?|\bvid) "
    rf"{_FILLER}(?P<age>{_BARE_AGE})(?![.,:]\d)(?P<unit> år(?! sedan| sen| till| senare| tidigare"
    r"| efter| innan| i))?(?=[^\w ]|$| (?:då|när|nu|i|och|men|eller|så|typ|kanske|tror|snart|gammal"
    r"|gamla|än|ännu)\b)",
    re.IGNORECASE,
)
_AGE_WITH_UNIT = re.compile(rf"(?<![\w])(?P<age>{_AGE_NUMBER}) år(?= gammal| gamla| gammalt)", re.I)
_AGE_CHAIN = re.compile(rf"(?:,| och| eller| till|-) ?(?P<age>{_BARE_AGE})(?P<unit> år)?(?![\w])",
                        re.IGNORECASE)


def find_ages(text: str) -> Iterator[Finding]:
    for m in _AGE_COMPOUND.finditer(text):
        yield Finding(m.start(), m.end(), "age", m.group(0), 0.85, "age word")
    seen: set[int] = set()
    for pattern in (_AGE_AFTER_VERB, _AGE_WITH_UNIT):
        for m in pattern.finditer(text):
            if _AGE_AFTER_VERB is pattern and not m.group("unit") and m.group("age").isdigit() \
                    and int(m.group("age")) > 25:
                continue  # "hon var 40" is not worth a guess; "var 40 år" is caught
            start = m.start("age")
            end = m.end("unit") if m.groupdict().get("unit") else m.end("age")
            if start in seen:
                continue
            seen.add(start)
            yield Finding(start, end, "age", text[start:end], 0.75, "age after a verb")
            # "är fjorton och sjutton", "tolv, tretton år": the next number is an age too.
            chained = _AGE_CHAIN.match(text, end)
            if chained:
                c_end = chained.end("unit") if chained.group("unit") else chained.end("age")
                seen.add(chained.start("age"))
                yield Finding(chained.start("age"), c_end, "age", text[chained.start("age"):c_end],
                              0.7, "age in a list")


# -- vehicle registration numbers -----------------------------------------------------
# Swedish plates: three letters (no I, Q, V, Å, Ä, Ö), then two digits and a digit or a
# letter (not O): "ABC 123", "ABC 12D". Acronyms in capitals followed by a year or a
# paragraph number are excluded by the exact shape and the word boundaries.
_PLATE_LETTER = "A-HJ-PR-UW-Z"
_PLATE = re.compile(
    rf"(?<![\w-])(?P<plate>[{_PLATE_LETTER}]{{3}} ?\d{{2}}[\dA-HJ-NPR-UW-Z])(?![\w-]|[.,:]\d)"
)
_PLATE_CONTEXT = re.compile(r"\bbil|\breg|registrering|skylt|plåt|mopeden|mc\b|moped|körde|kör\b|fordon",
                            re.IGNORECASE)


def find_vehicles(text: str) -> Iterator[Finding]:
    for m in _PLATE.finditer(text):
        value = m.group("plate")
        if value[:3] in _NOT_PLATES:
            continue
        before = text[max(0, m.start() - 60):m.start()]
        confidence = 0.95 if _PLATE_CONTEXT.search(before) else 0.85
        yield Finding(m.start(), m.end(), "vehicle", value, confidence, "vehicle registration number")


# Upper-case words that are followed by three digits in ordinary text: laws, units, codes.
_NOT_PLATES = frozenset("""
SFS LVU LVM LSS SOL BUP MKR SEK EUR USD KAP NJA HFD ISO TCP KBT HVB SIS MST FFT SSP PMT ART TMO
PRT UNO FHM SCB BRA RFV AKM ANT SKR SKL SIG
""".split())


# -- social-media handles --------------------------------------------------------------
_HANDLE = re.compile(r"(?<![\w@.+-])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")


def find_handles(text: str) -> Iterator[Finding]:
    for m in _HANDLE.finditer(text):
        if m.group("name").isdigit():
            continue  # "@ 15" or "@15" is a price or a time, not an account
        yield Finding(m.start(), m.end(), "handle", m.group(0), 0.95, "social-media handle")


# -- dates of birth --------------------------------------------------------------------
_BIRTH_WORD = (r"(?:född|födde|föddes|f\.|födelsedag(?:en)?|födelsedatum(?:et)?|fdd|fyller år|"
               r"fyllde år)")
_BIRTH_DATE = (
    r"(?:(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?:(?:[-/.]| - | )(?:19|20)?\d{2}(?!\d))?"
    rf"|(?:0?[1-9]|[12]\d|3[01])(?::e|:a|e)? (?:{_MONTHS})\.?(?:,? (?:19|20)\d{{2}})?"
    rf"|(?:{_ORDINAL}) (?:{_MONTHS})(?: (?:19|20)\d{{2}})?)"
)
_BIRTHDATE = re.compile(
    rf"(?<![\w])(?P<cue>{_BIRTH_WORD})(?:\s*:|\s+(?:den|på|är|var|i|år))?\s*(?P<date>{_BIRTH_DATE})(?![\w/-]|\.\d)",
    re.IGNORECASE,
)


def find_birthdates(text: str) -> Iterator[Finding]:
    for m in _BIRTHDATE.finditer(text):
        if m.group("cue").lower() == "f." and not re.search(r"\d", m.group("date")):
            continue  # "f. fjärde maj" is not written; keep the abbreviation to numbers
        yield Finding(m.start("date"), m.end("date"), "birthdate", m.group("date"), 0.9, "date of birth")
