"""Compiled templates are kept between processes, and a broken cache never breaks the docs."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader
from jinja2.bccache import bc_magic

from hms_status.docsync.templating import _CompiledTemplates, markdown_env

TEMPLATE = "_analysis_line.md.j2"


def _env(folder: Path) -> Environment:
    """A fresh environment (nothing compiled in memory) on a cache in folder."""
    return Environment(
        loader=PackageLoader("hms_status", "templates/docs"),
        bytecode_cache=_CompiledTemplates(str(folder)),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def test_a_template_compiled_once_is_loaded_from_the_cache(tmp_path: Path) -> None:
    first = _env(tmp_path).get_template(TEMPLATE).render(analysis=None)
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1 and cached[0].suffix == ".cache"
    stamp = cached[0].stat().st_mtime_ns
    assert _env(tmp_path).get_template(TEMPLATE).render(analysis=None) == first
    assert cached[0].stat().st_mtime_ns == stamp  # read, not written again


def test_a_corrupt_or_unwritable_cache_is_compiled_around(tmp_path: Path) -> None:
    expected = _env(tmp_path / "fresh").get_template(TEMPLATE).render(analysis=None)
    _env(tmp_path).get_template(TEMPLATE)
    (entry,) = tmp_path.glob("*.cache")
    whole = entry.read_bytes()
    entry.write_bytes(b"j2 not marshalled code")
    assert _env(tmp_path).get_template(TEMPLATE).render(analysis=None) == expected
    for cut in (len(bc_magic) + 1, len(bc_magic) + 30, len(whole) - 5):  # pickle, marshal
        entry.write_bytes(whole[:cut])
        assert _env(tmp_path).get_template(TEMPLATE).render(analysis=None) == expected
    gone = tmp_path / "missing" / "folder"  # dumping there fails: nothing is kept, all renders
    assert _env(gone).get_template(TEMPLATE).render(analysis=None) == expected


def test_the_docs_environments_use_the_cache() -> None:
    assert isinstance(markdown_env().bytecode_cache, _CompiledTemplates)
