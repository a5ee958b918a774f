"""The procrastinate app of a PostgreSQL store: its connection, its one task, its schema.

The queue lives in the store's own database (no other broker). One task, UPDATE_TASK, runs one
component's step of a run; it is deferred with a queueing lock per component (a component
waiting in the queue is never queued twice) and a lock per component (no component is
processed by two workers at once). A failing job is retried with exponential backoff
(RETRIES retries, 2 s then 4 s later: three attempts in all), then left failed and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hms_status.errors import InputError

if TYPE_CHECKING:
    from procrastinate import App

    from hms_status.foundation.workspace import Workspace

UPDATE_TASK = "hms_status.update_component"
QUEUE_NAME = "hms-status"
RETRIES = 2
RETRY_EXPONENTIAL_WAIT_S = 2
POSTGRES_HINT = (
    "the queue needs a PostgreSQL store: pass --database-url postgresql+psycopg://... "
    "(or set HMS_DATABASE_URL); without --queue the run works on SQLite"
)

JobHandler = Callable[[str, str, str, str | None], None]
"""(component_id, kind, run, remote): what a worker does for one job."""


def conninfo(database_url: str) -> str:
    """The libpq URL of a SQLAlchemy PostgreSQL URL; InputError (exit 2) for any other store."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise InputError(f"the queue cannot use a {url.get_backend_name()} store", POSTGRES_HINT)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def require_postgres(ws: Workspace) -> None:
    """InputError (exit 2, nothing written) unless the store is PostgreSQL."""
    conninfo(ws.settings.database_url)


def build_app(ws: Workspace, handler: JobHandler | None = None, pool_size: int = 4) -> App:
    """The procrastinate app on the store's database, with the update task registered."""
    import procrastinate

    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(ws.settings.database_url), min_size=1, max_size=pool_size
    )
    app = procrastinate.App(connector=connector)
    retry = procrastinate.RetryStrategy(
        max_attempts=RETRIES, exponential_wait=RETRY_EXPONENTIAL_WAIT_S
    )
    run_job = handler or _not_here

    @app.task(name=UPDATE_TASK, queue=QUEUE_NAME, retry=retry)
    def update_component(component_id: str, kind: str, run: str, remote: str | None = None) -> None:
        run_job(component_id, kind, run, remote)

    return app


def _not_here(component_id: str, kind: str, run: str, remote: str | None) -> None:
    raise RuntimeError("jobs run in `hms-status worker` processes, not where they are queued")


def ensure_schema(ws: Workspace) -> bool:
    """Apply procrastinate's schema to the store's database unless it is there (True if now)."""
    from procrastinate.schema import SchemaManager

    from hms_status.store import queue_jobs

    require_postgres(ws)
    with ws.store.reading() as conn:
        if queue_jobs.schema_applied(conn):
            return False
    with ws.store.writing() as conn:
        return queue_jobs.apply_schema(conn, SchemaManager.get_schema())
