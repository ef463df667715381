"""Swedish NLP-assisted code suggestions, computed on the machine.

The public entry point is :class:`sigqual.nlp.suggest.Suggester`; the batch interface
behind ``sigqual suggest`` is :func:`sigqual.nlp.batch.run_batch`. Importing this package
is cheap: spaCy, the word lists and the models load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Example", "Suggester", "Suggestion", "run_batch"]


def __getattr__(name: str) -> Any:
    """Lazy access to the main classes without importing spaCy up front."""
    if name in ("Example", "Suggester", "Suggestion"):
        from . import suggest

        return getattr(suggest, name)
    if name == "run_batch":
        from .batch import run_batch

        return run_batch
    raise AttributeError(name)
