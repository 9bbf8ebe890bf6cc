"""Doc extensions replytone reads and writes; registered once, on import."""

from __future__ import annotations

from spacy.tokens import Doc

SPANS_KEY = "replytone"

# what the caller knows about the reply: lang, channel, customer_name, sent_at
if not Doc.has_extension("replytone_context"):
    Doc.set_extension("replytone_context", default=None)
if not Doc.has_extension("replytone_lang"):
    Doc.set_extension("replytone_lang", default=None)
# one dict label -> probability per content sentence, in order
if not Doc.has_extension("replytone_sentence_scores"):
    Doc.set_extension("replytone_sentence_scores", default=None)
if not Doc.has_extension("replytone_report"):
    Doc.set_extension("replytone_report", default=None)
