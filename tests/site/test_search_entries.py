"""The one place that reads the search plugin's private state (adapters/mkdocs/search.py) is checked
against the installed Material: an upgrade makes these tests fail loudly, so that someone checks again
that entries added on the workers are the entries the plugin would add."""

from __future__ import annotations

from importlib import metadata

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import TableOfContents

from termsite.adapters.mkdocs import search
from termsite.adapters.mkdocs.search import CHECKED_MATERIAL, Indexed, clean_entries, index_entries


def test_the_installed_material_is_the_one_whose_search_index_was_checked() -> None:
    assert metadata.version("mkdocs-material") == CHECKED_MATERIAL, (
        "Material changed: check that its SearchIndex still keeps its entries in the list `entries` and that "
        "add_entry_from_context appends to it, that its search worker's messages and the worker's name in "
        "base.html are those terms-search.js and main.html use, then update CHECKED_MATERIAL in "
        "adapters/mkdocs/search.py")


def test_entries_are_read_from_the_list_the_plugin_appends_to() -> None:
    index = SearchIndex(lang=["ja", "en"], separator=r"[\s\-]+", pipeline=["trimmer"])
    entries = index_entries(index)
    assert entries is index.entries
    index.add_entry_from_context(Indexed("en/demo/", "Demo", "<h2 id=\"a\">A</h2><p>text</p>", TableOfContents([])))
    assert entries and entries[0]["location"] == "en/demo/"


def test_another_material_version_falls_back_to_the_public_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_material_version", lambda: "10.0.0")
    assert index_entries(SearchIndex(lang=["en"], separator=r"\s+", pipeline=[])) is None


PAGE = ('<p class="terms-print-url">https://terms.example.com/svc/</p>'
        '<h2 id="fees">第2条（料金）</h2><p>1.料金は、以下のとおりとします。</p>'
        '<ol><li>(1)月額料金</li><li>(2)初期費用</li></ol>'
        '<p>https://terms.example.com/other/</p>')


def _entries() -> list[dict[str, str]]:
    index = SearchIndex(lang=["ja", "en"], separator=r"[\s\-]+", pipeline=["trimmer"])
    index.add_entry_from_context(Indexed("svc/", "料金", PAGE, TableOfContents([])))
    entries = index_entries(index)
    assert entries is not None
    return entries


def test_entries_lose_the_print_address_and_list_numbering_but_keep_the_text() -> None:
    entries = _entries()
    assert "<ol>" in entries[1]["text"] and "terms.example.com/svc/" in entries[0]["text"]
    clean_entries(entries, "https://terms.example.com/")
    page, fees = entries
    assert "terms.example.com/svc/" not in page["text"]
    # (1) is the item's own number; a list would number it again ("1. (1)")
    assert fees["text"] == "<p>1.料金は、以下のとおりとします。</p><p>(1)月額料金</p><p>(2)初期費用</p>" \
        "<p>https://terms.example.com/other/</p>"


def test_cleaning_twice_is_cleaning_once() -> None:
    # every language's build cleans the whole index again
    once = _entries()
    clean_entries(once, "https://terms.example.com/")
    twice = [dict(e) for e in once]
    clean_entries(twice, "https://terms.example.com/")
    assert twice == once
