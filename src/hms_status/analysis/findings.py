"""Self-describing finding rules: each a pure check over collected facts, in one registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hms_status.analysis.model import Finding, GitFacts, StructureFacts, Thresholds
from hms_status.analysis.secret_detector import Detection, Strength
from hms_status.domain.enums import Severity
from hms_status.manifests.model import ManifestResult

LISTED = 5
"""How many paths or names a finding's description lists before '...'."""
UNPINNED_VERSIONS = frozenset({"", "*", "latest", "x"})
SECRET_NAMES = frozenset({".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".pypirc"})
SECRET_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults", "tmpl"})


@dataclass(frozen=True)
class RuleFacts:
    """Everything the rules may look at: collected once, never re-read by a rule."""

    structure: StructureFacts
    git: GitFacts
    now: datetime
    thresholds: Thresholds = field(default_factory=Thresholds)
    manifests: tuple[ManifestResult, ...] = ()
    tracked_files: tuple[str, ...] = ()
    """Paths tracked by git (empty outside a git repository)."""
    file_sizes: Mapping[str, int] = field(default_factory=dict)
    escaping_links: tuple[str, ...] = ()
    """Links that lead outside the component, as 'path -> target' (never read or written)."""
    secrets: tuple[Detection, ...] = ()
    """Secrets detect-secrets found in tracked files (see secret_scan: which files)."""
    outside_root: str | None = None
    """Why the component directory is not used: it leads outside the HMS root (no opt-in)."""


@dataclass(frozen=True)
class Rule:
    """One kind of issue: its text, its severity and a pure check giving details or None."""

    type: str
    severity: Severity
    description: str
    remediation: str
    check: Callable[[RuleFacts], str | None]
    needs_files: bool = True
    """False only for the rules about a component path that is not a directory."""

    def run(self, facts: RuleFacts) -> Finding | None:
        """The finding for these facts, or None when the issue is absent."""
        if self.needs_files and not facts.structure.exists:
            return None
        detail = self.check(facts)
        return None if detail is None else self.finding(detail)

    def finding(self, detail: str = "") -> Finding:
        """This rule's finding, its description followed by the detail when there is one."""
        text = f"{self.description}: {detail}" if detail else self.description
        return Finding(self.type, self.severity, text, self.remediation)


def listing(items: Sequence[str]) -> str:
    """The first few items joined, with a count of the rest."""
    shown = ", ".join(items[:LISTED])
    return shown if len(items) <= LISTED else f"{shown} and {len(items) - LISTED} more"


def _flag(missing: bool) -> str | None:
    return "" if missing else None


def stale_detail(last_commit: datetime | None, now: datetime, stale_days: int) -> str | None:
    """The age of the last commit when it is older than stale_days, else None."""
    if last_commit is None or now - last_commit <= timedelta(days=stale_days):
        return None
    return f"last commit {(now - last_commit).days} days ago (threshold {stale_days})"


def _stale(facts: RuleFacts) -> str | None:
    last = facts.git.last_commit
    when = None if last is None else last.committed_at
    return stale_detail(when, facts.now, facts.thresholds.stale_days)


def is_secrets_file(path: str) -> bool:
    """True for a file that exists to hold secrets: .env, .env.<stage> (not .env.example and
    other templates), SSH private keys, .pypirc."""
    name = path.rsplit("/", 1)[-1]
    if name.startswith(".env."):
        return name.removeprefix(".env.").lower() not in SECRET_TEMPLATES
    return name in SECRET_NAMES


def _detected(facts: RuleFacts, keep: Callable[[Detection, bool], bool]) -> str | None:
    """The detections keep accepts (given whether they are in a secrets file), listed."""
    found = [str(d) for d in facts.secrets if keep(d, is_secrets_file(d.path))]
    return listing(found) if found else None


def _critical(d: Detection, in_secrets_file: bool) -> bool:
    return d.strength is Strength.KEY or (in_secrets_file and d.strength is Strength.CREDENTIAL)


def _likely(d: Detection, in_secrets_file: bool) -> bool:
    return in_secrets_file and d.strength is Strength.HINT


def _possible(d: Detection, in_secrets_file: bool) -> bool:
    return not in_secrets_file and d.strength is Strength.CREDENTIAL


def _quiet_secrets_files(facts: RuleFacts) -> str | None:
    """Tracked secrets files in which nothing was detected (a hint by name only)."""
    loud = {d.path for d in facts.secrets}
    found = [p for p in facts.tracked_files if is_secrets_file(p) and p not in loud]
    return listing(found) if found else None


def _large(facts: RuleFacts) -> str | None:
    limit = facts.thresholds.large_file_bytes
    found = sorted(path for path, size in facts.file_sizes.items() if size >= limit)
    return f"{listing(found)} (>= {limit:,} bytes)" if found else None


def _unpinned(facts: RuleFacts) -> str | None:
    names = sorted(
        {
            dep.name
            for result in facts.manifests
            for dep in result.dependencies
            if dep.version.strip().lower() in UNPINNED_VERSIONS
        }
    )
    return listing(names) if names else None


def _malformed(facts: RuleFacts) -> str | None:
    broken = [f"{r.path} ({r.error})" for r in facts.manifests if r.error is not None]
    return listing(broken) if broken else None


STALE = Rule(
    "stale",
    Severity.LOW,
    "No recent commits",
    "Confirm the component is still maintained, or mark it as archived",
    _stale,
)

RULES: tuple[Rule, ...] = (
    Rule("missing_path", Severity.HIGH, "The component directory does not exist",
         "Create the directory or fix the component's path in hms-status.toml",
         lambda f: _flag(
             not f.structure.exists and not f.structure.not_a_directory and not f.outside_root
         ),
         needs_files=False),
    Rule("path_not_a_directory", Severity.HIGH, "The component path is not a directory",
         "Point the component's path in hms-status.toml at its directory, not at a file",
         lambda f: _flag(f.structure.not_a_directory), needs_files=False),
    Rule("path_outside_root", Severity.HIGH,
         "The component directory leads outside the HMS root; nothing in it is read or written",
         "Move the component under the root, or set [components.ID] allow_outside_root = true "
         "in hms-status.toml if that is intended",
         lambda f: f.outside_root, needs_files=False),
    Rule("committed_secret", Severity.CRITICAL, "A secret is committed",
         "Revoke and rotate it now, remove it from the file (and from history), and load it "
         "from the environment or a secrets manager",
         lambda f: _detected(f, _critical)),
    Rule("likely_committed_secret", Severity.HIGH, "A tracked secrets file holds secret-looking "
         "values", "Check each value; rotate the real ones, then stop tracking the file "
         "(git rm --cached) and add it to .gitignore",
         lambda f: _detected(f, _likely)),
    Rule("possible_committed_secret", Severity.MEDIUM,
         "A tracked file holds a password in a URL or a token",
         "If it is real, rotate it and load it from the environment; if it is an example, "
         "mark the line with `# pragma: allowlist secret`",
         lambda f: _detected(f, _possible)),
    Rule("committed_secret_file", Severity.LOW,
         "A secrets file is tracked by git (no secret detected in it)",
         "Stop tracking it (git rm --cached) and add it to .gitignore, or rename it as an "
         "example (.env.example)", _quiet_secrets_files),
    Rule("symlink_leaves_component", Severity.HIGH,
         "Symbolic links lead outside the component; they are never read or written",
         "Replace each link with a file inside the component, or remove it",
         lambda f: listing(f.escaping_links) if f.escaping_links else None),
    Rule("missing_tests", Severity.HIGH, "No tests found",
         "Add a tests/ directory (or test_*.py, *.test.js, ... files) and run it in CI",
         lambda f: _flag(not f.structure.has_tests)),
    Rule("missing_readme", Severity.MEDIUM, "No README at the top level",
         "Add a README.md saying what the component is and how to run it",
         lambda f: _flag(not f.structure.has_readme)),
    Rule("malformed_manifest", Severity.MEDIUM, "A dependency manifest cannot be parsed",
         "Fix the syntax of the manifest named", _malformed),
    Rule("large_files", Severity.MEDIUM, "Large files in the repository",
         "Move large files to Git LFS or artifact storage, or ignore them", _large),
    Rule("missing_docs", Severity.LOW, "No documentation directory",
         "Add a docs/ directory (or mkdocs.yml) for user and developer documentation",
         lambda f: _flag(not f.structure.has_docs)),
    Rule("missing_license", Severity.LOW, "No LICENSE file at the top level",
         "Add a LICENSE file stating the terms of use",
         lambda f: _flag(not f.structure.has_license)),
    Rule("unpinned_dependencies", Severity.LOW, "Dependencies without any version constraint",
         "Give each dependency a version constraint or a lock file", _unpinned),
    Rule("no_ci_config", Severity.LOW, "No CI configuration",
         "Add a CI pipeline (.github/workflows/, .gitlab-ci.yml, ...) that runs the tests",
         lambda f: _flag(not f.structure.has_ci)),
    STALE,
    Rule("not_a_git_repository", Severity.LOW, "The component is not under git",
         "Put the component under version control (git init)",
         lambda f: _flag(not f.git.has_git)),
    Rule("no_commits", Severity.LOW, "The git repository has no commits",
         "Commit the component's files",
         lambda f: _flag(f.git.has_git and f.git.commit_count == 0)),
    Rule("shallow_clone", Severity.LOW,
         "The repository is a shallow clone: commit count and contributors cover only the "
         "fetched history", "Fetch the whole history with `git fetch --unshallow`",
         lambda f: _flag(f.git.shallow)),
)  # fmt: skip
"""The registry: every rule the analyzer runs, in the order their findings are listed.

| type | severity | fires when |
|---|---|---|
| missing_path | high | nothing exists at the component path |
| path_not_a_directory | high | the component path is a file (or other non-directory) |
| path_outside_root | high | the component directory leads outside the HMS root, no opt-in |
| committed_secret | critical | a vendor key or private key in a tracked file; a URL password or JWT in a secrets file |
| likely_committed_secret | high | a tracked secrets file holds a secret-sounding or high-entropy value |
| possible_committed_secret | medium | a URL password or a JWT in another tracked file (often an example) |
| committed_secret_file | low | a tracked secrets file (.env, id_rsa, ...) in which nothing is detected |
| symlink_leaves_component | high | a link (listed, or one the tool reads or writes) leads outside |
| missing_tests | high | no tests directory or test files |
| missing_readme | medium | no README at the top level |
| malformed_manifest | medium | a dependency manifest cannot be parsed (path relative) |
| large_files | medium | a file of at least large_file_bytes |
| missing_docs | low | no docs directory (or mkdocs.yml) |
| missing_license | low | no LICENSE at the top level |
| unpinned_dependencies | low | a dependency without any version constraint |
| no_ci_config | low | no CI configuration |
| stale | low | the last commit is older than stale_days (re-judged on reuse) |
| not_a_git_repository | low | the component is not under git |
| no_commits | low | the repository has no commit yet |
| shallow_clone | low | a shallow clone: counts and contributors cover only the fetched history |
"""


def run_rules(facts: RuleFacts, rules: Sequence[Rule] = RULES) -> tuple[Finding, ...]:
    """Every finding the rules produce for these facts."""
    found = (rule.run(facts) for rule in rules)
    return tuple(finding for finding in found if finding is not None)


def stale_finding(last_commit: datetime | None, now: datetime, stale_days: int) -> Finding | None:
    """The stale finding at `now`, for re-judging a reused analysis without its facts."""
    detail = stale_detail(last_commit, now, stale_days)
    return None if detail is None else STALE.finding(detail)
