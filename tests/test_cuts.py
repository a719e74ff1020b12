"""Every cut the cleaner makes carries its reason and its place in the body.

The texts are invented, in the style of tests/fixtures/dumps. Then the user's
corrections (``storage.corrections``): putting a cut line back and cutting a
kept paragraph, kept per article, applied again on re-import and refresh, with
annotations re-anchored, and a restore killed after each of its writes.
"""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest

from newsread.ingest import furniture as fx
from newsread.ingest.dumps import ParsedArticle, parse_dump
from newsread.ingest.furniture import reasons as why
from newsread.model import Article, Cut
from storage.corrections import (
    RESTORE,
    cut_paragraph,
    put_back,
    restore_cut,
    stored,
    take_out,
)
from storage.edits import tag_quote
from storage.errors import LibraryError, StaleArticleError
from storage.imports import import_paths, reanchor_annotations
from storage.library import Library
from tests.test_faults import boundaries, leftovers, python

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dumps"

STORY = """Ferry fares to rise in spring
Coastal Courier
3 hours ago
- Coastal Courier
By Lena Marsh

PORT ELLIS (CW) — The island ferry will cost more from April, the operator said on Wednesday. Share on Facebook Share on Twitter Copy link The adult return fare goes up by two euros.

Operator spokesman Tomas Reyes said fuel had become much dearer over the winter. 1:45 Ferry passengers queue at the harbour on a windy morning The company said it had held prices for three years.

Related: Harbour crane contract signed after long delay

Islanders said they would write to the regional council about the rise. Get the week's island news in your inbox. Sign up for the Courier newsletter Sign Up By providing your email address you agree to the Courier's Terms of Use and Privacy Policy The council meets next month.

Lena Marsh is a reporter for the Coastal Courier who covers the islands.

Copyright 2030 Coastal Courier. All rights reserved.

Lighthouse keeper retires after forty years at the point, and the village throws him a party on the quay with a band and a cake.

14 Comments
seagull_sam says:
Two euros is a lot for a family of five that crosses every week.
"""  # noqa: E501 - a dump has a paragraph a line


def _story() -> ParsedArticle:
    [article] = parse_dump(STORY)
    return article


def _with(article: ParsedArticle, reason: str) -> list[Cut]:
    return [c for c in article.cuts if c.reason == reason]


def _paragraph_starts(body: str) -> set[int]:
    starts = {0, len(body)}
    at = body.find("\n\n")
    while at >= 0:
        starts.add(at + 2)
        at = body.find("\n\n", at + 1)
    return starts


# ---------------------------------------------------------------- reasons


def test_each_kind_of_cut_names_its_reason() -> None:
    article = _story()
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["By Lena Marsh"] == why.BYLINE
    assert reasons["3 hours ago"] == why.TIME_AGO
    assert reasons["- Coastal Courier"] == why.OUTLET
    assert why.DATELINE not in reasons.values()  # the dateline stays in the body
    assert reasons["Share on Facebook Share on Twitter Copy link"] == why.SHARE_BAR
    assert reasons["1:45 Ferry passengers queue at the harbour on a windy morning"] == (
        why.VIDEO_CAPTION
    )
    assert reasons["Related: Harbour crane contract signed after long delay"] == why.RELATED
    signup = next(t for t in reasons if t.startswith("Get the week's island news"))
    assert reasons[signup] == why.NEWSLETTER
    assert (
        reasons["Lena Marsh is a reporter for the Coastal Courier who covers the islands."]
        == why.BIO
    )
    assert reasons["Copyright 2030 Coastal Courier. All rights reserved."] == why.COPYRIGHT
    lighthouse = next(t for t in reasons if t.startswith("Lighthouse keeper retires"))
    assert reasons[lighthouse] == why.OTHER_STORY
    assert reasons["14 Comments"] == why.COMMENTS
    # What readers wrote under the comment mark is comments, not another story.
    assert reasons["seagull_sam says:"] == why.COMMENTS
    assert reasons["Two euros is a lot for a family of five that crosses every week."] == (
        why.COMMENTS
    )


