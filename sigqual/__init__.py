"""sigqual: a workbench for qualitative interview analysis with local Swedish NLP."""

__version__ = "0.1.0"
