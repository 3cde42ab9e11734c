"""Batch extraction over an archive: every good notice comes out, bad ones are reported, not fatal;
outputs do not depend on --jobs; --resume redoes nothing; nothing is ever half-written."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbparse import batch
from tbparse.batch import HASH_KEY, Input, clashes, collect_inputs, output_path
from tbparse.cli import app
from tbparse.export import document_record
from tbparse.pipeline import extract_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CLEAN_SAMPLES = ("001_f9a19f40903dc13b.txt", "002_e593d8a8560f04fb.txt", "004_f2bc153c1f2086ce.txt")
HEADING = re.compile(r"^[#*\s]*(?:[IVX]+|\d+(?:\.\d+)*|[A-Z])\.\s")
UNITS = ("Cục Viễn thông", "Cục Tin học hóa", "Cục Báo chí", "Vụ Quản lý doanh nghiệp", "Văn phòng Bộ")


def truncated_utf8(data: bytes) -> bytes:
    """Cut inside a multi-byte character past the middle, as an interrupted copy does."""
    lead = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xC0)
    return data[:lead + 1]


BAD_FILES = {"broken/binary.txt": bytes(range(256)) * 8, "broken/empty.txt": b"",
             "broken/deep/truncated.txt": truncated_utf8((SAMPLES / CLEAN_SAMPLES[1]).read_bytes())}


def _split(text: str) -> tuple[list[str], list[int], list[str]]:
    """A sample as header lines, the indexes where headings start, and all lines."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if HEADING.match(line)]
    return lines[:starts[0]], starts, lines


def _variation(rng: random.Random, header: list[str], starts: list[int], lines: list[str]) -> str:
    """Header with a new number and date, then one excerpt from a heading on: small, so fast."""
    start = rng.choice(starts)
    body = lines[start:start + rng.randint(4, 12)]
    text = "\n".join(header + body)
    text = re.sub(r"Số:\s*(\d*)/", f"Số: {rng.randint(1, 999)}/", text, count=1)
    text = re.sub(r"ngày\s+(\d*)\s+tháng\s+(\d*)\s+năm\s+(\d{4})",
                  f"ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {rng.choice((2021, 2022, 2023))}",
                  text, count=1)
    old, new = rng.sample(UNITS, 2)
    return text.replace(old, new) + "\n"


