"""The labelled corpus: records, near-duplicates, grouped splits, a datasets loader, validation."""

from .loader import load, load_replies, read_corpus
from .validate import validate

__all__ = ["load", "load_replies", "read_corpus", "validate"]
