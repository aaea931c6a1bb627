"""Python's cycle collector paused while a large plan is read, checked or written.

Reading a 20,000-task file creates millions of objects that all live until the import ends
(elements, the document, unsaved rows), and each of those allocations counts towards the next
run of the cycle collector, which then walks every object the process holds: on a 20,000-task
plan, about half of the import's time went to collections that found nothing, since none of
these objects forms a cycle (they are freed by reference counting as usual). Mercurial pauses
its collector the same way around its large reads (``util.nogc``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector inside the block; it runs again after the block, unless it was
    already paused (by the caller, or another import of the process, which restarts it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
