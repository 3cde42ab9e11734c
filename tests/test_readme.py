"""The README's examples are tests: every `$ tbparse …` line runs and exits 0, and its Python
example is a doctest."""
import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ (tbparse .+)$", README, flags=re.M)


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command):
    argv = [sys.executable, "-m", "tbparse", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_readme_lists_examples():
    assert len(COMMANDS) >= 8


def test_readme_python_example():
    parser = doctest.DocTestParser()
    unfenced = re.sub(r"^```.*$", "", README, flags=re.M)  # a fence ends an example's expected output
    test = parser.get_doctest(unfenced, {}, "README", str(ROOT / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 3


def test_rules_overlay_example_changes_the_result():
    from tbparse import extract_text
    text = "KẾ HOẠCH\nViệc làm\n\nI. Công tác dân tộc\n- TTCĐS tỉnh xây dựng kho dữ liệu dân cư."
    plain = extract_text(text, restore="never").tasks
    extended = extract_text(text, restore="never", overlays=(str(ROOT / "tests/data/rules-example"),)).tasks
    assert [(t.owner, t.field) for t in extended] == [("Trung tâm Chuyển đổi số tỉnh", "dan-toc")]
    assert [t.field for t in plain] != ["dan-toc"]
