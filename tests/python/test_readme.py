"""README.md's examples give what they show: the Python one (a doctest) and the command lines."""
import doctest
import pathlib
import re
import shlex
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_python_example(monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if ">>>" in b]
    assert blocks, "README.md has no ```python example with >>> lines"
    monkeypatch.chdir(ROOT)  # the example reads data/ by relative paths
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README.md python example {i + 1}", "README.md", 0))
    result = runner.summarize(verbose=False)
    assert result.attempted > 5 and result.failed == 0


def test_readme_command_line_examples(tmp_path):
    """Each `$ gridgov ...` example in README.md prints the lines shown under it, in
    that order ("..." stands for lines left out), with the `gridgov` command that
    pip installs beside the module."""
    gridgov_cmd = shutil.which("gridgov")
    if gridgov_cmd is None:
        pytest.skip("no gridgov command on PATH (built with GRIDGOV_BUILD_CLI=OFF?)")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```text\n(.*?)```", text, flags=re.S):
        lines = block.replace("\\\n", " ").splitlines()
        for line in lines:
            if line.startswith("$ gridgov "):
                examples.append([line[2:], []])
            elif examples and line.strip() != "...":
                examples[-1][1].append(line.rstrip())
    assert len(examples) >= 5
    stale = []
    for command, shown in examples:
        args = [str(ROOT / a) if a.startswith("data/") else a for a in shlex.split(command)[1:]]
        out = subprocess.run([gridgov_cmd, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        printed = iter(line.rstrip() for line in (out.stdout + out.stderr).splitlines())
        missing = [line for line in shown if not any(line == p for p in printed)]
        if missing:
            stale.append((command, missing))
    assert stale == [], "README.md shows lines these commands no longer print"
