"""The three libraries import from this repository, as the fork, and refuse an upstream sibling."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "package, folder",
    [("autoarray", "PyAutoArray"), ("autogalaxy", "PyAutoGalaxy"), ("autolens", "PyAutoLens")],
)
def test__import__packages_come_from_the_repository(package, folder):
    module = __import__(package)

    assert Path(module.__file__).resolve().is_relative_to(ROOT / folder / package)
    fork = __import__(f"{package}._fork", fromlist=["FORK_VERSION"])
    assert fork.UPSTREAM_VERSION == "2026.10.26.1"
    assert fork.FORK_VERSION.startswith("2026.10.26.1+")
    # The installed distribution's version is the fork's, so pip and users can tell them apart.
    assert metadata.version(package) == fork.FORK_VERSION


def test__import__autolens_exposes_the_public_api():
    import autolens as al

    assert al.Tracer is not None
    assert al.SimulatorImaging is not None
    assert al.mp.NFWTruncatedSph is not None


_FAKE_UPSTREAM = '__version__ = "2026.10.26.1"\n'


@pytest.mark.parametrize(
    "importer, fake, expected",
    [
        ("autolens", "autogalaxy", "needs the fork's autogalaxy"),
        ("autogalaxy", "autoarray", "needs the fork's autoarray"),
        ("autolens", "autoarray", "needs the fork's autoarray"),
    ],
)
def test__import__upstream_sibling_fails_with_what_to_install(tmp_path, importer, fake, expected):
    # A stand-in for an upstream release of `fake` (it has no _fork module), first on sys.path.
    (tmp_path / fake).mkdir()
    (tmp_path / fake / "__init__.py").write_text(_FAKE_UPSTREAM)
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import {importer}"],
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert expected in result.stderr
    assert "pip install -e PyAutoArray -e PyAutoGalaxy -e PyAutoLens" in result.stderr


@pytest.mark.parametrize("package", ["autoarray", "autogalaxy", "autolens"])
def test__version__carries_the_fork_label(package):
    module = __import__(package)
    fork = __import__(f"{package}._fork", fromlist=["FORK_VERSION"])

    assert module.__version__ == fork.FORK_VERSION
    assert module.__version__.startswith(fork.UPSTREAM_VERSION + "+")
    assert module.__version__ == metadata.version(package)


def test__import__in_a_workspace_of_the_release__version_check_passes(tmp_path):
    # A PyAuto workspace recording the release the fork is built on: the libraries' workspace check
    # compares that release, not the fork's label (which is no date version to it), so no warning.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "general.yaml").write_text(
        'version:\n  workspace_version: "2026.10.26.1"\n'
    )
    paths = [str(ROOT / folder) for folder in ("PyAutoArray", "PyAutoGalaxy", "PyAutoLens")]
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error::UserWarning",
            "-c",
            f"import sys; sys.path[:0] = {paths!r}; import autolens; print(autolens.__version__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "+substructure" in result.stdout
