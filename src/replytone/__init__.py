"""replytone: checks customer-support replies against communication guidelines.

import replytone
scorer = replytone.load()
report = scorer.score("Здравствуйте, Анна! ...")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .about import __version__

if TYPE_CHECKING:
    from .report import Finding, Report, Sentence
    from .scorer import Scorer, load
    from .structure import Structure

__all__ = ["Finding", "Report", "Scorer", "Sentence", "Structure", "__version__", "load"]

_LAZY = {
    "load": "scorer",
    "Scorer": "scorer",
    "Report": "report",
    "Finding": "report",
    "Sentence": "report",
    "Structure": "structure",
}


def __getattr__(name: str) -> Any:
    # imported on first use, so that `import replytone` and the CLI start fast
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'replytone' has no attribute {name!r}")
