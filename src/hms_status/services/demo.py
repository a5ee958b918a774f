"""The demo use case: build a realistic HMS ecosystem to try every part on (see hms_status.demo)."""

from __future__ import annotations

from hms_status.demo.build import build_demo

__all__ = ["build_demo"]
