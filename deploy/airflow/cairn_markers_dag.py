"""Ask Cairn's planner which projects to run, wait for their markers (failing fast), then read their metadata.

Cairn's marker-service writes, once the ledger has recorded a project's final stage,
    s3://{bucket}/completion_markers/{pipeline}/{project}/{yyyyMMdd_HHmmss}/
        execution_metadata.json, table_metrics.json, and completion_marker.txt LAST
and, for a stage.failed of the project, a folder with execution_metadata.json (status "failed") and
failure_marker.txt LAST. The folder's timestamp is the execution's start in UTC (a second execution in the same
second gets `..._2/`, or a folder suffixed with the event's hash on servers without conditional writes; all match
`{ds_nodash}_*`).

    plan  (POST {planner}/api/v1/plan?fresh=true: the projects that still have to run, like the Argo template)
      └─> wait_for_marker.expand(project=...)   CairnMarkerSensor, deferrable: succeeds on completion_marker.txt,
            │                                   FAILS on failure_marker.txt of the same project and day
            └─> read_execution_metadata.expand(folder=...)  ─> process.expand(metadata=...)

Airflow Variables, all optional and all read when a task runs (never while the file is parsed):
    cairn_marker_bucket     bucket of the marker folders (default "cairn-markers", as deploy/k8s and docker-compose.yml)
    cairn_pipeline          Cairn pipeline name (default "photogrammetry")
    cairn_projects          JSON list of projects (or tables) to consider (default: three example missions)
    cairn_skip_if_complete  the planner's mode: none / <stage> / both (default "none": wait for every project)
    cairn_planner_url       planner-service URL (default the deploy/k8s Service)
    cairn_token             a Cairn API token with the "read" scope (default: none, for a Cairn without auth)
    cairn_aws_conn_id       Airflow connection to S3 (default "aws_default"); read-only access to completion_markers/
                            is enough (deploy/iam/README.md, last paragraph)
Needs apache-airflow-providers-amazon and cairn_marker_sensor.py beside this file. Airflow 2.5+ and Airflow 3.
"""
from __future__ import annotations

import json
import re
import urllib.request
from datetime import datetime, timedelta, timezone

from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from cairn_marker_sensor import CairnMarkerSensor

try:  # Airflow 3
    from airflow.sdk import DAG, Variable, task
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.decorators import task
    from airflow.models import Variable

DEFAULT_PROJECTS = ["mission_001", "mission_002", "mission_003"]
DEFAULT_PLANNER = "http://planner-service.cairn.svc.cluster.local:8080"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")   # Cairn's name rule (docs/design.md §2)


def setting(key: str, default, deserialize_json: bool = False):
    """A Variable, read when a task runs. Variable.get's second positional argument is the default in Airflow 2
    (default_var) and Airflow 3 (default)."""
    return Variable.get(key, default, deserialize_json=deserialize_json)


def checked_projects(projects) -> list[str]:
    """Names Cairn would never write a marker for are refused before anything waits for them."""
    if isinstance(projects, str) or not all(isinstance(p, str) for p in projects):
        raise ValueError(f"cairn_projects must be a JSON list of names, not {projects!r}")
    bad = [p for p in projects if not NAME.match(p)]
    if bad:
        raise ValueError(f"not Cairn names (letters, digits, '.', '_', '-'): {bad}")
    return list(dict.fromkeys(projects))


def to_run(answer: dict) -> list[str]:
    """The planner's answer -> the projects that still have to run (the Argo template's plan step does the same)."""
    for p in answer["projects"]:
        if not p["run"]:
            print(f"Skipping {p['project']}: already complete at level '{p.get('level')}'")
    return [p["project"] for p in answer["projects"] if p["run"]]


