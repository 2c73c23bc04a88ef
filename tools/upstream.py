"""
Check the vendored libraries against their pinned upstream release, and export the fork's PRs as patches.

    python tools/upstream.py verify           # pristine check + ledger consistency; exit 1 on any problem
    python tools/upstream.py export [--out patches]   # one patch per PR and library, plus a `series` file

The pinned release of each library is its PyPI wheel (name, version and sha256 below, as in UPSTREAM.md).
Wheels are read from a local cache (``$AUTOLENS_FORK_CACHE`` or ``~/.cache/autolens-fork/wheels``) and
downloaded with pip only when missing there; a wheel whose sha256 differs is refused.

`verify` holds the fork to its rules:

1. Every file of a vendored package tree (``PyAutoGalaxy/autogalaxy/...`` etc.) is byte-identical to the
   release unless a commit carrying an ``Upstream-PR: <id>`` trailer touched it; files added or removed
   likewise need such a commit. The license files equal the release's.
2. Every ``Upstream-PR`` id in the history is a row of PATCHES.md, and every row's id has commits.
3. The vendored files each PR touched are listed in its PATCHES.md row ("Files" column).

`export` writes, per PR and library, the PR's commits as a ``git format-patch`` mailbox relative to the
library's repository root (``autogalaxy/...``, ``test_autogalaxy/...``), ready for ``git am`` upstream.
The PRs are first replayed in order onto the pristine import (see `linearised_prs`), so the ``series``
file lists patches that apply to the pristine release one after the other.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent

VERSION = "2026.10.26.1"


@dataclass(frozen=True)
class Library:
    package: str
    folder: str
    sha256: str

    @property
    def wheel(self) -> str:
        return f"{self.package}-{VERSION}-py3-none-any.whl"

    @property
    def vendored(self) -> Path:
        """The package tree inside the repository, e.g. ``PyAutoGalaxy/autogalaxy``."""
        return Path(self.folder) / self.package

    @property
    def upstream_paths(self) -> List[str]:
        """The repository paths that belong to the upstream library (package and its tests)."""
        return [f"{self.folder}/{self.package}", f"{self.folder}/test_{self.package}"]


LIBRARIES = [
    Library(
        "autoarray",
        "PyAutoArray",
        "f23e1cbb8cdbbe4bd13ef13717e361805901cbcd1ef343a49a6a9426e4bb3f23",
    ),
    Library(
        "autogalaxy",
        "PyAutoGalaxy",
        "baef4d91018e950afcb401d9b2c07500d0ee541aad53b0f7be42068d2d448639",
    ),
    Library(
        "autolens",
        "PyAutoLens",
        "2f6de425124f8587ca33c20917c4cebfb76418005c5dda8af5dfebecc1cbd46b",
    ),
]


def cache_dir() -> Path:
    return Path(
        os.environ.get("AUTOLENS_FORK_CACHE")
        or Path.home() / ".cache" / "autolens-fork" / "wheels"
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_path(library: Library) -> Path:
    """The cached release wheel of ``library``, downloaded with pip when the cache lacks it."""
    path = cache_dir() / library.wheel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                str(path.parent),
                f"{library.package}=={VERSION}",
            ],
            check=True,
        )
    digest = sha256_of(path)
    if digest != library.sha256:
        raise SystemExit(
            f"{path}: sha256 {digest} is not the pinned {library.sha256} of {library.wheel} "
            f"(see UPSTREAM.md); delete it to download it again"
        )
    return path


def release_files(library: Library) -> Dict[str, bytes]:
    """The release's files as ``{repository path: bytes}``: the package tree and the license."""
    files = {}
    with zipfile.ZipFile(wheel_path(library)) as wheel:
        for name in wheel.namelist():
            if name.startswith(f"{library.package}/") and not name.endswith("/"):
                files[f"{library.folder}/{name}"] = wheel.read(name)
            elif name.endswith(".dist-info/licenses/LICENSE"):
                files[f"{library.folder}/LICENSE"] = wheel.read(name)
    return files


