"""`tbparse eval`: score extracted tasks against gold annotations.

The numbers have to agree with the spec's reference scorer (../shared/eval/score_tasks.py), so
every threshold, tie-break and rounding here follows its rules; a test cross-checks the two.
"""
from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

FIELD_CODES = frozenset({
    "chung", "buu-chinh", "vien-thong", "cntt", "attt", "kinh-te-so", "cong-nghiep-ict",
    "bao-chi", "tong-hop", "dia-phuong", "covid",
})
PAIR_MIN = 70      # action similarity for a predicted task to stand for a gold one
INSIDE_MIN = 85    # partial similarity for one action to lie within another (coverage)
SECTION_MIN = 80   # heading similarity for a predicted section to count as the gold one
META_KEYS = ("number", "date", "kind")
EXCERPT = 80       # characters of an unmatched action kept for the report


def fold(text: str | None) -> str:
    """Damaged input loses diacritics, so actions are compared without them."""
    bare = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in bare if unicodedata.category(ch) != "Mn")
    return " ".join(bare.lower().split())


def norm(value: object) -> str | None:
    """Names and metadata must be equal, but not in case, spacing or trailing punctuation."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).casefold()
    return " ".join(text.split()).strip(" .,;:")


def similarity(a: str | None, b: str | None) -> float:
    """token_set_ratio forgives word order and boundaries, but would call a short phrase found
    in a long action a perfect match; beyond a 2.5x length gap plain ratio judges instead."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    if 0.4 <= len(a) / len(b) <= 2.5:
        return fuzz.token_set_ratio(a, b)
    return fuzz.ratio(a, b)


def inside(part: str | None, whole: str | None) -> bool:
    """Whether one action holds the other, however the work was split into tasks."""
    part, whole = fold(part), fold(whole)
    return bool(part and whole) and fuzz.partial_ratio(part, whole) >= INSIDE_MIN


def same_owner(gold_task: dict, pred_task: dict) -> bool:
    return norm(gold_task.get("owner")) == norm(pred_task.get("owner"))


def same_deadline(gold_task: dict, pred_task: dict) -> bool:
    return (gold_task.get("deadline") or None) == (pred_task.get("deadline") or None)


def field_right(gold_task: dict, pred_task: dict) -> bool:
    """A gold field outside the codes is a slug of its heading, spelled freely: only presence counts."""
    if gold_task.get("field") in FIELD_CODES:
        return gold_task.get("field") == pred_task.get("field")
    return bool(pred_task.get("field"))


