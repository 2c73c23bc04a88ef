"""
The README's quickstart and the runnable example of docs/substructure_simulation.md run as a user runs
them: copied to a temporary directory outside the repository and run there with the installed packages
only (no repository folder on ``sys.path``), and give the output they state.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGE = ROOT / "docs" / "substructure_simulation.md"


def python_blocks(text: str) -> list:
    """The fenced ```python blocks of a Markdown text, in order."""
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def quickstart_block() -> str:
    """The one python block of the README's "Quickstart" section."""
    text = README.read_text()
    section = text[text.index("## Quickstart"):]
    section = section[: section.index("\n## ", 1)]
    blocks = python_blocks(section)
    assert len(blocks) == 1, "the README's Quickstart has one python block"
    return blocks[0]


def _installed_only_env() -> dict:
    """
    An environment whose Python finds the three libraries as installed (the folders they are imported
    from here: an editable install's, or this worktree's package folders), and nothing of the repository.
    """
    paths = []
    for name in ("autoarray", "autogalaxy", "autolens"):
        folder = Path(importlib.util.find_spec(name).origin).resolve().parents[1]
        assert folder != ROOT, f"{name} is imported from the repository root"
        paths.append(str(folder))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONSAFEPATH"] = "1"  # no script folder on sys.path either
    return env


def _run_outside(code: str, tmp_path: Path) -> str:
    script = tmp_path / "example.py"
    script.write_text(code)
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=_installed_only_env(),
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def test__outside_the_repository__the_repository_is_not_importable(tmp_path):
    out = _run_outside(
        "import importlib.util, autolens\n"
        "print(importlib.util.find_spec('integration_tests'), importlib.util.find_spec('examples'))\n",
        tmp_path,
    )
    assert out.strip() == "None None"


def test__readme_quickstart__runs_outside_the_repository(tmp_path):
    code = quickstart_block()
    assert "integration_tests" not in code and "examples" not in code

    out = _run_outside(code, tmp_path)

    assert "images (4, 50, 50) LOS haloes dropped 0" in out, out


def test__docs_page__has_one_runnable_python_block():
    assert len(python_blocks(PAGE.read_text())) == 1


def test__docs_page_example__runs_outside_the_repository(tmp_path):
    (code,) = python_blocks(PAGE.read_text())
    assert "integration_tests" not in code

    out = _run_outside(code, tmp_path)

    assert "images (2, 50, 50) float64 noise-free (2, 50, 50)" in out, out
    live = re.search(r"live LOS haloes per plane: (\[\[.*\]\])", out).group(1)
    assert len(eval(live)) == 2 and all(len(plane) == 5 for plane in eval(live))
    assert "subhalos_cored" in out and "subhalos_collapsed" in out
    assert "dropped: [0, 0]" in out


@pytest.mark.parametrize("path", ["README.md", "docs/substructure_simulation.md"])
def test__docs__name_no_test_helper_in_their_code(path):
    for block in python_blocks((ROOT / path).read_text()):
        assert "integration_tests" not in block
