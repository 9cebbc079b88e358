"""``terms build`` and ``terms serve``: the site commands, registered into the ``terms`` CLI."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from termsite.adapters.cli.main import UsageError, parse_date
from termsite.model.timeline import today_in_tokyo


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build the site; the previous output stays if anything fails."""
    from termsite.adapters.mkdocs.build import build_site

    return build_site(args.root, as_of=args.as_of, drafts=args.drafts, site_dir=args.site_dir,
                      strict=args.strict, verbose=args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site with drafts and live reload."""
    from termsite.adapters.mkdocs.build import serve_site

    host, sep, port = args.dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise UsageError(f"--dev-addr '{args.dev_addr}' is not HOST:PORT (for example 127.0.0.1:8000)")
    return serve_site(args.root, dev_addr=args.dev_addr, as_of=args.as_of)


def register(subparsers: Any) -> None:
    """Add ``build`` and ``serve`` to the ``terms`` command line."""
    b = subparsers.add_parser("build", help="check the terms and build the site (default into site/)")
    b.add_argument("--as-of", type=parse_date, default=today_in_tokyo(),
                   help="the day the site shows, 00:00 Asia/Tokyo: decides the version in force "
                        "(default: today)")
    b.add_argument("--drafts", action="store_true", help="include draft versions (a preview build)")
    b.add_argument("--site-dir", type=Path, default=None,
                   help="where to write the site: a new or empty folder, or one a build wrote "
                        "(default: site_dir of mkdocs.yml, site/)")
    b.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
    b.add_argument("--verbose", action="store_true", help="show MkDocs' informational messages")
    b.set_defaults(func=cmd_build)

    s = subparsers.add_parser("serve", help="preview the site with drafts and live reload")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")
    s.add_argument("--as-of", type=parse_date, default=None,
                   help="show the site as of this day (default: today)")
    s.set_defaults(func=cmd_serve)
