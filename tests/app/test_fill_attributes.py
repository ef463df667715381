"""Attributes found in a transcript's preamble fill a document only where it is empty."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sigqual.app import ProjectSession
from sigqual.app.identity import Actor
from sigqual.errors import InputError

from .conftest import Team


@pytest.mark.parametrize(
    ("offered", "filled", "after"),
    [
        ({"interview_date": "2014-05-12", "participant": "Tre föräldrar"},
         {"interview_date": "2014-05-12", "participant": "Tre föräldrar"},
         ("foraldrar", "1", "2014-05-12", None, "Tre föräldrar")),
        # The phase is set already: it stays, the type is filled.
        ({"phase": "2", "interview_type": "focus_group"}, {"interview_type": "focus_group"},
         ("foraldrar", "1", None, "focus_group", None)),
        # Blank values and names that are no document field are left out.
        ({"participant": "  ", "plats": "Huddinge"}, {}, ("foraldrar", "1", None, None, None)),
    ],
)
def test_only_empty_fields_are_filled(team_of: Callable[[str | None], Team], offered: dict[str, str],
                                      filled: dict[str, str], after: tuple) -> None:
    team = team_of("admin")
    session = ProjectSession(team.store, Actor("anna", team=True), team.pid)
    before = team.store.get_document(team.doc)
    assert session.fill_empty_attributes(team.doc, offered) == filled
    doc = team.store.get_document(team.doc)
    assert (doc.group_key, doc.phase, doc.interview_date, doc.interview_type, doc.participant) == after
    assert doc.attributes == before.attributes
    # No write at all when there was nothing to fill.
    assert doc.version == before.version + (1 if filled else 0)


def test_a_document_of_another_project_is_refused(team_of: Callable[[str | None], Team]) -> None:
    team = team_of("admin")
    other = team.store.create_project("Annat", team.store.codebook(team.pid))
    session = ProjectSession(team.store, Actor("root", team=True), other)
    with pytest.raises(InputError) as caught:
        session.fill_empty_attributes(team.doc, {"interview_date": "2014-05-12"})
    assert caught.value.msgid == "error.app.document_not_in_project"
    assert team.store.get_document(team.doc).interview_date is None
