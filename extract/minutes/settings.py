"""Tuned thresholds of the minutes parser, in one place (values in em unless said otherwise)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MinutesSettings:
    # header
    header_scan_lines: int = 120  # the header table/list is among the first lines of the flow
    label_column_slack: float = 1.0  # a line starting this close to the label column is not a value line
    full_line_slack: float = 2.0  # a line ending this close to the right edge was wrapped
    second_header_reach: int = 3  # a further header block starts within this many (title) lines after the first
    unknown_label_reach: int = (
        15  # an unknown item in the label column is a header row if a known label follows within this many lines
    )
    # lists of people: a gap this wide separates entries (`会長　山田 太郎`), a narrower one is a word space
    list_gap: float = 0.8
    # turns: a word printed with the same speaker mark at the start of this many lines is a speaker label
    learned_label_min: int = 2
    # narrative paragraphs (minutes without speakers)
    paragraph_short_line: float = 2.0  # a line ending this far before the right edge ends its paragraph
    narrative_heading_chars: int = (
        40  # a one-line narrative paragraph without a sentence end up to this long is a heading
    )
    paragraph_gap: float = 0.6  # a vertical gap this wide (em) between lines ends a paragraph


SETTINGS = MinutesSettings()
