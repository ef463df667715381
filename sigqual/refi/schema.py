"""Validate REFI-QDA XML against the official schemas, where they are available.

The schemas are not shipped with sigqual (they belong to the REFI-QDA project); they
are read from ``$SIGQUAL_REFI_DIR`` or from ``../shared/refi-qda`` beside the
repository, as the CI provides them.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import SigqualError

ENV_REFI_DIR = "SIGQUAL_REFI_DIR"
PROJECT_XSD = "Project-mrt2019.xsd"
CODEBOOK_XSD = "Codebook.xsd"


def refi_dir() -> Path:
    """Where the schemas, the spec and the sample exports are expected."""
    if os.environ.get(ENV_REFI_DIR):
        return Path(os.environ[ENV_REFI_DIR]).expanduser()
    return Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"


@lru_cache(maxsize=4)
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


def load_schema(name: str) -> etree.XMLSchema:
    path = refi_dir() / name
    if not path.exists():
        raise SigqualError(msgid="error.refi.refi_qda_schema_not",
                           params={"name": name, "env_refi_dir": ENV_REFI_DIR},
                           file=str(path))
    return _schema(str(path))


def schema_errors(xml: bytes, schema_name: str) -> list[str]:
    """Validation errors as ``line N: message``; an empty list means valid."""
    schema = load_schema(schema_name)
    doc = etree.parse(io.BytesIO(xml))
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def qdpx_schema_errors(data: bytes) -> list[str]:
    """Errors of the ``project.qde`` inside a .qdpx archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return schema_errors(zf.read("project.qde"), PROJECT_XSD)


def qdc_schema_errors(data: bytes) -> list[str]:
    return schema_errors(data, CODEBOOK_XSD)
