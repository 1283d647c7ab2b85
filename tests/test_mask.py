"""The masked dataset: masking, segments, the authors' columns, and the round trip."""

from __future__ import annotations

import ast
import csv
import json
from itertools import pairwise

from express_lex.cli.app import app
from hypothesis import given
from hypothesis import strategies as st

from express_lex.text import (
    COLUMNS,
    MASK,
    ApproxRobertaCounter,
    Document,
    MaskRow,
    extract,
    mask_documents,
    mask_text,
    segment_bounds,
)

from .test_extract import SHARED, _rebuilt, needs_shared


def fill(segment: str, labels) -> str:
    parts = segment.split(MASK)
    assert len(parts) == len(labels) + 1
    return parts[0] + "".join(label + rest for label, rest in zip(labels, parts[1:]))


def test_each_disclosure_becomes_a_mask(lexicon):
    """Every disclosure span is replaced by <mask>; the row carries the lower-cased labels."""
    (row,) = mask_documents([Document("d", "Hi. I'm SO Nervous but excited, and I feel burned out.")], lexicon)
    assert row.segment == "Hi. I'm SO <mask> but <mask>, and I feel <mask>."
    assert row.labels == ("nervous", "excited", "burned out") == row.original_labels
    assert set(row.to_record()) == set(COLUMNS)


@given(st.lists(st.sampled_from(["I'm", "so", "sad", "and", "happy.", "She", "is", "fine.", "I feel", "calm",
                                 "<mask>", "\n", "x"]), max_size=40))
def test_masking_then_filling_gives_the_text_back(words):
    """Filling each mask with its label (case aside) rebuilds the text; a literal <mask> is escaped first."""
    text = " ".join(words)
    found = extract(text)
    masked, starts = mask_text(text, found)
    assert masked.count(MASK) == len(found) == len(starts)
    assert fill(masked, [d.span for d in found]) == text.replace(MASK, "[mask]")


def test_long_posts_are_cut_into_segments_within_budget(lexicon):
    """A post over the budget becomes segments of at most max_tokens, each holding its masks, cut at sentence ends."""
    filler = "We walked to the market and bought some bread. " * 60
    text = filler + "I'm so happy. " + filler + "I feel sad and lonely. " + filler
    rows = list(mask_documents([Document("p", text)], lexicon, max_tokens=128))
    counter = ApproxRobertaCounter()
    assert [r.labels for r in rows] == [("happy",), ("sad", "lonely")]
    for row in rows:
        assert sum(c for _, _, c in counter.pieces(row.segment)) <= 128 - 2
        assert row.segment.rstrip().endswith(".") and row.segment[0].isupper()
        assert row.original_labels == ("happy", "sad", "lonely")


def test_short_post_is_one_segment():
    """A post within the budget is a single segment: the whole masked text."""
    masked = "I'm <mask>. " * 3
    assert segment_bounds(masked, [4, 18, 32], ApproxRobertaCounter(), 512) == [(0, len(masked))]


