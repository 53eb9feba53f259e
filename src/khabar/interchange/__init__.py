"""Interchange: khabar's facts in the formats analysts' other tools speak, out and in.

Out: STIX 2.1 bundles (threat-intelligence platforms), GTD- and ACLED-shaped CSV (conflict researchers' tables).
In: GTD- and ACLED-shaped CSV rows become ``DocFacts`` cited to their row, and are written through the same store
path as news, so resolution joins a dataset's row and a report of the same attack into one event.

It sits beside ``query`` (exports read the store through ``query.export.facts_json``, the one place that decides
an event's own toll) and feeds ``store`` like ``extract`` does; only ``api`` and ``cli`` import it.
"""

from khabar.interchange.exports import EXPORTERS, export_interchange
from khabar.interchange.imports import IMPORT_FORMATS, ImportResult, read_table

__all__ = ["EXPORTERS", "IMPORT_FORMATS", "ImportResult", "export_interchange", "read_table"]
