"""Where spaCy's matrix products run: numpy's optimised BLAS on one thread, when numpy has one.

thinc multiplies with its bundled BLIS by default. On the x86 machines khabar is built for, numpy's OpenBLAS (or
MKL) runs the same float32 products of the tok2vec, tagger, parser and NER layers in about two thirds of the
time, which is a quarter of all of spaCy's time on news copy; the annotations came out identical on the examples,
the seed, dev-multi and realnews (77,000 tokens). Kept to one thread: a second BLAS thread shortened wall time by
a tenth and nearly doubled the CPU spent, and Dask workers already use the other cores. Where numpy has no
optimised BLAS (a reference build), BLIS stays.

The thread limit is set around each batch khabar parses (``one_blas_thread``), never for the whole process, so a
program that embeds khabar keeps its own BLAS threads for its own work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

__all__ = ["OPTIMISED_BLAS", "numpy_blas", "one_blas_thread", "use_numpy_matmuls"]

OPTIMISED_BLAS = ("openblas", "mkl", "accelerate")  # as numpy's build configuration names them


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def numpy_blas() -> str | None:
    """The optimised BLAS numpy was built with (``"openblas"``, ``"mkl"``, ``"accelerate"``), or None (a
    reference BLAS, or a numpy that does not say)."""
    import numpy

    try:
        blas = numpy.__config__.CONFIG["Build Dependencies"]["blas"]
        name = str(blas.get("name", "")).lower() if blas.get("found") else ""
    except (AttributeError, KeyError, TypeError):
        return None
    return next((api for api in OPTIMISED_BLAS if api in name), None)


def use_numpy_matmuls(nlp: Any) -> bool:
    """Point every layer of the pipeline's models at thinc's numpy ops without BLIS (``NumpyOps(use_blis=False)``
    multiplies with ``numpy.matmul``); returns whether it did (only with an optimised BLAS under numpy)."""
    if numpy_blas() is None:
        return False
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
    return True


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS limited to one thread while khabar parses (restored after)."""
    if numpy_blas() is None:
        yield
        return
    with _controller().limit(limits=1, user_api="blas"):
        yield
