"""Personal names, schools, municipalities and city districts in Swedish speech.

Names come from two kinds of evidence that are combined per token: the bundled
lists (first names, surnames, surname shapes such as ``-sson`` or ``-ović``) and
the position in the sentence ("heter X", "min son X", "handläggaren X", "X sa",
"X, kan du ...?"). Capitalisation only counts in the middle of a sentence; a
capitalised word that opens a sentence and is also an ordinary Swedish word
("Per månad", "Hans mamma", "Bo i samma område") needs context to count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import Lexicon, fold, is_dictionary_word, is_ordinary_word
from .model import Finding

_TOKEN = re.compile(r"[^\W\d_]+(?:['’:-][^\W\d_]+)*")
_SENTENCE_END = ".!?:;…\n"
_SKIP_BEFORE = " \t\"'«»”“‘’()[]–—-*"

# Words after which the next word is the name itself.
_NAMING = {"heter", "hette", "kallas", "kallades", "kallad", "heta"}
_NAMING_PAIRS = {("namn", "är"), ("namnet", "är"), ("kallar", "sig"), ("kallar", "honom"),
                 ("kallar", "henne"), ("kallade", "sig"), ("kallade", "honom"), ("kallade", "henne"),
                 ("vid", "namn"), ("kallas", "för"), ("kallar", "mig"), ("kalla", "honom"),
                 ("kalla", "henne"), ("kalla", "sig"), ("kalla", "mig")}
# People named by their relation or role: "min son X", "handläggaren X", "mamman, X,".
_RELATIONS = frozenset("""
son sonen söner sönerna dotter dottern döttrar bror brodern brorsan brorsa lillebror lillebrorsan
storebror storebrorsan syster systern syrran syrra lillasyster storasyster mamma mamman pappa
pappan morsan farsan man mannen fru frun sambo sambon pojkvän pojkvännen flickvän flickvännen
kompis kompisen kompisar polare polaren kusin kusinen barn barnet barnen pojke pojken flicka
flickan kille killen tjej tjejen grabb grabben unge ungen farmor mormor farfar morfar moster
faster morbror farbror styvpappa styvmamma bonuspappa bonusmamma vän vännen granne grannen elev
eleven eleverna ungdomen klient klienten handläggare handläggaren socialsekreterare
socialsekreteraren kurator kuratorn rektor rektorn lärare läraren mentor mentorn fältare
fältaren fältassistent fältassistenten fältsekreterare fältsekreteraren polis polisen
närpolis närpolisen kontaktperson kontaktpersonen samordnare samordnaren projektledare
projektledaren chef chefen enhetschef enhetschefen psykolog psykologen skolsköterskan
sjuksköterskan fritidsledare fritidsledaren tränare tränaren coach coachen advokat advokaten
åklagare åklagaren utredare utredaren familjebehandlare familjebehandlaren behandlare
behandlaren ordförande ordföranden assistent assistenten kollega kollegan kollegor handledare
handledaren tolk tolken läkare läkaren doktor doktorn terapeut terapeuten frivårdsinspektör
inspektör inspektören medarbetare sekreterare sekreteraren ledare ledaren pastor imam imamen
präst prästen resursperson mamman pappan föräldern vårdnadshavare vårdnadshavaren
""".split())
_POSSESSIVES = frozenset("min mitt mina din ditt dina hans hennes deras vår vårt våra er ert era sin "
                         "sitt sina".split())
# Verbs and words that follow a person's name as its subject: "X sa", "X har".
_AFTER_NAME = frozenset("""
sa sade säger tyckte tycker tänkte tänker berättade berättar frågade frågar svarade svarar ringde
ringer skrev skriver kom kommer gick går har hade är var blev blir ska skulle kan kunde vill ville
måste fick får brukar brukade jobbar jobbade arbetar arbetade bor bodde hängde hänger menade menar
lovade lovar gjorde gör vet visste verkar verkade satt sitter började börjar slutade slutar träffade
träffar pratade pratar hjälpte hjälper hämtade hämtar tog tar såg ser hörde hör fattade förstod
grät skrattade kände känner orkade orkar vågade vågar mådde mår sade sov åkte åker flyttade flyttar
""".split())
_ORG_AFTER = frozenset("""
polisen skolan soc socialtjänsten fritid fritidsgården styrgruppen projektgruppen bup kommunen
gruppen föräldragruppen kriminalvården frivården skolhälsovården elevhälsan fältgruppen fältarna
ungdomsmottagningen vården regionen landstinget mottagningen familjeenheten ungdomsenheten
""".split())
_SUBJECT_PRONOUNS = frozenset("jag du han hon vi ni dom de det den man hen detta".split())
_PRONOUNS_AFTER_AND = frozenset("jag han hon vi dom de hen du ni".split())
# Month names that are also given names ("Maj", "Juni") open sentences as months.
_MONTHS = frozenset("april maj juni juli augusti mars".split())
# Listed names that are mostly adverbs or determiners at the start of a sentence
# ("Sen kom sommaren", "Inga var hemma"): a following verb proves nothing.
_FUNCTION_WORDS = frozenset("sen inga ena era ba sy le do ho ma he dina mina sina".split())
_LOCATIVE = frozenset("i på från till mot vid utanför nära runt kring genom mellan bort hemma ut "
                      "in upp ner ifrån åt".split())
_VOCATIVE_FOLLOW = frozenset("kan kunde vill har är du ni tack vad hur jag vi skulle ska får "
                             "berätta säg hej".split())
_SURNAME_SHAPES = re.compile(
    r"(?:[a-zåäö]{2,}sson|[a-zšžčćđ]{2,}(?:ović|ević|vić|ovic|evic|ić|ic)|[a-ząćęłńóśźż]{2,}"
    r"(?:ski|ska|cki|cka|dzki|wicz|czyk|czak)|[a-zäö]{2,}(?:ainen|äinen|onen|önen|anen|änen|unen|ynen)"
    r"|[a-zı]{2,}(?:oğlu|oglu)|[a-z]{3,}(?:zadeh|zada|pour|nejad|nezhad|zai|zay|ullah|ollah)"
    r"|(?:lind|berg|sjö|ny|öst|väst|norr|söder|hag|holm|ek|al|ask|björk|gran|tall|ros|blom|lil|dal"
    r"|fors|ström|strand|sand|sten|malm|kull|ljung|löv|löf|lund|hed|myr|wall|zetter|wester|öster"
    r"|ahl|alm|asp|bäck|dahl|eng|fager|falk|fjäll|gull|hall|hammar|hell|hjelm|hög|klint|kron"
    r"|lager|lilje|mal|nord|palm|rosen|rud|sköld|skog|stor|sund|svan|thor|tor|vik|åker|örn|borg"
    r"|ljung|näs|gren|kvarn|lövgren|sjö|ekel|berglind|wik|häll|åhl|lundh|grön|sol)"
    r"(?:berg|bergs|ström|gren|qvist|kvist|quist|lund|dahl|dal|holm|blad|mark|stedt|sten|bäck|bom"
    r"|borg|fors|hag|hed|man|ander|ell|lin|löf|vall|ling|gård|by|näs|sjö|vik|ros|roth|rot|berger"
    r"|lind|ner|mo|stam|strand|skog|ås|lid|feldt|felt|green|stad|hammar|feldt))$"
)
_AL_PREFIX = re.compile(r"^(?:al|el|abu|abd|abdul|abdel|bin|ben|ibn|ould)-[^\W\d_]{2,}$", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    folded: str
    capital: bool
    sentence_start: bool

    @property
    def all_caps(self) -> bool:
        return self.text.isupper() and len(self.text) > 1


def tokenize(text: str) -> list[Token]:
    """Word tokens with whether each opens a sentence (or a speaker's turn)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        i = m.start() - 1
        while i >= 0 and text[i] in _SKIP_BEFORE:
            i -= 1
        opens = i < 0 or text[i] in _SENTENCE_END or text[max(0, i - 2):i + 1] == "..."
        out.append(Token(m.start(), m.end(), word, fold(word), word[:1].isupper(), opens))
    return out


def _genitive_base(token: Token, known: frozenset[str] | set[str]) -> str | None:
    """``"ahmed"`` for "Ahmeds" when only the base form is a known entry."""
    f = token.folded
    if f in known:
        return f
    if len(f) > 3 and f.endswith("s") and f[:-1] in known:
        return f[:-1]
    return None


def _compound_of_word(tok: Token) -> bool:
    """ "SiS-hem", "SSP-samarbetet": an acronym or a common word joined by a hyphen."""
    if "-" not in tok.text and ":" not in tok.text:
        return False
    parts = re.split(r"[-:]", tok.text)
    return (parts[0].isupper() and len(parts[0]) > 1) or (parts[-1].islower() and is_ordinary_word(parts[-1]))


def _shape_surname(word: str) -> bool:
    return bool(_SURNAME_SHAPES.match(word.casefold()) or _AL_PREFIX.match(word))


class NameScanner:
    """Finds names, places and schools in one text with the shared lexicon."""

    def __init__(self, text: str, lex: Lexicon, extra_names: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.lex = lex
        self.extra = extra_names
        self.tokens = tokenize(text)
        self.blocked = self._phrase_spans()
        self.name_lists = lex.first_names | lex.surnames | extra_names

    # -- helpers -----------------------------------------------------------------------
    def _phrase_spans(self) -> list[tuple[int, int]]:
        """Spans of organisation names such as "Maria Ungdom" that hold no personal name."""
        spans = []
        low = self.text.casefold()
        for phrase in self.lex.phrases:
            start = low.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                whole_word = (start == 0 or not low[start - 1].isalnum()) and (
                    end == len(low) or not low[end].isalnum())
                if whole_word:
                    spans.append((start, end))
                start = low.find(phrase, end)
        return spans

    def _blocked(self, tok: Token) -> bool:
        return any(s <= tok.start and tok.end <= e for s, e in self.blocked)

    def _prev(self, i: int, n: int = 1) -> Token | None:
        j = i - n
        return self.tokens[j] if j >= 0 else None

    def _next(self, i: int, n: int = 1) -> Token | None:
        j = i + n
        return self.tokens[j] if j < len(self.tokens) else None

    def _gap(self, a: Token, b: Token) -> str:
        return self.text[a.end:b.start]

    def _adjacent(self, a: Token | None, b: Token | None, allow: str = " ") -> bool:
        """True when only spaces (or the characters in ``allow``) separate ``a`` and ``b``."""
        if a is None or b is None:
            return False
        gap = self._gap(a, b)
        return len(gap) <= 3 and all(c in allow or c == " " for c in gap) and "\n" not in gap

    def _naming_before(self, i: int) -> bool:
        p1, p2 = self._prev(i), self._prev(i, 2)
        if p1 and self._adjacent(p1, self.tokens[i]) and p1.folded in _NAMING:
            return True
        return bool(p1 and p2 and self._adjacent(p2, p1) and self._adjacent(p1, self.tokens[i])
                    and (p2.folded, p1.folded) in _NAMING_PAIRS)

    def _relation_before(self, i: int) -> bool:
        p1 = self._prev(i)
        if p1 is None or p1.folded not in _RELATIONS or p1.capital and not p1.sentence_start:
            return False
        return self._adjacent(p1, self.tokens[i], allow=",")

    def _cue_after(self, i: int) -> bool:
        """The word after the token makes it the subject or a person: "X sa", "X från polisen"."""
        tok, n1, n2 = self.tokens[i], self._next(i), self._next(i, 2)
        if n1 is None or not self._adjacent(tok, n1):
            return False
        if n1.folded in _AFTER_NAME and not n1.capital:
            # "Sen gick vi": a pronoun right after the verb is the subject, so the
            # opening word was an adverb (Swedish puts the verb second), not a name.
            return not (n2 is not None and self._adjacent(n1, n2) and n2.folded in _SUBJECT_PRONOUNS)
        if n1.folded in ("och", "eller") and n2 is not None and self._adjacent(n1, n2):
            if n2.folded in _PRONOUNS_AFTER_AND:
                return True
            return n2.capital and _genitive_base(n2, self.name_lists) is not None
        if n1.folded in ("från", "på") and n2 is not None and self._adjacent(n1, n2):
            return n2.folded in _ORG_AFTER
        return False

    def _vocative(self, i: int) -> bool:
        """Addressing someone: "Linnea, kan du ...?" or "..., Hassan?"."""
        tok = self.tokens[i]
        after = self.text[tok.end:tok.end + 2]
        if tok.sentence_start and after.startswith(","):
            n1 = self._next(i)
            line_end = self.text.find("\n", tok.end)
            rest = self.text[tok.end:line_end if line_end >= 0 else len(self.text)]
            sentence = re.split(r"[.!]", rest, maxsplit=1)[0]
            return bool(n1 and n1.folded in _VOCATIVE_FOLLOW and "?" in sentence) or (
                bool(n1) and n1.folded in ("då", "tack") )
        before = self.text[max(0, tok.start - 2):tok.start]
        return before.endswith(", ") and after[:1] in ("?", "!", ".")

    def _locative_before(self, i: int) -> bool:
        p1 = self._prev(i)
        return bool(p1 and p1.folded in _LOCATIVE and self._adjacent(p1, self.tokens[i]))

    def _speaker_label(self, i: int) -> bool:
        tok = self.tokens[i]
        line_start = self.text.rfind("\n", 0, tok.start) + 1
        label_end = self.text.find(":", tok.end, tok.end + 40)
        if self.text[line_start:tok.start].strip() or label_end < 0:
            return False
        label = self.text[tok.start:label_end]
        return "\n" not in label and len(label.split()) <= 2 and all(w[:1].isupper() for w in label.split())

    # -- names ------------------------------------------------------------------------
    def names(self) -> Iterator[Finding]:
        decided: dict[int, Finding] = {}
        for i in range(len(self.tokens)):
            found = self._name_at(i)
            if found is not None:
                decided[i] = found
        # A capitalised unknown word next to a name is its other half ("Anna Kowalczyk").
        for i in sorted(decided):
            for j in (i - 1, i + 1):
                if j in decided or not 0 <= j < len(self.tokens):
                    continue
                other = self.tokens[j]
                a, b = (other, self.tokens[i]) if j < i else (self.tokens[i], other)
                if not (other.capital and self._adjacent(a, b)) or other.all_caps or len(other.text) < 2:
                    continue
                if other.folded in _RELATIONS or _compound_of_word(other):
                    continue
                if j < i and other.sentence_start and _genitive_base(other, self.name_lists) is None and (
                        is_ordinary_word(other.folded) or not self._is_surname(self.tokens[i])):
                    continue  # "Markus Lindgren" at a sentence start, but not "Hej Lindgren"
                if self._is_other_thing(other):
                    continue
                if is_ordinary_word(other.folded) and _genitive_base(other, self.name_lists) is None:
                    continue
                decided[j] = self._finding(other, 0.8, "next to a name")
        yield from (decided[i] for i in sorted(decided))

    def _is_surname(self, tok: Token) -> bool:
        return tok.folded in self.lex.surnames or _shape_surname(tok.text)

    def _is_other_thing(self, tok: Token) -> bool:
        """Listed as a non-name, a place, or inside an organisation's name."""
        lex = self.lex
        return (tok.folded in lex.not_names or self._blocked(tok)
                or lex.place_kind(tok.folded) is not None and tok.folded not in self.name_lists)

    def _finding(self, tok: Token, confidence: float, reason: str) -> Finding:
        """A name finding that leaves a genitive -s outside the span ("[Namn 1]s mamma")."""
        end = tok.end
        if tok.folded not in self.name_lists and _genitive_base(tok, self.name_lists):
            end -= 1
        return Finding(tok.start, end, "name", self.text[tok.start:end], confidence, reason)

    def _name_at(self, i: int) -> Finding | None:
        tok = self.tokens[i]
        lex = self.lex
        base = _genitive_base(tok, self.name_lists)
        if tok.folded in self.extra or base in self.extra:
            return self._finding(tok, 0.99, "project name list")
        if self._blocked(tok):
            return None
        if self._naming_before(i):
            if tok.capital or (base is not None and not is_ordinary_word(tok.folded)):
                return self._finding(tok, 0.95, "after a naming verb")
            return None
        if not tok.capital:
            if self._relation_before(i) and base is not None and not is_ordinary_word(tok.folded):
                return self._finding(tok, 0.7, "lower-case name after a relation word")
            return None
        if len(tok.text) < 2 or tok.all_caps and base is None or _compound_of_word(tok):
            return None
        if tok.folded in lex.not_names or (base is None and self._is_other_thing(tok)):
            return None
        if self._relation_before(i):
            if base is not None or not is_ordinary_word(tok.folded):
                return self._finding(tok, 0.9, "after a relation or role word")
        place = lex.place_kind(tok.folded) or (lex.place_kind(tok.folded[:-1]) if tok.folded.endswith("s")
                                               else None)
        ambiguous = tok.folded in lex.ambiguous or (base is not None and base in lex.ambiguous)
        cue = self._cue_after(i) or self._vocative(i)
        if place is not None and (self._locative_before(i) or not cue):
            return None  # a place, reported by places()
        if base is not None:
            if not ambiguous:
                confidence = 0.85 if tok.sentence_start else 0.9
                return self._finding(tok, confidence, "listed name")
            if not tok.sentence_start:
                return self._finding(tok, 0.75, "listed name, capitalised mid-sentence")
            if cue and tok.folded not in _MONTHS | _FUNCTION_WORDS or self._speaker_label(i):
                return self._finding(tok, 0.7, "listed name with a name context")
            return None
        if _shape_surname(tok.text) and not is_dictionary_word(tok.folded):
            return self._finding(tok, 0.8, "surname shape")
        if is_ordinary_word(tok.folded):
            return None
        if tok.sentence_start:
            if cue:
                return self._finding(tok, 0.6, "unknown word in a name position")
            if self._speaker_label(i):
                return self._finding(tok, 0.6, "speaker label")
            return None
        if cue:
            return self._finding(tok, 0.75, "capitalised word in a name position")
        return self._finding(tok, 0.55, "capitalised unknown word mid-sentence")

    # -- places -----------------------------------------------------------------------
    def places(self) -> Iterator[Finding]:
        lex = self.lex
        taken: list[tuple[int, int]] = []
        low = self.text.casefold()
        for phrase, kind in lex.place_phrases:
            for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}s?(?![\w-])", low):
                if not self.text[m.start()].isupper():
                    continue
                end = m.end() - (1 if m.group(0).endswith("s") and not phrase.endswith("s") else 0)
                taken.append((m.start(), end))
                yield Finding(m.start(), end, kind, self.text[m.start():end], 0.9, f"listed {kind}")
        for i, tok in enumerate(self.tokens):
            if not tok.capital or any(s <= tok.start < e for s, e in taken):
                continue
            folded = tok.folded
            kind = lex.place_kind(folded)
            end = tok.end
            if kind is None and folded.endswith("s") and len(folded) > 4:
                kind = lex.place_kind(folded[:-1])
                end -= 1
            if kind is None or folded in lex.not_names:
                continue
            is_name = folded in self.name_lists or folded[:-1] in self.name_lists
            nxt = self._next(i)
            official = nxt is not None and nxt.folded in ("kommun", "kommuns", "stad", "stads", "län")
            if is_name and not (self._locative_before(i) or official) and (
                    self._cue_after(i) or self._relation_before(i) or self._naming_before(i)):
                continue  # "Nora har varit sjuk": the person, reported by names()
            ambiguous = folded in lex.ambiguous or folded[:-1] in lex.ambiguous
            if ambiguous and not (self._locative_before(i) or official):
                continue
            confidence = 0.9 if not tok.sentence_start else 0.8
            yield Finding(tok.start, end, kind, self.text[tok.start:end], confidence, f"listed {kind}")

    # -- schools ----------------------------------------------------------------------
    def schools(self) -> Iterator[Finding]:
        for m in _SCHOOL_WORD.finditer(self.text):
            prefix = m.group("prefix").rstrip("-").casefold()
            if len(prefix) < 3 or prefix in _GENERIC_SCHOOL or is_ordinary_word(prefix) and \
                    self._opens_sentence(m.start()) and prefix not in self.lex.districts:
                continue
            yield Finding(m.start(), m.end(), "school", m.group(0), 0.85, "school name")
        for m in _SCHOOL_PHRASE.finditer(self.text):
            words = m.group("words").split()
            first = fold(words[0])
            if first in _NOT_SCHOOL_OPENERS:
                continue
            if len(words) == 1 and _genitive_base(_word_token(words[0]), self.lex.first_names) and \
                    first not in self.lex.districts and first[:-1] not in self.lex.districts:
                continue  # "Ahmeds skola" is the school a person goes to, not its name
            if self._opens_sentence(m.start()) and is_ordinary_word(first) and len(words) == 1:
                continue
            yield Finding(m.start(), m.end(), "school", m.group(0), 0.85, "school name")

    def _opens_sentence(self, pos: int) -> bool:
        i = pos - 1
        while i >= 0 and self.text[i] in _SKIP_BEFORE:
            i -= 1
        return i < 0 or self.text[i] in _SENTENCE_END


_SCHOOL_WORD = re.compile(
    r"(?<![\w-])(?P<prefix>[A-ZÅÄÖ][a-zåäöéü]+(?:s|-)?)(?:skolan|skola|gymnasiet|gymnasium|skolorna)(?![\w])"
)
_SCHOOL_PHRASE = re.compile(
    r"(?<![\w-])(?P<words>(?:[A-ZÅÄÖ][\wåäöéü-]+ ){1,3})(?:skola|skolan|Skolan|Skola|gymnasium|gymnasiet|"
    r"Gymnasium|Gymnasiet|gymnasieskola|friskola|grundskola|förskola|högstadieskola)(?![\w])"
)
_GENERIC_SCHOOL = frozenset("""
grund gymnasie hög folkhög sär för fri mellanstadie högstadie lågstadie låg mellan resurs sommar
kultur musik språk kör trafik hem special internat yrkes vuxen kommunal privat dans teater konst
idrotts fotbolls sim ny nya gamla bibel söndags dag natt stor små liten egen annan vanlig vanliga
kommunala real praktisk fjärr distans hel halv klass läs skriv dröm rätt bästa vår min din
sjukhus grundsär gymnasiesär träning tränings lek lekskolan simskol körskol rid rids dator
friskole sommarskol läx läxhjälp hemskol kommunens kommunala statliga mot dags f-9 f-6
""".split())
_NOT_SCHOOL_OPENERS = frozenset("""
den det min mitt mina vår vårt våra er ert din ditt deras hans hennes vilken vilket samma andra
nya gamla en ett denna detta här där alla varje ingen någon nån hela första sista nästa vanliga
kommunala privata stora lilla bra dålig dåliga egen ens hennes sin sitt annan annat och eller
men att om på i till från för med av som när
""".split())


def _word_token(word: str) -> Token:
    return Token(0, len(word), word, fold(word), word[:1].isupper(), False)


def scan_names(text: str, lex: Lexicon, extra_names: frozenset[str] = frozenset()) -> list[Finding]:
    """Names, places and schools of ``text`` (overlaps are resolved by the caller)."""
    scanner = NameScanner(text, lex, extra_names)
    return [*scanner.names(), *scanner.places(), *scanner.schools()]
