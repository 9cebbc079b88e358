"""Comparing two versions: units, alignment, changed words, findings and reports (新旧対照表)."""
