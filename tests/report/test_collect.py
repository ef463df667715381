"""What the report reads: everyone's codings, or one coder's while the project is coded blind."""

from __future__ import annotations

from sigqual.demo import DEMO_CODER, DEMO_SECOND_CODER
from sigqual.report import ReportOptions, collect
from sigqual.store import NewCoding, Store


def _second_coder(store: Store, pid: int) -> int:
    """Let 'Granskare' code three factor quotes the sample coder also coded; returns how many."""
    factors = {c.id for c in store.codebook(pid).codes if c.kind != "theme"}
    picked = [c for c in store.list_codings(pid) if c.code_key in factors][:3]
    store.add_codings(pid, [NewCoding(c.document_id, c.code_key, c.start, c.end, "Granskare")
                            for c in picked])
    return len(picked)


def test_the_report_counts_every_coder_by_default(demo: tuple[Store, int]) -> None:
    store, pid = demo
    extra = _second_coder(store, pid)
    content = collect(store, pid)
    assert set(content.codings["coder"]) == {DEMO_CODER, DEMO_SECOND_CODER, "Granskare"}
    assert len(content.codings) == len(store.list_codings(pid))
    assert extra > 0 and content.agreement is not None


def test_a_blind_coders_report_holds_only_their_codings(demo: tuple[Store, int]) -> None:
    store, pid = demo
    extra = _second_coder(store, pid)
    content = collect(store, pid, ReportOptions(coder="Granskare", quotes=True))
    assert set(content.codings["coder"]) == {"Granskare"} and len(content.codings) == extra
    assert content.agreement is None
    cited = {q.text for factors in content.quotes.values() for fq in factors for q in fq.quotes}
    own = set(content.codings["quote"])
    assert cited and all(any(text in quote or quote in text for quote in own) for text in cited)
