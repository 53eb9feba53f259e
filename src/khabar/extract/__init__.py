"""Extract: spaCy ``Doc`` → typed mentions, events and relations of one document (``DocFacts``).

Knows nothing of storage or serving; every fact names the component (and version) that produced it.
spaCy is imported only when the pipeline is first used, so read-only commands start fast.
"""

from __future__ import annotations

from typing import Any

from khabar.extract.registry import COMPONENTS, EVENTS, GAZETTEER, MENTIONS, RELATIONS

__all__ = ["MODEL", "Extractor", "load_nlp", "COMPONENTS", "EVENTS", "GAZETTEER", "MENTIONS", "RELATIONS"]


def __getattr__(name: str) -> Any:
    if name in {"MODEL", "Extractor", "load_nlp"}:
        from khabar.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'khabar.extract' has no attribute {name!r}")