def vendored_files(library: Library) -> Dict[str, Path]:
    """The repository's files of the vendored package tree (bytecode excluded) and the license."""
    base = ROOT / library.vendored
    files = {
        p.relative_to(ROOT).as_posix(): p
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    files[f"{library.folder}/LICENSE"] = ROOT / library.folder / "LICENSE"
    return files


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


@dataclass
class PR:
    id: str
    commits: List[str] = field(default_factory=list)  # oldest first
    files: set = field(default_factory=set)  # every repository path its commits touched


def prs_from_history() -> Dict[str, PR]:
    """The PRs of the history, from the ``Upstream-PR`` trailers of its commits (oldest first)."""
    log = git(
        "log",
        "--reverse",
        "--format=%x00%H%x01%(trailers:key=Upstream-PR,valueonly,separator=%x2C)",
        "--name-only",
    )
    prs: Dict[str, PR] = {}
    for entry in log.split("\x00")[1:]:
        header, _, names = entry.partition("\n")
        sha, _, ids = header.partition("\x01")
        for pr_id in [i.strip() for i in ids.split(",") if i.strip()]:
            pr = prs.setdefault(pr_id, PR(pr_id))
            pr.commits.append(sha)
            pr.files.update(n for n in names.splitlines() if n.strip())
    return prs


@dataclass
class LedgerRow:
    id: str
    library: str
    title: str
    files: List[str]
    status: str


def ledger() -> Dict[str, LedgerRow]:
    """The rows of PATCHES.md's table (columns: ID | Library | Title | Files | Tests | Status)."""
    rows = {}
    text = (ROOT / "PATCHES.md").read_text()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not re.fullmatch(r"[A-Z]+\d+[a-z]?", cells[0]):
            continue
        files = re.findall(r"`([^`]+)`", cells[3])
        rows[cells[0]] = LedgerRow(cells[0], cells[1], cells[2], files, cells[5])
    return rows


def is_vendored(path: str) -> bool:
    return any(
        path.startswith(f"{lib.vendored.as_posix()}/")
        or path == f"{lib.folder}/LICENSE"
        for lib in LIBRARIES
    )


def verify() -> List[str]:
    """Return the list of problems (empty when the fork keeps its rules)."""
    problems = []
    prs = prs_from_history()
    rows = ledger()
    touched_by_pr = set().union(*(pr.files for pr in prs.values())) if prs else set()

    for library in LIBRARIES:
        release = release_files(library)
        ours = vendored_files(library)
        for path in sorted(set(release) | set(ours)):
            if path in release and path in ours:
                if ours[path].read_bytes() == release[path]:
                    continue
                what = "differs from the release"
            elif path in release:
                what = "is missing (present in the release)"
            else:
                what = "is not in the release"
            if path not in touched_by_pr or path.endswith("/LICENSE"):
                problems.append(
                    f"{path} {what}, but no commit with an Upstream-PR trailer touched it"
                )

    for pr_id, pr in prs.items():
        if pr_id not in rows:
            problems.append(f"Upstream-PR {pr_id} ({len(pr.commits)} commits) has no row in PATCHES.md")
            continue
        listed = set(rows[pr_id].files)
        for path in sorted(p for p in pr.files if is_vendored(p)):
            if path not in listed:
                problems.append(f"PATCHES.md row {pr_id} does not list {path}, which its commits change")
    for row_id in rows:
        if row_id not in prs:
            problems.append(f"PATCHES.md row {row_id} has no commit with 'Upstream-PR: {row_id}'")
    return problems


def _run_in(cwd: Path, *args: str, input: Optional[str] = None) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=upstream-export", "-c", "user.email=upstream-export@invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        input=input,
    ).stdout


def _landings() -> Tuple[List[str], Dict[str, int]]:
    """
    HEAD's first-parent history (oldest first) and, for every commit reachable from HEAD, the index in it
    of the first first-parent commit whose history contains it (where it landed on the main line).
    """
    line = git("rev-list", "--first-parent", "--reverse", "HEAD").split()
    landing, previous = {}, None
    for index, sha in enumerate(line):
        span = sha if previous is None else f"{previous}..{sha}"
        for commit in git("rev-list", span).split():
            landing.setdefault(commit, index)
        previous = sha
    return line, landing


