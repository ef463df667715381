"""What the Kodbok editor offers and how form input becomes a change, without streamlit.

The page draws widgets; these functions decide which codes a choice lists, what a
form actually changed and how a coding reads in a picker, so they can be tested as
plain functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..codebook import FACTOR_KINDS, Code, Codebook, normalize_colour
from ..codebook_edit import CodeUsage
from .markup import escape_markdown

ACTIONS = ("change", "order", "new", "split", "merge", "delete")
QUOTE_PREVIEW = 90
QUOTES_UNBOXED = 6  # more quotes than this scroll in a box of their own

# The editor's UI texts, registered by the Kodbok page (kept here to keep the page short).
EDITOR_STRINGS: dict[str, dict[str, str]] = {
    "codebook.edit.mode": {"sv": "Redigera kodboken", "en": "Edit the codebook"},
    "codebook.edit.mode_help": {
        "sv": "Skapa, ändra, ordna, dela upp, slå ihop och ta bort koder. Varje ändring sparas "
              "direkt och står i ändringsloggen; inga kodningar försvinner utan att du bekräftar.",
        "en": "Create, change, reorder, split, merge and delete codes. Every change is saved at "
              "once and written to the change log; no coding goes without your confirmation.",
    },
    "codebook.edit.tab": {"sv": "Redigera", "en": "Edit"},
    "codebook.edit.tab_quotes": {"sv": "Kodade citat", "en": "Coded quotes"},
    "codebook.edit.code": {"sv": "Kod (tema › etikett · typ · antal kodningar)",
                           "en": "Code (theme › label · kind · number of codings)"},
    "codebook.edit.action": {"sv": "Vad vill du göra?", "en": "What do you want to do?"},
    "codebook.edit.action.change": {"sv": "Ändra", "en": "Change"},
    "codebook.edit.action.order": {"sv": "Ordna", "en": "Reorder"},
    "codebook.edit.action.new": {"sv": "Ny kod", "en": "New code"},
    "codebook.edit.action.split": {"sv": "Dela upp", "en": "Split"},
    "codebook.edit.action.merge": {"sv": "Slå ihop", "en": "Merge"},
    "codebook.edit.action.delete": {"sv": "Ta bort", "en": "Delete"},
    "codebook.edit.id_help": {"sv": "id:t ändras aldrig, så kodningar och exporter följer med.",
                              "en": "the id never changes, so codings and exports follow."},
    "codebook.edit.label": {"sv": "Etikett", "en": "Label"},
    "codebook.edit.summary_label": {"sv": "Etikett i Tabell 5 (valfri)",
                                    "en": "Label in Table 5 (optional)"},
    "codebook.edit.kind": {"sv": "Typ", "en": "Kind"},
    "codebook.edit.parent": {"sv": "Ligger under", "en": "Placed under"},
    "codebook.edit.parent_none": {"sv": "(inget – översta nivån)", "en": "(nothing – top level)"},
    "codebook.edit.groups": {"sv": "Gäller för grupperna", "en": "Applies to the groups"},
    "codebook.edit.groups_help": {"sv": "Tomt betyder alla grupper.",
                                  "en": "Empty means every group."},
    "codebook.edit.own_colour": {"sv": "Egen färg", "en": "Own colour"},
    "codebook.edit.own_colour_help": {
        "sv": "Utan egen färg markeras koden med temats färg.",
        "en": "Without an own colour the code is highlighted in its theme's colour.",
    },
    "codebook.edit.colour": {"sv": "Färg", "en": "Colour"},
    "codebook.edit.description": {"sv": "Beskrivning", "en": "Description"},
    "codebook.edit.keywords": {"sv": "Nyckelord (skilj med komma)",
                               "en": "Keywords (separated by commas)"},
    "codebook.edit.examples": {"sv": "Exempelcitat (ett per rad)",
                               "en": "Example quotes (one per line)"},
    "codebook.edit.save": {"sv": "Spara ändringarna", "en": "Save the changes"},
    "codebook.edit.nothing": {"sv": "Inget är ändrat.", "en": "Nothing was changed."},
    "codebook.edit.saved": {"sv": "Ändringarna i {label} är sparade.",
                            "en": "The changes to {label} are saved."},
    "codebook.edit.uncovered": {
        "sv": "{n} kodningar finns i intervjuer med {group}, men koden gäller inte för den "
              "gruppen. Kodningarna finns kvar men räknas inte i gruppens tabeller.",
        "en": "{n} codings are in interviews with {group}, but the code does not apply to that "
              "group. The codings are kept but not counted in the group's tables.",
    },
    "codebook.edit.order_all": {
        "sv": "Ordningen gäller hela kodboken. Välj en intervjugrupp ovan för att ordna "
              "just den gruppens tabeller.",
        "en": "The order applies to the whole codebook. Choose an interview group above to "
              "order that group's tables only.",
    },
    "codebook.edit.order_group": {"sv": "Ordningen gäller gruppen {group}.",
                                  "en": "The order applies to the group {group}."},
    "codebook.edit.up": {"sv": "Flytta upp", "en": "Move up"},
    "codebook.edit.down": {"sv": "Flytta ner", "en": "Move down"},
    "codebook.edit.moved": {"sv": "{label} är flyttad.", "en": "{label} was moved."},
    "codebook.edit.create": {"sv": "Skapa koden", "en": "Create the code"},
    "codebook.edit.created": {"sv": "Koden {label} är skapad.",
                              "en": "The code {label} was created."},
    "codebook.edit.split_help": {
        "sv": "Välj de kodningar av {label} som ska få en ny kod. Den nya koden hamnar bredvid "
              "{label}, med samma typ, tema och grupper.",
        "en": "Choose the codings of {label} that get a new code. The new code is placed beside "
              "{label}, with the same kind, theme and groups.",
    },
    "codebook.edit.split_label": {"sv": "Den nya kodens etikett", "en": "Label of the new code"},
    "codebook.edit.split_codings": {"sv": "Kodningar som flyttas till den nya koden",
                                    "en": "Codings that move to the new code"},
    "codebook.edit.split_go": {"sv": "Dela upp", "en": "Split"},
    "codebook.edit.split_done": {"sv": "{n} kodningar flyttades till den nya koden {label}.",
                                 "en": "{n} codings moved to the new code {label}."},
    "codebook.edit.merge_target": {"sv": "Slå ihop {label} med", "en": "Merge {label} into"},
    "codebook.edit.merge_preview": {
        "sv": "**{n} kodningar** i {docs} dokument flyttas från {source} till {target}, och "
              "{source} tas bort ur kodboken.",
        "en": "**{n} codings** in {docs} documents move from {source} to {target}, and {source} "
              "is removed from the codebook.",
    },
    "codebook.edit.merge_children": {"sv": "Koderna under {source} flyttas till {target}: {names}.",
                                     "en": "The codes under {source} move to {target}: {names}."},
    "codebook.edit.merge_groups": {"sv": "{target} gäller därefter även för {groups}.",
                                   "en": "{target} then also applies to {groups}."},
    "codebook.edit.merge_words": {"sv": "Nyckelord och exempelcitat från {source} följer med.",
                                  "en": "Keywords and example quotes of {source} are kept."},
    "codebook.edit.merge_go": {"sv": "Slå ihop", "en": "Merge"},
    "codebook.edit.merge_done": {
        "sv": "{source} är ihopslagen med {target}; {n} kodningar flyttades.",
        "en": "{source} was merged into {target}; {n} codings moved.",
    },
    "codebook.edit.delete_usage": {
        "sv": "{label} har **{n} kodningar** i {docs} dokument. De raderas om koden tas bort. "
              "Slå hellre ihop koden med en annan om kodningarna ska finnas kvar.",
        "en": "{label} has **{n} codings** in {docs} documents. They are deleted with the code. "
              "Merge the code into another instead to keep them.",
    },
    "codebook.edit.delete_unused": {"sv": "{label} används inte i någon kodning.",
                                    "en": "{label} is not used by any coding."},
    "codebook.edit.delete_children": {
        "sv": "Koderna under {label} flyttas till {parent}: {names}.",
        "en": "The codes under {label} move to {parent}: {names}.",
    },
    "codebook.edit.top_level": {"sv": "översta nivån", "en": "the top level"},
    "codebook.edit.delete_confirm": {"sv": "Ja, ta bort {label}", "en": "Yes, delete {label}"},
    "codebook.edit.delete_confirm_codings": {
        "sv": "Ja, ta bort {label} och dess {n} kodningar",
        "en": "Yes, delete {label} and its {n} codings",
    },
    "codebook.edit.delete_go": {"sv": "Ta bort koden", "en": "Delete the code"},
    "codebook.edit.deleted": {"sv": "{label} är borttagen; {n} kodningar raderades.",
                              "en": "{label} was deleted; {n} codings were removed."},
    "codebook.edit.no_quotes": {"sv": "Inga kodade citat här.", "en": "No coded quotes here."},
    "codebook.edit.quote_count": {"sv": "{n} kodningar i {docs} dokument",
                                  "en": "{n} codings in {docs} documents"},
    "codebook.edit.split_placeholder": {"sv": "Välj kodningar", "en": "Choose codings"},
    "codebook.edit.replace_upload": {"sv": "Ny kodbok (YAML eller CSV)",
                                     "en": "New codebook (YAML or CSV)"},
    "codebook.edit.replace_help": {
        "sv": "Ladda upp en redigerad YAML-fil, eller en CSV med en rad per kod som den du kan "
              "ladda ner ovan (grupperna behålls då). Kodningarna behålls; koder matchas på id. "
              "En kod som fortfarande används kan inte tas bort.",
        "en": "Upload an edited YAML file, or a CSV with one row per code like the one you can "
              "download above (the groups are then kept). Codings are kept; codes are matched by "
              "id. A code that is still used cannot be removed.",
    },
}


def split_keywords(text: str) -> tuple[str, ...]:
    """``struktur, ordning`` -> two keywords; empty pieces are dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def split_examples(text: str) -> tuple[str, ...]:
    """One example quote per line, as the researcher typed them."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class CodeForm:
    """The values of the edit form, as the widgets return them."""

    label: str
    summary_label: str
    kind: str
    parent: str
    groups: Sequence[str]
    own_colour: bool
    colour: str
    description: str
    keywords: str
    examples: str


def form_values(code: Code, codebook: Codebook) -> CodeForm:
    """The form filled with a code as it is now (the colour shown is the one in use)."""
    return CodeForm(
        label=code.label, summary_label=code.summary_label or "", kind=code.kind,
        parent=code.parent or "", groups=list(code.groups), own_colour=code.colour is not None,
        colour=codebook.colour_of(code.id), description=code.description,
        keywords=", ".join(code.keywords), examples="\n".join(code.examples),
    )


def form_changes(code: Code, form: CodeForm) -> dict[str, Any]:
    """Only the fields the user changed, ready for ``codebook_edit.update_code``."""
    wanted: dict[str, Any] = {
        "label": form.label.strip(),
        "summary_label": form.summary_label.strip() or None,
        "kind": form.kind,
        "parent": form.parent or None,
        "groups": tuple(form.groups),
        "colour": (normalize_colour(form.colour) or form.colour) if form.own_colour else None,
        "description": form.description.strip(),
        "keywords": split_keywords(form.keywords),
        "examples": split_examples(form.examples),
    }
    return {key: value for key, value in wanted.items() if getattr(code, key) != value}


def parent_choices(codebook: Codebook, code: Code | None = None) -> list[str]:
    """Codes another code may sit under: themes and plain codes, never itself or below."""
    excluded: set[str] = set()
    if code is not None:
        excluded = {code.id, *(c.id for c in codebook.descendants(code.id))}
    return ["", *(c.id for c in codebook.codes
                  if c.kind not in FACTOR_KINDS and c.id not in excluded)]


def merge_targets(codebook: Codebook, code: Code) -> list[str]:
    """Codes to merge into: the same kind first (the usual case), then the others."""
    others = [c for c in codebook.codes if c.id != code.id]
    same = [c.id for c in others if c.kind == code.kind]
    return same + [c.id for c in others if c.kind != code.kind]


def insertion_point(codebook: Codebook, parent: str | None) -> str | None:
    """Where a new code under ``parent`` goes: after the parent's last code (else last)."""
    if not parent or codebook.get(parent) is None:
        return None
    block = {parent, *(c.id for c in codebook.descendants(parent))}
    return [c.id for c in codebook.codes if c.id in block][-1]


