"""
The pristine check and the patch export of tools/upstream.py, on the repository itself.

Needs the three release wheels: read from the cache, downloaded with pip once when it is empty.
"""

import filecmp
import re
import subprocess
import tomllib
import zipfile

import pytest

from tools import upstream


def test__verify__vendored_trees_equal_release_outside_listed_prs():
    problems = upstream.verify()

    assert problems == []


def test__ledger__every_row_has_status_and_files():
    rows = upstream.ledger()

    assert rows, "PATCHES.md lists no PR"
    for row in rows.values():
        assert row.status, row.id
        assert row.files, row.id


def _git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=export-test", "-c", "user.email=export-test@invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )


def test__export__patches_applied_to_release_reproduce_vendored_trees(tmp_path):
    patches = upstream.export(tmp_path / "patches")
    series = (tmp_path / "patches" / "series").read_text().split()

    assert [p.name for p in patches] == series

    for library in upstream.LIBRARIES:
        repo = tmp_path / library.folder
        repo.mkdir()
        with zipfile.ZipFile(upstream.wheel_path(library)) as wheel:
            for name in wheel.namelist():
                if name.startswith(f"{library.package}/"):
                    wheel.extract(name, repo)
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "pristine release")
        for name in series:
            if name.endswith(f"-{library.package}.patch"):
                _git(repo, "am", "-q", str(tmp_path / "patches" / name))

        ours = upstream.ROOT / library.vendored
        comparison = filecmp.dircmp(repo / library.package, ours, ignore=["__pycache__"])
        mismatches = []

        def collect(cmp, prefix=""):
            mismatches.extend(prefix + n for n in cmp.left_only + cmp.right_only)
            _, mismatch, errors = filecmp.cmpfiles(
                cmp.left, cmp.right, cmp.common_files, shallow=False
            )
            mismatches.extend(prefix + n for n in mismatch + errors)
            for name, sub in cmp.subdirs.items():
                collect(sub, prefix + name + "/")

        collect(comparison)
        assert mismatches == [], f"{library.package}: {mismatches}"


# PRs whose exported patches may change package code without a test file in a library's test tree, each with
# the reason. Only fork-only rows belong here: a PR meant for upstream carries its tests.
WITHOUT_LIBRARY_TEST = {
    "F1": "fork identity and the import-time check of the sibling libraries: not meant for upstream, and "
    "only testable across the three installed libraries (integration_tests/test_import.py)",
    "F2": "the fork's label in __version__: not meant for upstream, and only testable across the three "
    "installed libraries (integration_tests/test_import.py)",
}


def test__export__every_pr_changing_package_code_carries_a_test_file(tmp_path):
    upstream.export(tmp_path / "patches")
    packages = tuple(f"{library.package}/" for library in upstream.LIBRARIES)
    changes_code, has_test = set(), set()
    for patch in (tmp_path / "patches").glob("*.patch"):
        pr_id = patch.name.rsplit("-", 1)[0]
        for path in re.findall(r"^diff --git a/(\S+) ", patch.read_text(), flags=re.MULTILINE):
            if path.startswith(packages):
                changes_code.add(pr_id)
            elif path.startswith("test_") and path.rsplit("/", 1)[-1].startswith("test_"):
                has_test.add(pr_id)

    rows = upstream.ledger()
    # A PR superseded by a later one is folded into it upstream (its mechanism was replaced; its tests
    # were rewritten with the later PR), so it carries no test of its own.
    superseded = {pr_id for pr_id, row in rows.items() if row.status.startswith("superseded by ")}
    for pr_id in superseded:
        assert rows[pr_id].status.split()[-1] in rows, pr_id
    # The replay resolves a conflict with the file as the main line held it once every commit replayed so
    # far had landed (not HEAD, which would carry later PRs' changes), so when two PRs' commits interleave
    # in one test file, a later PR's test lines can travel in the earlier PR's patch. Such a PR still
    # carries its test in its own commits (a library test file its Upstream-PR commits change): accepted,
    # and listed so that the folding stays visible.
    history = upstream.prs_from_history()
    tests = tuple(f"{library.folder}/test_{library.package}/" for library in upstream.LIBRARIES)
    folded = {
        pr_id
        for pr_id in changes_code - has_test
        if pr_id in history
        and any(f.startswith(tests) and f.rsplit("/", 1)[-1].startswith("test_") for f in history[pr_id].files)
    }
    assert folded <= {"L27"}, f"PRs whose test lines travel in an earlier PR's patch: {sorted(folded)}"
    untested = sorted(changes_code - has_test - set(WITHOUT_LIBRARY_TEST) - superseded - folded)
    assert untested == [], (
        f"PRs {untested} change package code but their exported patches hold no test file: move their "
        "tests into the library's test tree in a commit with their Upstream-PR trailer"
    )
    for pr_id in WITHOUT_LIBRARY_TEST:
        assert rows[pr_id].status == "fork-only", pr_id


# Extras the fork adds to a library's pyproject.toml beyond the release's.
FORK_EXTRAS = {"autolens": {"los"}}


def _release_extras(library):
    """{extra: {Requirement}} of the release wheel's METADATA, the extra clause removed from each marker."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(upstream.wheel_path(library)) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = wheel.read(name).decode()
    extras = {
        line.split(":", 1)[1].strip(): set()
        for line in metadata.splitlines()
        if line.startswith("Provides-Extra:")
    }
    for line in metadata.splitlines():
        match = re.match(r"Requires-Dist: (.*?);\s*(?:\((.*)\) and )?extra == \"([^\"]+)\"$", line)
        if match:
            requirement, marker, extra = match.groups()
            extras[extra].add(Requirement(requirement + (f"; {marker}" if marker else "")))
    return extras


def test__pyproject__extras_are_the_release_extras_plus_the_forks_own():
    from packaging.requirements import Requirement

    for library in upstream.LIBRARIES:
        pyproject = tomllib.loads((upstream.ROOT / library.folder / "pyproject.toml").read_text())
        ours = {
            extra: {Requirement(r) for r in requirements}
            for extra, requirements in pyproject["project"]["optional-dependencies"].items()
        }
        fork_extras = FORK_EXTRAS.get(library.package, set())

        assert fork_extras <= set(ours), library.package
        assert {e: r for e, r in ours.items() if e not in fork_extras} == _release_extras(library), (
            library.package
        )


def test__wheel_path__refuses_a_wheel_with_the_wrong_sha256(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOLENS_FORK_CACHE", str(tmp_path))
    library = upstream.LIBRARIES[0]
    (tmp_path / library.wheel).write_bytes(b"not the release")

    with pytest.raises(SystemExit, match="sha256"):
        upstream.wheel_path(library)