def _resolve_with_history(replay: Path, error: subprocess.CalledProcessError, source: str):
    """
    Resolve a replay conflict (two parallel PRs changed the same lines, e.g. both created one test file)
    the way the history already resolved it: each conflicted file takes its content at ``source``, the
    first commit of the main line that holds every commit replayed so far (not at HEAD, whose content
    would carry later PRs' changes into this PR's patch).
    """
    conflicted = _run_in(replay, "diff", "--name-only", "--diff-filter=U").split()
    if not conflicted:
        raise SystemExit(f"replay failed without a conflict to resolve: {error.stderr}")
    for path in conflicted:
        try:
            content = subprocess.run(
                ["git", "show", f"{source}:{path}"], cwd=ROOT, check=True, capture_output=True
            ).stdout
        except subprocess.CalledProcessError:
            _run_in(replay, "rm", "-q", "--force", path)
            continue
        (replay / path).write_bytes(content)
        _run_in(replay, "add", path)


def linearised_prs() -> List[PR]:
    """
    Replay every PR's commits, restricted to the libraries' paths, onto the pristine import commit in PR
    order, and return the PRs with their replayed commits.

    PRs are developed in parallel branches, so each commit's diff is against its own branch's base; two
    PRs touching one file would not apply one after the other. The replay applies each diff with a
    3-way merge (the repository holds every blob) on top of the PRs before it, so the exported series
    applies to the pristine release in order. PRs are ordered by their first commit's date.
    """
    prs = prs_from_history()
    ordered = sorted(
        prs.values(),
        key=lambda pr: git("show", "-s", "--format=%at", pr.commits[0]).strip() + pr.id,
    )
    paths = [p for library in LIBRARIES for p in library.upstream_paths]
    root = git("rev-list", "--max-parents=0", "HEAD").split()[-1]
    line, landing = _landings()
    landed = 0  # the main-line index by which every commit replayed so far had landed
    with tempfile.TemporaryDirectory() as tmp:
        replay = Path(tmp) / "replay"
        git("worktree", "add", "--detach", str(replay), root)
        try:
            for pr in ordered:
                replayed = []
                for sha in pr.commits:
                    landed = max(landed, landing.get(sha, len(line) - 1))
                    diff = git("diff", "--binary", f"{sha}^", sha, "--", *paths)
                    if not diff.strip():
                        continue
                    try:
                        _run_in(replay, "apply", "--3way", "--index", "--whitespace=nowarn", input=diff)
                    except subprocess.CalledProcessError as error:
                        _resolve_with_history(replay, error, line[landed])
                    if not _run_in(replay, "diff", "--cached", "--name-only").strip():
                        # An earlier PR's conflict, resolved with the history's content, already holds this
                        # commit's change: nothing of its own is left to replay.
                        continue
                    _run_in(replay, "commit", "-q", "--no-verify", "-C", sha)
                    replayed.append(_run_in(replay, "rev-parse", "HEAD").strip())
                pr.commits = replayed
        finally:
            git("worktree", "remove", "--force", str(replay))
    return [pr for pr in ordered if pr.commits]


def export(out: Path) -> List[Path]:
    """Write each PR's commits per library as a mailbox under ``out``; return them in apply order."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.patch"):
        old.unlink()
    written = []
    for pr in linearised_prs():
        for library in LIBRARIES:
            patches = []
            for sha in pr.commits:
                patch = git(
                    "format-patch",
                    "--stdout",
                    "--no-signature",
                    f"--relative={library.folder}",
                    f"{sha}^!",
                    "--",
                    *library.upstream_paths,
                )
                if patch.strip():
                    patches.append(patch)
            if patches:
                path = out / f"{pr.id}-{library.package}.patch"
                path.write_text("".join(patches))
                written.append(path)
    (out / "series").write_text("".join(f"{p.name}\n" for p in written))
    return written


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help="pristine check and ledger consistency")
    ex = sub.add_parser("export", help="export each PR as patches against the release")
    ex.add_argument("--out", type=Path, default=ROOT / "patches")
    args = parser.parse_args(argv)

    if args.command == "verify":
        problems = verify()
        for problem in problems:
            print(f"FAIL {problem}")
        if problems:
            return 1
        print(
            f"OK: outside the {len(ledger())} PRs of PATCHES.md the vendored trees equal "
            f"the {VERSION} release byte for byte"
        )
        return 0

    written = export(args.out)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(written)} patches; apply in the order of {args.out / 'series'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
