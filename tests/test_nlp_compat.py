"""kabar.nlp.compat: the private parts of Stanza kabar relies on are still there and still work."""

from __future__ import annotations

import pytest

from kabar.nlp.compat import document_over


def test_a_stanza_document_keeps_its_sentences_and_counts_where_the_view_sets_them():
    from stanza.models.common.doc import Document

    doc = Document([[{"id": 1, "text": "Dua"}, {"id": 2, "text": "drone"}], [{"id": 1, "text": "Tiga"}]])
    assert [len(s.tokens) for s in doc._sentences] == [2, 1]
    assert (doc._num_tokens, doc._num_words) == (3, 3)
    view = document_over(doc.sentences[1:])
    assert view.sentences[0] is doc.sentences[1]            # the same objects, not copies
    assert (view.num_tokens, view.num_words) == (1, 1)


@pytest.mark.slow
def test_processing_the_view_annotates_the_original_sentences(stanza_dir):
    from stanza.models.common.doc import Document

    from kabar.nlp.model import load_pipeline

    pipeline, _ = load_pipeline(stanza_dir)
    docs = pipeline.process([Document([], text=t) for t in ("Rusia meluncurkan 40 drone.", "Dua orang tewas di Kharkiv.")],
                            processors="tokenize,mwt")
    assert all(w.upos is None for d in docs for w in d.sentences[0].words)
    pipeline.process(document_over([docs[1].sentences[0]]), processors="pos,lemma")
    assert [w.upos for w in docs[1].sentences[0].words][:2] == ["NUM", "NOUN"]
    assert all(w.upos is None for w in docs[0].sentences[0].words)
