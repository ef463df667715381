"""Pseudonymisation of interview transcripts: detect, review, replace, keep the key apart.

Typical use::

    review = review_project(store, pid)                 # scan every document
    review = decide_all(review, "accepted", kind="pnr")  # ... the reviewer decides
    result = pseudonymize_project(store, pid, review, key_path="key.sqkey", passphrase=pw)
"""

from .apply import OffsetMap, Replacement, apply
from .detect import detect, find_terms, resolve_overlaps
from .keyfile import KeyFile, KeyFileError, decrypt_key, encrypt_key, load_key, save_key
from .mapping import KeyEntry, Pseudonymizer
from .model import DEFAULT_KINDS, KINDS, LABELS, DetectOptions, Finding, parse_kinds
from .patterns import luhn_ok, pnr_kind
from .project import (
    ProjectResult,
    pseudonymize_project,
    pseudonymize_transcript,
    review_project,
    scan_document,
    scan_project,
)
from .review import (
    Context,
    Review,
    ReviewItem,
    accept,
    add_manual,
    context,
    decide_all,
    new_review,
    preview,
    reject,
    set_status,
    summary,
)
from .review import accepted as accepted_findings

__all__ = [
    "DEFAULT_KINDS", "KINDS", "LABELS", "Context", "DetectOptions", "Finding", "KeyEntry", "KeyFile",
    "KeyFileError", "OffsetMap", "ProjectResult", "Pseudonymizer", "Replacement", "Review",
    "ReviewItem", "accept", "accepted_findings", "add_manual", "apply", "context", "decide_all",
    "decrypt_key", "detect", "encrypt_key", "find_terms", "load_key", "luhn_ok", "new_review",
    "parse_kinds", "pnr_kind", "preview", "pseudonymize_project", "pseudonymize_transcript", "reject",
    "resolve_overlaps", "review_project", "save_key", "scan_document", "scan_project", "set_status",
    "summary",
]