def test_metadata_lines_are_cut_and_kept_as_metadata() -> None:
    article = _story()
    assert article.byline == "Lena Marsh"
    assert article.dateline == "PORT ELLIS"
    assert article.source == "Coastal Courier"
    # The dateline is read as metadata but not cut: the story starts with it.
    assert article.body.startswith("PORT ELLIS (CW) — The island ferry will cost more from April")


def test_cut_texts_are_the_removed_texts() -> None:
    article = _story()
    assert sorted(c.text for c in article.cuts) == sorted(article.removed)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this story", why.SHARE_BAR),
        ("12 comments", why.COMMENTS),
        ("Sign in", why.SIGN_IN),
        ("Advertisement", why.ADVERT),
        ("Skip to content", why.NAVIGATION),
        ("Watch now", why.VIDEO_LINK),
        ("Follow us on the radio app", why.CALL_TO_ACTION),
        ("Topics: ferries, islands", why.TOPICS),
        ("20 minutes ago", why.TIME_AGO),
        ("Related stories", why.RELATED),
        ("Copyright 2030 Coastal Courier.", why.COPYRIGHT),
        ("The quay at low tide on Monday (Photo: Coastal Courier)", why.PHOTO_CAPTION),
        ("Sign up for our newsletter and get the island news every morning.", why.NEWSLETTER),
        ("We use cookies to improve your visit. Accept to continue.", why.CONSENT),
        ("Related: Ferry timetable changes for winter", why.RELATED),
        ("The post Quay to reopen in May appeared first on Coastal Courier.", why.FIRST_PUBLISHED),
        ("This article was originally published on The Harbour Review.", why.FIRST_PUBLISHED),
    ],
)
def test_line_rules_say_why(line: str, reason: str) -> None:
    assert fx.is_furniture_line(line)
    assert fx.furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Share prices of the ferry company fell 4% on Monday as fuel costs rose again.",
        "The post office on the quay opened first on Monday, the council said.",
    ],
)
def test_a_sentence_about_sharing_is_no_furniture_and_has_no_reason(line: str) -> None:
    assert not fx.is_furniture_line(line)
    assert fx.furniture_reason(line) == ""
    assert fx.page_chrome_reason(line) == ""


def test_tail_link_lines_are_related_links() -> None:
    text = (
        "Harbour opens a new fish market\n\n"
        "The harbour board opened a covered fish market on Saturday, and the first morning "
        "drew more than two thousand visitors to the quay, stall holders said.\n\n"
        "Traders said they hoped the covered hall would keep customers coming in winter, "
        "when the open market used to close for months.\n\n"
        "More From The Harbour Desk\n\n"
        "Harbour Board Names New Chair\n"
    )
    [article] = parse_dump(text)
    assert {c.text: c.reason for c in article.cuts} == {
        "More From The Harbour Desk": why.RELATED,
        "Harbour Board Names New Chair": why.RELATED,
    }
    assert all(c.position == len(article.body) for c in article.cuts)


def test_teasers_and_repeated_lines_are_named_by_their_context() -> None:
    teaser = (
        "Lighthouse keeper retires after forty years at the point, and the village throws "
        "him a party on the quay."
    )
    text = (
        f"{teaser}\n\n"
        "Ferry fares to rise in spring\n\n"
        "The island ferry will cost more from April, the operator said on Wednesday, because "
        "fuel has become dearer over the winter and the company held its prices for three "
        "years. The adult return fare goes up by two euros, children travel free as before.\n\n"
        "Islanders said they would write to the regional council about the rise, which the "
        "council is due to discuss when it meets next month in the town hall.\n\n"
        "Council approves new skate park …\n"
        "Library reopens after flood repairs …\n\n"
        f"{teaser}\n"
    )
    [article] = parse_dump(text)
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["Council approves new skate park …"] == why.TEASERS
    assert reasons["Library reopens after flood repairs …"] == why.TEASERS
    assert reasons[teaser] == why.REPEATED


