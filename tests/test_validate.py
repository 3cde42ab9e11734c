"""`tbparse validate` flags each planted defect where it is, and no error on real published notices."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbparse.cli import app
from tbparse.models import Document, DocumentMeta, Finding, Section, Span, Task
from tbparse.validate import (check_numbering, check_owners, format_github, load_config, read_numbering,
                              roman_value)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
S001, S002, S003, S004 = (SAMPLES / name for name in (
    "001_f9a19f40903dc13b.txt", "002_e593d8a8560f04fb.txt", "003_3510211049161906.txt", "004_f2bc153c1f2086ce.txt"))
OCR_SAMPLE = SAMPLES / "000_3e8e68816529cb6e.txt"
TEXT_002 = S002.read_text(encoding="utf-8")
LINES_002 = TEXT_002.split("\n")


def validate(*args: str):
    return CliRunner().invoke(app, ["validate", "--jobs", "1", *args])


def findings(*args: str) -> list[dict]:
    result = validate("--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def codes_at(found: list[dict]) -> set[tuple[str, int]]:
    return {(f["code"], f["line"]) for f in found}


def mutated(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of sample 002 with one defect planted, line numbers unchanged."""
    assert old in TEXT_002
    path = tmp_path / "notice.txt"
    path.write_text(TEXT_002.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("sample", [S001, S002, S004], ids=["001", "002", "004"])
def test_published_notices_raise_no_error(sample):
    result = validate("--format", "json", str(sample))
    assert result.exit_code == 0
    assert [f for f in json.loads(result.stdout) if f["severity"] == "error"] == []


def test_repeated_section_numbers_in_002_are_warnings_at_their_lines():
    found = findings(str(S002))
    assert {("TB201", 21), ("TB201", 24)} <= codes_at(found)
    assert {f["severity"] for f in found if f["code"] == "TB201"} == {"warning"}


def test_blank_number_and_date_of_a_draft_are_warnings():
    found = {f["code"]: f for f in findings(str(S002))}
    assert (found["TB102"]["line"], found["TB102"]["severity"]) == (3, "warning")
    assert (found["TB104"]["line"], found["TB104"]["severity"]) == (6, "warning")


def test_impossible_year_in_003_is_an_error():
    result = validate(str(S003))
    assert result.exit_code == 1
    assert "003_3510211049161906.txt:53: error TB302" in result.stdout and "20223" in result.stdout


def test_tasks_without_owner_in_001():
    assert ("TB401", 19) in codes_at(findings(str(S001)))


def test_task_without_deadline_among_dated_siblings():
    assert ("TB402", 22) in codes_at(findings(str(S002)))


def test_ocr_damage_is_flagged():
    found = findings(str(OCR_SAMPLE))
    assert any(f["code"] == "TB602" and f["severity"] == "error" for f in found)


@pytest.mark.parametrize("old, new, code, line", [
    (LINES_002[2], "", "TB101", 1),
    (LINES_002[5], "", "TB103", 1),
    ("III. Lĩnh vực Công nghiệp", "VI. Lĩnh vực Công nghiệp", "TB202", 27),
    ("Thời hạn hoàn thành: 15/7/2022", "Thời hạn hoàn thành: 15/7/20223", "TB302", 17),
    (LINES_002[5], "Hà Nội, ngày 20 tháng 7 năm 2022", "TB303", 17),
    ("IV. Lĩnh vực Báo chí, truyền thông", "IV. Lĩnh vực Hàng hải", "TB501", 29),
], ids=["no-number", "no-date", "skipped-section", "year-20223", "deadline-before-issue", "unknown-field"])
def test_planted_defects_are_found_where_they_are(tmp_path, old, new, code, line):
    found = findings(str(mutated(tmp_path, old, new)))
    assert (code, line) in codes_at(found)


def test_planted_errors_fail_the_run(tmp_path):
    path = mutated(tmp_path, "15/7/2022", "15/7/20223")
    assert validate(str(path)).exit_code == 1


def test_strict_fails_on_warnings():
    assert validate(str(S002)).exit_code == 0
    assert validate("--strict", str(S002)).exit_code == 1


def test_github_annotations():
    lines = validate("--format", "github", str(S002)).stdout.splitlines()
    assert any(line.startswith(f"::warning file={S002},line=21,title=TB201 section-number-repeated::") for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_github_escapes_what_would_break_a_command():
    config = load_config()
    text = format_github([Finding(code="TB301", severity="error", file="a,b:c.txt", line=3, message="50%\nx")], config)
    assert text == "::error file=a%2Cb%3Ac.txt,line=3,title=TB301 deadline-unreadable::50%25%0Ax\n"


def test_project_config_disables_codes(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.tbparse]\ndisable = ["TB201", "TB402"]\n', encoding="utf-8")
    nested = tmp_path / "notices" / "2022"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    codes = {f["code"] for f in findings(str(S002))}
    assert "TB201" not in codes and "TB402" not in codes and "TB102" in codes


def test_dot_tbparse_toml_is_found_first(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.tbparse]\ndisable = ["TB102"]\n', encoding="utf-8")
    (tmp_path / ".tbparse.toml").write_text('disable = ["TB104"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    codes = {f["code"] for f in findings(str(S002))}
    assert "TB104" not in codes and "TB102" in codes


@pytest.mark.parametrize("content", ['disable = ["TB999"]\n', "disable = 'TB201'\n", "disable = [\n"])
def test_bad_project_config_is_a_usage_error(tmp_path, monkeypatch, content):
    (tmp_path / ".tbparse.toml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = validate(str(S002))
    assert result.exit_code == 2 and result.stderr.startswith("tbparse: error: validate config")


def test_rules_overlay_changes_a_severity(tmp_path):
    (tmp_path / "validate.toml").write_text('[codes.TB201]\nseverity = "error"\n', encoding="utf-8")
    assert validate("--rules", str(tmp_path), str(S002)).exit_code == 1


def test_unreadable_inputs_are_findings(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(b"S\xe1 1")
    found = findings(str(tmp_path), str(tmp_path / "missing.txt"))
    assert sorted((Path(f["file"]).name, f["code"]) for f in found) == [
        ("bad.txt", "TB001"), ("empty.txt", "TB001"), ("missing.txt", "TB001")]


def test_directories_are_validated_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "n.md").write_text(TEXT_002, encoding="utf-8")
    assert {f["file"] for f in findings(str(tmp_path))} == {str(tmp_path / "a" / "b" / "n.md")}


def _section(number: str, line: int, level: int = 1) -> Section:
    return Section(number=number, heading="h", field="chung", line=line, level=level)


def test_numbering_compares_siblings_only():
    sections = [_section("I", 1), _section("1", 2, 2), _section("2", 3, 2), _section("II", 4),
                _section("1", 5, 2), _section("3", 6, 2), _section("II", 7)]
    assert [(code, line) for code, line, _ in check_numbering(sections)] == [("TB202", 6), ("TB201", 7)]


def test_letters_and_roman_numerals_are_told_apart():
    sections = [_section("A", 1), _section("B", 2), _section("C", 3), _section("D", 4)]
    assert list(check_numbering(sections)) == []
    assert read_numbering("C", None).style == "roman" and roman_value("XIV") == 14
    dotted = [_section("2.1", 1, 2), _section("2.2", 2, 2), _section("2.2", 3, 2)]
    assert [code for code, _, _ in check_numbering(dotted)] == ["TB201"]


def test_task_without_owner_is_reported_at_its_line():
    task = Task(id=1, field="chung", action="rà soát", span=Span(line_start=9, line_end=9), text="- rà soát")
    doc = Document(source="x", document=DocumentMeta(), tasks=[task])
    assert [(code, line) for code, line, _ in check_owners(doc.tasks)] == [("TB401", 9)]
