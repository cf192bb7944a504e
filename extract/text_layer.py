"""Is the text layer usable, or does a page need OCR?

A page needs OCR when it has no text but is covered by an image (a scan), or when its text
is not text: replacement characters, private-use code points and glyph ids read as code
points are what fonts without a ToUnicode map leave behind; a map to wrong-but-valid code
points shows as an implausible character mix (all kanji and no kana, rare ideographs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.pdf import Document, Page


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0x24F  # Latin
        or 0x2000 <= o <= 0x2BFF  # punctuation, symbols, marks, arrows
        or 0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF  # radicals, kana, CJK
        or 0xFF00 <= o <= 0xFFEF
    )  # full-width forms


def _is_kana(o: int) -> bool:
    return 0x3041 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9D


def _is_ideograph(o: int) -> bool:
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def _implausible_mix(chars) -> str | None:
    """Text of valid code points that cannot be Japanese prose: the signature of a font whose
    ToUnicode maps glyph ids to arbitrary code points (every character a kanji, no kana at
    all, or many rare Extension-A / compatibility ideographs).

    Only judged on pages with enough text: a short heading can be all kanji (特定個人情報保護評価書).
    """
    n = len(chars)
    if n < 80:
        return None
    codes = [ord(c.text) for c in chars]
    kanji = sum(1 for o in codes if _is_ideograph(o))
    kana = sum(1 for o in codes if _is_kana(o))
    rare = sum(1 for o in codes if 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF)
    if kanji / n > 0.6 and kana / n < 0.01:
        return f"{kanji} of {n} characters are kanji and only {kana} kana (font without a usable ToUnicode map)"
    if rare / n > 0.1:
        return f"{rare} of {n} characters are rare ideographs (font without a usable ToUnicode map)"
    return None


@dataclass
class TextLayerHealth:
    bad_pages: list[int] = field(default_factory=list)  # 1-based
    reasons: dict[int, str] = field(default_factory=dict)
    page_count: int = 0

    @property
    def needs_ocr(self) -> bool:
        return bool(self.bad_pages)

    @property
    def warnings(self) -> list[str]:
        return [f"page {p}: {self.reasons[p]}" for p in self.bad_pages]

    def describe(self) -> str:
        if len(self.bad_pages) == self.page_count:
            return f"all {self.page_count} pages"
        return "pages " + ", ".join(map(str, self.bad_pages))


def page_problem(page: Page) -> str | None:
    """Why this page's text layer is unusable, or None when it is fine."""
    n = len(page.chars)
    if n == 0:
        if page.image_area > 0.25:
            return "scanned image without a text layer"
        return None  # a blank page is not an OCR case
    bad = sum(1 for c in page.chars if c.text == "\ufffd" or 0xE000 <= ord(c.text) <= 0xF8FF)
    if bad / n > 0.05:
        return f"{bad} of {n} characters are unmapped glyphs (font without ToUnicode)"
    implausible = sum(1 for c in page.chars if not _plausible(c.text))
    if n >= 20 and implausible / n > 0.2:
        return f"{implausible} of {n} characters are implausible (font without a usable ToUnicode map)"
    mix = _implausible_mix(page.chars)
    if mix:
        return mix
    if n < 20 and page.image_area > 0.5:
        return "page is mostly an image with almost no text layer"
    return None


def assess_text_layer(doc: Document) -> TextLayerHealth:
    health = TextLayerHealth(page_count=len(doc.pages))
    for page in doc.pages:
        reason = page_problem(page)
        if reason:
            health.bad_pages.append(page.number)
            health.reasons[page.number] = reason
    return health
