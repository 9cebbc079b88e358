"""Diagnostics: a problem with its code, severity, location and fix, in every output format."""
