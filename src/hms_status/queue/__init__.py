"""The job queue of a PostgreSQL store (procrastinate): one job per component, run by workers."""