def make_archive(root: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` notices made from the clean samples, nested two levels deep, some as .md."""
    rng = random.Random(seed)
    parts = [_split((SAMPLES / name).read_text(encoding="utf-8")) for name in CLEAN_SAMPLES]
    paths = []
    for i in range(count):
        suffix = ".md" if i % 7 == 0 else ".txt"
        path = root / f"batch{i % 5}" / f"part{i % 3}" / f"notice_{i:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_variation(rng, *parts[i % len(parts)]), encoding="utf-8")
        paths.append(path)
    return paths


def add_bad_files(root: Path) -> list[Path]:
    paths = []
    for name, data in BAD_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def run(*args: str):
    return CliRunner().invoke(app, ["extract", *args])


def tree_bytes(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    good = make_archive(root / "notices", 500)
    bad = add_bad_files(root / "notices")
    return root, good, bad


@pytest.fixture(scope="module")
def first_run(archive):
    root, _, _ = archive
    result = run(str(root / "notices"), "--out-dir", str(root / "out2"), "--jobs", "2")
    return result, root / "out2"


def test_every_good_notice_comes_out_and_bad_ones_are_reported(archive, first_run):
    root, good, bad = archive
    result, out = first_run
    assert result.exit_code == 1
    outputs = {p: output_path(out, Input(str(p), p.relative_to(root / "notices"))) for p in good}
    assert all(target.is_file() for target in outputs.values())
    records = {p: json.loads(target.read_text(encoding="utf-8")) for p, target in outputs.items()}
    assert all(record["source"] == str(p) for p, record in records.items())
    assert sum(len(record["tasks"]) for record in records.values()) >= len(good)
    for path in random.Random(1).sample(good, 25):  # the batch gives what a single extraction gives
        expected = document_record(extract_file(path))
        assert {k: v for k, v in records[path].items() if k != HASH_KEY} == expected
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["source"] for e in errors) == sorted(str(p) for p in bad)
    assert all(e["error"] for e in errors)
    assert "empty file" in next(e["error"] for e in errors if e["source"].endswith("empty.txt"))
    assert "undecodable" in next(e["error"] for e in errors if e["source"].endswith("truncated.txt"))
    assert "503 files" in result.stderr and "3 failed" in result.stderr
    assert not list(out.rglob(".*.tmp"))


def test_resume_redoes_nothing(archive, first_run):
    root, good, _ = archive
    _, out = first_run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    result = run(str(root / "notices"), "--out-dir", str(out), "--jobs", "2", "--resume")
    assert result.exit_code == 1  # the 3 bad files are tried again and fail again
    assert f"{len(good)} unchanged skipped" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == before


def test_resume_redoes_a_changed_notice(archive, first_run, tmp_path):
    root, good, _ = archive
    out = tmp_path / "out"
    notices = tmp_path / "notices"
    for path in good[:3]:
        target = notices / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert run(str(notices), "--out-dir", str(out), "--quiet").exit_code == 0
    changed = notices / good[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n- Cục Báo chí tổng hợp báo cáo.\n", encoding="utf-8")
    result = run(str(notices), "--out-dir", str(out), "--resume")
    assert result.exit_code == 0
    assert "1 files, 2 unchanged skipped" in result.stderr


def test_jobs_do_not_change_a_byte(archive, first_run):
    root, _, _ = archive
    _, out2 = first_run
    result = run(str(root / "notices"), "--out-dir", str(root / "out1"), "--jobs", "1", "--quiet")
    assert result.exit_code == 1 and result.stderr.count("tbparse: error:") == 3
    assert tree_bytes(root / "out1") == tree_bytes(out2)


def test_one_file_of_tasks_each_with_its_source(archive, first_run, tmp_path):
    root, good, _ = archive
    _, out = first_run
    target = tmp_path / "tasks.jsonl"
    dirs = [root / "notices" / "batch0", root / "notices" / "batch1"]
    result = run(*map(str, dirs), "-o", str(target),
                 "-f", "jsonl", "--jobs", "2", "--quiet")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    ordered = [p for d in dirs for p in sorted((p for p in good if p.is_relative_to(d)),
                                               key=lambda p: p.relative_to(d).as_posix())]
    expected = [(str(p), task["id"]) for p in ordered
                for task in json.loads(output_path(out, Input(str(p), p.relative_to(root / "notices"))).read_text())["tasks"]]
    assert [(row["source"], row["id"]) for row in rows] == expected


def test_a_parser_crash_fails_one_file_only(tmp_path, monkeypatch):
    paths = make_archive(tmp_path / "in", 4)
    real = batch.extract_file

    def crash_on_second(path, **options):
        if Path(path) == paths[1]:
            raise RuntimeError("boom\nwith a second line")
        return real(path, **options)

    monkeypatch.setattr(batch, "extract_file", crash_on_second)
    result = run(str(tmp_path / "in"), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert f"tbparse: error: {paths[1]}: parser failed: RuntimeError: boom with a second line\n" in result.stderr
    assert len(list((tmp_path / "out").rglob("notice_*.json"))) == 3
    assert "Traceback" not in result.stderr


def test_an_interrupted_run_leaves_no_half_written_output(tmp_path, monkeypatch):
    make_archive(tmp_path / "in", 6)
    real, calls = batch.extract_file, []

    def interrupt_on_fourth(path, **options):
        calls.append(path)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(path, **options)

    monkeypatch.setattr(batch, "extract_file", interrupt_on_fourth)
    target = tmp_path / "all.jsonl"
    result = run(str(tmp_path / "in"), "-o", str(target), "-f", "jsonl", "--jobs", "1")
    assert result.exit_code == 130 and not target.exists()
    calls.clear()
    result = run(str(tmp_path / "in"), "--out-dir", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert result.exit_code == 130
    written = sorted((tmp_path / "out").rglob("*.json"))
    assert len(written) == 3 and all(json.loads(p.read_text(encoding="utf-8"))[HASH_KEY] for p in written)
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.startswith(".")]


def test_inputs_are_sorted_deduplicated_and_skip_hidden_and_output_files(tmp_path):
    for name in ("b/2.txt", "b/10.md", "a.txt", ".git/x.txt", "out/old.txt", "notes.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Cục Viễn thông báo cáo.", encoding="utf-8")
    items, failures = collect_inputs([str(tmp_path), str(tmp_path / "a.txt")], skip=tmp_path / "out")
    assert [item.relative.as_posix() for item in items] == ["a.txt", "b/10.md", "b/2.txt"]
    assert failures == []
    empty = tmp_path / "empty"
    empty.mkdir()
    _, failures = collect_inputs([str(empty)])
    assert failures[0].name == str(empty) and "no files matching" in failures[0].error


def test_glob_selects_files_inside_directories(tmp_path):
    make_archive(tmp_path / "in", 8)
    items, _ = collect_inputs([str(tmp_path / "in")], ["*.md"])
    assert items and all(item.name.endswith(".md") for item in items)


def test_stdin_is_one_more_input(tmp_path):
    text = (SAMPLES / CLEAN_SAMPLES[1]).read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "-", "--out-dir", str(tmp_path), "--quiet"], input=text)
    assert result.exit_code == 0
    assert json.loads((tmp_path / "stdin.json").read_text(encoding="utf-8"))["source"] == "<stdin>"


def test_out_dir_never_writes_onto_an_input(tmp_path):
    notice = tmp_path / "a.json"  # a notice saved under an odd suffix, named explicitly
    notice.write_text("Cục Viễn thông báo cáo.", encoding="utf-8")
    result = run(str(notice), "--out-dir", str(tmp_path))
    assert result.exit_code == 2 and "would overwrite this input" in result.stderr
    assert notice.read_text(encoding="utf-8") == "Cục Viễn thông báo cáo."


def test_out_dir_inside_the_inputs_is_not_read_back(tmp_path):
    make_archive(tmp_path / "in", 3)
    for _ in range(2):
        result = run(str(tmp_path / "in"), "--glob", "*", "--out-dir", str(tmp_path / "in" / "out"))
        assert result.exit_code == 0 and "tbparse: 3 files" in result.stderr


def test_two_inputs_for_one_output_are_refused(tmp_path):
    items = [Input("x/a.txt", Path("a.txt")), Input("x/a.md", Path("a.md"))]
    targets = {item: output_path(tmp_path, item) for item in items}
    assert clashes(targets, items) == [f"x/a.txt and x/a.md would both write {tmp_path / 'a.json'}"]


@pytest.mark.parametrize("args, message", [
    (["--resume"], "--resume needs --out-dir"),
    (["--out-dir", "o", "-o", "f.json"], "choose one of"),
    (["--out-dir", "o", "-f", "csv"], "--out-dir writes one JSON"),
    (["--jobs", "0"], "--jobs"),
])
def test_batch_usage_errors(tmp_path, args, message):
    result = run(str(SAMPLES / CLEAN_SAMPLES[1]), *args)
    assert result.exit_code == 2 and message in result.stderr
