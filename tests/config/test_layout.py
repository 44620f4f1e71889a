"""The house's layout, checked: imports run one way between apps, no module imports itself in a loop, no app
outgrows the others, and the shapes the layout rule forbids stay gone (CONTRIBUTING.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lowest first; an app may import apps of a lower rank (and peers of the same rank never import each other).
RANKS = {
    "villages": 0, "members": 1, "association": 2, "incentives": 3, "services": 3,
    "assessments": 4, "reports": 5, "demo": 6, "config": 7,
}


def source_files():
    for app in RANKS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]):
    """Every project module the file imports, at any depth of the file (local imports count too)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parents + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                yield name


@pytest.fixture(scope="module")
def graph():
    files = {module_name(path): (app, path) for app, path in source_files()}
    known = set(files)
    return {module: (app, set(imported_modules(path, known)) - {module}) for module, (app, path) in files.items()}


def test_no_app_imports_a_higher_app(graph):
    upward = [
        f"{module} -> {target}"
        for module, (app, targets) in graph.items()
        for target in targets
        if (other := graph[target][0]) != app and RANKS[other] >= RANKS[app]
    ]
    assert upward == []


def test_no_import_loops_between_modules(graph):
    # Tarjan's strongly connected components over module imports; packages importing their own
    # submodules (an __init__ re-exporting) are edges like any other.
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module][1]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert loops == []


def lines_of_code(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_no_app_holds_more_than_a_quarter_of_the_code():
    sizes = {}
    for app, path in source_files():
        sizes[app] = sizes.get(app, 0) + lines_of_code(path)
    total = sum(sizes.values())
    assert {app: round(size / total, 3) for app, size in sizes.items() if size / total > 0.25} == {}


def test_no_module_passes_the_layout_rules_limit():
    assert [str(path.relative_to(ROOT)) for _, path in source_files() if lines_of_code(path) > 450] == []


def test_no_late_imports_or_second_domains_glued_into_an_app():
    late = [str(path.relative_to(ROOT)) for _, path in source_files() if "noqa: E402" in path.read_text("utf-8")]
    glued = [str(path.relative_to(ROOT)) for _, path in source_files() if "_association" in path.name]
    assert (late, glued) == ([], [])


def test_domain_apps_hold_no_demo_or_benchmark_code():
    found = [
        str(path.relative_to(ROOT))
        for app, path in source_files()
        if app not in ("demo", "config") and ("demo" in path.parts or "demo" in path.stem or "benchmark" in path.stem)
    ]
    assert found == []
