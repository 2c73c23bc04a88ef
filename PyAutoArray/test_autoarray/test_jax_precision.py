"""
The import-time warning for ``jax`` imported before the library in 32-bit mode, checked in fresh
Python processes (JAX reads its 64-bit switch once, when it is imported).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import autoarray

pytest.importorskip("jax")

WARNING = "jax was imported before autoarray / autogalaxy / autolens"


def _run(code, tmp_path, jax_enable_x64=None):
    env = dict(os.environ)
    env.pop("JAX_ENABLE_X64", None)
    if jax_enable_x64 is not None:
        env["JAX_ENABLE_X64"] = jax_enable_x64
    # The same autoarray as this process, wherever it was imported from.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(autoarray.__file__).parents[1]), env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test__import__jax_first_in_float32__warns_once_naming_the_fix(tmp_path):
    result = _run(
        "import jax\n"
        "import autoarray\n"
        "from autoarray.jax_precision import warn_if_jax_imported_in_float32\n"
        "print('again', warn_if_jax_imported_in_float32())\n"
        "print('x64', jax.config.jax_enable_x64)\n",
        tmp_path,
    )

    assert result.stderr.count(WARNING) == 1
    assert "Import autolens / autogalaxy / autoarray before jax" in result.stderr
    assert "JAX_ENABLE_X64=True" in result.stderr
    assert "jax.config.update('jax_enable_x64', True)" in result.stderr
    assert "again False" in result.stdout and "x64 False" in result.stdout


@pytest.mark.parametrize("value", ["0", "false", "False"])
def test__import__jax_first_float32_chosen_in_environment__no_warning(tmp_path, value):
    result = _run("import jax\nimport autoarray\n", tmp_path, jax_enable_x64=value)

    assert WARNING not in result.stderr


@pytest.mark.parametrize(
    "code",
    [
        "import autoarray\nimport jax\nassert jax.config.jax_enable_x64\n",
        "import jax\njax.config.update('jax_enable_x64', True)\nimport autoarray\n",
    ],
    ids=["library_first", "jax_first_x64_on"],
)
def test__import__jax_in_float64__no_warning(tmp_path, code):
    result = _run(code, tmp_path)

    assert WARNING not in result.stderr
