"""Start Apache Superset on 127.0.0.1 with the dateline dashboard, connected to the warehouse's serving copy.

    dashboard/.venv/bin/python dashboard/serve.py [--port 8088] [--state dashboard/.state]

(`make dashboard` installs dashboard/.venv first and runs this.) In one process it

1. finds the serving copy of the current DATELINE_DB (default warehouse/dateline.duckdb, relative paths taken
   from the current directory, like every dateline command): `<stem>_serving.duckdb` beside it;
2. prepares Superset's metadata database in the state folder (DASHBOARD_STATE, default dashboard/.state/):
   migrations, roles and the `admin` user, whose password and Superset's secret key are made on first start and
   kept in that folder;
3. imports dashboard/bundle/ (database, datasets, charts, dashboard), the database's URI set to the serving
   copy, `duckdb:////abs/path/..._serving.duckdb?access_mode=read_only` (duckdb-engine; Superset opens a new
   connection for every query, so the dashboard shows each newly published copy on reload);
4. serves Superset with waitress (threads, one process) on 127.0.0.1:PORT until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import secrets
import signal
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

DASHBOARD_DIR = Path(__file__).resolve().parent
REPO_ROOT = DASHBOARD_DIR.parent
BUNDLE_DIR = DASHBOARD_DIR / "bundle"
DEFAULT_DB_PATH = REPO_ROOT / "warehouse" / "dateline.duckdb"
DASHBOARD_SLUG = "dateline"
ADMIN = "admin"


def serving_path(db_path: Path) -> Path:
    """orchestration.serving.serving_path, repeated here (this environment does not install dateline)."""
    return db_path.with_name(f"{db_path.stem}_serving{db_path.suffix or '.duckdb'}")


def serving_uri(serving: Path) -> str:
    from sqlalchemy.engine.url import URL

    url = URL.create("duckdb", database=str(serving), query={"access_mode": "read_only"})
    return url.render_as_string(hide_password=False)


def _secret(path: Path) -> str:
    """A random secret kept in the state folder, readable by its owner only."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="utf-8").strip()


def most_mentioned_entity(serving: Path, timeline_sql: str) -> str | None:
    """The entity of the `entity_timeline` dataset with the most mentions (None when the timeline is empty)."""
    import duckdb

    connection = duckdb.connect(str(serving), read_only=True)
    try:
        row = connection.execute(
            f"select entity from ({timeline_sql}) group by entity order by max(entity_mentions) desc, entity limit 1"
        ).fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def bundle_contents(serving: Path) -> dict[str, str]:
    """The bundle's files by path inside it: the database pointed at `serving`, and the Entity filter's default
    value the most mentioned entity of this build (a native filter's "select first value" is not applied on load,
    so the default is a value)."""
    import yaml

    contents = {
        p.relative_to(BUNDLE_DIR).as_posix(): p.read_text("utf-8") for p in BUNDLE_DIR.rglob("*.yaml")
    }
    database = yaml.safe_load(contents["databases/dateline.yaml"])
    database["sqlalchemy_uri"] = serving_uri(serving)
    contents["databases/dateline.yaml"] = yaml.safe_dump(database, sort_keys=False)

    timeline = yaml.safe_load(contents["datasets/dateline/entity_timeline.yaml"])
    entity = most_mentioned_entity(serving, timeline["sql"])
    dashboard = yaml.safe_load(contents["dashboards/dateline.yaml"])
    for native_filter in dashboard["metadata"]["native_filter_configuration"]:
        if native_filter["name"] == "Entity":
            # a required filter with no value would keep its charts waiting: optional when there is no entity
            native_filter["controlValues"]["enableEmptyFilter"] = entity is not None
            if entity is not None:
                native_filter["defaultDataMask"] = {
                    "extraFormData": {"filters": [{"col": "entity", "op": "IN", "val": [entity]}]},
                    "filterState": {"value": [entity], "label": entity},
                    "ownState": {},
                }
    contents["dashboards/dateline.yaml"] = yaml.safe_dump(dashboard, sort_keys=False)
    return contents


def prepare_metadata(state: Path, password: str) -> None:
    """`superset db upgrade`, `superset init` (once per Superset version) and the admin user, in-process."""
    from flask_migrate import upgrade
    from superset import appbuilder, security_manager
    from superset.extensions import db

    with _migration_output_to(state / "migrations.log"):
        upgrade()
    marker = state / "initialized"
    version = _superset_version()
    if not marker.exists() or marker.read_text(encoding="utf-8") != version:
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        marker.write_text(version, encoding="utf-8")
    user = security_manager.find_user(username=ADMIN)
    if user is None:
        role = security_manager.find_role("Admin")
        security_manager.add_user(ADMIN, "Dateline", "Admin", "admin@localhost", role, password=password)
    else:
        security_manager.reset_password(user.id, password)
    db.session.commit()


