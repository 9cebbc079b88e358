"""Existing terms text or Markdown turned into a draft version, behind one entry point."""
