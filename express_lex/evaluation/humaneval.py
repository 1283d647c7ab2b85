"""Human evaluation sheets (issue 15): draw segments from results files into a coding sheet in
the EXPRESS authors' layout, and score the sheets coders filled in.

A sheet shows each segment with two emotion-word lists in random order, the author's own (SD)
and a model's (LLM); `swap` is 1 when option1 is the model's. Coders write `option 1`,
`option 2`, `both` or `neither` in `your_choice`, and a reason code in `code`.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..data import SafeCsvWriter, atomic_write_bytes, csv_uncell, read_text
from ..errors import InputError
from ..model import cosine
from .agreement import auc, auc_permutation_p, cohen_kappa, fleiss_kappa, wilson_interval
from .datasets import CSV_FIELD_LIMIT, literal_list, present
from .metrics import iter_records

if TYPE_CHECKING:
    from ..engine import Lexicon

__all__ = ["SHEET_COLUMNS", "KEY_COLUMNS", "CHOICES", "SheetRow", "draw_sheet", "write_sheet", "parse_choice",
           "CoderSummary", "HumanEvalScore", "score_sheets"]

SHEET_COLUMNS = ("index", "original_ids", "segment", "option1", "option2", "your_choice", "General_note", "why_both",
                 "why_neither", "swap", "choice", "code")
KEY_COLUMNS = ("index", "original_ids", "swap", "model")
CHOICES = ("SD", "LLM", "both", "neither")


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One drawn segment: the author's words (SD), the model's (LLM) and the order shown."""

    index: str
    original_ids: str
    segment: str
    sd: tuple[str, ...]
    llm: tuple[str, ...]
    swap: int  # 1: option1 is the model's list
    model: str  # the results file it came from

    @property
    def options(self) -> tuple[str, str]:
        first, second = (self.llm, self.sd) if self.swap else (self.sd, self.llm)
        return str(list(first)), str(list(second))


def _candidates(path: Path) -> list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]]:
    """(index, original_ids, segment, labels, answer) of the rows whose strict answer is valid."""
    rows = []
    for number, (record, row) in enumerate(iter_records(path), 1):
        if row.prediction is None:
            continue
        if present(record.get("original_ids")) and present(record.get("index")):
            index, ids = str(record["index"]).strip(), str(record["original_ids"]).strip()
            if index.endswith(".0") and index[:-2].isdigit():
                index = index[:-2]
        else:
            index, ids = str(number), row.id
        segment = record.get("segment")
        rows.append((index, ids, segment if isinstance(segment, str) else "", row.labels, row.prediction))
    return rows


def draw_sheet(paths: Sequence[str | Path], n: int, seed: int = 0) -> list[SheetRow]:
    """N segments, stratified across the files (as equal a share from each as N allows), each
    segment at most once, in a seeded random order with a seeded random swap per row."""
    if n < 1:
        raise InputError("-n must be at least 1")
    if not paths:
        raise InputError("humaneval sheet needs at least one results file")
    rng = random.Random(seed)
    quotas = [n // len(paths) + (1 if i < n % len(paths) else 0) for i in range(len(paths))]
    chosen: list[SheetRow] = []
    taken: set[tuple[str, str]] = set()
    for path, quota in zip(paths, quotas):
        candidates = [c for c in _candidates(Path(path)) if (c[0], c[1]) not in taken]
        if len(candidates) < quota:
            raise InputError(f"{path}: only {len(candidates)} rows with a valid answer not drawn already; "
                             f"cannot draw {quota}")
        for index, ids, segment, labels, answer in rng.sample(candidates, quota):
            taken.add((index, ids))
            chosen.append(SheetRow(index, ids, segment, labels, answer, int(rng.random() < 0.5), Path(path).name))
    rng.shuffle(chosen)
    return chosen


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator="\n")  # coders open the sheet in a spreadsheet
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_sheet(rows: Sequence[SheetRow], out: str | Path, key: str | Path | None = None) -> None:
    """The coding sheet (atomically); with `key`, `swap` goes only to the key file (blind coding)."""
    sheet = [(r.index, r.original_ids, r.segment, *r.options, "", "", "", "", "" if key else r.swap, "", "")
             for r in rows]
    _write(Path(out), _csv_bytes(SHEET_COLUMNS, sheet))
    if key is not None:
        _write(Path(key), _csv_bytes(KEY_COLUMNS, [(r.index, r.original_ids, r.swap, r.model) for r in rows]))


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None


_OPTION = re.compile(r"([a-z]*)([12]|one|two)")


