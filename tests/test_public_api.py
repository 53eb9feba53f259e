"""The public surface is what ``__all__`` says, and each stage exports what it claims."""

from __future__ import annotations

import importlib

import pytest

import khabar

PACKAGES = [
    "khabar",
    "khabar.ingest",
    "khabar.extract",
    "khabar.resolve",
    "khabar.store",
    "khabar.query",
    "khabar.explain",
    "khabar.errors",
    "khabar.model",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_exist(name: str) -> None:
    mod = importlib.import_module(name)
    assert mod.__all__, f"{name} declares no __all__"
    missing = [n for n in mod.__all__ if not hasattr(mod, n)]
    assert not missing, f"{name}.__all__ names what it lacks: {missing}"
    assert len(set(mod.__all__)) == len(mod.__all__)


def test_top_level_api() -> None:
    assert set(khabar.__all__) == {
        "Khabar",
        "IngestReport",
        "DocumentOutcome",
        "KhabarError",
        "ConfigError",
        "IngestError",
        "ExtractError",
        "StoreError",
        "QueryError",
        "NotFoundError",
        "ExportError",
        "__version__",
    }
    for name in ("ingest", "dossier", "export", "entities", "events"):
        assert callable(getattr(khabar.Khabar, name))


def test_exception_tree() -> None:
    for name in ("ConfigError", "IngestError", "ExtractError", "StoreError", "QueryError", "ExportError"):
        assert issubclass(getattr(khabar, name), khabar.KhabarError)
    assert issubclass(khabar.NotFoundError, khabar.QueryError)


def test_lower_stages_do_not_import_higher_ones() -> None:
    """ingest → extract → resolve → store → query → explain → cli: no stage imports a later one."""
    import ast
    from pathlib import Path

    order = ["ingest", "extract", "resolve", "store", "query", "explain", "cli"]
    root = Path(khabar.__file__).parent
    for i, stage in enumerate(order):
        later = order[i + 1 :]
        for path in (root / stage).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                for n in names:
                    parts = n.split(".")
                    if parts[0] == "khabar" and len(parts) > 1:
                        assert parts[1] not in later + ([] if stage == "cli" else ["api"]), (
                            f"{path} imports {n}"
                        )
