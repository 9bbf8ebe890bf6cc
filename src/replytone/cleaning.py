"""What is judged of a reply: HTML markup, quoted earlier messages and unsafe
characters are masked before analysis.

Masking replaces characters one for one (tags by spaces, block tags by a line
break, entities by the character they stand for), so every offset replytone
reports still points into the caller's original text. The masked regions are
reported, with their reason, in the report's meta["excluded"].
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

_UNSAFE: Final = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LOOKS_HTML: Final = re.compile(
    r"<\s*/?\s*(?:p|div|br|html|body|span|table|td|tr|a|b|i|u|strong|em|ul|ol|li|font|blockquote|h[1-6]|head|style|meta)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_TAG: Final = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG: Final = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|tr|h[1-6]|ul|ol|table|blockquote)\b", re.IGNORECASE
)
_HIDDEN: Final = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCKQUOTE: Final = re.compile(r"<blockquote\b.*?</blockquote\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")
# the start of a quoted earlier message: everything from here on is not the reply
_QUOTE_START: Final = re.compile(
    r"^[ \t]*(?:-{2,}\s*(?:Original Message|Исходное сообщение|Пересылаемое сообщение|Mesaj original|"
    r"Mesajul original|Originalus laiškas|Originali žinutė|Forwarded message)\s*-{2,}"
    r"|(?:On|El|Le)\b.{0,300}\bwrote:|.{0,300}\b(?:написал|написала|писал|писала|пишет|a scris|rašė)\s*:"
    r"|From:.{0,300}\n(?:.{0,300}\n){0,3}?[ \t]*(?:Sent|Date|Отправлено|Дата|Trimis|Data|Išsiųsta):)",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE: Final = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
# A support reply is a few thousand characters; past this, text is not analysed (and is
# reported as excluded), so that scoring time stays bounded whatever arrives.
MAX_CHARS: Final = 100_000


@dataclass(frozen=True)
class Excluded:
    start: int
    end: int
    reason: str  # "html", "quoted", "too_long"

    def to_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "reason": self.reason}


def _blank(text: str, start: int, end: int, keep_newlines: bool = True) -> str:
    part = text[start:end]
    masked = "".join(ch if keep_newlines and ch == "\n" else " " for ch in part)
    return text[:start] + masked + text[end:]


def _mask_html(text: str, excluded: list[Excluded]) -> str:
    chars = list(text)

    def fill(start: int, end: int, first: str = " ") -> None:
        for k in range(start, end):
            chars[k] = " " if chars[k] != "\n" else "\n"
        if end > start:
            chars[start] = first

    for m in _HIDDEN.finditer(text):
        fill(m.start(), m.end())
        excluded.append(Excluded(m.start(), m.end(), "html"))
    for m in _BLOCKQUOTE.finditer(text):
        fill(m.start(), m.end(), "\n")
        excluded.append(Excluded(m.start(), m.end(), "quoted"))
    for m in _TAG.finditer(text):
        if chars[m.start()] != "<":
            continue  # already inside a hidden block
        fill(m.start(), m.end(), "\n" if _BLOCK_TAG.match(m.group()) else " ")
    for m in _ENTITY.finditer(text):
        if chars[m.start()] != "&":
            continue
        value = html.unescape(m.group())
        fill(m.start(), m.end(), value if len(value) == 1 and value.isprintable() else " ")
        if value == "\xa0":
            chars[m.start()] = " "
    return "".join(chars)


def mask(text: str) -> tuple[str, list[Excluded]]:
    """The text replytone analyses (same length as text) and the regions left out."""
    cleaned = _UNSAFE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)
    excluded: list[Excluded] = []
    if len(cleaned) > MAX_CHARS:
        cut = cleaned.rfind("\n", MAX_CHARS // 2, MAX_CHARS)
        cut = cut if cut > 0 else MAX_CHARS
        excluded.append(Excluded(cut, len(cleaned), "too_long"))
        cleaned = cleaned[:cut] + " " * (len(cleaned) - cut)
    if _LOOKS_HTML.search(cleaned):
        cleaned = _mask_html(cleaned, excluded)
    start = _QUOTE_START.search(cleaned)
    if start is not None and cleaned[: start.start()].strip():
        excluded.append(Excluded(start.start(), len(cleaned), "quoted"))
        cleaned = _blank(cleaned, start.start(), len(cleaned))
    for m in _QUOTED_LINE.finditer(cleaned):
        excluded.append(Excluded(m.start(), m.end(), "quoted"))
        cleaned = _blank(cleaned, m.start(), m.end())
    return cleaned, sorted(excluded, key=lambda e: e.start)