# ---------------------------------------------------------------- places


def test_line_cuts_stand_at_the_start_of_the_paragraph_after_them() -> None:
    article = _story()
    body = article.body
    starts = _paragraph_starts(body)
    for cut in article.cuts:
        if not cut.inline:
            assert cut.position in starts, cut
    related = _with(article, why.RELATED)[0]
    assert body[related.position :].startswith("Islanders said they would write")
    for reason in (why.BYLINE, why.TIME_AGO, why.OUTLET):
        assert _with(article, reason)[0].position == 0
    for reason in (why.BIO, why.COPYRIGHT, why.OTHER_STORY, why.COMMENTS):
        assert {c.position for c in _with(article, reason)} == {len(body)}


def test_in_paragraph_cuts_stand_where_the_next_word_starts() -> None:
    article = _story()
    body = article.body
    share = _with(article, why.SHARE_BAR)[0]
    assert share.inline
    assert body[share.position :].startswith("The adult return fare")
    caption = _with(article, why.VIDEO_CAPTION)[0]
    assert body[caption.position :].startswith("The company said it had held prices")
    signup = _with(article, why.NEWSLETTER)[0]
    assert body[signup.position :].startswith("The council meets next month.")


def test_putting_an_inline_cut_back_gives_the_paragraph_as_written() -> None:
    article = _story()
    source = {line for line in STORY.splitlines() if line}
    for cut in article.cuts:
        if not cut.inline:
            continue
        p = cut.position
        restored = article.body[:p] + cut.text + " " + article.body[p:]
        start = restored.rfind("\n\n", 0, p)
        paragraph = restored[0 if start < 0 else start + 2 :].split("\n\n")[0]
        # With its other cuts still out, the paragraph holds this one where it was.
        assert any(_in_order(paragraph, line) for line in source), cut


def _in_order(paragraph: str, line: str) -> bool:
    """Every word of ``paragraph`` appears in ``line`` in the same order."""
    at = 0
    for word in paragraph.split():
        at = line.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


def test_cuts_are_in_body_order() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        for article in parse_dump(path.read_bytes().decode("utf-8")):
            positions = [c.position for c in article.cuts]
            assert positions == sorted(positions), path.name


def test_clean_paragraph_cuts_keeps_clean_paragraph_and_places_each_piece() -> None:
    text = (
        "Engineers found soft ground. Story continues below advertisement The delay "
        "adds 8% to the budget. See more sharing options Send this page to someone via "
        "email Share this item on Twitter Residents can send questions."
    )
    cleaned, cuts = fx.clean_paragraph_cuts(text)
    assert (cleaned, [c.text for c in cuts]) == fx.clean_paragraph(text)
    assert [(c.reason, cleaned[c.offset :][:10]) for c in cuts] == [
        (why.SHARE_BAR, "Residents "),
        (why.ADVERT, "The delay "),
    ]
    rebuilt = cleaned
    for cut in sorted(cuts, key=lambda c: -c.offset):
        rebuilt = rebuilt[: cut.offset] + cut.text + " " + rebuilt[cut.offset :]
    assert rebuilt == text


def test_a_cut_at_the_end_of_a_paragraph_stands_at_its_end() -> None:
    text = "The council meets next month. Published by Harbour Media Group"
    cleaned, [cut] = fx.clean_paragraph_cuts(text)
    assert cut.reason == why.SPONSOR
    assert cut.offset == len(cleaned)


# ---------------------------------------------------------------- carried to the article


def test_the_cuts_go_into_the_article_and_survive_the_index() -> None:
    parsed = _story()
    assert parsed.cuts
    article = Article(id="ferry0001", title=parsed.title, body=parsed.body, cuts=parsed.cuts)
    assert type(article.body) is str
    assert article.cuts == parsed.cuts
    again = Article.from_meta(article.meta_dict(), article.body)
    assert again.cuts == parsed.cuts
    assert again.content_hash == article.content_hash


