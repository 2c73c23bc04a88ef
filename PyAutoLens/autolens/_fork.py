"""
Identity of the substructure fork of ``autolens``.

Installing the fork's ``autolens`` over an upstream ``autogalaxy`` or ``autoarray`` would import but
misbehave later, so ``autolens/__init__.py`` checks both first (with the check ``autogalaxy`` of the
fork provides) and fails at import with a message saying what to install.
"""

import importlib
from pathlib import Path

#: The upstream release this package was imported from.
UPSTREAM_VERSION = "2026.10.26.1"

#: The fork's version: the upstream release with a PEP 440 local version label.
FORK_VERSION = "2026.10.26.1+substructure.1"


def require_forks():
    """
    Raise an ``ImportError`` unless the installed ``autogalaxy`` and ``autoarray`` are this fork, at
    this fork's version.
    """
    import autogalaxy  # the fork's checks autoarray when it is imported

    # Only the fork's autogalaxy has this module. Look in the imported package's own folder: an
    # editable install's import hook would otherwise find it by name in another copy.
    if not (Path(autogalaxy.__file__).parent / "_fork.py").is_file():
        raise ImportError(
            f"autolens {FORK_VERSION} is the substructure fork and needs the fork's autogalaxy, but "
            f"the autogalaxy found at {autogalaxy.__file__} (version {autogalaxy.__version__}) is an "
            f"upstream release. Install the fork's copy from the fork's repository root: "
            f"pip install -e PyAutoArray -e PyAutoGalaxy -e PyAutoLens"
        )
    galaxy_fork = importlib.import_module("autogalaxy._fork")
    if galaxy_fork.FORK_VERSION != FORK_VERSION:
        raise ImportError(
            f"autolens {FORK_VERSION} needs autogalaxy {FORK_VERSION}, but autogalaxy "
            f"{galaxy_fork.FORK_VERSION} is installed. Install all three libraries from one checkout "
            f"of the fork: pip install -e PyAutoArray -e PyAutoGalaxy -e PyAutoLens"
        )
    galaxy_fork.require_fork("autoarray")
