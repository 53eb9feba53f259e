"""Ingest: files (text, HTML, RSS/Atom, JSONL, plus ``NAME.meta.json`` sidecars) into ``RawDocument``s.

This stage knows nothing of NLP or storage; failures come back as ``IngestError`` values so a batch goes on.
"""

from khabar.ingest.discover import discover
from khabar.ingest.readers import DEFAULT_MAX_BYTES, IngestResult, read_file, read_sources

__all__ = ["DEFAULT_MAX_BYTES", "IngestResult", "discover", "read_file", "read_sources"]
