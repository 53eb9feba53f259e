"""Shared fixtures: where ../shared is (tests that need it skip with a reason when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The project's shared folder (corpus, answer keys, scorers) beside the repo."""
    if not (SHARED / "eval" / "CONTRACT.md").exists():
        pytest.skip(f"{SHARED} is absent (a fresh clone without the project's shared data)")
    return SHARED


@pytest.fixture()
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write("name.txt", text) -> Path under tmp_path, UTF-8."""

    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write
