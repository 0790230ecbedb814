"""The README's Python example runs as written (from the repository root)."""
import doctest
import os
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_python_example(monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if b.lstrip().startswith(">>>")]
    assert blocks, "no Python example in the README"
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {i}", str(ROOT / "README.md"), 0)
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) differ from what gridgov prints"


def _cli_examples(text):
    """(command, expected output lines) of every `$ gridgov ...` line in the
    README's text blocks; "..." ends what is compared."""
    out = []
    for block in re.findall(r"```text\n(.*?)```", text, flags=re.S):
        cmd, lines = None, []
        for line in block.splitlines():
            if line.startswith("$ gridgov "):
                if cmd:
                    out.append((cmd, lines))
                cmd, lines = line[2:], []
            elif cmd is not None:
                lines.append(line)
        if cmd:
            out.append((cmd, lines))
    return out


def test_readme_command_line_examples(tmp_path):
    """Each README command prints what the README shows (up to a "...")."""
    import shlex
    import shutil
    import subprocess

    import pytest

    exe = os.environ.get("GRIDGOV_BIN") or shutil.which("gridgov")
    if exe is None:
        pytest.skip("the gridgov command is not installed")
    (tmp_path / "data").symlink_to(ROOT / "data")
    examples = _cli_examples((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(examples) >= 4
    for cmd, want in examples:
        if cmd.split()[1] in ("staff", "workload"):
            continue  # commands spread over several lines, long reports: checked in tests/cli
        args = shlex.split(cmd)
        run = subprocess.run([exe] + args[1:], cwd=tmp_path, capture_output=True, text=True)
        got = (run.stdout + run.stderr).splitlines()
        upto = [w for w in want if w.strip() != "..."]
        if any(w.strip() == "..." for w in want):
            upto = want[:[w.strip() for w in want].index("...")]
        for w in upto:
            assert w.rstrip() in [g.rstrip() for g in got], f"README says {w!r} for `{cmd}`; gridgov printed {got[:6]}"
