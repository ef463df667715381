"""Swedish word knowledge shared by the pipeline: frequencies, stop words, spoken forms.

Interview transcripts are spoken Swedish, so a plain written-language stop list and
lemmatiser miss forms such as "nåt", "dom" or "funkar". Everything here is loaded once
per process and kept in module-level caches; nothing touches the network.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.lang.sv.stop_words import STOP_WORDS

# spaCy's Swedish stop list holds words that carry meaning in evaluation interviews
# (timing, decisions, "right people", importance); they stay content words here.
_KEEP_AS_CONTENT = frozenset({
    "beslut", "beslutat", "beslutit", "tidig", "tidigare", "tidigast", "tidigt", "sent",
    "senare", "rätt", "möjlig", "möjligt", "viktig", "viktigt", "viktigare", "viktigast",
    "tillsammans", "dag", "dagar", "dagarna", "dagen", "del", "delen", "länge", "långt",
    "stor", "stora", "stort", "större", "störst", "liten", "lilla", "små", "mindre", "minst",
    "fler", "flera", "mer", "mera", "bättre", "sämre", "bra", "god", "goda", "gott", "lätt",
    "lättare", "enkel", "enkelt", "enkla", "högre", "hög", "högst", "första", "nödvändig",
    "nödvändigt", "kvar", "snabbare", "tack", "utanför", "hellre", "rakt",
})

# Fillers and discourse particles of spoken Swedish that say nothing about the topic.
_SPOKEN_FILLERS = frozenset({
    "typ", "liksom", "asså", "alltså", "ju", "väl", "nämligen", "eh", "ehm", "öh", "öhm",
    "mm", "mhm", "hm", "aa", "ah", "ja", "jaa", "jo", "nej", "nä", "näe", "okej", "ok",
    "sådär", "såhär", "sån", "sånt", "såna", "sådan", "sådant", "sådana", "grej", "grejer",
    "grejen", "faktiskt", "egentligen", "precis", "bara", "ganska", "lite", "sen", "sedan",
    "också", "där", "här", "man", "folk", "sak", "saker", "sätt", "gång", "gånger",
    "kanske", "nog", "tro", "tycka", "tänka", "säga", "veta", "ha", "vara", "bli", "få",
    "göra", "gå", "komma", "kunna", "vilja", "måste", "kolla", "hålla", "ta", "ge", "sitta",
    "stå", "ligga", "mena", "ens", "väldigt", "jätte", "himla", "såklart", "självklart",
})

STOP_WORDS_SV: frozenset[str] = frozenset((set(STOP_WORDS) - _KEEP_AS_CONTENT) | _SPOKEN_FILLERS)

# Spoken and colloquial spellings mapped to their written form before lemmatisation.
# "sen" is handled in context by the pipeline ("för sen" is late, otherwise "sedan").
SPOKEN_FORMS: dict[str, str] = {
    "nåt": "något", "nån": "någon", "nånting": "någonting", "nåra": "några",
    "nånstans": "någonstans", "nånsin": "någonsin",
    "dom": "de", "mej": "mig", "dej": "dig", "sej": "sig", "va": "vad",
    "å": "och", "o": "och", "asså": "alltså", "aså": "alltså", "int": "inte", "inge": "inget",
    "sån": "sådan", "sånt": "sådant", "såna": "sådana", "mkt": "mycket",
    "ba": "bara", "schysst": "schyst", "schyssta": "schysta",
    "funkar": "fungerar", "funkade": "fungerade", "funkat": "fungerat", "funka": "fungera",
    "funkis": "fungerande", "soc": "socialtjänsten", "socen": "socialtjänsten",
    "soc:s": "socialtjänstens", "socialen": "socialtjänsten", "snuten": "polisen",
    "snutar": "poliser", "snutarna": "poliserna", "aina": "polisen", "plugget": "skolan",
    "plugg": "skola", "polare": "kompisar", "polarna": "kompisarna", "bup:s": "bup",
    "bup:en": "bup",
}

# Surface forms that simplemma lemmatises wrongly in interview speech.
LEMMA_OVERRIDES: dict[str, str] = {
    "killar": "kille", "kändes": "kännas", "satt": "sitta", "brydde": "bry", "greps": "gripa",
    "träffades": "träffa", "sågs": "se", "fältarna": "fältare", "fältarn": "fältare",
    "knark": "knark", "låg": "ligga", "tidigare": "tidigare",
    "behövdes": "behöva", "behövs": "behöva", "fattas": "fattas", "vore": "vore",
    "ungdomsgården": "ungdomsgård", "fritidsgården": "fritidsgård", "gänget": "gäng",
    "föräldra": "förälder", "prov": "prov", "plan": "plan", "planer": "plan",
    "planen": "plan", "test": "test", "tester": "test", "testet": "test",
}

# Colloquial or variant lemmas mapped to the lemma the codebook most likely uses.
LEMMA_VARIANTS: dict[str, str] = {
    "funka": "fungera", "jobba": "arbeta", "jobb": "arbete", "kolla": "kontrollera",
    "snut": "polis", "soc": "socialtjänst", "socialen": "socialtjänst", "plugg": "skola",
    "polare": "kompis", "kille": "pojke", "grabb": "pojke", "tjej": "flicka", "unge": "barn",
    "snacka": "prata", "käka": "äta", "knarka": "knark", "mail": "mejl", "email": "mejl",
    "e-post": "mejl", "träff": "möte", "fältarbetare": "fältare", "fältassistent": "fältare",
}

# Words that the bundled domain uses as units but a general word list may rate rare.
DOMAIN_WORDS: tuple[str, ...] = (
    "insatsgrupp", "insatsgrupper", "projektgrupp", "styrgrupp", "socialtjänst",
    "samordnare", "kontaktperson", "kontaktsekreterare", "fältassistent", "fältarbete",
    "fritidsgård", "fritidsledare", "elevhälsa", "kurator", "rektor", "barnpsykiatri",
    "ungdomspsykiatri", "bup", "savry", "sekretess", "samtycke", "åtgärdsplan",
    "handlingsplan", "delmål", "insatsmöte", "nätverksmöte", "uppföljning", "projektplan",
    "projektmål", "projekttid", "yrkeskompetens", "yrkesroll", "arbetsroll", "brottsbakgrund",
    "provtagning", "drogtest", "urinprov", "kommungräns", "riskbedömning", "familjeperspektiv",
    "systemteori", "förvaltningschef", "nyckelperson", "nyckelposition", "praktikplats",
    "sommarjobb", "personkemi", "kontaktyta", "mötesstruktur", "möteskontor", "polis",
)

_DOMAIN_ZIPF = 3.5


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, float]:
    """Swedish word -> Zipf frequency from wordfreq, plus the domain words.

    Loaded once (about 0.3 s, 50 MB); the dictionary makes compound splitting a
    sequence of cheap lookups instead of calls into wordfreq's tokenizer.
    """
    from wordfreq import get_frequency_list

    # wordfreq stores words in buckets of one centibel: bucket i has frequency 10^(-i/100),
    # which is Zipf 9 - i/100; reading the buckets avoids a float conversion per word.
    table: dict[str, float] = {}
    for i, bucket in enumerate(get_frequency_list("sv")):
        zipf_value = 9.0 - i / 100.0
        for word in bucket:
            table.setdefault(word, zipf_value)
    for word in DOMAIN_WORDS:
        table[word] = max(table.get(word, 0.0), _DOMAIN_ZIPF)
    return table


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (0.0 when unknown); 7 is "och", 1 is very rare."""
    return zipf_table().get(word, 0.0)


