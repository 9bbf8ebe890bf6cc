"""spaCy pipeline components of replytone, registered as factories on import.

Each module holds one thin component; the logic they call is in pure modules
(replytone.segmentation, replytone.langid, replytone.rules, replytone.structure).
A process that never imports replytone finds them through the `spacy_factories`
entry points in pyproject.toml.
"""

from . import architectures, checker, classifier, extensions, language, segmenter

__all__ = ["architectures", "checker", "classifier", "extensions", "language", "segmenter"]
