"""The garbage collector's pace while documents are read and written.

A document's parse and resolution allocate and drop tens of thousands of objects. At Python's default threshold
(700 allocations) the collector ran about twice a document, and what it found merely in flight it promoted, to be
walked again by the older generations' collections.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PACED_THRESHOLD", "paced_collection"]

PACED_THRESHOLD = 20_000  # young-generation threshold during an ingest


@contextmanager
def paced_collection() -> Iterator[None]:
    """Collect the young generation every ``PACED_THRESHOLD`` allocations, not 700, for the duration (an ingest):
    the collector's cost fell from about 1 ms to 0.4 ms a document, for some 20,000 more objects alive at a time.
    The thresholds are restored after, so a program that imports khabar keeps its own."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], PACED_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
