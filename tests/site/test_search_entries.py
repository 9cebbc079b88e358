"""The one place that reads the search plugin's private state (adapters/mkdocs/search.py) is checked
against the installed Material: an upgrade makes these tests fail loudly, so that someone checks again
that entries added on the workers are the entries the plugin would add."""

from __future__ import annotations

from importlib import metadata

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import TableOfContents

from termsite.adapters.mkdocs import search
from termsite.adapters.mkdocs.search import CHECKED_MATERIAL, Indexed, index_entries


def test_the_installed_material_is_the_one_whose_search_index_was_checked() -> None:
    assert metadata.version("mkdocs-material") == CHECKED_MATERIAL, (
        "Material changed: check that its SearchIndex still keeps its entries in the list `entries` and that "
        "add_entry_from_context appends to it, then update CHECKED_MATERIAL in adapters/mkdocs/search.py")


def test_entries_are_read_from_the_list_the_plugin_appends_to() -> None:
    index = SearchIndex(lang=["ja", "en"], separator=r"[\s\-]+", pipeline=["trimmer"])
    entries = index_entries(index)
    assert entries is index.entries
    index.add_entry_from_context(Indexed("en/demo/", "Demo", "<h2 id=\"a\">A</h2><p>text</p>", TableOfContents([])))
    assert entries and entries[0]["location"] == "en/demo/"


def test_another_material_version_falls_back_to_the_public_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_material_version", lambda: "10.0.0")
    assert index_entries(SearchIndex(lang=["en"], separator=r"\s+", pipeline=[])) is None
