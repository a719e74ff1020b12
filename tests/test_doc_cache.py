"""The per-Doc cache: every column equals the Token attribute it stands for,
and each Doc keeps its own."""

from __future__ import annotations

import gc
import weakref

import pytest

from newsread.analysis.doc_cache import (
    cached,
    deps_of,
    doc_data,
    ent_iobs_of,
    ent_types_of,
    heads_of,
    idxs_of,
    lemmas_of,
    line_breaks_at,
    lowers_of,
    pos_of,
    root_of,
    sent_end_of,
    sent_start_of,
    tags_of,
    text_of,
    texts_of,
    tokens_of,
    whitespaces_of,
)

spacy = pytest.importorskip("spacy")


def _built_doc():
    """A Doc with every attribute set by hand (no model needed)."""
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    words = ["HEADLINE", "HERE", "\n", "Ms", "Brant", "said", "5", "rose", "."]
    spaces = [True, False, False, True, True, True, True, False, False]
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=["PROPN", "ADV", "SPACE", "PROPN", "PROPN", "VERB", "NUM", "VERB", "PUNCT"],
        tags=["NNP", "RB", "_SP", "NNP", "NNP", "VBD", "CD", "VBD", "."],
        deps=["ROOT", "advmod", "dep", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
        heads=[0, 0, 1, 4, 5, 5, 7, 5, 5],
        lemmas=["headline", "here", "\n", "Ms", "Brant", "say", "5", "rise", "."],
        ents=["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )


def test_the_columns_equal_the_token_attributes() -> None:
    doc = _built_doc()
    tokens = list(doc)
    assert [t.i for t in tokens_of(doc)] == [t.i for t in tokens]
    assert texts_of(doc) == [t.text for t in tokens]
    assert lowers_of(doc) == [t.lower_ for t in tokens]
    assert whitespaces_of(doc) == [t.whitespace_ for t in tokens]
    assert pos_of(doc) == [t.pos_ for t in tokens]
    assert tags_of(doc) == [t.tag_ for t in tokens]
    assert deps_of(doc) == [t.dep_ for t in tokens]
    assert lemmas_of(doc) == [t.lemma_ for t in tokens]
    assert ent_types_of(doc) == [t.ent_type_ for t in tokens]
    assert ent_iobs_of(doc) == [t.ent_iob_ for t in tokens]
    assert heads_of(doc) == [t.head.i for t in tokens]
    data = doc_data(doc)
    assert data.is_space == [t.is_space for t in tokens]
    assert data.is_punct == [t.is_punct for t in tokens]
    assert data.like_num == [t.like_num for t in tokens]
    assert line_breaks_at(doc) == ["\n" in t.text or "\n" in t.whitespace_ for t in tokens]
    # A head before its token (a negative offset, stored wrapped round) too.
    assert heads_of(doc)[6] == 7 and heads_of(doc)[8] == 5


def test_the_columns_equal_the_token_attributes_of_a_parse(pipeline) -> None:
    doc = pipeline.nlp("The mayor of Lindenport said on Tuesday that fares would rise 4%.\n")
    tokens = list(doc)
    assert pos_of(doc) == [t.pos_ for t in tokens]
    assert lemmas_of(doc) == [t.lemma_ for t in tokens]
    assert ent_iobs_of(doc) == [t.ent_iob_ for t in tokens]
    assert heads_of(doc) == [t.head.i for t in tokens]


def test_offsets_sentences_and_roots_equal_the_tokens_and_spans() -> None:
    """The built Doc has two sentences (two roots) and a head before its token."""
    doc = _built_doc()
    tokens = list(doc)
    assert idxs_of(doc) == [t.idx for t in tokens]
    assert [sent_start_of(doc, i) for i in range(len(doc))] == [t.sent.start for t in tokens]
    assert [sent_end_of(doc, i) for i in range(len(doc))] == [t.sent.end for t in tokens]
    assert len({t.sent.start for t in tokens}) == 2
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert root_of(doc, start, end) == doc[start:end].root.i, (start, end)
            assert root_of(doc, start, end) == doc[start:end].root.i  # remembered


def test_sentences_of_a_parse_equal_the_tokens(pipeline) -> None:
    doc = pipeline.nlp(
        "Fares rose. The mayor said so on Tuesday!\n\nCritics disagreed; others did not."
    )
    tokens = list(doc)
    assert len(list(doc.sents)) >= 3
    assert [sent_start_of(doc, t.i) for t in tokens] == [t.sent.start for t in tokens]
    assert [sent_end_of(doc, t.i) for t in tokens] == [t.sent.end for t in tokens]


def test_sentences_of_an_unparsed_doc_are_an_error() -> None:
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("en").vocab, words=["Fares", "rose", "."])
    with pytest.raises(ValueError, match="no sentence boundaries"):
        sent_start_of(doc, 0)


def test_each_doc_keeps_its_own_data() -> None:
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    one = Doc(vocab, words=["Rates", "rose"])
    two = Doc(vocab, words=["Fares", "fell", "again"])
    assert texts_of(one) == ["Rates", "rose"]
    assert texts_of(two) == ["Fares", "fell", "again"]
    assert doc_data(one) is doc_data(one) and doc_data(one) is not doc_data(two)
    assert tokens_of(one)[0].doc is one and tokens_of(two)[0].doc is two


def test_a_named_value_is_built_once_per_doc() -> None:
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    one, two = Doc(vocab, words=["a", "b"]), Doc(vocab, words=["c"])
    calls: list[int] = []

    def build(doc) -> int:
        calls.append(len(doc))
        return len(doc)

    assert cached(one, "size", build) == 2
    assert cached(one, "size", build) == 2
    assert cached(two, "size", build) == 1
    assert calls == [2, 1]


def test_the_text_is_the_docs_and_built_once() -> None:
    doc = _built_doc()
    assert text_of(doc) == doc.text
    assert text_of(doc) is text_of(doc)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  Two  spaces,\n\n\ta tab and  line breaks \n",
        "Ünïcödé — “quotes” and emoji 🙂 end",
        "no-space-at-the-end.",
    ],
)
def test_the_text_from_the_columns_is_the_docs(text: str) -> None:
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    doc = nlp(text)
    assert text_of(doc) == doc.text == text
    joined = Doc.from_docs([nlp(text), nlp("And more.")], ensure_whitespace=False)
    assert text_of(joined) == joined.text