def parse_choice(text: str) -> str | None:
    """'option 1', 'option 2', 'both' or 'neither' from what a coder typed (case, spacing,
    punctuation and small misspellings tolerated), or None when it cannot be read."""
    from rapidfuzz.fuzz import ratio

    compact = re.sub(r"[^a-z0-9]", "", text.lower())
    if not compact:
        return None
    match = _OPTION.fullmatch(compact)
    if match and (not match.group(1) or match.group(1) in ("o", "op", "opt") or ratio(match.group(1), "option") >= 70):
        return "option 1" if match.group(2) in ("1", "one") else "option 2"
    if compact in ("none", "nor", "no"):
        return "neither"
    best = max(("both", "neither"), key=lambda word: ratio(compact, word))
    return best if ratio(compact, best) >= 70 else None


@dataclass(frozen=True, slots=True)
class CoderSummary:
    """One coder's sheet: how often each of SD, LLM, both and neither was chosen."""

    file: str
    choices: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "choices": dict(self.choices)}


@dataclass(frozen=True, slots=True)
class HumanEvalScore:
    """What `humaneval score` reports (NaN where a statistic is undefined, e.g. kappa with one coder)."""

    items: int
    coders: tuple[CoderSummary, ...]
    majority: dict[str, int]  # SD/LLM/both/neither -> items with that majority
    no_majority: tuple[str, ...]  # items whose vote is tied
    fleiss_kappa: float
    cohen_kappa: tuple[tuple[str, str, float], ...]
    sd_preferred: int  # items whose majority is SD ...
    llm_preferred: int  # ... or LLM
    sd_share: float  # sd / (sd + llm)
    sd_share_ci95: tuple[float, float]  # Wilson score interval
    codes: dict[str, int]
    both_auc: float  # AUC of the lists' graded similarity for items whose majority is "both"
    both_auc_p: float  # one-sided permutation p-value
    both_items: int
    other_items: int
    models: dict[str, dict[str, int]] = field(default_factory=dict)  # with a key file: majority per model

    def to_dict(self) -> dict[str, Any]:
        def number(x: float) -> float | None:
            return None if isinstance(x, float) and math.isnan(x) else x

        return {
            "items": self.items,
            "coders": [c.to_dict() for c in self.coders],
            "majority": dict(self.majority),
            "no_majority": list(self.no_majority),
            "fleiss_kappa": number(self.fleiss_kappa),
            "cohen_kappa": [{"a": a, "b": b, "kappa": number(k)} for a, b, k in self.cohen_kappa],
            "preference": {"SD": self.sd_preferred, "LLM": self.llm_preferred, "SD_share": number(self.sd_share),
                           "ci95": [number(self.sd_share_ci95[0]), number(self.sd_share_ci95[1])]},
            "codes": dict(self.codes),
            "both_similarity": {"auc": number(self.both_auc), "p_value": number(self.both_auc_p),
                                "both_items": self.both_items, "other_items": self.other_items},
            "models": {m: dict(c) for m, c in self.models.items()},
        }


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        return [{key: csv_uncell(value) for key, value in row.items()}  # undo SafeCsvWriter's escaping
                for row in csv.DictReader(io.StringIO(read_text(path)))]
    except csv.Error as error:
        raise InputError(f"{path}: malformed CSV: {error}") from None


def _words(cell: str, where: str) -> tuple[str, ...]:
    try:
        value = literal_list(cell)
    except ValueError:
        value = None
    if not isinstance(value, (list, tuple)):
        raise InputError(f"{where}: option is not a list of words: {cell[:40]!r}")
    return tuple(str(w).strip().lower() for w in value)


