"""spaCy pipeline components of replytone, registered as factories.

Each module holds one thin component; the logic they call is in pure modules
(replytone.segmentation, replytone.langid, replytone.rules, replytone.structure).
"""
