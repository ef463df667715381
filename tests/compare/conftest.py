"""The sample project as the frames the comparison reads, shared by the compare tests."""

from __future__ import annotations

import pytest

from sigqual.compare import documents_frame, segments_frame


@pytest.fixture
def sample(demo):
    store, pid = demo
    docs = store.list_documents(pid)
    return (store.codings_frame(pid), documents_frame(docs), store.codebook(pid),
            segments_frame(store.project_segments(pid), docs))