def test_the_index_stores_cuts_as_runs_over_the_removed_lines() -> None:
    parsed = _story()
    article = Article(
        id="ferry0001",
        title=parsed.title,
        body=parsed.body,
        removed=parsed.removed,
        cuts=parsed.cuts,
    )
    packed = json.loads(json.dumps(article.meta_dict()))["cuts"]
    # One run for the lines above the story, which stand at 0 for two reasons...
    assert packed[0] == [why.LABEL, 0, 0, 0, 1]
    assert len(packed) < len(article.cuts)
    assert Article.from_meta({**article.meta_dict(), "cuts": packed}, article.body).cuts == (
        article.cuts
    )


def test_a_cut_not_among_the_removed_lines_is_stored_by_its_text() -> None:
    # Articles imported before the dateline stayed in the body carry it so.
    parsed = _story()
    dateline = Cut("PORT ELLIS (CW) —", why.DATELINE, 0, True)
    article = Article(
        id="ferry0001",
        title=parsed.title,
        body=parsed.body,
        removed=parsed.removed,
        cuts=[dateline, *parsed.cuts],
    )
    packed = json.loads(json.dumps(article.meta_dict()))["cuts"]
    assert [why.DATELINE, 0, 1, "PORT ELLIS (CW) —"] in packed
    assert Article.from_meta({**article.meta_dict(), "cuts": packed}, article.body).cuts == (
        article.cuts
    )


@pytest.mark.parametrize(
    "bad", [[["share bar", 0, 0, 99, 1]], [["share bar", "x", 0, 0, 1]], ["Share this"]]
)
def test_malformed_stored_cuts_are_a_type_error(bad) -> None:
    with pytest.raises(TypeError):
        Article.from_meta({"id": "x", "title": "t", "removed": ["a"], "cuts": bad}, "Text.")


def test_an_article_from_an_older_library_has_no_cuts() -> None:
    article = Article.from_meta(
        {"id": "old000001", "title": "Old", "removed": ["Share this"]}, "Text."
    )
    assert article.cuts == []
    assert article.removed == ["Share this"]


# ---------------------------------------------------------------- editing a body (pure)


def test_put_back_and_take_out_keep_every_other_cut_in_its_place() -> None:
    article = _story()
    body, cuts = article.body, list(article.cuts)
    index = next(k for k, c in enumerate(cuts) if c.reason == why.RELATED)
    restored = put_back(body, cuts, index)
    start, end = restored.span
    assert restored.body[start:end] == cuts[index].text
    assert restored.body[end:].startswith("\n\nIslanders said")
    others = [c for k, c in enumerate(cuts) if k != index]
    for k, (before, after) in enumerate(zip(others, restored.cuts, strict=True)):
        if k < index:  # before it: the same offset
            assert after == before
        else:  # after it: the same text follows, further on
            assert restored.body[after.position :] == body[before.position :]
    # Cutting the line again gives back the body and cuts cleaning made.
    again = take_out(restored.body, restored.cuts, (start, end), why.RELATED)
    assert again.body == body
    assert again.cuts == cuts


def test_take_out_of_the_last_paragraph_and_of_the_only_one() -> None:
    body = "First paragraph here.\n\nSecond one."
    cut = Cut("Share this", why.SHARE_BAR, len(body))
    edited = take_out(body, [cut], (23, len(body)))
    assert edited.body == "First paragraph here."
    assert [(c.text, c.position) for c in edited.cuts] == [
        ("Second one.", 21),
        ("Share this", 21),
    ]
    with pytest.raises(LibraryError, match="only paragraph"):
        take_out("Only text.", [], (0, 10))


def test_put_back_an_inline_cut_at_the_end_of_a_paragraph() -> None:
    body = "The council meets next month.\n\nMore text."
    cut = Cut("Published by Harbour Media Group", why.SPONSOR, 29, inline=True)
    edited = put_back(body, [cut], 0)
    first = edited.body.split("\n\n")[0]
    assert first == "The council meets next month. Published by Harbour Media Group"


# ---------------------------------------------------------------- corrections in the library


