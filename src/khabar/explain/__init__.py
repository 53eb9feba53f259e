"""Explain: cited answers to analysts' questions, composed from the graph and retrieved sentences.

Sits above ``query`` (it reads dossiers and look-ups) and below ``serve``/``cli``. No LLM and no network:
answers are templates filled from stored facts, plus quoted sentences ranked by BM25 and causal cues.
"""

from khabar.explain.answer import Answer, AnswerPart
from khabar.explain.compose import ask
from khabar.explain.question import Question, parse_question
from khabar.explain.search import Hit, has_fts, search

__all__ = ["Answer", "AnswerPart", "Question", "Hit", "ask", "parse_question", "search", "has_fts"]
