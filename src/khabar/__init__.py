"""khabar: an evidence-linked, time-aware knowledge graph of armed actors and events, built offline from news.

from khabar import Khabar
kb = Khabar("khabar.db")
kb.ingest(["articles/"])
kb.dossier("IS-K")
"""

from khabar.api import DocumentOutcome, IngestReport, Khabar
from khabar.errors import (
    ConfigError,
    ExportError,
    ExtractError,
    IngestError,
    KhabarError,
    NotFoundError,
    QueryError,
    StoreError,
)

__version__ = "0.1.0"

__all__ = [
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
]
