"""The package's import graph has no cycle, counting imports inside functions too."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "napari_pretext"


def module_files() -> dict[str, Path]:
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def imports(name: str, files: dict[str, Path]) -> set[str]:
    package = name if files[name].name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(files[name].read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module or ""
            found.update(t for t in (target, *(f"{target}.{a.name}" for a in node.names)) if t in files)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in files)
    return found - {name}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph``, or None (depth-first search)."""
    state, path = {}, []

    def visit(v):
        state[v] = "open"
        path.append(v)
        for w in sorted(graph[v]):
            if state.get(w) == "open":
                return path[path.index(w):] + [w]
            if w not in state and (found := visit(w)):
                return found
        state[v] = "done"
        path.pop()
        return None

    return next((c for v in sorted(graph) if v not in state and (c := visit(v))), None)


def test_no_import_cycle_among_the_modules():
    files = module_files()
    graph = {name: imports(name, files) for name in files}
    assert "napari_pretext.cli.common" in graph["napari_pretext.cli.volumes"]  # the graph is read
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # and a cycle is found
    assert cycle(graph) is None, " -> ".join(cycle(graph))


def layer(name: str) -> str:
    """core, images, ct, cli, _qt, or top (the package's own modules that span both pipelines)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in {"core", "images", "ct", "cli", "_qt"} else "top"


# what each layer may import: the core neither pipeline; the pipelines are peers (neither
# imports the other); the CLI, the widgets and the top-level modules sit over them
ALLOWED = {"core": {"core"}, "images": {"core", "images"}, "ct": {"core", "ct"}}


def test_the_core_imports_neither_pipeline_and_the_pipelines_are_peers():
    files = module_files()
    graph = {name: imports(name, files) for name in files}
    assert "napari_pretext.core.training" in graph["napari_pretext.images.restoration"]  # the graph is read
    wrong = sorted(f"{a} imports {b}" for a, targets in graph.items() for b in targets
                   if layer(a) in ALLOWED and layer(b) not in ALLOWED[layer(a)])
    assert not wrong, "\n".join(wrong)
    assert layer("napari_pretext.ct.guided_box") == "ct" and layer("napari_pretext.settings") == "top"