def _imported(tmp_path: Path, text: str = STORY) -> tuple[Library, Path, Article]:
    source = tmp_path / "src" / "ferry.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text)
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    return library, source, article


def _cut_of(article: Article, reason: str) -> Cut:
    return next(c for c in article.cuts if c.reason == reason)


def test_restoring_a_line_re_anchors_annotations_and_is_kept(tmp_path) -> None:
    library, source, article = _imported(tmp_path)
    after_line = "Islanders said they would write"
    tag_quote(library, None, article.id, after_line, ["check"])
    done = restore_cut(library, article.id, _cut_of(article, why.RELATED), article.content_hash)
    stored_article = library.get_article(article.id)
    assert stored_article.body == done.article.body
    assert "Related: Harbour crane contract signed after long delay" in stored_article.body
    assert why.RELATED not in {c.reason for c in stored_article.cuts}
    [ann] = library.annotations(article.id)
    assert not ann.orphan
    assert stored_article.body[ann.start : ann.end] == after_line
    assert ann.start > article.body.index(after_line)
    assert [(c.action, c.reason) for c in stored(library, article.id)] == [(RESTORE, why.RELATED)]
    # Re-importing the same file keeps the line: nothing to update.
    summary, _ = import_paths(library, [str(source)])
    assert summary.unchanged == [article.id]
    assert library.get_article(article.id).body == stored_article.body


def test_corrections_are_applied_again_when_the_source_changes(tmp_path) -> None:
    library, source, article = _imported(tmp_path)
    restore_cut(library, article.id, _cut_of(article, why.RELATED), article.content_hash)
    now = library.get_article(article.id)
    offset = now.body.index("Operator spokesman")
    cut_paragraph(library, article.id, offset, now.content_hash)
    tag_quote(library, None, article.id, "The adult return fare", ["check"])
    source.write_text(STORY.replace("The council meets next month.", "The council meets in May."))
    summary, _ = import_paths(library, [str(source)])
    assert summary.updated == [article.id]
    assert summary.corrections_dropped == []
    body = library.get_article(article.id).body
    assert "Related: Harbour crane contract signed after long delay" in body
    assert "Operator spokesman" not in body
    assert "The council meets in May." in body
    user_cut = _cut_of(library.get_article(article.id), why.BY_USER)
    assert user_cut.text.startswith("Operator spokesman")
    [ann] = library.annotations(article.id)
    assert body[ann.start : ann.end] == "The adult return fare"


def test_a_correction_whose_line_is_gone_is_dropped_and_reported(tmp_path) -> None:
    library, source, article = _imported(tmp_path)
    restore_cut(library, article.id, _cut_of(article, why.RELATED), article.content_hash)
    source.write_text(STORY.replace("Related: Harbour crane contract signed after long delay", ""))
    summary, _ = import_paths(library, [str(source)])
    assert summary.corrections_dropped == [
        (article.id, "Related: Harbour crane contract signed after long delay")
    ]
    assert stored(library, article.id) == []


def test_a_cut_paragraph_takes_its_annotation_and_putting_it_back_returns_it(tmp_path) -> None:
    library, _, article = _imported(tmp_path)
    quote = "fuel had become much dearer"
    tag_quote(library, None, article.id, quote, ["check"])
    done = cut_paragraph(library, article.id, article.body.index(quote), article.content_hash)
    assert done.orphans == 1
    assert [a.orphan for a in library.annotations(article.id)] == [True]
    made = _cut_of(done.article, why.BY_USER)
    back = restore_cut(library, article.id, made, done.article.content_hash)
    assert back.article.body == article.body
    [ann] = library.annotations(article.id)
    assert not ann.orphan and back.article.body[ann.start : ann.end] == quote
    # Putting back what the user cut undoes the correction: none is left.
    assert stored(library, article.id) == []


