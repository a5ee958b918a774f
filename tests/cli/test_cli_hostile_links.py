"""Links planted in a component never carry a file's content out, nor a write in.

Each case is what a hostile component could do to the machine running hms-status (issue 9):
its content must not reach the status, the docs, the summaries or the store, and no file
outside may be changed. The store is SQLite here and PostgreSQL too when configured.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tests.cli.test_cli_tracker import invoke
from tests.conftest import make_root

CANARY = "SECRET-CANARY-7731"


def _git_component(root: Path, name: str = "COMP") -> Path:
    component = root / "SYSTEM-COMPONENTS" / name
    component.mkdir(parents=True, exist_ok=True)
    (component / "README.md").write_text("# Comp\n")
    (component / "tests").mkdir()
    (component / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    subprocess.run(["git", "init", "-q"], cwd=component, check=True)
    subprocess.run(["git", "add", "-A"], cwd=component, check=True)
    subprocess.run(["git", "commit", "-qm", "init"], cwd=component, check=True)
    return component


@pytest.fixture
def root(tmp_path: Path, store_url: str) -> Path:
    root = make_root(tmp_path / "hms", ())
    (root / "hms-status.toml").write_text(f'[store]\nurl = "{store_url}"\n')
    _git_component(root)
    (tmp_path / "secret.txt").write_text(f"{CANARY}==1.0\nroot:x:0:0:{CANARY}\n")
    return root


def _everything_written(root: Path, store_url: str) -> str:
    """Every file under data/ and in the component, and every stored row, as one text."""
    texts = [
        p.read_bytes().decode("utf-8", "replace")
        for base in (root / "data", root / "SYSTEM-COMPONENTS")
        for p in base.rglob("*")
        if p.is_file() and not p.is_symlink() and ".git/" not in p.as_posix()
    ]
    if store_url.startswith("postgresql"):
        import sqlalchemy as sa

        engine = sa.create_engine(store_url)
        with engine.connect() as conn:
            for table in ("events", "part_reports", "rollups", "tickets"):
                rows = conn.execute(sa.text(f"SELECT * FROM {table}")).fetchall()
                texts.append(repr(rows))
        engine.dispose()
    return "\n".join(texts)


def test_a_manifest_linked_outside_is_not_read_or_published(
    root: Path, tmp_path: Path, store_url: str
) -> None:
    component = root / "SYSTEM-COMPONENTS" / "COMP"
    (component / "requirements.txt").symlink_to(tmp_path / "secret.txt")

    code, out, err = invoke(root, "analyzer", "analyze", "COMP", "--json")
    assert code == 0, err
    analysis = json.loads(out)
    (finding,) = [i for i in analysis["issues"] if i["type"] == "symlink_leaves_component"]
    assert f"requirements.txt -> {tmp_path / 'secret.txt'}" in finding["description"]
    assert analysis["dependencies"]["has_requirements_txt"] is False
    assert invoke(root, "docs", "update", "COMP")[0] == 0
    assert invoke(root, "env", "check", "COMP")[0] in (0, 1, 2, 3)  # 3: a check could not run
    assert CANARY not in _everything_written(root, store_url)


def test_a_catalog_and_env_linked_outside_are_not_read(
    root: Path, tmp_path: Path, store_url: str
) -> None:
    component = root / "SYSTEM-COMPONENTS" / "COMP"
    (tmp_path / "catalog.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
        f"metadata:\n  name: comp\n  description: {CANARY}\nspec:\n  owner: x\n"
    )
    (component / "catalog-info.yaml").symlink_to(tmp_path / "catalog.yaml")
    (component / ".env.example").write_text("TOKEN=\n")
    (component / ".env").symlink_to(tmp_path / "secret.txt")

    code, out, _ = invoke(root, "env", "check", "COMP", "--json")
    assert code != 70
    assert "symlink leaves the component" in out
    invoke(root, "analyzer", "analyze", "COMP")
    invoke(root, "docs", "update", "COMP")
    assert CANARY not in _everything_written(root, store_url)


def test_docs_never_write_through_a_link_that_leaves(root: Path, tmp_path: Path) -> None:
    component = root / "SYSTEM-COMPONENTS" / "COMP"
    victim = tmp_path / "victim.md"
    victim.write_text("mine\n")
    (component / "codex.md").symlink_to(victim)

    code, out, _ = invoke(root, "docs", "update", "COMP")
    assert code == 1
    assert "not written: codex.md: symlink leaves the component" in out
    assert victim.read_text() == "mine\n"
    assert (component / "HMS-docs" / "STATUS.md").is_file()  # the rest was written

    (component / "README.md").unlink()
    (component / "README.md").symlink_to(victim)
    code, out, _ = invoke(root, "docs", "badge", "COMP", "--add")
    assert code == 1 and "README.md: symlink leaves the component" in out
    assert invoke(root, "docs", "badge", "COMP", "--remove")[0] == 1
    assert victim.read_text() == "mine\n"


def test_a_docs_folder_linked_outside_is_not_written(root: Path, tmp_path: Path) -> None:
    component = root / "SYSTEM-COMPONENTS" / "COMP"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (component / "HMS-docs").symlink_to(elsewhere)

    code, out, _ = invoke(root, "docs", "update", "COMP", "--json")
    assert code == 1
    refused = {r["path"] for r in json.loads(out)["refused"]}
    assert "SYSTEM-COMPONENTS/COMP/HMS-docs/STATUS.md" in refused
    assert list(elsewhere.iterdir()) == []
    code, out, _ = invoke(root, "analyzer", "analyze", "COMP", "--json")
    issues = {i["type"]: i["description"] for i in json.loads(out)["issues"]}
    assert "HMS-docs ->" in issues["symlink_leaves_component"]


def test_a_component_directory_linked_outside_the_root_needs_an_opt_in(
    root: Path, tmp_path: Path
) -> None:
    outside = _git_component(tmp_path / "elsewhere", "REAL")
    (root / "SYSTEM-COMPONENTS" / "LINKED").symlink_to(outside)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}

    code, _, err = invoke(root, "docs", "update", "LINKED")
    assert code == 2 and "leads outside the HMS root" in err and "allow_outside_root" in err
    code, out, _ = invoke(root, "analyzer", "analyze", "LINKED", "--json")
    assert code == 0
    assert [i["type"] for i in json.loads(out)["issues"]] == ["path_outside_root"]
    assert invoke(root, "env", "check", "LINKED")[0] == 2
    after = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    assert after == before

    config = root / "hms-status.toml"
    config.write_text(config.read_text() + "\n[components.LINKED]\nallow_outside_root = true\n")
    assert invoke(root, "docs", "update", "LINKED")[0] == 0
    assert (outside / "HMS-docs" / "STATUS.md").is_file()


def test_a_configured_path_outside_the_root_needs_an_opt_in(root: Path, tmp_path: Path) -> None:
    outside = _git_component(tmp_path / "elsewhere", "CONF")
    config = root / "hms-status.toml"
    config.write_text(config.read_text() + f'\n[components.CONF]\npath = "{outside}"\n')

    code, _, err = invoke(root, "docs", "update", "CONF")
    assert code == 2 and "leads outside the HMS root" in err
    assert not (outside / "HMS-docs").exists()
