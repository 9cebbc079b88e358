"""The theme's templates: the package's overrides of Material's, and their compiled form between builds.

The overrides (``termsite/templates/theme/``: the Content Security Policy in ``main.html``, Material's
inline scripts moved to files) ship inside the package, so a terms repository needs no copy of them:
they come after the repository's own ``custom_dir``, if it sets one, and before Material's templates.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from termsite.site.env import DEFAULTS

THEME_OVERRIDES = DEFAULTS / "theme"


def add_theme_overrides(config: MkDocsConfig) -> None:
    """Insert :data:`THEME_OVERRIDES` into the theme's folders (once; static-i18n configures again per
    language)."""
    dirs = config.theme.dirs
    folder = str(THEME_OVERRIDES)
    if any(os.path.realpath(d) == os.path.realpath(folder) for d in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, folder)


def keep_compiled(env: jinja2.Environment, root: Path) -> None:
    """Keep the theme's compiled templates under ``.cache/termsite/jinja`` (unless ``TERMS_NO_CACHE``)."""
    if os.environ.get("TERMS_NO_CACHE"):
        return
    folder = root / ".cache" / "termsite" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