def score_sheets(sheets: Sequence[str | Path], *, key: str | Path | None = None, lexicon: "Lexicon | None" = None,
                 permutations: int = 2000, seed: int = 0) -> HumanEvalScore:
    """Score one filled-in sheet per coder (all over the same items)."""
    if not sheets:
        raise InputError("humaneval score needs at least one sheet")
    keys: dict[tuple[str, str], tuple[int, str]] = {}
    if key is not None:
        for number, record in enumerate(_read_csv(Path(key)), 2):
            try:
                keys[(record["index"].strip(), record["original_ids"].strip())] = (int(record["swap"]),
                                                                                   record.get("model") or "")
            except (KeyError, ValueError, AttributeError):
                raise InputError(f"{key}: row {number}: expected index, original_ids and a 0/1 swap") from None
    coded: list[dict[tuple[str, str], str]] = []
    options: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    model_of: dict[tuple[str, str], str] = {}
    codes: Counter = Counter()
    order: list[tuple[str, str]] = []
    for sheet in sheets:
        path = Path(sheet)
        records = _read_csv(path)
        missing = [c for c in ("index", "original_ids", "option1", "option2", "your_choice") if
                   records and c not in records[0]]
        if not records or missing:
            raise InputError(f"{path}: not a coding sheet (missing {', '.join(missing) or 'rows'})")
        choices: dict[tuple[str, str], str] = {}
        for number, record in enumerate(records, 2):
            item = ((record.get("index") or "").strip(), (record.get("original_ids") or "").strip())
            where = f"{path}: row {number} (index {item[0]})"
            typed = record.get("your_choice") or ""
            if not typed.strip():  # a sheet handed back before every row was coded
                raise InputError(f"{where}: not coded yet (your_choice is empty; "
                                 "expected option 1, option 2, both or neither)")
            choice = parse_choice(typed)
            if choice is None:
                raise InputError(f"{where}: unreadable choice {typed!r} "
                                 "(expected option 1, option 2, both or neither)")
            if item in keys:
                swap, model_of[item] = keys[item]
            else:
                try:
                    swap = int((record.get("swap") or "").strip())
                except ValueError:
                    raise InputError(f"{where}: no 0/1 swap in the sheet; pass the key file with --key") from None
            if swap not in (0, 1):
                raise InputError(f"{where}: swap must be 0 or 1")
            first, second = _words(record.get("option1") or "", where), _words(record.get("option2") or "", where)
            options[item] = (second, first) if swap else (first, second)  # (SD, LLM)
            mapped = {"option 1": "LLM" if swap else "SD", "option 2": "SD" if swap else "LLM"}.get(choice, choice)
            if item in choices:
                raise InputError(f"{where}: the item appears twice in the sheet")
            choices[item] = mapped
            codes.update(c for c in re.split(r"[,;/\s]+", (record.get("code") or "").strip()) if c)
        if coded and set(choices) != set(coded[0]):
            first_missing = next(iter(sorted(set(coded[0]) ^ set(choices))))
            raise InputError(f"{path}: the sheets do not cover the same items (first difference: index "
                             f"{first_missing[0]}, {first_missing[1]})")
        if not coded:
            order = list(choices)
        coded.append(choices)
    summaries = tuple(CoderSummary(str(s), {c: sum(1 for v in coder.values() if v == c) for c in CHOICES})
                      for s, coder in zip(sheets, coded))
    majority: Counter = Counter()
    winners: dict[tuple[str, str], str] = {}
    tied = []
    for item in order:
        votes = Counter(coder[item] for coder in coded).most_common()
        if len(votes) > 1 and votes[0][1] == votes[1][1]:
            tied.append(f"{item[1]}:{item[0]}")
            continue
        winners[item] = votes[0][0]
        majority[votes[0][0]] += 1
    fleiss = fleiss_kappa([[coder[item] for coder in coded] for item in order]) if len(coded) > 1 else math.nan
    pairs = tuple((str(sheets[a]), str(sheets[b]), cohen_kappa([coded[a][i] for i in order],
                                                               [coded[b][i] for i in order]))
                  for a in range(len(coded)) for b in range(a + 1, len(coded)))
    sd, llm = majority["SD"], majority["LLM"]
    scores: list[float] = []
    positive: list[bool] = []
    if lexicon is not None:
        for item, winner in winners.items():
            scores.append(_similarity(lexicon, *options[item]))
            positive.append(winner == "both")
    models: dict[str, Counter] = {}
    for item, winner in winners.items():
        if item in model_of:
            models.setdefault(model_of[item], Counter())[winner] += 1
    return HumanEvalScore(
        items=len(order), coders=summaries, majority={c: majority[c] for c in CHOICES}, no_majority=tuple(tied),
        fleiss_kappa=fleiss, cohen_kappa=pairs, sd_preferred=sd, llm_preferred=llm,
        sd_share=sd / (sd + llm) if sd + llm else math.nan, sd_share_ci95=wilson_interval(sd, sd + llm),
        codes=dict(sorted(codes.items())),
        both_auc=auc(scores, positive) if scores else math.nan,
        both_auc_p=auc_permutation_p(scores, positive, permutations, seed) if scores else math.nan,
        both_items=sum(positive), other_items=len(positive) - sum(positive),
        models={m: {c: counts[c] for c in CHOICES} for m, counts in sorted(models.items())},
    )


def _similarity(lexicon: "Lexicon", sd: tuple[str, ...], llm: tuple[str, ...]) -> float:
    """Mean graded cosine of the two lists, paired by position (as the graded metrics pair them)."""
    pairs = [(a, b) for a, b in zip(sd, llm) if a and b]
    if not pairs:
        return 0.0
    return sum(cosine(lexicon.decompose(a).vector, lexicon.decompose(b).vector) for a, b in pairs) / len(pairs)
