"""Pausing Python's cyclic garbage collector while results code builds many objects."""

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """Pause the cyclic garbage collector meanwhile; it runs again, as it was, afterwards.

    A recompute makes about a million short-lived tuples, dicts and cells, and the national
    overview some 50,000 (cells, shown cells, rows, markup), all without reference cycles:
    reference counting frees them. The collector's passes over them, each walking the
    whole heap of a Django process when a full collection is due, took a seventh of a
    recompute (more, superlinearly, at ten times the municipalities) and a third of the
    overview's median CPU time (issue 12).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
