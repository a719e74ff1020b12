"""The import contract (pyproject.toml [tool.importlinter]) holds, and it bites.

``make test`` runs ``lint-imports`` on the tree; here a copy of the three
packages is checked as it is and then with one wrong import added, so a
contract that silently stopped matching anything would be noticed. The
project's modules must also form no import cycle, counting imports inside
functions and under TYPE_CHECKING: each is a dependency all the same.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsread", "storage", "tui")

LAYERS = "Layers: tui over storage over the newsread core"
INDEPENDENCE = "newsread.ingest, newsread.analysis and newsread.annotations are independent"
CORE_LAYERS = "newsread core: config over ingest/analysis/annotations over model and sanitize"
NO_TEXTUAL = "newsread and storage do not import Textual"
NO_TINYDB = "newsread does not import TinyDB"


def _lint_imports_command() -> list[str]:
    # The venv's script: the one `make test` runs, whatever PATH says.
    script = Path(sys.executable).with_name("lint-imports")
    found = str(script) if script.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is not installed: make setup installs requirements.lock")
    return [found, "--no-cache", "--no-logo"]


def _copy_project(dest: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports puts its working folder first on sys.path, so the copy is
    # analysed, not the editable install of the real tree.
    return subprocess.run(
        [*_lint_imports_command(), str(folder / "pyproject.toml")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _add_import(folder: Path, module_file: str, line: str) -> None:
    path = folder / module_file
    assert path.exists(), f"{module_file} moved: point this test at a module that exists"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")


def test_contract_is_kept_on_a_copy_of_the_tree(tmp_path: Path) -> None:
    result = _lint(_copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in (LAYERS, INDEPENDENCE, CORE_LAYERS, NO_TEXTUAL, NO_TINYDB):
        assert f"{name} KEPT" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module_file", "line", "contract"),
    [
        ("newsread/model.py", "import tui", LAYERS),
        ("storage/errors.py", "import tui.app", LAYERS),
        ("newsread/ingest/sources.py", "import newsread.analysis.run", INDEPENDENCE),
        ("newsread/annotations/export.py", "import newsread.ingest.demo", INDEPENDENCE),
        ("newsread/analysis/claims.py", "import newsread.config", CORE_LAYERS),
        ("newsread/sanitize.py", "import newsread.annotations.fuzzy", CORE_LAYERS),
        ("storage/errors.py", "import textual", NO_TEXTUAL),
        ("newsread/model.py", "import tinydb", NO_TINYDB),
    ],
)
def test_a_wrong_import_breaks_its_contract(
    tmp_path: Path, module_file: str, line: str, contract: str
) -> None:
    folder = _copy_project(tmp_path)
    _add_import(folder, module_file, line)
    result = _lint(folder)
    assert result.returncode != 0, result.stdout
    assert f"{contract} BROKEN" in result.stdout, result.stdout


# -- import cycles ----------------------------------------------------------------


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), sorted.

    Iterative: a deep import chain must not hit the recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    work: list[tuple[str, Iterator[str]]] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        work.append((module, iter(sorted(graph.find_modules_directly_imported_by(module)))))

    for start in sorted(graph.modules):
        if start in index:
            continue
        visit(start)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    visit(target)
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def _describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """Each import inside the cycle with its line, so the message says what to cut."""
    members = set(component)
    lines = []
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(
                    f"    {importer}:{detail['line_number']} -> {imported}"
                    f"  ({detail['line_contents'].strip()})"
                )
    return f"  cycle among {', '.join(component)}:\n" + "\n".join(lines)


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(_describe(graph, c) for c in cycles)


def test_cycle_check_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A lazy import closes the loop: counted like any other.
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclepkg import b\n")
    (package / "b.py").write_text("def f():\n    from cyclepkg import c\n")
    (package / "c.py").write_text("import cyclepkg.a\n")
    (package / "d.py").write_text("import cyclepkg.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclepkg", cache_dir=None)
    assert _cycles(graph) == [["cyclepkg.a", "cyclepkg.b", "cyclepkg.c"]]
    assert "cyclepkg.b:2 -> cyclepkg.c" in _describe(graph, _cycles(graph)[0])
