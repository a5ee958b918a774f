"""Errors as RFC 9457 problem details (filled in by issue 11's work)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Register the exception handlers that turn errors into problem+json bodies."""