def test_cutting_a_restored_line_cuts_it_for_cleaning_s_reason_again(tmp_path) -> None:
    library, _, article = _imported(tmp_path)
    done = restore_cut(library, article.id, _cut_of(article, why.RELATED), article.content_hash)
    again = cut_paragraph(library, article.id, done.span[0], done.article.content_hash)
    assert again.article.body == article.body
    assert _cut_of(again.article, why.RELATED).text.startswith("Related: Harbour crane")
    assert stored(library, article.id) == []


def test_a_correction_on_a_stale_text_is_refused(tmp_path) -> None:
    library, _, article = _imported(tmp_path)
    with pytest.raises(StaleArticleError):
        restore_cut(library, article.id, _cut_of(article, why.RELATED), "0" * 64)
    assert library.get_article(article.id).body == article.body


def test_the_refresh_path_applies_corrections_before_re_anchoring(tmp_path) -> None:
    """A feed refresh saves the entry as parsed, then calls reanchor_annotations."""
    library, _, article = _imported(tmp_path)
    restore_cut(library, article.id, _cut_of(article, why.RELATED), article.content_hash)
    tag_quote(library, None, article.id, "Islanders said", ["check"])
    [parsed] = parse_dump(STORY.replace("next month", "in May"))
    fresh = Article(id=article.id, title=parsed.title, body=parsed.body, cuts=parsed.cuts)
    with library.transaction():
        old_length = len(library.read_body(article.id))
        library.save_articles([fresh])
        reanchor_annotations(library, fresh, old_length)
    stored_article = library.get_article(article.id)
    assert stored_article.body == fresh.body
    assert "Related: Harbour crane contract" in stored_article.body
    [ann] = library.annotations(article.id)
    assert stored_article.body[ann.start : ann.end] == "Islanders said"


# ---------------------------------------------------------------- killed at every write


def _fault_state(library: Path) -> dict:
    code = (
        "import json\nfrom storage.corrections import stored\n"
        "[meta] = lib.article_metas()\nart = lib.get_article(meta['id'])\n"
        "anns = lib.annotations(art.id)\n"
        "for a in anns:\n"
        "    assert a.orphan or art.body[a.start:a.end] == a.quote, (a, 'misplaced')\n"
        "cuts = [c.text for c in art.cuts]\n"
        "assert all(c not in art.body.split('\\n\\n') for c in cuts if c.startswith('Related'))\n"
        "print(json.dumps({'hash': art.content_hash, 'cuts': cuts,\n"
        "    'anns': sorted((a.quote, a.start, a.orphan) for a in anns),\n"
        "    'corrections': [c.text for c in stored(lib, art.id)]}))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_restoring_a_line_survives_a_kill_at_every_write(tmp_path) -> None:
    base = tmp_path / "base"
    library, _, article = _imported(base)
    tag_quote(library, None, article.id, "Islanders said they would write", ["check"])
    library.close()
    line = "Related: Harbour crane contract signed after long delay"
    restore = (
        "from storage.corrections import restore_cut\n"
        f"art = lib.get_article({article.id!r})\n"
        f"cut = next((c for c in art.cuts if c.text == {line!r}), None)\n"
        "if cut is not None:\n"
        "    restore_cut(lib, art.id, cut, art.content_hash)\n"
    )

    def run(root: Path, fault: str | None):
        return python(root / "lib", restore, fault=fault)

    probe = tmp_path / "probe"
    shutil.copytree(base, probe, symlinks=True)
    before = _fault_state(probe / "lib")
    count = boundaries(lambda fault: run(probe, fault), tmp_path)
    after = _fault_state(probe / "lib")
    assert before != after and after["corrections"] == [line]
    assert count >= 3  # journal, body, index, annotations file...
    for k in range(1, count + 1):
        root = tmp_path / f"run{k}"
        shutil.copytree(base, root, symlinks=True)
        done = run(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = _fault_state(root / "lib")  # opening the library completes or rolls back
        assert leftovers(root / "lib") == [], k
        assert found in (before, after), k
        assert run(root, None).returncode == 0, k  # doing it again finishes the job
        assert _fault_state(root / "lib") == after, k
        shutil.rmtree(root)
