"""Wait for Cairn's S3 completion markers, then read each execution's metadata (s3-completion-markers.md with Cairn).

Cairn's marker-service writes, once the ledger has recorded a project's final stage,
    s3://{bucket}/completion_markers/{pipeline}/{project}/{yyyyMMdd_HHmmss}/
        execution_metadata.json, table_metrics.json, and completion_marker.txt LAST
where the folder's timestamp is the execution's start in UTC (a second execution in the same second gets
`..._2/`, or a folder suffixed with the event's hash on servers without conditional writes; all match `{ds_nodash}_*`).
So, as in the markers document, a sensor per project waits for
    completion_markers/{pipeline}/{project}/{{ ds_nodash }}_*/completion_marker.txt
and, once it exists, the two other files are complete too. A task then finds the folder the sensor matched
(same prefix listing and fnmatch as the sensor) and reads its execution_metadata.json.

Airflow Variables (all optional):
    cairn_marker_bucket   bucket of the marker folders (default "cairn-markers", as deploy/k8s and docker-compose.yml)
    cairn_pipeline        Cairn pipeline name (default "photogrammetry")
    cairn_projects        JSON list of projects (or tables) to wait for (default: three example missions)
    cairn_aws_conn_id     Airflow connection to S3 (default "aws_default"); read-only access to completion_markers/
                          is enough (deploy/iam/README.md, last paragraph)
Needs apache-airflow-providers-amazon. Written for Airflow 2.5+ and Airflow 3.
"""
from __future__ import annotations

import fnmatch
import json
import re
from datetime import datetime, timedelta, timezone

from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor

try:  # Airflow 3
    from airflow.sdk import DAG, Variable, task
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.decorators import task
    from airflow.models import Variable

# Variable.get(key, default, deserialize_json=...): the default is the second positional argument in both Airflow 2
# (default_var) and Airflow 3 (default). Read at parse time, like the markers document's multi-table example.
BUCKET = Variable.get("cairn_marker_bucket", "cairn-markers")
PIPELINE = Variable.get("cairn_pipeline", "photogrammetry")
PROJECTS = Variable.get("cairn_projects", ["mission_001", "mission_002", "mission_003"], deserialize_json=True)
AWS_CONN_ID = Variable.get("cairn_aws_conn_id", "aws_default")

MARKER_FILE = "completion_marker.txt"


def marker_key_pattern(pipeline: str, project: str, ds_nodash: str) -> str:
    """The sensor's key: any execution of `project` that started on day `ds_nodash` (UTC)."""
    return f"completion_markers/{pipeline}/{project}/{ds_nodash}_*/{MARKER_FILE}"


def listing_prefix(pattern: str) -> str:
    """What S3KeySensor lists for a wildcard key: everything before the first glob character."""
    return re.split(r"[\[*?]", pattern, maxsplit=1)[0]


def _folder_order(folder: str):
    """Executions in start order: yyyyMMdd_HHmmss, then _2, _3 ... (same second), then hash-suffixed names."""
    name = folder.rstrip("/").rsplit("/", 1)[-1]
    stamp, _, suffix = name[:15], name[15:16], name[16:]
    return (stamp, int(suffix) if suffix.isdigit() else 0, suffix)


def matched_folders(keys, pattern: str) -> list[str]:
    """Folders (with trailing '/') whose completion_marker.txt matches the sensor's pattern, oldest first."""
    folders = {k[: -len(MARKER_FILE)] for k in keys if fnmatch.fnmatch(k, pattern)}
    return sorted(folders, key=_folder_order)


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


NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")   # Cairn's name rule (docs/design.md §2): no '/', no glob characters


def task_suffix(project: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", project)   # like the document: settlement.settle_orders -> settlement_settle_orders


def checked_projects(projects) -> list[str]:
    """Refuse, at parse time, names Cairn would never write a marker for and names whose task ids would collide."""
    if isinstance(projects, str) or not all(isinstance(p, str) for p in projects):
        raise ValueError(f"cairn_projects must be a JSON list of names, not {projects!r}")
    bad = [p for p in projects if not NAME.match(p)]
    if bad or not NAME.match(PIPELINE):
        raise ValueError(f"not Cairn names (letters, digits, '.', '_', '-'): {bad or [PIPELINE]}")
    suffixes = [task_suffix(p) for p in projects]
    clashes = sorted({p for p in projects if suffixes.count(task_suffix(p)) > 1})
    if clashes:
        raise ValueError(f"these projects would get the same task ids: {clashes}")
    return list(projects)


default_args = {
    "owner": "data-team",
    "depends_on_past": False,
    "retries": 1,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="cairn_completion_markers",
    description="Wait for Cairn's S3 completion markers and read their execution metadata",
    default_args=default_args,
    start_date=datetime(2025, 9, 12, tzinfo=timezone.utc),
    schedule="0 2 * * *",  # daily at 02:00, as in the markers document
    catchup=False,
    tags=["cairn", "completion-markers"],
) as dag:

    @task
    def read_execution_metadata(bucket: str, pipeline: str, project: str, ds_nodash: str) -> dict:
        """Find the folder(s) the sensor matched and read execution_metadata.json of the newest one."""
        hook = S3Hook(aws_conn_id=AWS_CONN_ID)
        pattern = marker_key_pattern(pipeline, project, ds_nodash)
        keys = hook.list_keys(bucket_name=bucket, prefix=listing_prefix(pattern)) or []
        folders = matched_folders(keys, pattern)
        if not folders:
            raise RuntimeError(f"no marker under s3://{bucket}/{pattern} although the sensor saw one")
        if len(folders) > 1:
            print(f"{len(folders)} executions of {project} on {ds_nodash}: {folders}; reading the newest")
        folder = folders[-1]
        metadata = json.loads(hook.read_key(key=f"{folder}execution_metadata.json", bucket_name=bucket))
        result = summarize(metadata)
        result["folder"] = f"s3://{bucket}/{folder}"
        if result["status"] != "success":
            raise RuntimeError(f"{project}: execution {result['execution_id']} has status {result['status']}")
        print(f"{project}: {result['total_rows_processed']} rows, {result['total_files_created']} files, "
              f"{result['duration_seconds']} s (execution {result['execution_id']}, {result['folder']})")
        return result

    @task
    def process(metadata: dict) -> None:
        """Downstream processing (the document's process_synced_data): replace with the real work."""
        print(f"Processing {metadata['total_rows_processed']} rows of {metadata['project']} "
              f"({metadata['pipeline']}, stage {metadata['stage']}, config {metadata['config_id']})")

    for project in checked_projects(PROJECTS):
        wait = S3KeySensor(
            task_id=f"wait_{task_suffix(project)}",
            bucket_name=BUCKET,
            bucket_key=marker_key_pattern(PIPELINE, project, "{{ ds_nodash }}"),
            wildcard_match=True,
            aws_conn_id=AWS_CONN_ID,
            timeout=3600,        # 1 hour, as in the document
            poke_interval=30,
            mode="reschedule",   # frees the worker slot between pokes
        )
        metadata = read_execution_metadata.override(task_id=f"read_metadata_{task_suffix(project)}")(
            bucket=BUCKET, pipeline=PIPELINE, project=project, ds_nodash="{{ ds_nodash }}")
        wait >> metadata
        process.override(task_id=f"process_{task_suffix(project)}")(metadata)
