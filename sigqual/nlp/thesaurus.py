"""A small Swedish thesaurus for the language of social work and youth interventions.

People say "pissprov", "drogtest" or "de testade honom" where a codebook says
"provtagning"; they say "eldsjälar" where it says "engagerade personer". Each concept
below groups words (or short phrases) that speakers use for one idea; a segment and a
code that share a concept get credit even when they share no word. The groups are
general domain knowledge written for Swedish interview language, not derived from any
codebook, so they apply to other SIG codebooks too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# concept -> words and phrases (base forms; phrases are matched on consecutive lemmas).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "drugs": (
        "narkotika", "knark", "knarka", "drog", "droger", "hasch", "cannabis", "marijuana",
        "gräs", "weed", "spice", "kokain", "amfetamin", "tablett", "missbruk", "missbrukare",
        "påverkad", "röka på", "drogfri", "ren", "drogbruk", "langa", "langning", "pundare",
        "beroende", "alkohol", "sprit", "full", "berusad",
    ),
    "testing": (
        "prov", "provtagning", "test", "testa", "drogtest", "urinprov", "kissprov", "pissprov",
        "blodprov", "lämna prov", "ta prov", "screening", "analys", "provsvar", "kontrollera",
    ),
    "supervision": (
        "kontroll", "koll", "övervakning", "övervaka", "bevaka", "uppsikt", "ögon", "gräns",
        "regel", "konsekvens", "påföljd", "sanktion", "utegångsförbud", "passa tider",
        "hålla koll", "ha koll", "hålla ögonen", "kolla", "rapportera", "se till",
    ),
    "attention": (
        "uppmärksamhet", "sedd", "bekräftelse", "bry sig", "intresse", "lyssna", "hörd",
        "centrum", "fokus", "viktig person", "brydd", "för hans skull", "för hennes skull",
        "märka", "notera",
    ),
    "honesty": (
        "ljuga", "lögn", "lögner", "ärlig", "ärlighet", "sanning", "sanningen", "slingra",
        "manipulera", "spela ut", "bluffa", "undanflykt", "ursäkt", "dölja", "lura", "smita",
        "gömma", "en sak till",
    ),
    "relations": (
        "personkemi", "kemi", "relation", "komma överens", "klicka", "förtroende", "tillit",
        "känna varandra", "kollega", "gemenskap", "samarbetsklimat", "trivas", "sams",
        "lita på", "stämning",
    ),
    "coordination": (
        "samordnare", "samordning", "samordna", "koordinator", "koordinera", "sammankallande",
        "ordförande", "projektledare", "hålla ihop", "kallelse", "kalla", "protokoll",
        "påminna", "boka",
    ),
    "in_person": (
        "fysisk", "träffas", "ses", "personligen", "ansikte", "samma rum", "runt bordet",
        "sitta tillsammans", "på plats", "mejl", "mejla", "telefon", "ringa",
    ),
    "speed": (
        "effektiv", "effektivitet", "snabb", "snabbt", "fort", "smidig", "spara tid",
        "direkt", "genast", "omedelbart", "kort väg", "snabbare", "kö", "vänta", "väntetid",
        "dröja", "långsam",
    ),
    "competence": (
        "yrkeskompetens", "kompetens", "expertis", "kunskap", "erfarenhet", "profession",
        "yrke", "yrkesroll", "perspektiv", "bidra", "yrkesgrupp", "specialist", "kunnig",
        "komma till tals", "kunna bäst",
    ),
    "network": (
        "kontaktyta", "kontaktnät", "nätverk", "kanal", "lära känna", "namn", "dörr",
        "veta vem", "ringa direkt", "kontakt", "känna folk",
    ),
    "structure": (
        "struktur", "strukturerad", "ordning", "reda", "dagordning", "agenda", "upplägg",
        "upplagd", "punkt", "rutin", "mall", "ram", "organisera", "organiserad", "disposition",
        "tidshållning", "hålla tiden", "ordning och reda", "tydlig", "genomgång",
    ),
    "flexibility": (
        "flexibel", "flexibilitet", "anpassa", "flytta", "ändra", "smidig", "akut", "följsam",
        "extra möte", "lägga in",
    ),
    "frequency": (
        "regelbunden", "regelbundet", "tät", "täta", "ofta", "varannan vecka", "varje vecka",
        "var tredje vecka", "kontinuerlig", "kontinuitet", "återkommande", "frekvent",
        "schema", "gång i månaden",
    ),
    "plan": (
        "åtgärdsplan", "handlingsplan", "plan", "genomförandeplan", "insatsplan", "planering",
        "svart på vitt", "nedskriven", "skriva ner", "dokumentera",
    ),
    "responsibility": (
        "ansvar", "ansvarsfördelning", "ansvara", "vem gör vad", "uppgift", "fördela",
        "åtagande", "skylla", "ansvarsområde", "ansvarig", "gränsdragning", "vems bord",
        "bolla", "dragkamp", "revir", "betala", "kostnad",
    ),
    "follow_up": (
        "uppföljning", "följa upp", "stämma av", "avstämning", "utvärdera", "återkoppla",
        "checka", "kolla av", "se över", "gå igenom", "sedan sist", "förra gången",
    ),
    "goals": (
        "mål", "delmål", "målsättning", "målbild", "syfte", "uppnå", "realistisk",
        "genomförbar", "konkret", "steg", "sikta", "delsteg", "nåbar",
    ),
    "older": (
        "äldre", "vuxen", "storebror", "rekrytera", "rekrytering", "dra med sig", "ledare",
        "gängledare", "tjugo", "över arton", "förebild", "styra",
    ),
    "girls": ("flicka", "tjej", "dotter", "kvinna", "syster", "genus", "kön"),
    "boys": ("pojke", "kille", "son", "grabb"),
    "fieldwork": (
        "fältarbete", "fält", "fältare", "gata", "ute", "centrum", "kväll", "helg",
        "uppsökande", "på plats", "där ungdomarna är", "ute på stan", "röra sig",
    ),
    "office": ("kontor", "skrivbord", "sitta inne", "lokal", "möteslokal", "möteskontor"),
    "role": (
        "arbetsroll", "roll", "uppdrag", "arbetsbeskrivning", "befogenhet", "oklar",
        "gränsdragning", "funktion", "arbetsuppgift", "yrkesroll", "otydlig",
    ),
    "mandate": (
        "mandat", "beslut", "beslutsfattare", "besluta", "befogenhet", "fatta beslut",
        "bestämma", "chef", "ledning", "besked", "beslutsrätt", "på stående fot",
    ),
    "stigma": (
        "stigmatisera", "stigmatiserande", "stämpel", "stämpla", "etikett", "utpekad",
        "peka ut", "skam", "stigma", "misstänkliggöra", "förhör", "anklaga", "negativ",
        "kriminalisera", "dömande",
    ),
    "venue": (
        "lokal", "plats", "ställe", "polishus", "polisstation", "hemma", "neutral",
        "mark", "träffas på", "möteslokal", "rum",
    ),
    "assessment": (
        "savry", "riskbedömning", "bedömning", "bedömningsinstrument", "instrument", "formulär",
        "skattning", "verktyg", "manual", "kartläggning", "risk",
    ),
    "family": (
        "familj", "familjeperspektiv", "förälder", "syskon", "mamma", "pappa", "hem",
        "föräldraskap", "bror", "syster", "anhörig", "hela familjen", "lillebror",
    ),
    "stability": (
        "stabilitet", "kontinuitet", "byta", "ersättare", "vikarie", "representant",
        "samma person", "ny person", "personalomsättning", "börja om", "en ny",
    ),
    "preparation": (
        "förberedelse", "förarbete", "planering", "planera", "genomtänkt", "genomarbetad",
        "tänka igenom", "innan", "start", "uppstart", "från början", "inledning",
    ),
    "information": (
        "information", "informera", "genomgång", "introduktion", "utbildning", "förklara",
        "informationsträff", "veta", "berätta", "brev", "kallelse", "förstå", "fatta",
    ),
    "learning": (
        "kunskap", "lära", "förståelse", "insikt", "inblick", "lära sig", "förstå",
        "bredare bild", "helhetsbild",
    ),
    "openness": (
        "högt i tak", "öppen", "öppenhet", "öppet klimat", "konstruktiv", "forum",
        "diskussion", "våga", "prata fritt", "lösning", "klimat", "tillåtande", "säga vad",
        "ta upp",
    ),
    "respect": (
        "respekt", "respektfull", "ton", "bemötande", "värdighet", "nedlåtande", "hållning",
        "förhållningssätt", "raljant", "prata om", "nedsättande", "schyst",
    ),
    "referral": (
        "insats", "behandling", "stöd", "remiss", "slussa", "hänvisa", "lots", "väg",
        "kontaktperson", "behandlingshem", "öppenvård",
    ),
    "confidentiality": (
        "sekretess", "sekretesslättnad", "samtycke", "tystnadsplikt", "sekretessregel",
        "integritet", "dela information", "medgivande", "sekretessbrytande", "prata fritt",
        "sekretessfråga",
    ),
    "uncertainty": (
        "ovisshet", "oviss", "osäker", "osäkerhet", "fortsätta", "permanent", "permanenta",
        "finansiering", "avsluta", "nedläggning", "läggas ner", "ingen vet", "finnas kvar",
    ),
    "representation": (
        "representation", "yrkesrepresentation", "rektor", "elevhälsa", "kurator", "lärare",
        "representerad", "skolledning", "saknas",
    ),
    "identification": (
        "namn", "ärende", "anmäla", "anmälan", "orosanmälan", "urval", "hitta", "identifiera",
        "fånga upp", "signalera", "tips", "föreslå",
    ),
    "motivation": (
        "motivera", "motvillig", "ovillig", "vägra", "tacka nej", "övertala", "ställa upp",
        "delta", "säga nej", "inte vilja", "lägga sig i", "ointresserad", "misstänksam",
    ),
    "practice": (
        "praktisk", "input", "verklighet", "fältet", "vardag", "tillfråga", "fråga oss",
        "golvet", "de som jobbar",
    ),
    "duration": (
        "kort", "projekttid", "resultat", "långsiktig", "hinna", "tidsbegränsad",
        "för lite tid", "pågå", "ett år",
    ),
    "feedback": (
        "återkoppling", "feedback", "rapport", "uppdatering", "höra av sig", "veta vad",
        "information", "få veta", "dagligt",
    ),
    "quality": (
        "kvalitet", "kvantitet", "antal", "djup", "hellre", "några få", "ordentligt",
        "halvdan", "många",
    ),
    "systems": (
        "systemteori", "systemteoretisk", "helhet", "sammanhang", "system", "omgivning",
        "helhetssyn", "kontext", "isolerat", "hela hans", "hela hennes", "nätverk",
    ),
    "leisure": (
        "kultur", "fritid", "fritidsgård", "fritidsledare", "fritidsförvaltning", "ungdomsgård",
        "förening", "idrott", "aktivitet", "sport", "fotboll", "gym", "träna",
    ),
    "anchoring": (
        "förankring", "förankra", "chef", "chefsnivå", "ledning", "förvaltningschef",
        "ledningsgrupp", "politiker", "ställa sig bakom", "uppifrån", "nämnd", "förvaltning",
    ),
    "engagement": (
        "engagemang", "engagerad", "eldsjäl", "brinna", "driv", "drivande", "motiverad",
        "nyckelperson", "entusiasm", "nyckelposition", "bära", "hjärta",
    ),
    "insight": (
        "insyn", "inblick", "vardag", "liv", "umgås", "bild", "veta mer", "hur de har det",
        "känna till",
    ),
    "resources": (
        "resurs", "arbetsomfattning", "timme", "personal", "underskatta", "belastning",
        "arbetsbörda", "räcka", "budget", "pengar", "avsätta", "utöver", "arbetstid",
    ),
    "municipality": (
        "kommun", "kommunöverskridande", "kommungräns", "stadsdel", "gräns", "flytta",
        "annan kommun", "över gränsen", "län",
    ),
    "proportion": (
        "proportion", "proportionerlig", "rimlig", "överdriven", "för mycket", "problembild",
        "allvar", "väl mycket", "relation till", "stå i proportion", "överreagera",
    ),
    "exaggeration": (
        "förstora", "överdriva", "småsak", "stor grej", "stor sak", "blåsa upp", "liten sak",
        "jätteallvarlig", "skriva upp", "överreagera", "bagatell",
    ),
    "relevance": (
        "relevans", "relevant", "onödig", "tillföra", "sitta med", "närvara", "för många",
        "säga ingenting", "varför sitta", "hälften", "ha med att göra",
    ),
    "psychiatry": (
        "bup", "psykiatri", "barnpsykiatri", "ungdomspsykiatri", "psykolog", "psykisk",
        "adhd", "diagnos", "må dåligt", "ångest", "depression", "oro", "sömn", "psykiskt",
        "psykiater", "neuropsykiatrisk",
    ),
    "timing": (
        "tidpunkt", "tidigt", "tidigare", "sent", "för sent", "ålder", "skede", "läge",
        "i tid", "dröja", "i rätt tid", "mellanstadiet", "högstadiet", "tolv", "tretton",
        "rätt läge", "grevens tid",
    ),
    "priorities": (
        "fokus", "prioritera", "viktigast", "huvudproblem", "kärna", "problemområde",
        "småsaker", "ta tag i", "två saker", "det viktigaste", "strunta i",
    ),
    "past_crime": (
        "brottsbakgrund", "bakgrund", "egen erfarenhet", "sitta inne", "före detta", "fängelse",
        "kriminell", "mentor", "varit där själv", "knep", "tricks", "gjort samma",
    ),
    "friends": (
        "kompis", "kamrat", "gäng", "umgänge", "umgås", "vän", "polare", "kompisgäng",
        "hänga med", "gänget", "fel folk",
    ),
    "break": ("paus", "bort", "borta", "ifrån", "iväg", "läger", "ta avstånd", "distans"),
    "work": (
        "praktik", "praktikplats", "jobb", "arbete", "sommarjobb", "anställning", "arbetsplats",
        "lön", "sysselsättning", "feriearbete", "verkstad", "lager", "arbetsförmedling",
    ),
    "support": (
        "stöd", "stötta", "hjälp", "hjälpa", "samtal", "må", "praktisk", "fixa", "följa med",
        "peppa", "boende", "ordna", "prata",
    ),
    "availability": (
        "finnas där", "ställa upp", "tillgänglig", "ringa", "när som helst", "bry sig",
        "ge upp", "alltid", "svara", "finnas till hands",
    ),
    "informed": (
        "insatt", "koll", "veta", "informerad", "känna till", "uppdaterad", "påläst",
        "läsa på", "veta allt",
    ),
    "change": (
        "förändring", "förändra", "skillnad", "bättre", "utveckling", "lugnare", "mogen",
        "skärpa sig", "vändning",
    ),
    "meeting": ("möte", "insatsmöte", "träff", "sammanträde", "mötas", "träffas", "ses"),
}


def _lemmas(phrase: str) -> tuple[str, ...]:
    """Lemma sequence of a thesaurus entry, analysed exactly like interview text."""
    from .pipeline import analyze

    return tuple(t.lemma for t in analyze(phrase) if t.is_word)


_Phrases = dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]


@lru_cache(maxsize=1)
def concept_index() -> tuple[dict[str, tuple[str, ...]], _Phrases]:
    """(lemma -> concepts, first lemma -> [(phrase lemmas, concepts)]), built once."""
    single: dict[str, list[str]] = {}
    phrases: dict[tuple[str, ...], list[str]] = {}
    for concept, entries in CONCEPTS.items():
        for entry in entries:
            seq = _lemmas(entry)
            if not seq:
                continue
            target = single.setdefault(seq[0], []) if len(seq) == 1 else phrases.setdefault(seq, [])
            if concept not in target:
                target.append(concept)
    firsts: _Phrases = {}
    for seq, concepts in phrases.items():
        firsts.setdefault(seq[0], []).append((seq, tuple(concepts)))
    return {k: tuple(v) for k, v in single.items()}, firsts


def concepts_of(lemma: str) -> tuple[str, ...]:
    """Concepts a single lemma belongs to."""
    return concept_index()[0].get(lemma, ())


def phrase_concepts(lemmas: Sequence[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Multi-word thesaurus phrases in a lemma sequence as (first index, end index, concepts).

    One other word may stand inside a phrase ("komma *bra* överens", "bryr *sig*").
    """
    firsts = concept_index()[1]
    out: list[tuple[int, int, tuple[str, ...]]] = []
    n = len(lemmas)
    for i, lem in enumerate(lemmas):
        for seq, concepts in firsts.get(lem, ()):
            j, k, gaps = i + 1, 1, 0
            while j < n and k < len(seq):
                if lemmas[j] == seq[k]:
                    k += 1
                elif gaps == 0:
                    gaps = 1
                else:
                    break
                j += 1
            if k == len(seq):
                out.append((i, j, concepts))
    return out
