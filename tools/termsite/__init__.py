"""termsite: bilingual terms as data, checked, diffed and published.

Packages by idea, imports pointing one way: ``model`` <- ``diagnostics`` <- ``source`` <- ``rules``,
``compare``, ``importer``, ``notices`` <- ``site`` <- ``adapters`` (the command line, MkDocs, SMTP).
``speed`` holds worker pools and caches; the README's architecture section draws the layout.
"""

__version__ = "0.1.0"
