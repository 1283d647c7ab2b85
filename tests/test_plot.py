"""Plutchik wheel pictures: checked as images (issue 7)."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib")
from matplotlib import image as mpimg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

import express_lex  # noqa: E402
from express_lex.evaluation import COLOURS, DPI, FIGURE_INCHES, save_figure  # noqa: E402

from .test_cli import run  # noqa: E402

EMOTIONS = list(COLOURS)


@pytest.fixture(scope="module")
def plain():
    return express_lex.Lexicon(wordnet=False)


def render(fig) -> "object":
    """The figure as an RGB array, as a PNG file would hold it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    buffer.seek(0)
    return mpimg.imread(buffer, format="png")[:, :, :3]


def coloured_pixels(pixels, emotion: str, alpha: float = 0.9) -> int:
    """Pixels within a small distance of the emotion's petal colour drawn at `alpha` over white."""
    import numpy as np

    target = np.array([alpha * c + (1 - alpha) for c in to_rgb(COLOURS[emotion])])
    return int((np.abs(pixels - target).sum(axis=2) < 0.12).sum())


def test_png_has_the_documented_size(plain, tmp_path):
    """One wheel is 5 x 5.6 inches at 100 dpi; three side by side are three times as wide."""
    one = render(express_lex.plot("joy", lexicon=plain))
    three = render(express_lex.plot(["joy", "love", "anxiety"], lexicon=plain))
    assert one.shape[:2] == (int((FIGURE_INCHES + 0.6) * DPI), int(FIGURE_INCHES * DPI))
    assert three.shape[:2] == (int((FIGURE_INCHES + 0.6) * DPI), int(3 * FIGURE_INCHES * DPI))


@settings(max_examples=8, deadline=None)
@given(emotion=st.sampled_from(EMOTIONS))
def test_dominant_petal_covers_more_colour_than_its_opposite(plain, emotion):
    """For each basic emotion's own word, its petal has more coloured pixels than the opposite emotion's."""
    pixels = render(express_lex.plot(emotion, lexicon=plain))
    opposite = plain.theory.opposite[emotion]
    assert coloured_pixels(pixels, emotion) > coloured_pixels(pixels, opposite) + 500


def test_petal_length_follows_weight(plain):
    """ecstasy (joy 1.0) fills more of the joy petal than serenity (joy 0.4)."""
    ecstasy = coloured_pixels(render(express_lex.plot("ecstasy", lexicon=plain)), "joy")
    serenity = coloured_pixels(render(express_lex.plot("serenity", lexicon=plain)), "joy")
    assert ecstasy > 2 * serenity


def test_overlay_differs_from_each_term_alone(plain):
    """An overlay of joy and sadness differs from either alone and holds both petals."""
    both = render(express_lex.plot(["joy", "sadness"], overlay=True, lexicon=plain))
    joy = render(express_lex.plot(["joy"], overlay=True, lexicon=plain))
    sadness = render(express_lex.plot(["sadness"], overlay=True, lexicon=plain))
    assert both.shape == joy.shape == sadness.shape
    assert (both != joy).any() and (both != sadness).any()
    assert coloured_pixels(both, "sadness", 0.55) > coloured_pixels(joy, "sadness", 0.55) + 500
    assert coloured_pixels(both, "joy", 0.55) > coloured_pixels(sadness, "joy", 0.55) + 500


def test_dyad_is_shown_as_its_pair_of_petals(plain):
    """love draws both the joy and the trust petal and names the dyad."""
    fig = express_lex.plot("love", lexicon=plain)
    pixels = render(fig)
    assert coloured_pixels(pixels, "joy") > 1000 and coloured_pixels(pixels, "trust") > 1000
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "love = joy + trust" in texts


def test_svg_output_parses_as_xml(plain, tmp_path):
    """plot --out FILE.svg writes well-formed SVG."""
    path = save_figure(express_lex.plot(["joy", "sadness"], overlay=True, lexicon=plain), tmp_path / "wheel.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")


def test_plot_command_writes_png_and_refuses_other_suffixes(runner, tmp_path):
    """The CLI writes the picture; a .jpg target is a one-line usage error."""
    out = tmp_path / "w.png"
    result = run(runner, "plot", "nostalgic", "love", "--out", str(out), "--no-wordnet")
    assert result.exit_code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run(runner, "plot", "joy", "--out", str(tmp_path / "w.jpg"))
    assert bad.exit_code == 2 and "must end in .png or .svg" in bad.stderr


def test_missing_matplotlib_is_one_clear_line(runner, tmp_path, monkeypatch):
    """Without matplotlib, plot exits 2 telling how to install the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = run(runner, "plot", "joy", "--out", str(tmp_path / "w.png"))
    assert result.exit_code == 2
    assert result.stderr.strip() == "express-lex: error: plotting needs matplotlib: pip install 'express-lex[plot]'"


def test_evaluate_plot(runner, tmp_path):
    """evaluate --plot draws mean labels vs predictions and per-emotion agreement."""
    results = tmp_path / "r.csv"
    results.write_text("labels,output_formatted,number_of_labels\n\"['happy', 'sad']\",\"['glad', 'scared']\",2\n")
    out = tmp_path / "eval.png"
    result = run(runner, "evaluate", str(results), "--bootstrap", "0", "--plot", str(out))
    assert result.exit_code == 0, result.output
    pixels = mpimg.imread(out)
    assert pixels.shape[:2] == (int((FIGURE_INCHES + 0.6) * DPI), int(2 * FIGURE_INCHES * DPI))
    refused = run(runner, "evaluate", str(results), "--metrics", "paper", "--plot", str(out))
    assert refused.exit_code == 2 and "--plot needs the graded metrics" in refused.stderr


def test_plot_evaluation_reads_the_report_and_refuses_one_without_graded_metrics(tmp_path):
    """plot_evaluation titles the figure from the report's attributes; a paper-only report is an InputError."""
    from express_lex.evaluation import evaluate_file, plot_evaluation

    results = tmp_path / "r.csv"
    results.write_text("labels,output_formatted,number_of_labels\n\"['happy', 'sad']\",\"['glad', 'scared']\",2\n")
    lexicon = express_lex.Lexicon(wordnet=False)
    fig = plot_evaluation(evaluate_file(results, lexicon, bootstrap=0), lexicon)
    assert fig._suptitle.get_text() == f"r.csv (2 masks, lexicon {lexicon.name})"
    with pytest.raises(express_lex.InputError, match="no plot data"):
        plot_evaluation(evaluate_file(results, lexicon, metrics="paper"), lexicon)
