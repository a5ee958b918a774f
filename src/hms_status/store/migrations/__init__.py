"""Alembic migrations for the store; applied automatically on first use of a newer version."""
