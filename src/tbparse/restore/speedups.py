"""The compiled twins of the restorer's hot loops (_speedups.c), when the install built them
from this very source; otherwise None, and the pure-Python code runs instead."""
from __future__ import annotations

try:
    from . import _speedups
except ImportError:  # no C compiler when installed
    _speedups = None

INTERFACE = 2  # _speedups.c says the same; raised with any change to its functions' arguments

if _speedups is not None and getattr(_speedups, "INTERFACE", None) != INTERFACE:
    _speedups = None  # built from an older source (pip install -e . rebuilds it)

Decoder = _speedups.Decoder if _speedups else None
align = _speedups.align if _speedups else None
