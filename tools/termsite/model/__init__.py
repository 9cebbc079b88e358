"""The terms as data: documents, versions and their parts, site settings, numbering and labels,
the timeline of versions, and what a text may hold. Imports nothing else of termsite."""