def summarize(metadata: dict) -> dict:
    """The fields downstream tasks use, from execution_metadata.json (names of the markers document)."""
    summary = metadata.get("summary", {})
    return {
        "execution_id": metadata.get("execution_id"),
        "pipeline": metadata.get("pipeline"),
        "project": (metadata.get("tables_requested") or [None])[0],
        "stage": metadata.get("stage"),
        "config_id": metadata.get("config_id"),
        "status": metadata.get("status"),
        "start_time": metadata.get("start_time"),
        "end_time": metadata.get("end_time"),
        "duration_seconds": metadata.get("duration_seconds"),
        "total_rows_processed": summary.get("total_rows_processed", 0),
        "total_files_created": summary.get("total_files_created", 0),
        "event_id": metadata.get("event_id"),
    }


default_args = {
    "owner": "data-team",
    "depends_on_past": False,
    "retries": 1,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="cairn_completion_markers",
    description="Plan with Cairn, wait for the S3 markers (fail fast on failure markers), read the execution metadata",
    default_args=default_args,
    start_date=datetime(2025, 9, 12, tzinfo=timezone.utc),
    schedule="0 2 * * *",  # daily at 02:00, as in the markers document
    catchup=False,
    tags=["cairn", "completion-markers"],
) as dag:

    @task
    def plan() -> list[str]:
        """POST /api/v1/plan?fresh=true with the Variables' projects and mode: the projects to wait for."""
        projects = checked_projects(setting("cairn_projects", DEFAULT_PROJECTS, deserialize_json=True))
        body = json.dumps({"pipeline": setting("cairn_pipeline", "photogrammetry"), "projects": projects,
                           "skip_if_complete": setting("cairn_skip_if_complete", "none")}).encode()
        headers = {"Content-Type": "application/json"}
        token = setting("cairn_token", None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = setting("cairn_planner_url", DEFAULT_PLANNER).rstrip("/") + "/api/v1/plan?fresh=true"
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=120) as r:
            remaining = to_run(json.load(r))   # a 4xx/5xx raises: the task fails (and retries) with the planner's code
        print(f"Processing {len(remaining)} projects, skipped {len(projects) - len(remaining)} as already complete")
        return remaining

    # One sensor per planned project (dynamic task mapping). The bucket and pipeline are templates, rendered from the
    # Variables when each mapped sensor runs.
    wait = CairnMarkerSensor.partial(
        task_id="wait_for_marker",
        bucket="{{ var.value.get('cairn_marker_bucket', 'cairn-markers') }}",
        pipeline="{{ var.value.get('cairn_pipeline', 'photogrammetry') }}",
        ds_nodash="{{ ds_nodash }}",
        aws_conn_id="{{ var.value.get('cairn_aws_conn_id', 'aws_default') }}",
        timeout=3600,       # 1 hour, as in the markers document: only reached when nothing at all is written
        poke_interval=30,
        deferrable=True,    # waits in the triggerer, no worker slot held
    ).expand(project=plan())

    @task
    def read_execution_metadata(folder: str) -> dict:
        """The sensor's folder (s3://bucket/.../) -> its execution_metadata.json."""
        bucket, prefix = folder.removeprefix("s3://").split("/", 1)
        hook = S3Hook(aws_conn_id=setting("cairn_aws_conn_id", "aws_default"))
        result = summarize(json.loads(hook.read_key(key=f"{prefix}execution_metadata.json", bucket_name=bucket)))
        result["folder"] = folder
        if result["status"] != "success":
            raise RuntimeError(f"{result['project']}: execution {result['execution_id']} has status {result['status']}")
        print(f"{result['project']}: {result['total_rows_processed']} rows, {result['total_files_created']} files, "
              f"{result['duration_seconds']} s (execution {result['execution_id']}, {folder})")
        return result

    @task
    def process(metadata: dict) -> None:
        """Downstream processing (the document's process_synced_data): replace with the real work."""
        print(f"Processing {metadata['total_rows_processed']} rows of {metadata['project']} "
              f"({metadata['pipeline']}, stage {metadata['stage']}, config {metadata['config_id']})")

    process.expand(metadata=read_execution_metadata.expand(folder=wait.output))