def _live_docs() -> int:
    from spacy.tokens import Doc

    return sum(isinstance(o, Doc) for o in gc.get_objects())


@pytest.mark.parametrize("max_length", [None, 120])
def test_analysed_docs_are_freed_without_the_cycle_collector(pipeline, max_length) -> None:
    """The cached data refers back to its Doc; once analysed, a Doc must go
    when its last reference does, not wait for a full collection."""
    from newsread.analysis.run import analyze_doc, analyze_texts

    text = (
        'The mayor, Ana Silva, said the bridge would cost 40 million dollars. "It is late," '
        "she said.\n\nCritics in Leeds said taxes rose 4 percent last year."
    )
    gc.collect()
    gc.disable()
    try:
        doc = pipeline.nlp(text)
        alive = weakref.ref(doc)
        analyze_doc(doc, pipeline)
        del doc
        assert alive() is None
        before = _live_docs()
        # Long texts are parsed in pieces joined into one Doc: all of them go too.
        assert len(list(analyze_texts([text, text], pipeline, max_length=max_length))) == 2
        assert _live_docs() == before
    finally:
        gc.enable()


def test_string_columns_share_one_object_per_string_across_docs_and_vocabs(
    monkeypatch,
) -> None:
    """The strings read are kept across Docs (an id is its string's hash, the
    same in every vocabulary): each column still equals the Token attribute,
    and a word in two Docs is one string object, which the rules' memos
    compare fastest; emptying the kept strings when full changes no column."""
    from spacy.tokens import Doc

    from newsread.analysis import doc_cache

    one = Doc(spacy.blank("en").vocab, words=["Tolls", "rose", "in", "Quellbrook"])
    two = Doc(spacy.blank("en").vocab, words=["Quellbrook", "tolls", "rose", "twice"])
    for doc in (one, two):
        tokens = list(doc)
        assert texts_of(doc) == [t.text for t in tokens]
        assert lowers_of(doc) == [t.lower_ for t in tokens]
    assert texts_of(one)[3] is texts_of(two)[0]
    assert lowers_of(one)[0] is lowers_of(two)[1]
    monkeypatch.setattr(doc_cache, "_NAMES_KEPT", 0)
    # Words no other test reads, so that each column misses and empties the map.
    three = Doc(spacy.blank("en").vocab, words=["Zelvarine", "brontiqued", "in", "Quellbrook"])
    assert texts_of(three) == ["Zelvarine", "brontiqued", "in", "Quellbrook"]
    assert lowers_of(three) == ["zelvarine", "brontiqued", "in", "quellbrook"]
    assert len(doc_cache._NAME_OF) <= 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One line only.",
        "Head\nline two\n\nline four \n",
        "\n\nStarts blank.\r\nCRLF and\ttab \n  indented\n",
        "Ünïcödé — “quotes”\n🙂 emoji\nend",
    ],
)
def test_each_tokens_line_start_is_the_one_the_text_gives(text: str) -> None:
    from newsread.analysis.doc_cache import line_starts_of

    doc = spacy.blank("en")(text)
    assert line_starts_of(doc) == [text.rfind("\n", 0, t.idx) + 1 for t in doc]