def test_labels_file_keeps_only_listed_masks(runner, tmp_path):
    """--labels keeps masks whose label is listed; the other words stay as written."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "1", "text": "I'm sad and happy."}) + "\n")
    keep = tmp_path / "labels.txt"
    keep.write_text("happy\n")
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["mask", str(source), "-o", str(out), "--labels", str(keep)])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(out.open()))
    assert row["segment"] == "I'm sad and <mask>." and ast.literal_eval(row["labels"]) == ["happy"]


def test_mask_file_is_read_by_predict(runner, tmp_path):
    """The mask CSV has the authors' columns and load_dataset (predict's reader) accepts it unchanged."""
    from express_lex.evaluation import load_dataset  # the reader predict uses

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "text": f"Post {i}. I'm sad."}) + "\n" for i in range(3)))
    out = tmp_path / "m.csv"
    assert runner.invoke(app, ["mask", str(source), "-o", str(out)]).exit_code == 0
    assert next(csv.reader(out.open())) == list(COLUMNS)
    rows = load_dataset(out)
    assert [r.labels for r in rows] == [("sad",)] * 3 and rows[0].id == "0:0"


@needs_shared
def test_round_trip_on_the_rebuilt_authors_file(runner, tmp_path):
    """Masking the rebuilt file and scoring it with its own labels as predictions gives AccL and VRate 1.000."""
    source = tmp_path / "rebuilt.jsonl"
    with source.open("w") as handle:
        for number, (text, _) in enumerate(_rebuilt()):
            handle.write(json.dumps({"id": str(number), "text": text}) + "\n")
    masked = tmp_path / "m.csv"
    result = runner.invoke(app, ["mask", str(source), "-o", str(masked), "--vocabulary",
                                 str(SHARED / "express-candidate-emotion-words.txt")])
    assert result.exit_code == 0, result.output
    csv.field_size_limit(1 << 30)
    rows = list(csv.DictReader(masked.open(encoding="utf-8")))
    assert len(rows) > 1600
    scored = tmp_path / "scored.csv"
    with scored.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "output"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "output": row["labels"]})
    report = runner.invoke(app, ["evaluate", str(scored), "--metrics", "paper", "--format", "json"])
    assert report.exit_code == 0, report.output
    paper = json.loads(report.stdout)[0]["paper"]
    assert paper["AccL"] == 1.0 and paper["VRate"] == 1.0


_PIECES = ["word", "I", "I'm", "we'll", "don't", "'s", "'re", "'ve", "'d", "'sup", "'", "extraordinarily",
           "unbelievablyyyyyyyyy", "42", "1234567", ".", "...", "?!", "_", "(", "<mask>", "<", "é", "naïve", "日本語",
           "😀", "½", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\xa0", "\u2028", "\x1c", "\x00"]
_texts = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join), st.text(max_size=80))


class _PiecesOnly:
    """The exact counter with only `pieces`, so segment_bounds takes its exact path."""

    def pieces(self, text):
        return ApproxRobertaCounter().pieces(text)


@given(_texts)
def test_bound_is_never_below_the_count(text):
    """ApproxRobertaCounter.bound never undercounts, on short texts and past the length shortcut alike."""
    counter = ApproxRobertaCounter()
    for sample in (text, "Some words. " * 50 + text, text + " and more words" * 40):
        assert counter.bound(sample) >= counter.count(sample) == sum(c for _, _, c in counter.pieces(sample))


@given(_texts, st.integers(0, 600))
def test_within_decides_as_the_exact_count(text, budget):
    """within(text, budget) is True only when the exact count fits, and never for one token less than the count."""
    counter = ApproxRobertaCounter()
    for sample in (text, "Some words. " * 50 + text, text + " and more-words\n" * 40, (text + " I'm sure") * 20):
        count = counter.count(sample)
        assert not counter.within(sample, count - 1)
        assert not counter.within(sample, budget) or count <= budget


@given(_texts)
def test_bound_is_exact_without_a_space_before_whitespace(text):
    """Cut at single spaces, the count is exact when no space is followed by whitespace or ends the text."""
    counter = ApproxRobertaCounter()
    sample = "Filler words. " * 50 + text + "."
    if not any(a == " " and b.isspace() for a, b in pairwise(sample)):
        assert counter.bound(sample) == counter.count(sample)


@given(_texts, st.lists(st.integers(0, 10 ** 6), min_size=1, max_size=5), st.sampled_from([10, 16, 40, 128, 512]))
def test_segments_are_those_of_the_exact_counter(text, seeds, max_tokens):
    """segment_bounds decides the same segments with the bound shortcut as with exact pieces alone."""
    words = (text + " I'm sad. ") * 3 + "end."
    # Masks at places chosen by the seeds.
    cuts = sorted({k for k in (s % max(1, len(words)) for s in seeds)})
    pieces, position = [], 0
    for cut in cuts:
        pieces.append(words[position:cut].replace(MASK, "[mask]"))
        pieces.append(MASK)
        position = cut
    pieces.append(words[position:].replace(MASK, "[mask]"))
    masked = "".join(pieces)
    starts = [k for k in range(len(masked)) if masked.startswith(MASK, k)]
    assert segment_bounds(masked, starts, ApproxRobertaCounter(), max_tokens) == \
        segment_bounds(masked, starts, _PiecesOnly(), max_tokens)


@given(st.text(max_size=30), st.text(max_size=200), st.lists(st.text(max_size=12), max_size=4), st.integers(0, 10 ** 6))
def test_csv_line_is_what_the_csv_module_writes(doc_id, segment, labels, index):
    """MaskRow.csv_line gives the csv module's line for any text, or None, never another line."""
    import io

    row = MaskRow(index, index // 2, doc_id, segment, tuple(labels), tuple(labels[::-1]))
    line = row.csv_line()
    written = io.StringIO()
    csv.DictWriter(written, fieldnames=list(COLUMNS), lineterminator="\n").writerow(row.to_record())
    assert line is None or line == written.getvalue()
    if not any(c in "".join((doc_id, segment, *labels)) for c in "\r\x00"):
        assert line is not None
