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
The ``series`` file lists them in the order they apply to the pristine release.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

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


def export(out: Path) -> List[Path]:
    """Write each PR's commits per library as a mailbox under ``out``; return them in apply order."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.patch"):
        old.unlink()
    prs = prs_from_history()
    history = git("rev-list", "--reverse", "HEAD").split()
    position = {sha: i for i, sha in enumerate(history)}
    # A PR applies once all its commits are in: order by each PR's last commit.
    ordered = sorted(prs.values(), key=lambda pr: position[pr.commits[-1]])
    written = []
    for pr in ordered:
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
