"""The runnable example of docs/substructure_simulation.md runs and gives the shapes it states."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "substructure_simulation.md"


def python_blocks(text: str) -> list:
    """The page's fenced ```python blocks, in order, each padded to its line numbers on the page."""
    return [
        "\n" * text[: m.start(1)].count("\n") + m.group(1)
        for m in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    ]


def test__page__has_one_runnable_python_block():
    assert len(python_blocks(PAGE.read_text())) == 1


def test__python_blocks__run_and_give_the_stated_shapes(capsys):
    namespace = {"__name__": "docs_example"}
    for block in python_blocks(PAGE.read_text()):
        exec(compile(block, str(PAGE), "exec"), namespace)

    out = capsys.readouterr().out
    assert "images (2, 50, 50) float64 noise-free (2, 50, 50)" in out
    assert "live LOS haloes per plane:" in out
    images, noise_free = namespace["images"], namespace["noise_free"]
    assert images.shape == noise_free.shape == (2, 50, 50)
    assert bool((images != noise_free).any())  # Poisson noise was drawn
    assert not bool((images[0] == images[1]).all())  # independent members
