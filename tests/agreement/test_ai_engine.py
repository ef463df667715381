"""The agreement page's AI coder is built like every other page's engine."""

from __future__ import annotations

import pytest

from sigqual.agreement import load_suggester
from sigqual.codebook import load_bundled_codebook
from sigqual.nlp.calibration import LEXICAL_MODE, load_calibration


@pytest.mark.parametrize(("env", "options", "mode"), [
    ("off", {}, LEXICAL_MODE),
    ("on", {"embeddings": False}, LEXICAL_MODE),
])
def test_ai_coder_uses_the_one_engine(monkeypatch: pytest.MonkeyPatch, env: str,
                                      options: dict[str, object], mode: str) -> None:
    monkeypatch.setenv("SIGQUAL_EMBEDDINGS", env)
    engine = load_suggester(load_bundled_codebook(), **options)
    assert engine.mode == mode
    # Calibrated like the coding pages, and zero-shot: it learned nothing from anyone.
    assert engine.calibrators == load_calibration(mode)
    assert engine.learned_count == 0
    found = engine.suggest("Mm.", "foraldrar", top=3)
    assert found and max(s.confidence for s in found) <= 0.1
