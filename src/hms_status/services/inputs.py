"""Strict models for what users type: validated at the boundary, one clear error each."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hms_status.domain.results import TestCounts
from hms_status.errors import InputError
from hms_status.services.texts import require_utf8

MAX_COUNT = 10_000_000
MAX_RESULTS_CHARS = 10_000
"""--results holds five counts; anything longer is refused before it is parsed."""


class ResultsInput(BaseModel):
    """The --results JSON of the plan: {"passed": 42, "failed": 0, "skipped": 3}."""

    model_config = ConfigDict(strict=True, extra="forbid")

    passed: int = Field(default=0, ge=0, le=MAX_COUNT)
    failed: int = Field(default=0, ge=0, le=MAX_COUNT)
    errors: int = Field(default=0, ge=0, le=MAX_COUNT)
    skipped: int = Field(default=0, ge=0, le=MAX_COUNT)
    total: int | None = Field(default=None, ge=0)
    """Optional; when given it must equal the sum of the four counts."""


def parse_results(text: str) -> TestCounts:
    """Parse and check --results; InputError names the first problem."""
    require_utf8(text, "--results")
    if len(text) > MAX_RESULTS_CHARS:
        raise InputError(
            f"--results is {len(text):,} characters long; the limit is {MAX_RESULTS_CHARS:,}",
            'pass counts only, e.g. \'{"passed": 42, "failed": 0, "skipped": 3}\'',
        )
    try:
        raw = json.loads(text)
    except RecursionError:
        raise InputError("--results is nested too deeply", "pass a flat JSON object") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"--results is not valid JSON: {exc.msg} at column {exc.colno}",
            'pass e.g. \'{"passed": 42, "failed": 0, "skipped": 3}\'',
        ) from None
    if not isinstance(raw, dict):
        raise InputError("--results must be a JSON object", 'e.g. \'{"passed": 42, "failed": 0}\'')
    try:
        model = ResultsInput.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "value"
        raise InputError(
            f"--results: {where}: {first['msg'].lower()}",
            "counts are whole numbers >= 0; keys: passed, failed, errors, skipped, total",
        ) from None
    counts = TestCounts(model.passed, model.failed, model.errors, model.skipped)
    if model.total is not None and model.total != counts.total:
        raise InputError(
            f"--results: total {model.total} is not passed+failed+errors+skipped ({counts.total})"
        )
    return counts
