"""Analytics: flaky tests, windows and incidents, the dependency graph (pure over rows the store
hands them; no I/O)."""
