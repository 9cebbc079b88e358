"""The package layout's rules, read from the code's imports (every ``import``, also inside functions).

Imports point one way: model <- diagnostics <- source <- rules, compare, importer, notices <- site <-
adapters. ``speed`` (worker pools, caches, memos) is handed to the domain as parameters by the
adapters, so no domain package imports it. Only ``adapters.mkdocs`` imports mkdocs or material.

``KNOWN`` lists the imports that still break these rules (none today); it may only shrink: a new break
fails, and so does an entry that is no longer needed.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "termsite"

LEVEL = {"model": 0, "diagnostics": 1, "source": 2, "rules": 3, "compare": 3, "importer": 3, "notices": 3,
         "site": 4, "ledger": 5, "speed": 5, "adapters": 6}
DOMAIN = {"model", "diagnostics", "source", "rules", "compare", "importer", "notices", "site", "ledger"}
MKDOCS = ("mkdocs", "material", "mkdocs_static_i18n")

KNOWN: set[tuple[str, str]] = set()


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("termsite", *parts)).removesuffix(".__init__")


def _imports(path: Path, module: str) -> set[str]:
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def _modules() -> set[str]:
    return {_module(p) for p in PACKAGE.rglob("*.py")}


def _breaks() -> set[tuple[str, str]]:
    modules = _modules()
    out: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        if module == "termsite":
            continue
        own = module.split(".")[1]
        for name in _imports(path, module):
            top = name.split(".")[0]
            if top in MKDOCS:
                if not module.startswith("termsite.adapters.mkdocs"):
                    out.add((module, name))
                continue
            if top != "termsite" or name not in modules or name.count(".") < 1:
                continue
            other = name.split(".")[1]
            if other == own or other not in LEVEL:
                continue
            if (own in DOMAIN and other == "speed") or LEVEL[other] > LEVEL[own]:
                out.add((module, name))
    return out


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = _modules()
    for path in PACKAGE.rglob("*.py"):
        module = _module(path)
        if module == "termsite":
            continue
        own = module.split(".")[1]
        for name in _imports(path, module):
            if name in modules and name.count(".") >= 1 and name.split(".")[1] != own:
                graph.setdefault(own, set()).add(name.split(".")[1])
    return graph


def test_every_module_is_in_a_package_of_the_layout() -> None:
    stray = sorted(m for m in _modules() if m.count(".") >= 1 and m.split(".")[1] not in LEVEL)
    assert not stray, stray


def test_imports_point_one_way() -> None:
    breaks = _breaks()
    new = sorted(breaks - KNOWN)
    assert not new, "imports against the layout (see the module docstring): " + ", ".join(f"{a} -> {b}" for a, b in new)


def test_packages_of_one_level_import_each_other_without_a_cycle() -> None:
    graph = _package_graph()
    cycles = sorted((a, b) for a, targets in graph.items() for b in targets
                    if a in graph.get(b, set()) and a < b and LEVEL[a] == LEVEL[b])
    assert not cycles, cycles


def test_the_list_of_known_breaks_only_shrinks() -> None:
    fixed = sorted(KNOWN - _breaks())
    assert not fixed, "no longer needed in KNOWN, remove: " + ", ".join(f"{a} -> {b}" for a, b in fixed)


def test_the_rules_catch_a_break(tmp_path: Path) -> None:
    # the checker itself: a domain module importing the MkDocs adapter is reported
    probe = PACKAGE / "model" / "_layering_probe.py"
    probe.write_text("from termsite.adapters.mkdocs import plugin\nimport mkdocs\n", encoding="utf-8")
    try:
        breaks = _breaks()
    finally:
        probe.unlink()
    assert ("termsite.model._layering_probe", "termsite.adapters.mkdocs.plugin") in breaks
    assert ("termsite.model._layering_probe", "mkdocs") in breaks


def test_every_module_imports_first() -> None:
    # an import cycle shows only when a module of it is imported before the others
    import importlib
    import sys

    failed = []
    for module in sorted(_modules()):
        saved = {name: mod for name, mod in sys.modules.items() if name.startswith("termsite")}
        for name in saved:
            del sys.modules[name]
        try:
            importlib.import_module(module)
        except ImportError as exc:
            failed.append(f"{module}: {exc}")
        finally:
            for name in [n for n in sys.modules if n.startswith("termsite")]:
                del sys.modules[name]
            sys.modules.update(saved)
    assert not failed, failed
