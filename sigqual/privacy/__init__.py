"""Pseudonymisation of interview transcripts (detection, review, replacement, key file)."""
