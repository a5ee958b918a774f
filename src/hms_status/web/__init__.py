"""The web service (`hms-status serve`): dashboard, /api/v1, /metrics and live badges.

Every route calls the same services as the CLI, so no rule is written twice. FastAPI and
uvicorn are imported only by `serve` and here, never by other commands.
"""
