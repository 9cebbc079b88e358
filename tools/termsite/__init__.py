"""termsite: bilingual terms as data, checked, diffed and published.

The pure core lives in :mod:`termsite.core` (no MkDocs imports); :mod:`termsite.adapters` holds the
command line and the MkDocs plugin.
"""

__version__ = "0.1.0"
