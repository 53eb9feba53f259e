"""spaCy's named-entity recogniser with its greedy decoding done here: the same entities, a fraction of the CPU.

``en_core_web_sm``'s NER is a transition system (BILUO: begin, in, last, unit, out) over the tokens: at each token
a small network scores the 74 moves from three features of the state (the token, the first token of the open
entity, the token before it) and the best valid move is taken. spaCy runs that loop in compiled code, but the
wheels as shipped take and drop the GIL inside the loop's helpers (under ``StateC.B_`` and the moves' validity
checks, as ``perf`` shows: a third of the recogniser's samples were ``pthread_mutex_lock`` and ``_unlock``). The
loop took some 9.6 of the recogniser's 13.6 CPU ms a news article, a third of all of spaCy's time; here it takes
under 1 (4.2-4.4 ms in all, the token vectors being most of it).

The features depend on the state only through the open entity, and every move consumes one token. So with no
entity open (most tokens) a token's scores are fixed: they are computed for all tokens of a batch in one matrix
product, and only tokens inside an entity get a one-row product of their own. The arithmetic is spaCy's, step
for step: the token vectors and the precomputed feature table come from the model's own layers on the same
batches; the three feature rows are added in spaCy's order; maxout; the output layer is the same BLIS ``sgemm``
spaCy's loop calls (its rows do not depend on how many are multiplied together), then the bias. The validity rules
are spaCy's ``BiluoPushDown`` rules for a document without preset entities; a batch holding any preset entity (a
component before NER set some), a model of another shape, a beam, or classes the model never saw go to spaCy's
own recogniser, and so does every batch if the stand-in, when made, does not give spaCy's entities on a few
sentences of our own (another spaCy release might decode otherwise). A test compares the entities of both on our
texts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.tokens import Doc, Span
from spacy.util import minibatch

__all__ = ["FastEntityRecognizer"]

_log = logging.getLogger(__name__)

BEGIN, IN, LAST, UNIT, OUT = "BILUO"
# our own sentences, with names of several kinds and lengths, for the check against spaCy's decoding (``_agrees``)
_CHECK_TEXTS = (
    "Gunmen from Boko Haram attacked a market in Maiduguri , Borno State , on Monday . The Nigerian army said 14 "
    "people died .",
    "Ahmad Shah Massoud met envoys of the United Nations in Kabul on 3 March 2001 . He left for Paris .",
)


class FastEntityRecognizer:
    """Stands in for a spaCy ``EntityRecognizer`` (``from_ner``); batches as spaCy's ``Parser.pipe`` does."""

    def __init__(self, ner: Any, moves: list[tuple[str, str]]) -> None:
        import blis.py

        self.ner = ner
        self.model = ner.model  # the same layers (``extract.matmul`` points their products at numpy's BLAS)
        self._gemm = blis.py.gemm
        labels = sorted({label for move, label in moves if label})
        self.labels = labels
        index = {(move, label): i for i, (move, label) in enumerate(moves)}
        self.out = index[(OUT, "")]
        self.inside = [index[(IN, lab)] for lab in labels]
        self.last = [index[(LAST, lab)] for lab in labels]
        # the label each B- move opens
        self.opens = {index[(BEGIN, lab)]: n for n, lab in enumerate(labels)}
        self.units = {index[(UNIT, lab)]: n for n, lab in enumerate(labels)}
        # the moves valid with no entity open: O, U-x (not on a space), B-x (also not before the document's last
        # token or a sentence start)
        self._no_begin = numpy.zeros(len(moves), dtype=bool)
        self._no_begin[self.out] = True
        self._no_begin[list(self.units)] = True
        self._closed = self._no_begin.copy()
        self._closed[list(self.opens)] = True
        self._space = numpy.zeros(len(moves), dtype=bool)
        self._space[self.out] = True
        tok2vec, lower, upper = ner.model.layers
        self.tok2vec, self.lower = tok2vec, lower
        self.bias = lower.get_param("b")  # (nO, nP)
        self.upper_w = numpy.ascontiguousarray(upper.get_param("W"), dtype="f")  # (classes, nO)
        self.upper_b = upper.get_param("b")

    @classmethod
    def from_ner(cls, ner: Any) -> FastEntityRecognizer | None:
        """The stand-in for ``ner``, or None when it is not a greedy BILUO recogniser of the shape this decodes."""
        try:
            from spacy.pipeline import EntityRecognizer
            from spacy.pipeline._parser_internals.ner import BiluoPushDown

            if not isinstance(ner, EntityRecognizer) or not isinstance(ner.moves, BiluoPushDown):
                return None
            if ner.cfg.get("beam_width", 1) != 1 or ner.model.attrs.get("unseen_classes"):
                return None
            if not ner.model.attrs.get("has_upper") or len(ner.model.layers) != 3:
                return None
            lower = ner.model.layers[1]
            if lower.name != "precomputable_affine" or lower.get_dim("nF") != 3:
                return None
            moves = [_move(ner.moves.get_class_name(i)) for i in range(ner.moves.n_moves)]
            if moves.count((OUT, "")) != 1 or ner.model.layers[2].get_dim("nO") != len(moves):
                return None
            labels = {lab for _m, lab in moves if lab}
            expected = {(m, lab) for lab in labels for m in (BEGIN, IN, LAST, UNIT)} | {(OUT, "")}
            # besides those, only moves that are never valid without preset entities ("U-", "M")
            if not expected <= set(moves) or set(moves) - expected - {(UNIT, ""), ("M", "")}:
                return None
            fast = cls(ner, moves)
        except (AttributeError, KeyError, ValueError, ImportError):
            return None
        return fast if fast._agrees() else None

    def _agrees(self) -> bool:
        """Whether this decoder and spaCy's give the same entities on a few sentences of our own: a spaCy release
        whose recogniser decodes otherwise (another rule, another order of sums) keeps its own, with a warning,
        rather than silently different entities."""
        docs = []
        for text in _CHECK_TEXTS:
            words = text.split(" ")
            starts: list[bool | int | None] = [i == 0 or words[i - 1] == "." for i in range(len(words))]
            docs.append(Doc(self.ner.vocab, words=words, sent_starts=starts))
        try:
            theirs = list(self.ner.pipe([d.copy() for d in docs], batch_size=len(docs)))
            ours = list(self.pipe([d.copy() for d in docs], batch_size=len(docs)))
        except Exception as exc:  # noqa: BLE001 - any failure here means: keep spaCy's own
            _log.warning("khabar's entity decoding failed its check (%s); spaCy's recogniser is used", exc)
            return False
        same = [[(t.ent_iob, t.ent_type) for t in d] for d in ours] == [
            [(t.ent_iob, t.ent_type) for t in d] for d in theirs
        ]
        if not same:
            _log.warning("khabar's entity decoding disagreed with spaCy's: spaCy's recogniser is used")
        return same

    # -- the component ----------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        """As spaCy's ``Parser.pipe``: batches, each cut into length-sorted sub-batches of a quarter (the token
        vectors of a sub-batch are computed together, so the same sub-batches give the same numbers)."""
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
                self._annotate(list(sub))
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        # no tokens at all, or preset entities (spaCy's rules for them): spaCy's own recogniser
        if not any(len(doc) for doc in docs) or any(doc.has_annotation("ENT_IOB") for doc in docs):
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        tokvecs = self.tok2vec.predict(docs)
        table = self.lower.predict(tokvecs)  # (tokens + 1, 3, nO, nP); row 0 is the padding
        pad1, pad2 = table[0, 1], table[0, 2]
        closed = ((table[1:, 0] + pad1) + pad2) + self.bias  # no entity open: the state's features are fixed
        scores = self._scores(numpy.ascontiguousarray(closed.max(axis=-1), dtype="f"))
        start = 0
        for doc in docs:
            n = len(doc)
            if n:
                self._decode(doc, table[start + 1 : start + n + 1], scores[start : start + n])
            start += n

    def _scores(self, hidden: Any) -> Any:
        out = self._gemm(hidden, self.upper_w, trans2=True, alpha=1.0, beta=0.0)
        out += self.upper_b
        return out

    def _decode(self, doc: Doc, table: Any, scores: Any) -> None:
        """The moves spaCy's greedy loop takes on one document (``table``: its tokens' rows of the feature table,
        ``scores``: its tokens' scores with no entity open), and its entities set as spaCy sets them."""
        n = len(doc)
        space = doc.to_array("IS_SPACE").astype(bool)
        goes_on = numpy.zeros(n, dtype=bool)  # an entity or a B- move may take the next token too
        goes_on[:-1] = doc.to_array("SENT_START")[1:] != 1
        valid = numpy.where(
            space[:, None], self._space[None, :], numpy.where(goes_on[:, None], self._closed, self._no_begin)
        )
        best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1).tolist()
        may_go_on = goes_on.tolist()
        ents: list[tuple[int, int, int]] = []
        p = 0
        while p < n:
            move = best[p]
            p += 1
            if move == self.out:
                continue
            if move in self.units:
                ents.append((p - 1, p, self.units[move]))
                continue
            label = self.opens[move]  # B-x: the entity is open until its L-x
            s = p - 1
            inside, last = self.inside[label], self.last[label]
            first = table[s, 1]  # the state's second feature: the entity's first token
            while True:  # p: the next token, which an open entity always has
                if not may_go_on[p]:  # only L-x is valid
                    p += 1
                    break
                unmaxed = ((table[p, 0] + first) + table[p - 1, 2]) + self.bias
                row = self._scores(unmaxed.max(axis=-1)[None, :])[0]
                i, x = row[inside], row[last]
                p += 1
                if not (i > x or (i == x and inside < last)):  # of equal best moves the first, as spaCy
                    break
            ents.append((s, p, label))
        doc.set_ents([Span(doc, a, b, label=self.labels[lab]) for a, b, lab in ents], default="outside")


def _move(name: str) -> tuple[str, str]:
    """("B", "ORG") for "B-ORG", ("O", "") for "O", ("U", "") for "U-"."""
    if name == "O":
        return (OUT, "")
    move, _, label = name.partition("-")
    return (move, label)
