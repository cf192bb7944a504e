"""The extraction settings in force for the document being read (see extract.settings).

Separate from extract.settings because that module imports every stage's settings class,
and the stages import this one: reading the active settings must not import the stages.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.settings import ExtractionSettings

ACTIVE: ContextVar[ExtractionSettings | None] = ContextVar("hyokasho_extraction_settings", default=None)


_default: ExtractionSettings | None = None


def current() -> ExtractionSettings:
    """The settings activated by `extract.settings.using`, else the defaults."""
    global _default
    active = ACTIVE.get()
    if active is not None:
        return active
    if _default is None:
        from extract.settings import DEFAULT  # late: extract.settings imports the stages

        _default = DEFAULT
    return _default