def pair_tasks(gold_tasks: list[dict], pred_tasks: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of (gold, pred) indexes, most alike first. Equal scores go to the later
    indexes first, as in the reference, so both pick the same pairs."""
    candidates = sorted(
        ((score, i, j)
         for i, gold_task in enumerate(gold_tasks)
         for j, pred_task in enumerate(pred_tasks)
         if (score := similarity(gold_task.get("action"), pred_task.get("action"))) >= PAIR_MIN),
        reverse=True)
    pairs: list[tuple[int, int]] = []
    gold_taken: set[int] = set()
    pred_taken: set[int] = set()
    for _, i, j in candidates:
        if i not in gold_taken and j not in pred_taken:
            gold_taken.add(i)
            pred_taken.add(j)
            pairs.append((i, j))
    return pairs


def section_counts(gold_sections: list[dict], pred_sections: list[dict]) -> tuple[int, int, int]:
    """(gold, predicted, found): each gold heading takes the first free predicted section that
    reads alike and has its field (any field, when the gold one is a slug)."""
    golds = [s for s in gold_sections if s.get("heading")]
    preds = [s for s in pred_sections if s.get("heading")]

    def alike(gold: dict, pred: dict) -> bool:
        field_ok = gold.get("field") not in FIELD_CODES or gold.get("field") == pred.get("field")
        return field_ok and fuzz.token_set_ratio(
            fold(gold["heading"]), fold(pred["heading"])) >= SECTION_MIN

    taken: set[int] = set()
    for gold in golds:
        j = next((j for j, pred in enumerate(preds) if j not in taken and alike(gold, pred)), None)
        if j is not None:
            taken.add(j)
    return len(golds), len(preds), len(taken)


@dataclass
class DocScore:
    """Raw counts for one document; summarize() turns any number of them into rates."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    owner: int = 0
    deadline: int = 0
    field: int = 0
    strict: int = 0
    covered: int = 0
    supported: int = 0
    sections_gold: int = 0
    sections_pred: int = 0
    sections_ok: int = 0
    meta_ok: int = 0
    meta_total: int = 0
    action_sim_sum: float = 0.0
    unmatched_gold: list[str] = dataclasses.field(default_factory=list)
    unmatched_pred: list[str] = dataclasses.field(default_factory=list)


def score_document(gold: dict, pred: dict) -> DocScore:
    pred = pred or {}
    gold_tasks, pred_tasks = gold.get("tasks") or [], pred.get("tasks") or []
    pairs = pair_tasks(gold_tasks, pred_tasks)
    score = DocScore(gold=len(gold_tasks), pred=len(pred_tasks), matched=len(pairs))
    for i, j in pairs:
        gold_task, pred_task = gold_tasks[i], pred_tasks[j]
        owner, deadline = same_owner(gold_task, pred_task), same_deadline(gold_task, pred_task)
        field = field_right(gold_task, pred_task)
        score.owner += owner
        score.deadline += deadline
        score.field += field
        score.strict += owner and deadline and field
        score.action_sim_sum += fuzz.ratio(norm(gold_task.get("action")),
                                           norm(pred_task.get("action")))
    # Coverage does not care how finely work is split: a gold task is covered by any predicted
    # task holding its action with the same owner and deadline, and a predicted task is
    # supported when it overlaps any gold action.
    score.covered = sum(
        any(inside(g.get("action"), p.get("action")) and same_owner(g, p) and same_deadline(g, p)
            for p in pred_tasks)
        for g in gold_tasks)
    score.supported = sum(
        any(inside(p.get("action"), g.get("action")) for g in gold_tasks) for p in pred_tasks)
    score.sections_gold, score.sections_pred, score.sections_ok = section_counts(
        gold.get("sections") or [], pred.get("sections") or [])
    gold_meta, pred_meta = gold.get("document") or {}, pred.get("document") or {}
    score.meta_total = len(META_KEYS)
    score.meta_ok = sum(norm(gold_meta.get(k)) == norm(pred_meta.get(k)) for k in META_KEYS)
    paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    score.unmatched_gold = [(t.get("action") or "")[:EXCERPT]
                            for i, t in enumerate(gold_tasks) if i not in paired_gold]
    score.unmatched_pred = [(t.get("action") or "")[:EXCERPT]
                            for j, t in enumerate(pred_tasks) if j not in paired_pred]
    return score


def _rate(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def summarize(scores: list[DocScore]) -> dict:
    """Rates over the pooled counts (micro-averaged), rounded as the reference rounds them."""
    t = DocScore()
    for score in scores:
        for f in dataclasses.fields(DocScore):
            if not f.name.startswith("unmatched_"):
                setattr(t, f.name, getattr(t, f.name) + getattr(score, f.name))
    precision, recall = _rate(t.matched, t.pred), _rate(t.matched, t.gold)
    pairs = t.matched or 1  # accuracies are over pairs; with none they are 0, not an error
    return {
        "tasks_gold": t.gold,
        "tasks_pred": t.pred,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(_rate(2 * precision * recall, precision + recall), 3),
        "owner_acc": round(t.owner / pairs, 3),
        "deadline_acc": round(t.deadline / pairs, 3),
        "field_acc": round(t.field / pairs, 3),
        "strict_f1": round(_rate(2 * t.strict, t.gold + t.pred), 3),
        "coverage_recall": round(_rate(t.covered, t.gold), 3),
        "coverage_precision": round(_rate(t.supported, t.pred), 3),
        "action_text_sim": round(t.action_sim_sum / pairs, 1),
        "section_f1": round(_rate(2 * t.sections_ok, t.sections_gold + t.sections_pred), 3),
        "meta_acc": round(_rate(t.meta_ok, t.meta_total), 3),
    }


@dataclass
class DocResult:
    doc: str
    score: DocScore
    summary: dict
    error: str | None = None


@dataclass
class Report:
    documents: list[DocResult]
    summary: dict


def evaluate(gold_dir: Path, text_dir: Path, extract: Callable[[Path], dict]) -> Report:
    """Score extract() on the text named by each gold file's "doc". An extraction that raises
    scores as an empty prediction and keeps its message, so one bad input cannot stop the run."""
    rows = []
    for gold_file in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        try:
            pred, error = extract(Path(text_dir) / gold["doc"]), None
        except Exception as exc:  # noqa: BLE001 - any failure of the extractor is a result here
            pred, error = {}, f"{type(exc).__name__}: {exc}"
        score = score_document(gold, pred)
        rows.append(DocResult(gold["doc"], score, summarize([score]), error))
    return Report(rows, summarize([row.score for row in rows]))
