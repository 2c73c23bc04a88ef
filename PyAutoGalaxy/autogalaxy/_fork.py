"""
Identity of the substructure fork of ``autogalaxy``, and the check that the ``autoarray`` it runs on
is the same fork.

Installing the fork's ``autogalaxy`` over an upstream ``autoarray`` would import but misbehave later
(for example on the jit/vmap simulator path), so ``autogalaxy/__init__.py`` calls
``require_fork("autoarray")`` first and fails at import with a message saying what to install.
"""

import importlib
from pathlib import Path

#: The upstream release this package was imported from.
UPSTREAM_VERSION = "2026.10.26.1"

#: The fork's version: the upstream release with a PEP 440 local version label.
FORK_VERSION = "2026.10.26.1+substructure.1"


def require_fork(name: str):
    """
    Raise an ``ImportError`` unless the installed package ``name`` is this fork, at this fork's version.

    Parameters
    ----------
    name
        The name of a package of the fork this package depends on (e.g. ``"autoarray"``).
    """
    package = importlib.import_module(name)
    # Look in the imported package's own folder: an editable install's import hook would otherwise
    # find the fork's `_fork` module by name even when another copy of the package was imported.
    if not (Path(package.__file__).parent / "_fork.py").is_file():
        raise ImportError(
            f"{__package__} {FORK_VERSION} is the substructure fork and needs the fork's {name}, but "
            f"the {name} found at {getattr(package, '__file__', '?')} "
            f"(version {getattr(package, '__version__', '?')}) is an upstream release. Install the "
            f"fork's copy from the fork's repository root: "
            f"pip install -e PyAutoArray -e PyAutoGalaxy -e PyAutoLens"
        )
    fork = importlib.import_module(f"{name}._fork")
    if fork.FORK_VERSION != FORK_VERSION:
        raise ImportError(
            f"{__package__} {FORK_VERSION} needs {name} {FORK_VERSION}, but {name} "
            f"{fork.FORK_VERSION} is installed (at {package.__file__}). Install all three libraries "
            f"from one checkout of the fork: pip install -e PyAutoArray -e PyAutoGalaxy -e PyAutoLens"
        )
