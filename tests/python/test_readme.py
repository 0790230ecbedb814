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
