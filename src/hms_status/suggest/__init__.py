"""Suggestions: text normalisation and ranking of resolved tickets (pure; no I/O)."""
