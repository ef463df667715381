"""Joint displays on the sample project: outcomes beside the codes of linked interviews."""

from __future__ import annotations

import pytest

from sigqual.compare.frames import documents_frame
from sigqual.errors import InputError
from sigqual.outcomes import joint
from sigqual.outcomes import tables as T


@pytest.fixture
def sample(demo):  # noqa: ANN001, ANN201
    store, pid = demo
    t2 = T.table2(store.outcome_cases_frame(pid), store.outcome_events_frame(pid))
    docs = documents_frame(store.list_documents(pid))
    return t2, store.codings_frame(pid), docs, store.codebook(pid)


def test_documents_link_by_the_case_attribute(sample) -> None:
    t2, _codings, docs, _cb = sample
    assert joint.case_attribute(docs) == "ärende"
    cases = joint.document_cases(docs)
    linked = dict(zip(docs["document"], cases, strict=True))
    assert sum(c is not None for c in cases) == 13
    actors = [c for d, c in linked.items() if d.startswith("akt")]
    assert actors
    assert all(c is None for c in actors)
    with pytest.raises(InputError):
        joint.case_attribute(docs, "saknas")


def test_joint_by_case_puts_outcomes_beside_codes(sample) -> None:
    t2, codings, docs, cb = sample
    frame = joint.joint_by_case(t2, codings, docs, cb)
    assert frame["Ungdom"].tolist() == [f"Ungdom {i}" for i in range(1, 11)]
    row = frame.set_index("Ungdom").loc["Ungdom 1"]
    assert row["Utfall"] == "Nya incidenter"
    assert row["Intervjuer"]
    assert row["Framgångsfaktorer"] or row["Utvecklingsområden"]
    assert frame.set_index("Ungdom").loc["Ungdom 2", "Utfall"] == "Ingen ny incident"
    assert frame.set_index("Ungdom").loc["Ungdom 10", "Intervjuer"] == ""


def test_joint_by_group_and_quotes_behind_a_cell(sample) -> None:
    t2, codings, docs, cb = sample
    comparison = joint.joint_by_group(t2, codings, docs, cb)
    assert set(comparison.columns) == {"Ingen ny incident", "Nya incidenter"}
    assert set(comparison.rows["kind"]) <= {"success_factor", "development_area"}
    cell = comparison.cells[comparison.cells["n_documents"] > 0].iloc[0]
    quotes = joint.group_quotes(t2, codings, docs, cb, cell["code_id"], cell["column"])
    assert len(quotes) >= 1
    assert quotes["document"].nunique() == cell["n_documents"]


def test_no_links_is_a_clear_error(sample) -> None:
    t2, codings, docs, cb = sample
    unlinked = docs.assign(attributes=[{} for _ in range(len(docs))])
    with pytest.raises(InputError, match="ärende"):
        joint.joint_by_group(t2, codings, unlinked, cb)
