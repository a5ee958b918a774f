"""Committed secrets found by content (detect-secrets) in real repositories, never by name alone."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis import secret_scan
from hms_status.analysis.analyze import analyze_component
from hms_status.domain.enums import Severity
from hms_status.gateways import git

MakeRepo = Callable[[str], GitRepo]
CORPUS = Path("/work/shared/corpus")
AWS_KEY = "AKIA" + "Q7X2MZ4RT9WLK3PN"  # built here, so no scanner mistakes this file for a leak
PRIVATE_KEY = (
    "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Vx\n-----END RSA PRIVATE KEY-----\n"
)
URL_PASSWORD = "postgresql://app:" + "Pr0dPassw0rd" + "@db.internal:5432/app"
BASE = {"README.md": "# App\n", "src/app.py": "A = 1\n"}


def _secret_findings(path: Path) -> list[tuple[str, Severity, str]]:
    result = analyze_component("APP", path, full=False, now=NOW, force=True)
    return [(f.type, f.severity, f.description) for f in result.findings if "secret" in f.type]


def _corpus(relative: str) -> str:
    return (CORPUS / relative).read_text(encoding="utf-8")


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_flasks_fixture_env_is_a_low_hint_never_critical(make_repo: MakeRepo) -> None:
    repo = make_repo("flask")
    repo.commit("fixture", {**BASE, "tests/test_apps/.env": _corpus(
        "env/pallets__flask/tests__test_apps__.env"
    )})  # fmt: skip
    assert _secret_findings(repo.path) == [(
        "committed_secret_file", Severity.LOW,
        "A secrets file is tracked by git (no secret detected in it): tests/test_apps/.env",
    )]  # fmt: skip


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_the_corpus_env_examples_hold_no_secret(make_repo: MakeRepo) -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    examples = {
        f"{entry['source_repo'].replace('/', '_')}/{entry['source_path']}": _corpus(entry["path"])
        for entry in manifest["files"]
        if entry["kind"] == "env_example"
    }
    repo = make_repo("examples")
    repo.commit("examples", {**BASE, **examples})
    assert _secret_findings(repo.path) == []


def test_a_cloud_key_in_any_tracked_file_is_critical_and_never_shown(make_repo: MakeRepo) -> None:
    repo = make_repo("key")
    repo.commit(
        "config", {**BASE, "src/settings.py": f'DEBUG = False\nREGION = "eu"\nKEY = "{AWS_KEY}"\n'}
    )
    findings = _secret_findings(repo.path)
    assert findings == [
        (
            "committed_secret",
            Severity.CRITICAL,
            "A secret is committed: AWS Access Key at src/settings.py:3",
        )
    ]
    data = analyze_component("APP", repo.path, full=False, now=NOW, force=True).data
    assert AWS_KEY not in json.dumps(data)


def test_a_private_key_is_critical_wherever_it_is(make_repo: MakeRepo) -> None:
    repo = make_repo("pem")
    repo.commit("deploy key", {**BASE, "deploy/server.pem": PRIVATE_KEY})
    assert _secret_findings(repo.path) == [
        (
            "committed_secret",
            Severity.CRITICAL,
            "A secret is committed: Private Key at deploy/server.pem:1",
        )
    ]


def test_a_url_password_weighs_by_the_file_it_is_in(make_repo: MakeRepo) -> None:
    repo = make_repo("url")
    repo.commit("both", {
        **BASE, "docs/setup.md": f"Connect with `{URL_PASSWORD}`.\n",
        "deploy/.env.production": f"PORT=8080\nDATABASE_URL={URL_PASSWORD}\n",
    })  # fmt: skip
    assert [(t, s) for t, s, _ in _secret_findings(repo.path)] == [
        ("committed_secret", Severity.CRITICAL),
        ("possible_committed_secret", Severity.MEDIUM),
    ]


def test_untracked_binary_and_linked_files_are_not_read(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo("skips")
    outside = tmp_path / "outside.py"
    outside.write_text(f'KEY = "{AWS_KEY}"\n')
    repo.commit("files", {**BASE, "assets/blob.bin": b"\0\1\2" + AWS_KEY.encode()})
    os.symlink(outside, repo.path / "linked.py")
    repo.git("add", "linked.py")
    repo.commit("link", {})
    repo.write("scratch.py", f'KEY = "{AWS_KEY}"\n')  # untracked
    assert _secret_findings(repo.path) == []


def test_without_pcre_the_same_secrets_are_found(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo("nopcre")
    repo.commit(
        "config",
        {**BASE, "src/settings.py": f'KEY = "{AWS_KEY}"\n', "deploy/server.pem": PRIVATE_KEY},
    )
    with_grep = _secret_findings(repo.path)

    def no_pcre(*_: object, **__: object) -> tuple[git.GrepHit, ...]:
        raise git.GrepUnsupported("git grep failed: cannot use Perl-compatible regexes")

    monkeypatch.setattr(git, "grep_tracked", no_pcre)
    assert _secret_findings(repo.path) == with_grep
    assert len(with_grep) == 1 and "AWS Access Key at src/settings.py:1" in with_grep[0][2]


def test_every_prefilter_pattern_is_accepted_by_git_grep(make_repo: MakeRepo) -> None:
    repo = make_repo("patterns")
    repo.commit("x", BASE)
    patterns = secret_scan.prefilter()
    assert len(patterns) > 20
    assert git.grep_tracked(repo.path, patterns) == ()


def test_an_unchanged_component_is_not_scanned_again(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo("reuse")
    repo.commit("config", {**BASE, "src/settings.py": f'KEY = "{AWS_KEY}"\n'})
    first = analyze_component("APP", repo.path, full=False, now=NOW)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("scanned again")

    monkeypatch.setattr(secret_scan, "scan_tracked", refuse)
    again = analyze_component("APP", repo.path, full=False, now=NOW, previous=first.data)
    assert again.reused
    assert [f.type for f in again.findings if "secret" in f.type] == ["committed_secret"]
