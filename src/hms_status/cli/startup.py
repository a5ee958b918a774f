"""Start-up without the garbage collector: a command's imports and its work allocate a few
hundred thousand objects that all live until it exits, and the collector's passes over them
cost a recording command some 40-100 ms (measured with gc.callbacks; issue 14).

The collector is off while a command starts and does its work, and back on after
RESUME_AFTER_S with everything allocated until then frozen (``gc.freeze``: never scanned
again), so long-running commands (monitor, serve, worker) collect as usual from then on.
Reference counting frees everything else in the meantime, as always.
"""

from __future__ import annotations

import gc
import threading

RESUME_AFTER_S = 2.0
"""How long the collector stays off: longer than a recording command or a read takes."""


def _resume() -> None:
    gc.freeze()
    gc.enable()


def quick_start() -> None:
    """Switch the collector off now and back on (start-up objects frozen) in RESUME_AFTER_S."""
    gc.disable()
    timer = threading.Timer(RESUME_AFTER_S, _resume)
    timer.daemon = True
    timer.start()
