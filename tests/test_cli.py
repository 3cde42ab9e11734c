"""The command line: every failure is one stderr line and a documented exit code, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbparse.cli import EXIT_INPUT, EXIT_USAGE, app

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "002_e593d8a8560f04fb.txt"
BAD_INPUTS = {
    "binary.txt": bytes(range(256)) * 4,
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n",
    "latin1.txt": "Thông báo số 5".encode("latin-1", errors="replace") + b"\xe9\xe8",
}


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def assert_one_line_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tbparse: error: ")
    assert all(fragment in lines[0] for fragment in fragments)


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_a_bad_file_is_one_line_and_exit_1(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name])
    assert_one_line_error(invoke("extract", str(path)), EXIT_INPUT, str(path))


def test_missing_file(tmp_path):
    assert_one_line_error(invoke("extract", str(tmp_path / "nope.txt")), EXIT_INPUT, "no such file")


def test_a_directory_without_notices(tmp_path):
    assert_one_line_error(invoke("extract", str(tmp_path)), EXIT_INPUT, "no files matching *.txt, *.md, *.docx")


def test_undecodable_bytes_name_the_offset(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("Số: 5/TB\n".encode() + b"\xff\xfe\xfa")
    assert_one_line_error(invoke("extract", str(path)), EXIT_INPUT, "undecodable byte 0xff")


def test_no_traceback_from_the_real_command(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(BAD_INPUTS["binary.txt"])
    done = subprocess.run([sys.executable, "-m", "tbparse", "extract", str(path), str(tmp_path / "missing.txt"), "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_INPUT
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 2


def test_good_and_bad_together_still_print_the_good(tmp_path):
    result = invoke("extract", str(SAMPLE), str(tmp_path / "missing.txt"))
    assert result.exit_code == EXIT_INPUT
    assert json.loads(result.stdout)["source"] == str(SAMPLE)


def test_one_input_gives_an_object_several_a_list(tmp_path):
    assert isinstance(json.loads(invoke("extract", str(SAMPLE)).stdout), dict)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    result = invoke("extract", str(SAMPLE), str(copy), "--quiet")
    assert [doc["source"] for doc in json.loads(result.stdout)] == [str(SAMPLE), str(copy)]


def test_single_file_prints_no_progress_or_summary():
    assert invoke("extract", str(SAMPLE)).stderr == ""


def test_jsonl_of_a_notice_without_tasks_prints_no_line():
    """Every JSONL line is a record: a notice that assigns nothing adds no blank line a reader would choke on."""
    result = invoke("extract", "-", "--format", "jsonl", input="Hôm nay trời nắng đẹp.\n")
    assert result.exit_code == 0 and result.stdout == ""


def test_stdin():
    result = invoke("extract", "-", input=SAMPLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and json.loads(result.stdout)["source"] == "<stdin>"


def test_schema_is_a_json_schema_of_the_document():
    result = invoke("schema")
    schema = json.loads(result.stdout)
    assert result.exit_code == 0
    assert schema["type"] == "object" and schema["title"] == "Document"
    assert {"source", "document", "sections", "tasks", "warnings"} <= schema["properties"].keys()
    assert set(schema["required"]) == {"source", "document"}
    assert "Task" in schema["$defs"] and "Finding" not in schema["$defs"]


def test_output_refuses_to_overwrite_an_input(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_bytes(SAMPLE.read_bytes())
    result = invoke("extract", str(notice), "-o", str(notice))
    assert_one_line_error(result, EXIT_USAGE, "would overwrite an input")
    assert notice.read_bytes() == SAMPLE.read_bytes()


def test_errors_file_refuses_to_overwrite_an_input(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_bytes(SAMPLE.read_bytes())
    result = invoke("extract", str(notice), "--out-dir", str(tmp_path / "out"), "--errors", str(notice))
    assert_one_line_error(result, EXIT_USAGE, "would overwrite an input")


def test_output_to_a_file_is_written(tmp_path):
    target = tmp_path / "tasks.csv"
    result = invoke("extract", str(SAMPLE), "-o", str(target), "-f", "csv")
    assert result.exit_code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbfsource,")


@pytest.mark.parametrize("command", ["extract", "validate", "normalize"])
def test_missing_rules_dir_is_a_usage_error(tmp_path, command):
    result = invoke(command, str(SAMPLE), "--rules", str(tmp_path / "nowhere"))
    assert_one_line_error(result, EXIT_USAGE, "--rules", "not a rules directory")


def test_broken_rules_toml_is_a_usage_error(tmp_path):
    (tmp_path / "fields.toml").write_text("code = [", encoding="utf-8")
    assert_one_line_error(invoke("extract", str(SAMPLE), "--rules", str(tmp_path)), EXIT_USAGE, "fields.toml")


@pytest.mark.parametrize("command", ["extract", "normalize"])
@pytest.mark.parametrize("toml, where", [
    pytest.param('[decode]\nmark_slip = "high"\n', "mark_slip must be a number", id="a-string-for-a-number"),
    pytest.param('[abbreviations.short_forms]\n"b/c" = 5\n', "must be a string", id="a-number-in-a-table-of-strings"),
    pytest.param('[units]\nsymbols = [1, 2]\n', "strings only", id="numbers-in-an-array-of-strings"),
])
def test_a_rules_value_of_the_wrong_kind_is_a_usage_error(tmp_path, command, toml, where):
    (tmp_path / "ocr.toml").write_text(toml, encoding="utf-8")
    assert_one_line_error(invoke(command, str(SAMPLE), "--rules", str(tmp_path)), EXIT_USAGE, where)


def test_unknown_format_is_a_usage_error():
    assert_one_line_error(invoke("extract", str(SAMPLE), "-f", "xml"), EXIT_USAGE, "--format")


def test_table_into_a_file_is_a_usage_error(tmp_path):
    assert_one_line_error(invoke("extract", str(SAMPLE), "-f", "table", "-o", str(tmp_path / "t")), EXIT_USAGE)


def test_normalize_and_version_still_work():
    assert invoke("normalize", str(SAMPLE), "--restore", "never").stdout.startswith(" BỘ THÔNG TIN")
    assert invoke("--version").stdout.startswith("tbparse ")
