"""The ruleset: guideline statements as data, their schema, and the engine that checks them."""

from .loader import Ruleset, load_ruleset
from .schema import Rule

__all__ = ["Rule", "Ruleset", "load_ruleset"]
