"""The pure core: model, loading, numbering, checks, diff and rendering. No MkDocs imports."""
