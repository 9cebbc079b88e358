"""A comparison page printed from the browser (Chromium's print to PDF, A4): the changed articles in
two columns and the one-line summaries of the folded unchanged ones, not their text (29 sheets for 5
changed articles before comparison.css had a print block), and no screen-only icon."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ..pdf.conftest import pdftotext, squeezed
from ..site.helpers import AS_OF, build, make_repo
from .conftest import served

pytestmark = pytest.mark.browser

PAGE = "cloud-resale/2027-01-01/changes/"
HEADING = re.compile(r'<div class="cmp-heading" role="heading" aria-level="3">(.*?)</div>')


def _headings(html: str, table_class: str) -> list[str]:
    """The unit headings of the comparison tables of class ``table_class``."""
    found = []
    for table in re.findall(rf'<table class="cmp-table {table_class}">(.*?)</table>', html, re.S):
        # the words for screen readers only (［追加］) are not printed
        found += [re.sub(r"<[^>]+>", "", re.sub(r'<span class="cmp-vh">.*?</span>', "", h))
                  for h in HEADING.findall(table)]
    return found


def test_a_printed_comparison_holds_only_the_changed_articles(tmp_path: Path, browser: Any) -> None:
    repo = make_repo(tmp_path / "repo")
    config = repo / "mkdocs.yml"  # the pages only: this is about the browser's print
    config.write_text(config.read_text(encoding="utf-8").replace("  - terms\n", "  - terms:\n      pdf: false\n", 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=AS_OF, drafts=True)
    assert code == 0, err
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    changed, folded = _headings(html, "cmp-changed"), _headings(html, "cmp-folded")
    assert len(set(changed)) >= 5 and len(folded) > 20  # the page: 5 changed articles and 1 added among 39
    out = tmp_path / "printed.pdf"
    with served(site) as url:
        page = browser.new_page()
        try:
            page.goto(url + PAGE)
            page.pdf(path=str(out), format="A4")
        finally:
            page.close()
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    sheets = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 2 <= sheets <= 10, sheets
    text = pdftotext(out)
    flat = squeezed(text)
    for heading in changed:
        assert squeezed(heading) in flat, heading
    folded_articles = [h for h in folded if re.fullmatch(r"第\d+条（.+）", h)]  # 前文, 別紙 are in the summaries
    assert len(folded_articles) > 20
    for heading in folded_articles:
        assert squeezed(heading) not in flat, heading
    assert "変更のない条項" in flat and "改定後" in flat and "改定前" in flat
    assert "\u2197" not in text  # the external-link arrow is a screen-only mark
