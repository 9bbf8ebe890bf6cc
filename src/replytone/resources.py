"""Where the shipped data lives: inside the wheel, or in the source checkout.

A wheel carries models/default and configs/rules under replytone/_data (see
pyproject's force-include); an editable install or a checkout reads them from
the repository itself.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    return candidates[0]


def default_model_dir() -> Path:
    return _first_existing(_PACKAGE / "_data" / "models" / "default", _REPO / "models" / "default")


def builtin_rules_dir() -> Path:
    return _first_existing(_PACKAGE / "_data" / "rules", _REPO / "configs" / "rules")


def repo_root() -> Path | None:
    """The source checkout, when running from one (configs/, corpus/ beside src/)."""
    return _REPO if (_REPO / "pyproject.toml").exists() else None