@contextlib.contextmanager
def _migration_output_to(log_path: Path) -> Iterator[None]:
    """Send the migrations' output (hundreds of lines on a first start) to a file, and undo what Alembic's
    logging.config.fileConfig does to this process: it replaces the root handlers and disables every logger it
    does not name, Superset's own among them."""
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    disabled = {
        logger: logger.disabled
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    }
    with (
        log_path.open("a", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        try:
            yield
        finally:
            root.setLevel(level)
            root.handlers[:] = handlers
            for logger, was_disabled in disabled.items():
                logger.disabled = was_disabled
            for name in ("alembic", "flask_migrate", "sqlalchemy.engine"):
                logging.getLogger(name).setLevel(logging.WARNING)


def _superset_version() -> str:
    from importlib.metadata import version

    return version("apache-superset")


def import_bundle(contents: dict[str, str]) -> None:
    """Import with overwrite: the database (its URI), the datasets (their SQL), the charts and the dashboard."""
    import yaml
    from sqlalchemy.exc import SAWarning
    from superset import security_manager
    from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
    from superset.commands.database.importers.dispatcher import ImportDatabasesCommand
    from superset.commands.dataset.importers.dispatcher import ImportDatasetsCommand
    from superset.commands.exceptions import CommandInvalidError
    from superset.extensions import db
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice
    from superset.utils.core import override_user

    with override_user(security_manager.find_user(username=ADMIN)), warnings.catch_warnings():
        # Superset's importers trip SQLAlchemy's warnings about work inside a flush; they are its own
        warnings.simplefilter("ignore", SAWarning)
        for command in (ImportDatabasesCommand, ImportDatasetsCommand, ImportDashboardsCommand):
            try:
                command(contents, overwrite=True).run()
            except CommandInvalidError as error:
                raise SystemExit(
                    f"dashboard: the bundle does not import: {error.normalized_messages()}"
                ) from error

    # Native filters name the charts they apply to by id (`chartsInScope`), which the import does not map to
    # this instance's ids: map them through the chart uuids of the bundle's layout.
    spec = yaml.safe_load(contents["dashboards/dateline.yaml"])
    uuid_by_old_id = {
        item["meta"]["chartId"]: item["meta"]["uuid"]
        for item in spec["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    id_by_uuid = {str(chart.uuid): chart.id for chart in db.session.query(Slice).all()}
    dashboard = db.session.query(Dashboard).filter_by(slug=DASHBOARD_SLUG).one()
    metadata = json.loads(dashboard.json_metadata)
    for native_filter, bundled in zip(
        metadata["native_filter_configuration"], spec["metadata"]["native_filter_configuration"], strict=True
    ):
        native_filter["chartsInScope"] = [id_by_uuid[uuid_by_old_id[i]] for i in bundled["chartsInScope"]]
    dashboard.json_metadata = json.dumps(metadata)
    db.session.commit()


def serve(app, host: str, port: int, threads: int) -> None:
    """Serve with waitress's threads in this process until Ctrl-C (SIGINT) or SIGTERM."""
    from waitress import serve as waitress_serve

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # explicit handlers: a process started in the background may have inherited SIGINT as ignored
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # waitress returns once KeyboardInterrupt has stopped its loop and its threads
    waitress_serve(app, host=host, port=port, threads=threads, ident="dateline-dashboard", _quiet=True)
    print("dashboard: stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("DASHBOARD_PORT") or 8088))
    parser.add_argument(
        "--state", type=Path, default=Path(os.environ.get("DASHBOARD_STATE") or DASHBOARD_DIR / ".state")
    )
    parser.add_argument("--threads", type=int, default=8, help="threads answering requests")
    args = parser.parse_args(argv)

    db_path = Path(os.environ.get("DATELINE_DB") or DEFAULT_DB_PATH).expanduser().resolve()
    serving = serving_path(db_path)
    if not serving.is_file():
        print(
            f"dashboard: no serving copy at {serving}; build the warehouse first (make build)",
            file=sys.stderr,
        )
        return 2

    state = args.state.expanduser().resolve()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    _secret(state / "secret_key")
    password = _secret(state / "admin_password")
    os.environ["DASHBOARD_STATE"] = str(state)
    os.environ["SUPERSET_CONFIG_PATH"] = str(DASHBOARD_DIR / "superset_config.py")

    from superset.app import create_app
    from superset.extensions import db

    print(
        f"dashboard: starting Superset, state in {state} (a first start prepares it: under a minute)",
        flush=True,
    )
    app = create_app()
    with app.app_context():
        prepare_metadata(state, password)
        import_bundle(bundle_contents(serving))
        db.session.remove()

    url = f"http://{args.host}:{args.port}/superset/dashboard/{DASHBOARD_SLUG}/"
    print(f"dashboard: {url}", flush=True)
    print(f"dashboard: log in as {ADMIN} / {password}   (kept in {state / 'admin_password'})", flush=True)
    print(f"dashboard: data from {serving} (read-only); Ctrl-C stops the server", flush=True)
    serve(app, args.host, args.port, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
