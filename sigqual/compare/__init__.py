"""Side-by-side comparison of interview groups (or any document attribute).

Pure builders over frames: :func:`documents_frame` and :func:`segments_frame` turn store
records into frames once; :func:`comparison_matrix` counts codes per column,
:func:`cell_quotes` traces a cell to its passages and :func:`cooccurrence` counts codes
applied together.
"""

from .cooccurrence import MODES, CoOccurrence, cooccurrence
from .frames import (
    DOCUMENT_COLUMNS,
    SEGMENT_COLUMNS,
    attribute_values,
    documents_frame,
    filter_documents,
    known_attributes,
    segments_frame,
)
from .matrix import (
    METRICS,
    MISSING,
    QUOTE_COLUMNS,
    Comparison,
    ancestor_map,
    cell_quotes,
    code_rows,
    column_keys,
    comparison_matrix,
    metric_label,
)

__all__ = [
    "DOCUMENT_COLUMNS", "METRICS", "MISSING", "MODES", "QUOTE_COLUMNS", "SEGMENT_COLUMNS",
    "CoOccurrence", "Comparison", "ancestor_map", "attribute_values", "cell_quotes", "code_rows",
    "column_keys", "comparison_matrix", "cooccurrence", "documents_frame", "filter_documents",
    "known_attributes", "metric_label", "segments_frame",
]
