"""The one place kabar reaches into a library's private parts (tests/test_nlp_compat.py fails when the
library changes them).

Stanza: parsing a batch's chosen sentences in one call needs a Document made of existing Sentence
objects, annotated in place. Stanza's public constructors build new sentences from text or token
lists (a copy, whose annotations would then have to be copied back word by word), so the view is
a Document whose private sentence list and counts are set directly.
"""

from __future__ import annotations


def document_over(sentences: list):
    """A Stanza Document whose sentences are these existing Sentence objects (the processors then
    annotate them in place)."""
    from stanza.models.common.doc import Document

    view = Document([])
    view._sentences = list(sentences)
    view._num_tokens = sum(len(s.tokens) for s in sentences)
    view._num_words = sum(len(s.words) for s in sentences)
    return view
