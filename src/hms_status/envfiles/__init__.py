""".env files: parsing with python-dotenv's rules, comparing to .env.example, masking values."""

from __future__ import annotations

from hms_status.envfiles.compare import (
    PLACEHOLDER_PATTERNS,
    EnvComparison,
    compare_env,
    is_placeholder,
    mask,
)
from hms_status.envfiles.dotenv import (
    CommentedAssignment,
    EnvEntry,
    EnvFile,
    EnvSyntaxError,
    parse_env,
)

__all__ = [
    "PLACEHOLDER_PATTERNS",
    "CommentedAssignment",
    "EnvComparison",
    "EnvEntry",
    "EnvFile",
    "EnvSyntaxError",
    "compare_env",
    "is_placeholder",
    "mask",
    "parse_env",
]