def information(word: str) -> float:
    """How much a word says about a topic, from its general-language rarity.

    Frequent words ("bra", "tid") are weak evidence, rare content words ("narkotika",
    "sekretess") strong; unknown words count as rare but not extreme, since they are
    often misspellings or unsplit compounds.
    """
    z = zipf(word)
    if z <= 0.0:
        z = 2.5
    return min(1.6, max(0.25, (7.0 - z) / 3.0))


def is_stop(word: str) -> bool:
    """True for function words and spoken fillers that carry no topic."""
    return word in STOP_WORDS_SV


# Word forms with several everyday senses, only one of which (if any) is a code's topic:
# "drog" is a drug and the past of "dra" ("alla drog åt samma håll"), "dom" is "de" and
# a court ruling, "lugnt" is calm and "it's fine", "stöd" is support and a benefit.
# Such a word alone is weak evidence: its terms count at AMBIGUOUS_WEIGHT and it is not
# an informative word (Features.informative), so it cannot by itself make a suggestion
# confident. Matched on the lower-cased surface form and on the lemma.
AMBIGUOUS_WORDS: frozenset[str] = frozenset({
    "drog", "drogen", "dra", "dom", "domen", "lugn", "lugnt", "lugna", "stöd", "stödja",
    "håll", "hålla", "fall", "fallet", "lag", "laget", "rätt", "rätten", "läge", "läget",
    "plan", "planen", "kort", "hand", "handen", "tag", "taget", "sida", "sidan", "drag",
    "draget", "slag", "fast", "klar", "klart", "ställe", "gäng", "vård", "spel", "spela",
    "vakt", "vakten", "ton", "tonen", "åt", "kör", "köra", "gången", "kul",
})
AMBIGUOUS_WEIGHT = 0.35

# Talk about the interview itself (small talk at the start or end, asking for a
# question again): never the topic of a code.
META_WORDS: frozenset[str] = frozenset({
    "intervju", "intervjua", "intervjuare", "fråga", "frågan", "frågor", "upprepa",
    "inspelning", "spela", "mikrofon", "kaffe", "te", "förut", "tidigare", "väder", "vädret",
    "paus", "prata", "säga", "menar", "förstå", "förstår", "minns", "minnas", "komma",
    "tack", "ursäkta", "förlåt", "hörs", "höra", "ljud", "ljudet",
})


def is_ambiguous(lower: str, lemma_: str) -> bool:
    """True for a polysemous word form (see :data:`AMBIGUOUS_WORDS`)."""
    return lower in AMBIGUOUS_WORDS or lemma_ in AMBIGUOUS_WORDS


def is_meta(lower: str, lemma_: str) -> bool:
    """True for a word about the interview situation rather than its topic."""
    return lower in META_WORDS or lemma_ in META_WORDS
