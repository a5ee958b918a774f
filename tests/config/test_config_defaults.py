"""Every configuration this project writes is valid, and every key is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from hms_status.analysis.model import AnalysisOptions, Thresholds
from hms_status.config import load_settings
from hms_status.config_model import SECTIONS, ComponentConfig, HmsConfig
from hms_status.demo.config_tables import write_config as write_demo_config
from hms_status.demo.plan import MAX_COMPONENTS, select_specs
from hms_status.docsync.gather import DEFAULT_CACHE_SECONDS, DEFAULT_STALE_HOURS
from hms_status.domain.tickets import DEFAULT_TICKET_LIMIT
from hms_status.environment.settings import DEFAULT_CHECK_TIMEOUT_S
from hms_status.services.setup import DEFAULT_CONFIG, init_root

README = Path(__file__).parents[2] / "README.md"
_COMMENTED_TOML = re.compile(r"^# (\[[\w.-]+\]|[a-z_]+ = .*)$")


def test_the_init_template_and_every_example_in_it_are_valid(tmp_path: Path) -> None:
    root = tmp_path / "hms"
    init_root(root)
    assert load_settings(root, {}).checked is None  # only comments: nothing to check
    examples = [m[1] for line in DEFAULT_CONFIG.splitlines() if (m := _COMMENTED_TOML.match(line))]
    assert len(examples) > 10
    (root / "hms-status.toml").write_text("\n".join(examples) + "\n")
    settings = load_settings(root, {})
    assert settings.checked is not None and not settings.checked.broken
    api = settings.component("HMS-API")
    assert api.test_command is not None and api.test_command[0] == "python3"
    assert settings.max_tickets_per_run == 50


def test_the_demo_configuration_is_valid_for_every_component(tmp_path: Path) -> None:
    root = tmp_path / "hms"
    init_root(root)
    configured = write_demo_config(root, select_specs(MAX_COMPONENTS))
    settings = load_settings(root, {})
    assert settings.checked is not None and not settings.checked.broken
    assert set(configured) == set(settings.checked.components)
    tested = [cid for cid in configured if settings.component(cid).test_command is not None]
    assert tested


def test_the_schema_defaults_are_the_ones_each_part_uses() -> None:
    defaults = HmsConfig()
    assert set(Thresholds.__dataclass_fields__) <= set(type(defaults.analyzer).model_fields)
    assert defaults.analyzer.stale_days == Thresholds().stale_days
    assert defaults.analyzer.large_file_bytes == Thresholds().large_file_bytes
    assert defaults.analyzer.line_stats == AnalysisOptions().line_stats
    assert defaults.analyzer.exclude_dirs == AnalysisOptions().exclude_dirs
    assert defaults.environment.check_timeout_s == DEFAULT_CHECK_TIMEOUT_S
    assert defaults.docs.stale_after_hours == DEFAULT_STALE_HOURS
    assert defaults.docs.cache_seconds == DEFAULT_CACHE_SECONDS
    assert defaults.tracker.max_tickets_per_run == DEFAULT_TICKET_LIMIT


def _configuration_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Configuration\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_the_readme_documents_every_key() -> None:
    documented = _configuration_section()
    keys = [f"[{name}] {key}" for name, model in SECTIONS.items() for key in model.model_fields]
    keys += [f"[components.ID] {key}" for key in ComponentConfig.model_fields]
    missing = [key for key in keys if f"`{key}`" not in documented]
    assert not missing, f"README's Configuration section does not document {missing}"
