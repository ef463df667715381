"""One module per page; each exposes ``render()``, listed in ``sigqual.ui.navigation``."""
