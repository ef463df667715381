"""Report tables (Table 3, Tables 4a-4e, Tables 5a/5b) as pure DataFrame builders."""

from .builders import (
    TABLE_KEYS,
    TableOptions,
    available_tables,
    build_table,
    build_tables,
    example_quote,
    filter_codings,
    source_label,
    support,
    table3,
    table4,
    table4_key,
    table5a,
    table5b,
)
from .model import Table

__all__ = [
    "TABLE_KEYS", "Table", "TableOptions", "available_tables", "build_table", "build_tables",
    "example_quote", "filter_codings", "source_label", "support", "table3", "table4",
    "table4_key", "table5a", "table5b",
]
