"""The service's own request metrics for /metrics (filled in by issue 11's work)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Count and time every request."""
