"""`terms init`, `terms new-document` and `terms import --new-document`: a company's own terms site from
nothing, checked and built at once, then its first documents from its existing texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from termsite.source.scaffold import SCAFFOLD, with_document_in_order

from .conftest import REPO, Run, files

INIT = ("--publisher-ja", "株式会社例", "--publisher-en", "Example, Inc.", "--site-url", "https://terms.example.org/")

# A company's existing terms, as the text of a PDF (Japanese) and as Markdown (English)
KIYAKU = """サービス利用規約

第1条（目的）
本規約は、株式会社例（以下「当社」といいます。）が提供するサービスの利用条件を定めるものです。

第2条（本規約の変更）
当社は、本規約を変更することがあります。
2 当社は、変更後の本規約を、その効力発生日の30日前までに当社のウェブサイトに掲載して周知します。

第3条（禁止事項）
利用者は、次の行為をしてはなりません。
(1) 法令に違反する行為
(2) 当社のサービスの運営を妨げる行為
"""
PRIVACY = """# Privacy Policy

## 1. Information we collect

We collect the information you give us when you register.

## 2. Changes to this policy

We may change this policy. We post the changed policy on this site before it takes effect.
"""


def hub_text(site: Path, lang: str) -> str:
    page = (site / ("en/index.html" if lang == "en" else "index.html")).read_text(encoding="utf-8")
    start = page.index('<div class="terms-page terms-page--hub">')
    return page[start:page.index("</div>", start)]


@pytest.fixture
def new_repo(tmp_path: Path, terms) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "acme-terms"
    run: Run = terms("init", root, *INIT)
    assert run.code == 0, run.err
    return root


def test_init_writes_a_repository_that_checks_and_builds_at_once(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = set(files(new_repo))
    assert {"mkdocs.yml", "site_config/site.yml", "terms/README.md", ".github/workflows/pull-request.yml",
            ".github/workflows/publish.yml", ".pre-commit-config.yaml", ".gitignore", "README.md", "README.ja.md",
            "CONTRIBUTING.md", "CONTRIBUTING.ja.md", "termsite-requirements.txt", "constraints.txt",
            "docs_generated/.gitkeep", "schemas/document.schema.json", "schemas/version.schema.json",
            "schemas/site.schema.json", "schemas/glossary.schema.json"} == written
    for name in written:  # nothing of this repository's own content, no marker left unfilled
        text = (new_repo / name).read_text(encoding="utf-8")
        assert "@@" not in text and "クララ" not in text and "Clara" not in text and "cloud-resale" not in text, name
    site = yaml.safe_load((new_repo / "site_config/site.yml").read_text(encoding="utf-8"))
    assert site["site_url"] == "https://terms.example.org/" and site["documents"] == []
    assert site["site_name"] == {"ja": "株式会社例の利用規約", "en": "Example, Inc. Terms"}
    assert site["publisher"] == {"name": {"ja": "株式会社例", "en": "Example, Inc."}}
    assert "株式会社例" in (new_repo / "CONTRIBUTING.ja.md").read_text(encoding="utf-8")
    assert "<https://terms.example.org/>" in (new_repo / "README.md").read_text(encoding="utf-8")

    check = terms("--root", new_repo, "check", "--as-of", "2025-04-01")
    assert check.code == 0 and "0 error(s), 0 warning(s)" in check.err, check.err
    build = terms("--root", new_repo, "build", "--as-of", "2025-04-01", "--site-dir", tmp_path / "site")
    assert build.code == 0, build.err
    ja, en = hub_text(tmp_path / "site", "ja"), hub_text(tmp_path / "site", "en")
    assert "公開されている規約はまだありません。" in ja and "株式会社例の利用規約" in ja
    assert "No documents have been published yet." in en and "Example, Inc. Terms" in en
    assert "<ul class=\"terms-docs\">" not in ja + en  # no empty list
    assert json.loads((tmp_path / "site/api/terms.json").read_text(encoding="utf-8"))


def test_from_existing_texts_to_a_built_site(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "kiyaku.txt").write_text(KIYAKU, encoding="utf-8")
    (tmp_path / "privacy.md").write_text(PRIVACY, encoding="utf-8")
    made = terms("--root", new_repo, "new-document", "service-terms", "--original", "ja", "--numbering", "statute",
                 "--title-ja", "サービス利用規約", "--title-en", "Service Terms", "--change-clause", "article-2")
    assert made.code == 0, made.err
    doc_text = (new_repo / "terms/service-terms/document.yml").read_text(encoding="utf-8")
    first = doc_text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/document.schema.json"
    assert (new_repo / "terms/service-terms" / first.split("=", 1)[1]).resolve().is_file()
    assert yaml.safe_load(doc_text) == {
        "id": "service-terms", "title": {"ja": "サービス利用規約", "en": "Service Terms"}, "original": "ja",
        "numbering": "statute", "change_clause": "article-2",
        "publisher": {"ja": "株式会社例", "en": "Example, Inc."}}  # the site's publisher by default
    imported = terms("--root", new_repo, "import", tmp_path / "kiyaku.txt", "--document", "service-terms",
                     "--effective", "2025-04-01")
    assert imported.code == 0, imported.err
    english = terms("--root", new_repo, "import", tmp_path / "privacy.md", "--new-document", "--document", "privacy",
                    "--original", "en", "--numbering", "decimal", "--title-ja", "プライバシーポリシー", "--title-en",
                    "Privacy Policy", "--publisher-ja", "例株式会社", "--publisher-en", "Example KK",
                    "--effective", "2025-04-01")
    assert english.code == 0, english.err
    privacy = yaml.safe_load((new_repo / "terms/privacy/document.yml").read_text(encoding="utf-8"))
    assert privacy["original"] == "en" and privacy["publisher"] == {"ja": "例株式会社", "en": "Example KK"}
    version = (new_repo / "terms/privacy/2025-04-01.yml").read_text(encoding="utf-8")
    assert version.startswith("# yaml-language-server: $schema=../../schemas/version.schema.json\n")
    order = yaml.safe_load((new_repo / "site_config/site.yml").read_text(encoding="utf-8"))["documents"]
    assert order == ["service-terms", "privacy"]

    check = terms("--root", new_repo, "check", "--as-of", "2025-04-01")
    assert check.code == 0, check.err  # drafts: only the missing translations, as warnings
    assert {ln.split()[2] for ln in check.err.splitlines() if ": warning " in ln} == {"TERMS014:"}
    site = tmp_path / "site"
    build = terms("--root", new_repo, "build", "--drafts", "--as-of", "2025-04-01", "--site-dir", site)
    assert build.code == 0, build.err
    ja, en = hub_text(site, "ja"), hub_text(site, "en")
    assert re.findall(r'<h2><a href="([^"]+)">([^<]+)</a>', ja) == [("service-terms/", "サービス利用規約"),
                                                                   ("privacy/", "プライバシーポリシー")]
    assert re.findall(r'<h2><a href="([^"]+)">([^<]+)</a>', en) == [("service-terms/", "Service Terms"),
                                                                   ("privacy/", "Privacy Policy")]
    assert "まだありません" not in ja and "published yet" not in en
    kiyaku = (site / "service-terms/2025-04-01/index.html").read_text(encoding="utf-8")
    assert "当社は、変更後の本規約を、その効力発生日の30日前までに当社のウェブサイトに掲載して周知します。" in kiyaku
    policy = (site / "en/privacy/2025-04-01/index.html").read_text(encoding="utf-8")
    assert "We collect the information you give us when you register." in policy


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "used"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    run = terms("init", target, *INIT)
    assert run.code == 2 and "is not empty (notes.txt)" in run.err and "choose another folder" in run.err
    assert files(target) == {"notes.txt": b"mine"}
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    run = terms("init", tmp_path / "a-file", *INIT)
    assert run.code == 2 and "is not a folder" in run.err


def test_init_in_an_empty_folder_or_a_new_one(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    assert terms("init", tmp_path / "empty", *INIT).code == 0
    assert (tmp_path / "empty/mkdocs.yml").is_file()
    assert terms("init", tmp_path / "a/b/new", *INIT).code == 0
    assert (tmp_path / "a/b/new/terms/README.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty"]  # no staging folder left


def test_init_that_cannot_write_leaves_nothing(tmp_path: Path, terms, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from termsite.adapters.cli import init_commands

    real = init_commands.write_files

    def fail_halfway(root: Path, files: dict[str, str], mode: str = "x") -> list[Path]:
        real(root, dict(list(files.items())[:3]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(init_commands, "write_files", fail_halfway)
    run = terms("init", tmp_path / "new", *INIT)
    assert run.code == 1 and "No space left on device; nothing was written" in run.err
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    run = terms("init", ".", *INIT)
    assert run.code == 1 and list((tmp_path / "empty").iterdir()) == []


def test_init_in_the_working_folder(tmp_path: Path, terms, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert terms("init", ".", *INIT).code == 0
    assert Path("mkdocs.yml").is_file() and Path(".github/workflows/publish.yml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--site-url", "https://terms.example.org", "is not a site address"),  # no final / (the schema)
    ("--site-url", "ftp://terms.example.org/", "TERMS007"),
    ("--site-url", "https://terms.example.org/?a=1/", "it must not have a query (?) or a fragment (#)"),
    ("--site-url", "https://user:pw@terms.example.org/", "TERMS036"),
    ("--site-url", 'https://x.example/"onload=/', "TERMS036"),
    ("--site-name-ja", "規約\n一覧", "TERMS029"),
    ("--site-name-en", "<script>x</script>", "TERMS018"),
    ("--publisher-en", "Example &amp; Co.", "TERMS018"),
    ("--publisher-ja", "株式会社\u200b例", "TERMS0"),
    ("--publisher-ja", "", "must not be empty"),
])
def test_init_checks_its_inputs_as_terms_check_does(tmp_path: Path, terms, option: str, value: str,  # type: ignore[no-untyped-def]
                                                   said: str) -> None:
    args = list(INIT)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    run = terms("init", tmp_path / "new", *args)
    assert run.code == 2, run.err
    assert said in run.err and "wrote nothing" in run.err, run.err
    shown = "--publisher" if option.startswith("--publisher") else option
    assert shown in run.err
    assert not (tmp_path / "new").exists()


def test_init_writes_the_termsite_requirement_it_is_given(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    req = "termsite @ git+https://github.com/example/termsite@" + "a" * 40
    assert terms("init", tmp_path / "r", *INIT, "--termsite-requirement", req).code == 0
    lines = [ln for ln in (tmp_path / "r/termsite-requirements.txt").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    assert lines == [req]
    assert terms("init", tmp_path / "p", *INIT).code == 0  # this checkout: no URL to install from
    placeholder = (tmp_path / "p/termsite-requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert placeholder == "TERMSITE_REQUIREMENT"
    bad = terms("init", tmp_path / "b", *INIT, "--termsite-requirement", "-e .")
    assert bad.code == 2 and "not one pip requirement" in bad.err


def test_the_requirement_is_where_termsite_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    from termsite.adapters.cli import init_commands

    class Dist:
        def __init__(self, text: str | None) -> None:
            self.text = text

        def read_text(self, name: str) -> str | None:
            return self.text

    commit = "0123456789abcdef0123456789abcdef01234567"
    cases = {
        json.dumps({"url": "https://github.com/o/termsite", "vcs_info": {"vcs": "git", "commit_id": commit}}):
            f"termsite @ git+https://github.com/o/termsite@{commit}",
        json.dumps({"url": "https://example.com/termsite-0.1.0-py3-none-any.whl", "archive_info": {}}):
            "termsite @ https://example.com/termsite-0.1.0-py3-none-any.whl",
        json.dumps({"url": "https://github.com/o/mono", "subdirectory": "packages/termsite",
                    "vcs_info": {"vcs": "git", "commit_id": commit}}):
            f"termsite @ git+https://github.com/o/mono@{commit}#subdirectory=packages/termsite",
        json.dumps({"url": "https://github.com/o/termsite", "vcs_info": {"vcs": "git", "commit_id": "main"}}): None,
        json.dumps({"url": "file:///tmp/termsite-0.1.0-py3-none-any.whl", "archive_info": {}}): None,
        json.dumps({"url": "file:///src/termsite", "dir_info": {"editable": True}}): None,
        None: None,
    }
    for text, expected in cases.items():
        monkeypatch.setattr(metadata, "distribution", lambda name, text=text: Dist(text))
        assert init_commands._requirement(None) == expected, text


def test_new_document_refuses(new_repo: Path, terms) -> None:  # type: ignore[no-untyped-def]
    base = ("--original", "ja", "--numbering", "statute", "--title-ja", "利用規約", "--title-en", "Terms")
    assert terms("--root", new_repo, "new-document", "service-terms", *base).code == 0
    before = files(new_repo)
    cases = [
        (("service-terms", *base), "terms/service-terms already exists"),
        (("Service_Terms", *base), "is not a valid id"),
        (("terms-", *base), "is not a valid id"),
        (("a" * 81, *base), "is not a valid id"),
        (("notices", *base), "the site's own folders"),
        (("x", "--original", "fr", *base[2:]), "invalid choice: 'fr'"),
        (("x", *base[:2], "--numbering", "roman", *base[4:]), "invalid choice: 'roman'"),
        (("x", *base, "--change-clause", "第2条"), "--change-clause '第2条' is not a valid id"),
        (("x", *base[:4], "--title-ja", "利用\n規約", *base[6:]), "--title-ja: a line break"),
        (("x", *base[:6], "--title-en", "<i>Terms</i>"), "--title-en: markup"),
        (("x", *base, "--publisher-ja", "株式会社例"), "give the publisher in both languages"),
        (("x", *base[2:]), "the following arguments are required: --original"),
    ]
    for args, said in cases:
        run = terms("--root", new_repo, "new-document", *args)
        assert run.code == 2 and said in run.err, (args, run.err)
        assert files(new_repo) == before, args
    outside = terms("--root", new_repo / "terms", "new-document", "x", *base)
    assert outside.code == 2 and "no terms/ folder" in outside.err


def test_a_failed_import_leaves_no_new_document(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = files(new_repo)
    (tmp_path / "empty.md").write_text("\n", encoding="utf-8")
    new = ("--new-document", "--document", "policy", "--original", "en", "--numbering", "decimal",
           "--title-ja", "方針", "--title-en", "Policy", "--effective", "2025-04-01")
    for source in (tmp_path / "missing.md", tmp_path / "empty.md"):
        run = terms("--root", new_repo, "import", source, *new)
        assert run.code != 0, run.err
        assert files(new_repo) == before, run.err
    half = terms("--root", new_repo, "import", tmp_path / "empty.md", "--document", "policy", "--original", "en",
                 "--effective", "2025-04-01")
    assert half.code == 2 and "--original describes a new document: add --new-document" in half.err
    missing = terms("--root", new_repo, "import", tmp_path / "empty.md", "--new-document", "--document", "policy",
                    "--effective", "2025-04-01")
    assert missing.code == 2 and "a new document needs --original, --numbering, --title-ja, --title-en" in missing.err
    assert files(new_repo) == before


def test_hub_order_keeps_every_other_byte() -> None:
    shipped = (REPO / "site_config/site.yml").read_text(encoding="utf-8")
    added = with_document_in_order(shipped, "site.yml", "refund-policy")
    assert added == shipped + "  - refund-policy\n"
    assert with_document_in_order(added, "site.yml", "refund-policy") == added  # listed already
    flow = "site_url: https://x.example/\ndocuments: [a, b]   # hub\nnotice_days: {adverse: 30}\n"
    assert with_document_in_order(flow, "s", "c") == ("site_url: https://x.example/\ndocuments:  # hub\n  - a\n  - b\n"
                                                      "  - c\nnotice_days: {adverse: 30}\n")
    empty = "documents:   # hub\nsite_url: https://x.example/\n"
    assert with_document_in_order(empty, "s", "a") == "documents:  # hub\n  - a\nsite_url: https://x.example/\n"
    deeper = "documents:\n    - a   # first\n# the rest\nsite_url: https://x.example/\n"
    assert with_document_in_order(deeper, "s", "b") == ("documents:\n    - a   # first\n    - b\n# the rest\n"
                                                        "site_url: https://x.example/\n")
    assert with_document_in_order("site_url: https://x.example/", "s", "a").endswith("/\ndocuments:"
                                                                                    "                      # order on "
                                                                                    "the hub\n  - a\n")


def test_the_scaffold_is_this_repository_s_own_setup_adapted() -> None:
    """The new repository pins what this one pins, and its hooks and workflows run real commands."""
    def pins(path: Path) -> list[str]:
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]

    assert pins(SCAFFOLD / "constraints.txt") == pins(REPO / "constraints.txt")
    hooks = yaml.safe_load((SCAFFOLD / "dot-pre-commit-config.yaml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"] == ours["repos"]
    ignore = (SCAFFOLD / "dot-gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/site/", "/docs_generated/*", "!/docs_generated/.gitkeep", ".cache/", "/.site-staging*/"} <= set(ignore)


def test_the_format_in_terms_readme_is_what_the_loader_reads(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The examples of the new repository's terms/README.md, written as files, load and check clean."""
    readme = (new_repo / "terms/README.md").read_text(encoding="utf-8")
    document, version = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    folder = new_repo / "terms/service-terms"
    folder.mkdir()
    (folder / "document.yml").write_text(document, encoding="utf-8")
    (folder / "2025-04-01.yml").write_text(version, encoding="utf-8")
    check = terms("--root", new_repo, "check", "--as-of", "2025-03-01")
    assert check.code == 0 and "0 error(s), 0 warning(s)" in check.err, check.err
