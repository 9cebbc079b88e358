"""The PDFs of versions and notices in a real build: present for every published version and notice
in both languages, with the title, the effective date, the permanent URL and the SHA-256 printed in
them, Japanese text that extracts as published, fonts embedded, PDF/A, linked from the pages and
listed with their hashes in the API; drafts have none; ``pdf: false`` makes none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from termsite.model.dates import format_date
from termsite.model.terms import Lang

from ..site.helpers import DEMO_AS_OF, build, make_repo, page
from .conftest import DEMO, pdftotext, squeezed

SITE_URL = "https://terms.example.com/"
#: As of DEMO_AS_OF: superseded, in force, upcoming; 2025-12-01 is embargoed, 2026-01-01 a draft.
VERSIONS = ("2024-01-01", "2025-04-01", "2025-09-01")
NOTICES = ("2025-04-01", "2025-09-01")
LANGS: tuple[Lang, ...] = ("ja", "en")


def _prefix(lang: Lang) -> str:
    return "" if lang == "ja" else "en/"


def _api(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "api" / "terms.json").read_text(encoding="utf-8"))
    return data


def _versions(site: Path) -> dict[str, dict[str, Any]]:
    [doc] = _api(site)["documents"]
    return {v["effective"]: v for v in doc["versions"]}


def version_pdf(site: Path, key: str, lang: Lang) -> Path:
    return site / f"{_prefix(lang)}demo/{key}/demo-{key}-{lang}.pdf"


def notice_pdf(site: Path, key: str, lang: Lang) -> Path:
    return site / f"{_prefix(lang)}notices/demo-{key}/notice-demo-{key}-{lang}.pdf"


def test_every_published_version_has_a_pdf_per_language_and_nothing_else_does(pdf_site: Path) -> None:
    found = sorted(p.relative_to(pdf_site).as_posix() for p in pdf_site.rglob("*.pdf"))
    expected = sorted([version_pdf(pdf_site, k, lang).relative_to(pdf_site).as_posix()
                       for k in VERSIONS for lang in LANGS]
                      + [notice_pdf(pdf_site, k, lang).relative_to(pdf_site).as_posix()
                         for k in NOTICES for lang in LANGS])
    assert found == expected
    for path in pdf_site.rglob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-1.7\n")


def test_a_version_pdf_prints_title_date_url_hash_and_governing_note(pdf_site: Path) -> None:
    versions = _versions(pdf_site)
    for key in VERSIONS:
        for lang in LANGS:
            text = pdftotext(version_pdf(pdf_site, key, lang))
            flat = squeezed(text)
            title = "デモ約款" if lang == "ja" else "Demo Terms"
            assert title in text, (key, lang)
            date = format_date(dt.date.fromisoformat(versions[key]["effective"]), lang)
            assert squeezed(date) in flat, (key, lang, date)
            url = f"{SITE_URL}{_prefix(lang)}demo/{key}/"
            assert url in text
            assert versions[key]["sha256"] in text, (key, lang)
            if lang == "ja":
                assert "この規約は日本語を正文とします。" in flat
                assert "参考訳" not in flat
            else:
                assert "Reference translation" in text
                assert "This English text is a reference translation" in " ".join(text.split())


def test_japanese_text_extracts_as_published(pdf_site: Path) -> None:
    flat = squeezed(pdftotext(version_pdf(pdf_site, "2025-04-01", "ja")))
    # the texts of the version file, character for character (A&B, the quotes, the full-width brackets)
    for sentence in ("本約款は、本サービスに適用します。", '料金は、次のとおりとします。A&B社の"特別"プランを含みます。',
                     "（別表のとおり）", "当社は、前項の変更を掲示します。"):
        assert sentence in flat
    assert "第2条" in flat and "（料金）" in flat


def test_fonts_are_embedded_and_the_pdf_is_pdf_a(pdf_site: Path) -> None:
    for lang in LANGS:
        path = version_pdf(pdf_site, "2025-04-01", lang)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, fonts
        assert any("Noto-Serif-CJK-JP" in r for r in rows) and any("Noto-Sans-CJK-JP" in r for r in rows), fonts
        for row in rows:  # columns: name type encoding emb sub uni object ID
            assert re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", row), row
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
        assert "Metadata Stream: yes" in info
        xmp = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"pdfaid:part=.3.", xmp) and re.search(r"pdfaid:conformance=.B.", xmp), xmp


def test_the_pdf_dates_are_the_version_s_not_the_clock(pdf_site: Path) -> None:
    info = subprocess.run(["pdfinfo", "-isodates", str(version_pdf(pdf_site, "2025-04-01", "en"))],
                          capture_output=True, text=True, check=True).stdout
    # announced 2025-02-01, 00:00 in Tokyo
    assert re.search(r"CreationDate:\s+2025-01-31T15:00:00Z", info) or re.search(
        r"CreationDate:\s+2025-02-01T00:00:00\+09", info), info
    assert "ModDate:" in info and "Title:           Demo Terms (effective April 1, 2025)" in info


def test_a_notice_pdf_prints_its_title_dates_url_and_the_new_version_hash(pdf_site: Path) -> None:
    versions = _versions(pdf_site)
    for key in NOTICES:
        for lang in LANGS:
            text = pdftotext(notice_pdf(pdf_site, key, lang))
            flat = squeezed(text)
            assert f"{SITE_URL}{_prefix(lang)}notices/demo-{key}/" in text
            assert versions[key]["sha256"] in text
            assert f"{SITE_URL}{_prefix(lang)}demo/{key}/" in text  # the new text
            if lang == "ja":
                assert "デモ約款改定のお知らせ" in flat
            else:
                assert "Changes to the Demo Terms" in " ".join(text.split())


def test_the_api_lists_every_pdf_with_its_url_and_sha256(pdf_site: Path) -> None:
    versions = _versions(pdf_site)
    for key in VERSIONS:
        pdfs = versions[key]["pdfs"]
        assert sorted(pdfs) == ["en", "ja"]
        for lang in LANGS:
            path = version_pdf(pdf_site, key, lang)
            assert pdfs[lang] == {"url": SITE_URL + path.relative_to(pdf_site).as_posix(),
                                  "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        notices = versions[key]["notice_pdfs"]
        if key in NOTICES:
            for lang in LANGS:
                path = notice_pdf(pdf_site, key, lang)
                assert notices[lang]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
                assert notices[lang]["url"] == SITE_URL + path.relative_to(pdf_site).as_posix()
        else:
            assert notices is None


def _pdf_links(site: Path, url: str) -> list[Path]:
    """The PDFs the page at ``url`` links to, as files of the site (each must exist)."""
    found = []
    for a in page(site, url).attrs("a"):
        href = a.get("href") or ""
        if href.endswith(".pdf"):
            assert a.get("type") == "application/pdf", a
            target = (site / url / href).resolve()
            assert target.is_file(), (url, href)
            found.append(target)
    return found


def test_the_version_history_and_notice_pages_link_to_their_pdfs(pdf_site: Path) -> None:
    for lang in LANGS:
        p = _prefix(lang)
        for key in VERSIONS:
            assert _pdf_links(pdf_site, f"{p}demo/{key}/") == [version_pdf(pdf_site, key, lang).resolve()]
        # the version in force, at /demo/
        assert _pdf_links(pdf_site, f"{p}demo/") == [version_pdf(pdf_site, "2025-04-01", lang).resolve()]
        history = _pdf_links(pdf_site, f"{p}demo/history/")
        assert history == [version_pdf(pdf_site, k, lang).resolve() for k in reversed(VERSIONS)]
        for key in NOTICES:
            assert _pdf_links(pdf_site, f"{p}notices/demo-{key}/") == [notice_pdf(pdf_site, key, lang).resolve()]


def test_a_draft_has_no_pdf_and_no_link_to_one(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF, drafts=True, extra=())
    assert code == 0, err
    assert (site / "demo" / "2026-01-01" / "index.html").is_file()  # the draft's page is there
    assert not list((site / "demo" / "2026-01-01").glob("*.pdf"))
    assert _pdf_links(site, "demo/2026-01-01/") == []
    assert _versions(site)["2026-01-01"]["pdfs"] is None


def test_pdf_false_builds_the_site_without_pdfs(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - terms\n", "  - terms:\n      pdf: false\n", 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    assert not list(site.rglob("*.pdf"))
    assert _pdf_links(site, "demo/2025-04-01/") == [] and _pdf_links(site, "demo/history/") == []
    assert all(v["pdfs"] is None and v["notice_pdfs"] is None for v in _versions(site).values())
