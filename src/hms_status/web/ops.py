"""Routes of the service (filled in by issue 11's work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
