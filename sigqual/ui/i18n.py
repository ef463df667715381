"""Every UI string in Swedish and English; Swedish is the default.

Codebook labels, captions of the report tables and transcript text are data and
are never translated here. Strings are Markdown and always go through
``str.format`` (literal braces are doubled); placeholders that carry user text must
be filled with escaped values by the caller.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable

from . import state

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # navigation and shell
    "nav.project": {"sv": "Projekt", "en": "Project"},
    "nav.codebook": {"sv": "Kodbok", "en": "Codebook"},
    "nav.tables": {"sv": "Tabeller", "en": "Tables"},
    "chrome.project": {"sv": "Projekt", "en": "Project"},
    "chrome.no_projects": {"sv": "Inga projekt ännu.", "en": "No projects yet."},
    "chrome.coder": {"sv": "Ditt namn (kodare)", "en": "Your name (coder)"},
    "chrome.coder_help": {
        "sv": "Står i ändringsloggen vid allt du ändrar.",
        "en": "Recorded in the change log for everything you change.",
    },
    "chrome.current": {"sv": "**Öppet projekt:** {name}", "en": "**Open project:** {name}"},
    "chrome.data_location": {"sv": "Data: {where}", "en": "Data: {where}"},
    "chrome.db_error": {
        "sv": "Databasen {url} kan inte öppnas.",
        "en": "The database {url} cannot be opened.",
    },
    "chrome.footer_local": {
        "sv": "Inget lämnar den här datorn: projekten sparas i en lokal databasfil, "
              "ingen telemetri skickas och inga modeller hämtas från nätet.",
        "en": "Nothing leaves this computer: projects are kept in a local database file, "
              "no telemetry is sent and no models are downloaded.",
    },
    "chrome.footer_server": {
        "sv": "Projekten sparas i databasen som visas i sidofältet; inget annat skickas "
              "någonstans och ingen telemetri samlas in.",
        "en": "Projects are kept in the database shown in the sidebar; nothing else is sent "
              "anywhere and no telemetry is collected.",
    },
    "common.no_project": {
        "sv": "Inget projekt är öppet. Skapa eller öppna ett på sidan Projekt.",
        "en": "No project is open. Create or open one on the Project page.",
    },
    "common.none": {"sv": "(ingen)", "en": "(none)"},
    "lang.sv": {"sv": "Svenska", "en": "Swedish"},
    "lang.en": {"sv": "Engelska", "en": "English"},
    # vocabulary
    "type.individual": {"sv": "Enskild intervju", "en": "Individual interview"},
    "type.focus_group": {"sv": "Fokusgrupp", "en": "Focus group"},
    "type.phone": {"sv": "Telefonintervju", "en": "Phone interview"},
    "role.interviewer": {"sv": "intervjuare", "en": "interviewer"},
    "role.respondent": {"sv": "intervjuperson", "en": "respondent"},
    "role.unknown": {"sv": "okänd roll", "en": "unknown role"},
    "kind.theme": {"sv": "Tema", "en": "Theme"},
    "kind.success_factor": {"sv": "Framgångsfaktor", "en": "Success factor"},
    "kind.development_area": {"sv": "Utvecklingsområde", "en": "Development area"},
    "kind.code": {"sv": "Kod", "en": "Code"},
    "kind.success_factor.plural": {"sv": "Framgångsfaktorer", "en": "Success factors"},
    "kind.development_area.plural": {"sv": "Utvecklingsområden", "en": "Development areas"},
    "kind.code.plural": {"sv": "Övriga koder", "en": "Other codes"},
    # Projekt page
    "project.title": {"sv": "Projekt", "en": "Project"},
    "project.tab.documents": {"sv": "Dokument", "en": "Documents"},
    "project.tab.turns": {"sv": "Repliker", "en": "Speaker turns"},
    "project.tab.import": {"sv": "Importera", "en": "Import"},
    "project.tab.new": {"sv": "Nytt projekt", "en": "New project"},
    "project.demo.intro": {
        "sv": "Vill du prova först? Exempelprojektet innehåller fiktiva, färdigkodade "
              "intervjuer som återskapar tabellerna i Huddinge-utvärderingen 2014.",
        "en": "Want to try it first? The sample project holds fictional, fully coded "
              "interviews that reproduce the tables of the 2014 Huddinge evaluation.",
    },
    "project.demo.button": {"sv": "Skapa exempelprojektet", "en": "Create the sample project"},
    "project.demo.building": {"sv": "Bygger exempelprojektet …",
                              "en": "Building the sample project …"},
    "project.demo.done": {"sv": "Exempelprojektet {name} är klart.",
                          "en": "The sample project {name} is ready."},
    "project.new.heading": {"sv": "Skapa ett projekt", "en": "Create a project"},
    "project.new.name": {"sv": "Projektets namn", "en": "Project name"},
    "project.new.codebook": {"sv": "Kodbok", "en": "Codebook"},
    "codebook.choice.bundled": {"sv": "Medföljande kodbok: SIG Huddinge 2014 ({name})",
                                "en": "Bundled codebook: SIG Huddinge 2014 ({name})"},
    "codebook.choice.template": {"sv": "Tom mall att fylla i ({name})",
                                 "en": "Blank template to fill in ({name})"},
    "codebook.choice.upload": {"sv": "Egen kodbok (ladda upp YAML nedan)",
                               "en": "Your own codebook (upload YAML below)"},
    "project.new.upload": {"sv": "Egen kodbok (YAML)", "en": "Your own codebook (YAML)"},
    "project.new.upload_help": {
        "sv": "En uppladdad fil används i stället för valet ovan. Formatet beskrivs i "
              "codebooks/README.md.",
        "en": "An uploaded file is used instead of the choice above. The format is described "
              "in codebooks/README.md.",
    },
    "project.new.create": {"sv": "Skapa projekt", "en": "Create project"},
    "project.new.need_name": {"sv": "Ge projektet ett namn.", "en": "Give the project a name."},
    "project.new.created": {"sv": "Projektet {name} är skapat och öppnat.",
                            "en": "The project {name} was created and opened."},
    # import
    "import.files": {"sv": "Transkriptioner", "en": "Transcripts"},
    "import.files_help": {
        "sv": "Flera filer eller ett zip-arkiv: .txt, .md, .docx, .odt, .pdf, .rtf, .vtt, .srt.",
        "en": "Several files or a zip archive: .txt, .md, .docx, .odt, .pdf, .rtf, .vtt, .srt.",
    },
    "import.options": {"sv": "Grupp, fas och intervjutyp", "en": "Group, phase and interview type"},
    "import.manifest": {"sv": "Manifest (CSV, valfritt)", "en": "Manifest (CSV, optional)"},
    "import.manifest_help": {
        "sv": "En rad per fil: kolumnen file (eller fil) och t.ex. group, phase, date, "
              "interview_type, participant samt egna kolumner.",
        "en": "One row per file: the column file and e.g. group, phase, date, interview_type, "
              "participant and columns of your own.",
    },
    "import.pattern": {"sv": "Filnamnsmönster (valfritt)", "en": "File-name pattern (optional)"},
    "import.pattern_help": {
        "sv": "`{{fält}}` fångar en del av filnamnet, `{{_}}` hoppar över en del. Exempel: "
              "`{{group}}_{{participant}}_fas{{phase}}` läser `foraldrar_for-02_fas1.docx`.",
        "en": "`{{field}}` captures part of the file name, `{{_}}` skips a part. Example: "
              "`{{group}}_{{participant}}_fas{{phase}}` reads `foraldrar_for-02_fas1.docx`.",
    },
    "import.group": {"sv": "Grupp (standard)", "en": "Group (default)"},
    "import.phase": {"sv": "Fas (standard)", "en": "Phase (default)"},
    "import.type": {"sv": "Intervjutyp (standard)", "en": "Interview type (default)"},
    "import.button": {"sv": "Importera", "en": "Import"},
    "import.reading": {"sv": "Läser filerna …", "en": "Reading the files …"},
    "import.stored": {"sv": "Sparade {name}", "en": "Stored {name}"},
    "import.finished": {"sv": "Importen är klar.", "en": "The import is finished."},
    "import.summary": {"sv": "{n} dokument importerades.", "en": "{n} documents were imported."},
    "import.document": {"sv": "Importerat dokument", "en": "Imported document"},
    "import.error_count": {
        "sv": "{n} fil(er) kunde inte importeras. Övriga filer och projektet påverkas inte.",
        "en": "{n} file(s) could not be imported. The other files and the project are unaffected.",
    },
    "import.nothing": {"sv": "Inget att importera.", "en": "Nothing to import."},
    "import.warning_count": {
        "sv": "{n} varning(ar): kontrollera de här ställena i texten.",
        "en": "{n} warning(s): check these places in the text.",
    },
    # document list
    "docs.empty": {"sv": "Projektet har inga dokument ännu. Importera transkriptioner under "
                         "fliken Importera.",
                   "en": "The project has no documents yet. Import transcripts in the Import tab."},
    "docs.help": {
        "sv": "Ändra i cellerna och klicka Spara. Ändrade någon annan samma dokument under "
              "tiden får du veta det i stället för att ändringen skrivs över.",
        "en": "Edit the cells and click Save. If someone else changed the same document "
              "meanwhile you are told instead of their change being overwritten.",
    },
    "docs.col.name": {"sv": "Dokument", "en": "Document"},
    "docs.col.group": {"sv": "Grupp", "en": "Group"},
    "docs.col.phase": {"sv": "Fas", "en": "Phase"},
    "docs.col.date": {"sv": "Datum", "en": "Date"},
    "docs.col.type": {"sv": "Intervjutyp", "en": "Interview type"},
    "docs.col.participant": {"sv": "Deltagare", "en": "Participant"},
    "docs.date_help": {"sv": "Skrivs ÅÅÅÅ-MM-DD.", "en": "Written YYYY-MM-DD."},
    "docs.save": {"sv": "Spara", "en": "Save"},
    "docs.reload": {"sv": "Läs in på nytt", "en": "Reload"},
    "docs.no_changes": {"sv": "Inga ändringar att spara.", "en": "No changes to save."},
    "docs.saved": {"sv": "Sparat: {names}", "en": "Saved: {names}"},
    "docs.conflicts": {
        "sv": "{n} dokument ändrades av någon annan medan du redigerade. Klicka Läs in på nytt "
              "och gör om dina ändringar.",
        "en": "{n} document(s) were changed by someone else while you edited. Click Reload "
              "and redo your changes.",
    },
    "docs.add_attribute": {"sv": "Nytt attribut", "en": "New attribute"},
    "docs.attribute_name": {"sv": "Attributets namn", "en": "Attribute name"},
    "docs.attribute_help": {"sv": "Till exempel verksamhet eller relation.",
                            "en": "For example agency or relation."},
    "docs.attribute_add": {"sv": "Lägg till kolumn", "en": "Add column"},
    "docs.delete.heading": {"sv": "Ta bort ett dokument", "en": "Delete a document"},
    "docs.delete.which": {"sv": "Dokument", "en": "Document"},
    "docs.delete.button": {"sv": "Ta bort …", "en": "Delete …"},
    "docs.delete.confirm": {
        "sv": "Vill du ta bort {name} och dess {n} kodningar? Det går inte att ångra.",
        "en": "Delete {name} and its {n} codings? This cannot be undone.",
    },
    "docs.delete.yes": {"sv": "Ja, ta bort", "en": "Yes, delete"},
    "docs.delete.no": {"sv": "Avbryt", "en": "Cancel"},
    "docs.delete.done": {"sv": "{name} togs bort ({n} kodningar).",
                         "en": "{name} was deleted ({n} codings)."},
    # speaker turns
    "turns.document": {"sv": "Dokument", "en": "Document"},
    "turns.hide_interviewer": {"sv": "Dölj intervjuarens repliker",
                               "en": "Hide the interviewer's turns"},
    "turns.summary": {
        "sv": "{n} repliker: {respondent} från intervjupersoner, {interviewer} från intervjuaren.",
        "en": "{n} turns: {respondent} by respondents, {interviewer} by the interviewer.",
    },
    "turns.none": {"sv": "Inga repliker att visa.", "en": "No turns to show."},
    "turns.unknown_speaker": {"sv": "(okänd talare)", "en": "(unknown speaker)"},
    # Kodbok page
    "codebook.title": {"sv": "Kodbok", "en": "Codebook"},
    "codebook.summary": {"sv": "{name} · {codes} koder · {groups} intervjugrupper",
                         "en": "{name} · {codes} codes · {groups} interview groups"},
    "codebook.warnings": {"sv": "{n} saker att se över i kodboken",
                          "en": "{n} things to check in the codebook"},
    "codebook.group": {"sv": "Intervjugrupp", "en": "Interview group"},
    "codebook.all_groups": {"sv": "Alla grupper", "en": "All groups"},
    "codebook.tab.outline": {"sv": "Teman och faktorer", "en": "Themes and factors"},
    "codebook.tab.list": {"sv": "Lista", "en": "List"},
    "codebook.tab.files": {"sv": "Ladda ner eller ersätt", "en": "Download or replace"},
    "codebook.empty_group": {"sv": "Inga koder för den här gruppen.",
                             "en": "No codes for this group."},
    "codebook.no_theme": {"sv": "Utan tema i den här gruppen", "en": "Without a theme here"},
    "codebook.none_here": {"sv": "Inga.", "en": "None."},
    "codebook.summary_label": {"sv": "i Tabell 5: {label}", "en": "in Table 5: {label}"},
    "codebook.keywords": {"sv": "Nyckelord: {words}", "en": "Keywords: {words}"},
    "codebook.col.colour": {"sv": "Färg", "en": "Colour"},
    "codebook.col.label": {"sv": "Etikett", "en": "Label"},
    "codebook.col.kind": {"sv": "Typ", "en": "Kind"},
    "codebook.col.theme": {"sv": "Tema", "en": "Theme"},
    "codebook.col.groups": {"sv": "Grupper", "en": "Groups"},
    "codebook.col.description": {"sv": "Beskrivning", "en": "Description"},
    "codebook.col.keywords": {"sv": "Nyckelord", "en": "Keywords"},
    "codebook.col.examples": {"sv": "Exempel", "en": "Examples"},
    "codebook.col.id": {"sv": "Id", "en": "Id"},
    "codebook.download": {"sv": "Ladda ner kodboken", "en": "Download the codebook"},
    "codebook.download_yaml": {"sv": "YAML (kan läsas in igen)", "en": "YAML (re-importable)"},
    "codebook.download_csv": {"sv": "CSV (för kalkylark)", "en": "CSV (for spreadsheets)"},
    "codebook.replace": {"sv": "Ersätt kodboken", "en": "Replace the codebook"},
    "codebook.replace_help": {
        "sv": "Ladda upp en redigerad YAML-fil. Kodningarna behålls; koder matchas på id. "
              "En kod som fortfarande används kan inte tas bort.",
        "en": "Upload an edited YAML file. Codings are kept; codes are matched by id. A code "
              "that is still used cannot be removed.",
    },
    "codebook.replace_upload": {"sv": "Ny kodbok (YAML)", "en": "New codebook (YAML)"},
    "codebook.replace_same": {"sv": "Filen är likadan som projektets kodbok.",
                              "en": "The file equals the project's codebook."},
    "codebook.replace_preview": {
        "sv": "Ersättningen lägger till {added}, tar bort {removed} och ändrar {changed} koder.",
        "en": "Replacing adds {added}, removes {removed} and changes {changed} codes.",
    },
    "codebook.added": {"sv": "Nya", "en": "Added"},
    "codebook.removed": {"sv": "Borttagna", "en": "Removed"},
    "codebook.changed": {"sv": "Ändrade", "en": "Changed"},
    "codebook.replace_button": {"sv": "Ersätt kodboken", "en": "Replace the codebook"},
    "codebook.replaced": {"sv": "Kodboken är ersatt med {name}.",
                          "en": "The codebook was replaced with {name}."},
    # Tabeller page
    "tables.title": {"sv": "Tabeller", "en": "Tables"},
    "tables.which": {"sv": "Tabeller", "en": "Tables"},
    "tables.which_help": {
        "sv": "Tabell 3 visar teman per grupp, 4a–4e faktorerna för en grupp, 5a och 5b "
              "faktorerna för alla grupper. Klicka för att välja bort eller till.",
        "en": "Table 3 shows themes per group, 4a–4e the factors of one group, 5a and 5b the "
              "factors of every group. Click to deselect or select.",
    },
    "tables.name.3": {"sv": "3 · Teman", "en": "3 · Themes"},
    "tables.name.4": {"sv": "{key} · {group}", "en": "{key} · {group}"},
    "tables.name.5a": {"sv": "5a · Framgångsfaktorer", "en": "5a · Success factors"},
    "tables.name.5b": {"sv": "5b · Utvecklingsområden", "en": "5b · Development areas"},
    "tables.filters": {"sv": "Urval: faser, grupper, kodare och attribut",
                       "en": "Selection: phases, groups, coders and attributes"},
    "tables.filters_help": {
        "sv": "Ett tomt fält betyder att allt tas med. Fasvalen gäller per tabelltyp: "
              "referensstudien sammanfattar fas 1 i Tabell 4 och båda faserna i Tabell 5.",
        "en": "An empty field means everything is included. Phases are chosen per kind of "
              "table: the reference study summarises phase 1 in Table 4 and both in Table 5.",
    },
    "tables.phases3": {"sv": "Faser i Tabell 3", "en": "Phases in Table 3"},
    "tables.phases4": {"sv": "Faser i Tabell 4a–4e", "en": "Phases in Tables 4a–4e"},
    "tables.phases5": {"sv": "Faser i Tabell 5a–5b", "en": "Phases in Tables 5a–5b"},
    "tables.groups": {"sv": "Grupper", "en": "Groups"},
    "tables.coders": {"sv": "Kodare", "en": "Coders"},
    "tables.types": {"sv": "Intervjutyper", "en": "Interview types"},
    "tables.min_segments": {"sv": "Minsta antal kodade segment", "en": "Minimum coded segments"},
    "tables.min_segments_help": {
        "sv": "En rad visas när minst så många kodade segment stöder den.",
        "en": "A row appears when at least this many coded segments support it.",
    },
    "tables.lang": {"sv": "Tabellernas språk", "en": "Language of the tables"},
    "tables.evidence": {"sv": "Visa belägg", "en": "Show evidence"},
    "tables.evidence_help": {
        "sv": "Antal dokument och segment samt ett exempelcitat med källa per rad.",
        "en": "Number of documents and segments and an example quote with its source per row.",
    },
    "tables.save_defaults": {"sv": "Spara som projektets standard",
                             "en": "Save as the project's default"},
    "tables.save_defaults_help": {
        "sv": "Faser, minsta antal segment, belägg och språk används då även av kommandoraden.",
        "en": "Phases, minimum segments, evidence and language are then also used by the CLI.",
    },
    "tables.saved_defaults": {"sv": "Sparat som standard.", "en": "Saved as the default."},
    "tables.none_chosen": {"sv": "Välj minst en tabell.", "en": "Choose at least one table."},
    "blind.own_only": {
        "sv": "Projektet kodas blint: här syns bara dina egna kodningar ({coder}) tills en "
              "administratör slår över projektet till jämförelse.",
        "en": "The project is being coded blind: only your own codings ({coder}) show here "
              "until an administrator switches the project to comparison.",
    },
    "blind.no_coder": {
        "sv": "Projektet kodas blint: välj ditt kodarnamn i sidofältet för att se dina kodningar.",
        "en": "The project is being coded blind: choose your coder name in the sidebar to see "
              "your codings.",
    },
    "tables.download_all": {"sv": "Ladda ner alla {n} visade tabeller",
                            "en": "Download all {n} tables shown"},
    "tables.one_format": {"sv": "Format för enskilda tabeller", "en": "Format for single tables"},
    "tables.download_one": {"sv": "{table} som {fmt}", "en": "{table} as {fmt}"},
    "tables.empty_table": {"sv": "Inga rader med det här urvalet.",
                           "en": "No rows with this selection."},
}


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a string (for checks and tests)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def translate(key: str, lang: str, /, **values: object) -> str:
    """The string for ``key`` in ``lang`` (Swedish when missing), filled with ``values``."""
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no UI text for '{key}'") from None
    text = entry.get(lang) or entry["sv"]
    return text.format(**values)


def t(key: str, /, **values: object) -> str:
    """The string for ``key`` in the language chosen in this browser session."""
    return translate(key, state.lang(), **values)


def labeller(prefix: str, values: Iterable[str], *, empty: str | None = None
             ) -> Callable[[str], str]:
    """A widget ``format_func`` with its texts fixed now, in the session's language.

    Streamlit may call a format function outside the script run (tests do), where
    the session's language is unknown, so the labels are looked up in advance.
    """
    texts = {v: t(prefix + v) for v in values if v}
    if empty is not None:
        texts[""] = t(empty)
    return lambda value: texts.get(value, value)


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add a page's own strings (keeps this file from becoming a merge hotspot).

    A page module calls this at import with keys prefixed by its page name; a key
    that already exists is a programming error, caught at start-up.
    """
    clash = sorted(set(strings) & set(STRINGS))
    if clash:
        raise ValueError(f"UI string keys defined twice: {', '.join(clash)}")
    for key, texts in strings.items():
        missing = [lang for lang in LANGUAGE_NAMES if lang not in texts]
        if missing:
            raise ValueError(f"UI string '{key}' lacks {', '.join(missing)}")
    STRINGS.update(strings)
