"""The interchange exports by format name, each from one read of the store (``view.load_view``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from khabar.errors import ExportError
from khabar.interchange.view import StoreView, load_view

__all__ = ["EXPORTERS", "export_interchange"]


def _stix(view: StoreView) -> str:
    from khabar.interchange.stix import stix_bundle

    return stix_bundle(view)


def _gtd(view: StoreView) -> str:
    from khabar.interchange.gtd import gtd_csv

    return gtd_csv(view)


def _acled(view: StoreView) -> str:
    from khabar.interchange.acled import acled_csv

    return acled_csv(view)


EXPORTERS: dict[str, Callable[[StoreView], str]] = {"stix": _stix, "gtd-csv": _gtd, "acled-csv": _acled}


def export_interchange(conn: Connection, fmt: str) -> str:
    """The store in one of ``EXPORTERS``' formats, as the text of a file."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt](load_view(conn))
