"""The predicate–argument layer between the parse and the extractors (see ``frame`` and ``build``)."""

from khabar.extract.frames.build import FrameBuilder, conjuncts, frames_of, resolve_relative
from khabar.extract.frames.frame import AGENT, ATTR, COMP, HOLDER, OF, PATIENT, RECIPIENT, Frame, prep_role

__all__ = [
    "AGENT",
    "ATTR",
    "COMP",
    "HOLDER",
    "OF",
    "PATIENT",
    "RECIPIENT",
    "Frame",
    "FrameBuilder",
    "conjuncts",
    "frames_of",
    "prep_role",
    "resolve_relative",
]
