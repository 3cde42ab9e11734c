"""tbparse eval must give the spec scorer's numbers: pairing, folding, accuracies and rounding."""
from __future__ import annotations

import copy
import importlib.util
import json
import random
import unicodedata
from pathlib import Path

import pytest

from tbparse.evaluate import evaluate, score_document, summarize

DATA = Path(__file__).parent / "data"
GOLD_FILES = sorted(DATA.glob("*.gold.json"))
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score_tasks.py"

TASK_METRICS = ("precision", "recall", "f1", "owner_acc", "deadline_acc", "field_acc",
                "strict_f1", "coverage_recall", "coverage_precision", "action_text_sim")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def score(gold: dict, pred: dict) -> dict:
    return summarize([score_document(gold, pred)])


def strip_accents(text: str) -> str:
    """What a damaged scan or a hurried typist produces, written independently of the scorer."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def task(field, owner, action, deadline=None):
    return {"field": field, "owner": owner, "co_owners": [], "action": action, "deadline": deadline}


# Four tasks, two with the same owner and deadline (so merging them is fair), one slug field.
GOLD = {
    "doc": "a.txt",
    "document": {"kind": "Thông báo", "number": "51/TB-BTTTT", "date": "2022-04-05"},
    "sections": [{"heading": "Lĩnh vực Viễn thông", "field": "vien-thong"},
                 {"heading": "Lĩnh vực Giáo dục", "field": "giao-duc"}],
    "tasks": [
        task("vien-thong", "Cục Viễn thông",
             "xây dựng kế hoạch phát triển hạ tầng viễn thông băng rộng", "2022-06-30"),
        task("vien-thong", "Cục Viễn thông",
             "rà soát quy hoạch băng tần cho mạng di động 5G", "2022-06-30"),
        task("giao-duc", "Sở Giáo dục và Đào tạo",
             "triển khai học bạ số cho các trường phổ thông", "2022-12-31"),
        task("tong-hop", "Văn phòng Bộ", "tổng hợp báo cáo kết quả thực hiện gửi Bộ trưởng"),
    ],
}


def edited(change) -> dict:
    pred = copy.deepcopy(GOLD)
    change(pred)
    return pred


def set_task(i, **values):
    return lambda pred: pred["tasks"][i].update(values)


def merge_first_two(pred):
    first, second = pred["tasks"][:2]
    first["action"] = f"{first['action']} và {second['action']}"
    del pred["tasks"][1]


@pytest.mark.parametrize("pred, expected", [
    pytest.param(GOLD, {"f1": 1.0, "strict_f1": 1.0, "action_text_sim": 100.0}, id="identical"),
    pytest.param(edited(set_task(0, owner=" cục viễn  thông.")), {"owner_acc": 1.0},
                 id="owner-case-space-punctuation-ignored"),
    pytest.param(edited(set_task(0, owner="Cục Tần số vô tuyến điện")),
                 {"owner_acc": 0.75, "strict_f1": 0.75, "f1": 1.0, "coverage_recall": 0.75},
                 id="one-owner-wrong"),
    pytest.param(edited(set_task(0, owner=None)), {"owner_acc": 0.75}, id="owner-missing"),
    pytest.param(edited(set_task(3, deadline="")), {"deadline_acc": 1.0}, id="blank-deadline-is-null"),
    pytest.param(edited(set_task(2, deadline="2022-12-30")),
                 {"deadline_acc": 0.75, "strict_f1": 0.75, "coverage_recall": 0.75},
                 id="one-deadline-wrong"),
    pytest.param(edited(set_task(0, field="cntt")), {"field_acc": 0.75, "strict_f1": 0.75},
                 id="code-field-must-equal"),
    pytest.param(edited(set_task(2, field="y-te")), {"field_acc": 1.0}, id="slug-field-any-present"),
    pytest.param(edited(set_task(2, field="")), {"field_acc": 0.75}, id="slug-field-absent"),
    pytest.param(edited(lambda p: p["tasks"].append(
                     task("chung", None, "tổ chức hội nghị trực tuyến toàn quốc"))),
                 {"tasks_pred": 5, "precision": 0.8, "recall": 1.0, "f1": 0.889,
                  "strict_f1": 0.889, "coverage_precision": 0.8}, id="one-extra-task"),
    pytest.param(edited(lambda p: p["tasks"].pop()),
                 {"precision": 1.0, "recall": 0.75, "f1": 0.857, "coverage_recall": 0.75},
                 id="one-task-missed"),
    pytest.param(edited(merge_first_two),
                 {"recall": 0.75, "f1": 0.857, "coverage_recall": 1.0, "coverage_precision": 1.0},
                 id="merged-tasks-still-cover"),
    pytest.param(edited(lambda p: p["document"].update(number="51/tb-btttt ")), {"meta_acc": 1.0},
                 id="number-case-ignored"),
    pytest.param(edited(lambda p: p["document"].update(date=None)), {"meta_acc": 0.667},
                 id="date-wrong"),
    pytest.param(edited(lambda p: p["sections"][0].update(heading="LINH VUC VIEN THONG")),
                 {"section_f1": 1.0}, id="section-heading-folded"),
    pytest.param(edited(lambda p: p["sections"][0].update(field="cntt")), {"section_f1": 0.5},
                 id="section-field-wrong"),
    pytest.param(edited(lambda p: p["sections"][1].update(field="giao-duc-dao-tao")),
                 {"section_f1": 1.0}, id="section-slug-field-free"),
    pytest.param(edited(lambda p: p["sections"].pop()), {"section_f1": 0.667}, id="section-missed"),
])
def test_hand_computed(pred, expected):
    summary = score(GOLD, pred)
    assert {key: summary[key] for key in expected} == expected


def test_pooled_rates_are_micro_averaged():
    one_wrong = edited(set_task(0, owner="Văn phòng Bộ"))
    summary = summarize([score_document(GOLD, GOLD), score_document(GOLD, one_wrong)])
    assert summary["tasks_gold"] == 8
    assert summary["owner_acc"] == 0.875  # 7 of 8 pairs, not the mean of 1.0 and 0.75


@pytest.mark.parametrize("gold_action, pred_action", [
    pytest.param("xây dựng kế hoạch phát triển hạ tầng", "xay dung ke hoach phat trien ha tang",
                 id="accents-lost"),
    pytest.param("Đẩy mạnh chuyển đổi số", "DAY MANH CHUYEN DOI SO", id="d-bar-and-case"),
    pytest.param("tăng cường an toàn thông tin", "tăng  cường\nan toàn   thông tin", id="spacing"),
    pytest.param("tăng cường an toàn thông tin", unicodedata.normalize("NFD", "tăng cường an toàn thông tin"),
                 id="decomposed"),
    pytest.param("rà soát quy hoạch băng tần", "quy hoạch băng tần rà soát", id="word-order"),
])
def test_folded_actions_pair(gold_action, pred_action):
    s = score_document({"tasks": [task("chung", None, gold_action)]},
                       {"tasks": [task("chung", None, pred_action)]})
    assert (s.matched, s.unmatched_gold, s.unmatched_pred) == (1, [], [])


@pytest.mark.parametrize("gold_action, pred_action", [
    pytest.param("xây dựng kế hoạch phát triển hạ tầng", "tổ chức hội nghị tổng kết năm",
                 id="different-work"),
    pytest.param("báo cáo", "tổng hợp tình hình và báo cáo kết quả thực hiện gửi Bộ trưởng trước ngày 15",
                 id="short-phrase-in-long-action"),
    pytest.param("", "", id="empty"),
])
def test_unlike_actions_do_not_pair(gold_action, pred_action):
    s = score_document({"tasks": [task("chung", None, gold_action)]},
                       {"tasks": [task("chung", None, pred_action)]})
    assert s.matched == 0


def test_pairing_is_one_to_one():
    pred = edited(lambda p: p["tasks"].extend(copy.deepcopy(p["tasks"])))
    summary = score(GOLD, pred)
    assert (summary["tasks_pred"], summary["precision"], summary["recall"]) == (8, 0.5, 1.0)


@pytest.mark.parametrize("pred", [
    pytest.param({}, id="empty-dict"),
    pytest.param(None, id="none"),
    pytest.param({"document": None, "sections": None, "tasks": None}, id="nulls"),
    pytest.param({"tasks": []}, id="no-tasks"),
])
def test_empty_prediction_scores_zero(pred):
    summary = score(GOLD, pred)
    assert all(summary[key] == 0.0 for key in TASK_METRICS)
    assert (summary["tasks_gold"], summary["tasks_pred"]) == (4, 0)
    assert (summary["section_f1"], summary["meta_acc"]) == (0.0, 0.0)


def test_nothing_to_score_is_zero_not_an_error():
    assert summarize([])["f1"] == 0.0
    assert score({}, {})["f1"] == 0.0


@pytest.fixture(params=GOLD_FILES, ids=lambda p: p.name.split("_")[0])
def gold(request) -> dict:
    return load(request.param)


def test_gold_against_itself_is_perfect(gold):
    summary = score(gold, copy.deepcopy(gold))
    assert summary["f1"] == summary["strict_f1"] == summary["meta_acc"] == 1.0
    assert summary["owner_acc"] == summary["deadline_acc"] == summary["field_acc"] == 1.0
    assert summary["coverage_recall"] == summary["coverage_precision"] == 1.0
    assert summary["section_f1"] == 1.0


def test_one_owner_changed_costs_one_pair(gold):
    n = len(gold["tasks"])
    pred = copy.deepcopy(gold)
    pred["tasks"][0]["owner"] = "Đơn vị không có trong văn bản"
    summary = score(gold, pred)
    assert summary["f1"] == 1.0
    assert summary["owner_acc"] == summary["strict_f1"] == round((n - 1) / n, 3)


@pytest.mark.parametrize("dropped", [1, 3])
def test_dropped_tasks_cost_recall(gold, dropped):
    n = len(gold["tasks"])
    pred = copy.deepcopy(gold)
    del pred["tasks"][-dropped:]
    summary = score(gold, pred)
    assert summary["precision"] == 1.0
    assert summary["recall"] == round((n - dropped) / n, 3)


def test_accent_stripped_prediction_still_pairs(gold):
    pred = copy.deepcopy(gold)
    for t in pred["tasks"]:
        t["action"] = strip_accents(t["action"])
    assert score(gold, pred)["f1"] == 1.0


def test_empty_prediction_for_real_gold(gold):
    summary = score(gold, {})
    assert all(summary[key] == 0.0 for key in TASK_METRICS)
    blank_meta = sum(gold["document"].get(k) is None for k in ("number", "date", "kind"))
    assert summary["meta_acc"] == round(blank_meta / 3, 3)  # null gold meets null prediction


def test_evaluate_records_a_failing_document(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.gold.json").write_text(json.dumps(GOLD | {"doc": f"{name}.txt"}),
                                                    encoding="utf-8")
    seen = []

    def extract(path: Path) -> dict:
        seen.append(path)
        if path.name == "b.txt":
            raise RuntimeError("không đọc được tệp")
        return GOLD

    report = evaluate(tmp_path, tmp_path / "texts", extract)
    assert seen == [tmp_path / "texts" / "a.txt", tmp_path / "texts" / "b.txt"]
    assert [(row.doc, row.error) for row in report.documents] == [
        ("a.txt", None), ("b.txt", "RuntimeError: không đọc được tệp")]
    assert report.documents[0].summary["f1"] == 1.0
    assert report.documents[1].summary["f1"] == 0.0
    assert (report.summary["tasks_gold"], report.summary["recall"]) == (8, 0.5)


def test_evaluate_on_the_test_gold():
    golds = {load(path)["doc"]: load(path) for path in GOLD_FILES}
    report = evaluate(DATA, DATA, lambda path: golds[path.name])
    assert [row.doc for row in report.documents] == sorted(golds)
    assert report.summary["f1"] == report.summary["strict_f1"] == 1.0
    assert report.summary["tasks_gold"] == sum(len(g["tasks"]) for g in golds.values())


# --- optional: agreement with the spec's own scorer, when the shared checkout is next to us ---

def _perturbations(gold: dict, other: dict, rng: random.Random) -> list[dict]:
    def variant(change) -> dict:
        pred = copy.deepcopy(gold)
        change(pred)
        return pred

    def each_task(change, every=1):
        return lambda pred: [change(t) for k, t in enumerate(pred["tasks"]) if k % every == 0]

    def merge_pairs(pred):
        tasks = pred["tasks"]
        pred["tasks"] = [dict(a, action=f"{a['action']} và {b['action']}")
                         for a, b in zip(tasks[::2], tasks[1::2])]

    owners = [t.get("owner") for t in gold["tasks"]] + [None, ""]
    return [
        variant(lambda p: None),
        variant(lambda p: p["tasks"].__delitem__(slice(None, None, 3))),
        variant(each_task(lambda t: t.update(owner=rng.choice(owners)), every=2)),
        variant(each_task(lambda t: t.update(deadline=rng.choice([None, "", "2022-12-31"])), every=3)),
        variant(each_task(lambda t: t.update(field=rng.choice(["chung", "", "y-te", t["field"]])))),
        variant(each_task(lambda t: t.update(action=strip_accents(t["action"]).upper()))),
        variant(each_task(lambda t: t.update(action=t["action"][: len(t["action"]) // 2]))),
        variant(each_task(lambda t: t.update(action=" ".join(t["action"].split()[2:])))),
        variant(merge_pairs),
        variant(lambda p: rng.shuffle(p["tasks"])),
        variant(lambda p: p["tasks"].extend(copy.deepcopy(p["tasks"][:4]))),
        variant(lambda p: p.update(sections=[dict(s, heading=strip_accents(s["heading"] or ""), field="chung")
                                             for s in p["sections"][::2]])),
        variant(lambda p: p["document"].update(number=(p["document"]["number"] or "").upper(),
                                               date="2022-01-01", kind=None)),
        dict(other, document=gold["document"]),
        {},
    ]


@pytest.mark.skipif(not REFERENCE.exists(), reason="the spec's reference scorer is not checked out")
def test_agrees_with_reference_scorer():
    spec = importlib.util.spec_from_file_location("reference_score_tasks", REFERENCE)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    golds = [load(path) for path in GOLD_FILES]
    ours, theirs = [], []
    for k, gold in enumerate(golds):
        rng = random.Random(k)
        for pred in _perturbations(gold, golds[k - 1], rng):
            mine, ref = score_document(gold, pred), reference.score_doc(gold, pred)
            assert summarize([mine]) == reference.summary([ref])
            assert (mine.unmatched_gold, mine.unmatched_pred) == (ref["unmatched_gold"],
                                                                 ref["unmatched_pred"])
            ours.append(mine)
            theirs.append(ref)
    assert summarize(ours) == reference.summary(theirs)