def code_choice_label(codebook: Codebook, code: Code, kind_names: Mapping[str, str],
                      usage: Mapping[str, CodeUsage]) -> str:
    """``Mötena › Tydlig struktur · Framgångsfaktor · 3`` for a code picker."""
    theme = codebook.theme_of(code.id)
    path = code.label
    if theme is not None and theme.id != code.id:
        path = f"{theme.label} › {code.label}"
    count = usage.get(code.id, CodeUsage()).codings
    return f"{path} · {kind_names.get(code.kind, code.kind)} · {count}"


def coding_choice_label(row: Mapping[str, Any]) -> str:
    """``for-01 · IP · Anna: "Mötena var tydliga…"`` for choosing codings to move."""
    quote = " ".join(str(row["quote"]).split())
    if len(quote) > QUOTE_PREVIEW:
        quote = quote[: QUOTE_PREVIEW - 1].rstrip() + "…"
    speaker = row.get("speaker")
    who = f" · {speaker}" if isinstance(speaker, str) and speaker else ""
    return f"{row['document']}{who} · {row['coder']}: “{quote}”"


def coding_labels(quotes: pd.DataFrame) -> dict[int, str]:
    """Picker labels by coding id, in the order the quotes are listed."""
    return {int(row["coding_id"]): coding_choice_label(row) for row in quotes.to_dict("records")}


def quote_markdown(row: Mapping[str, Any], turn_label: Callable[[int], str] | None = None) -> str:
    """A coded quote as an escaped Markdown block quote, its source on the last line
    (with the turn named as every page names it, when ``turn_label`` is given)."""
    body = escape_markdown(" ".join(str(row["quote"]).split()))
    index = row.get("segment_idx")
    turn = turn_label(int(index)) if turn_label is not None and isinstance(index, (int, float)) \
        and index == index else None  # NaN for a coding outside any turn
    source = [row.get("document"), turn, row.get("speaker"), row.get("coder")]
    where = " · ".join(escape_markdown(v) for v in source if isinstance(v, str) and v)
    return f"> {body}  \n> — {where}"
