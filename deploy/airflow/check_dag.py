#!/usr/bin/env python3
"""Offline check of cairn_markers_dag.py without Airflow (not installable here).

Loads the DAG file with minimal stand-ins for the Airflow and Amazon-provider names it imports, then checks:
- one S3KeySensor per project with wildcard_match=True on
  completion_markers/{pipeline}/{project}/{{ ds_nodash }}_*/completion_marker.txt, the bucket and pipeline from the
  Variables' defaults, each followed by the read task and the process task;
- the sensor's own matching rule (list the prefix before the first glob character, fnmatch the keys) against marker
  folders laid out as the marker-service writes them: nothing before completion_marker.txt exists, then a match; the
  read task picks the newest execution of the day (same-second `_2` folder, hash-suffixed folder) and reads
  summary.total_rows_processed etc. of its execution_metadata.json; other days, other projects with a common prefix
  (mission_0010) and half-written folders are ignored; a failed status fails the task;
- Variables override the defaults; names that are not Cairn names, or whose task ids collide, are refused at parse.
Prints one line per check; exits 1 if any failed.
"""
import contextlib
import fnmatch
import importlib.util
import io
import json
import pathlib
import re
import sys
import types

DAG_FILE = pathlib.Path(__file__).resolve().parent / "cairn_markers_dag.py"
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from checklib import check, failures  # noqa: E402


# ------------------------------------------------------------------------------------------- Airflow stand-ins
class Node:
    dag = None

    def __init__(self, task_id):
        self.task_id, self.downstream = task_id, set()
        Node.dag.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.add(other.task_id)
        return other


class S3KeySensor(Node):
    def __init__(self, task_id, **kwargs):
        super().__init__(task_id)
        self.kwargs = kwargs


class TaskCall(Node):
    def __init__(self, task_id, fn, kwargs):
        super().__init__(task_id)
        self.fn, self.kwargs = fn, kwargs
        for v in list(kwargs.values()):
            if isinstance(v, Node):
                v.downstream.add(task_id)


def task(fn):
    class Decorated:
        def override(self, task_id):
            return lambda *args, **kwargs: TaskCall(task_id, fn, dict(zip(fn.__code__.co_varnames, args), **kwargs))

        def __call__(self, *args, **kwargs):
            return self.override(fn.__name__)(*args, **kwargs)
    return Decorated()


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, {}

    def __enter__(self):
        Node.dag = self
        return self

    def __exit__(self, *exc):
        return False


class Variable:
    values = {}

    @classmethod
    def get(cls, key, default=None, deserialize_json=False):
        if key not in cls.values:
            return default
        return json.loads(cls.values[key]) if deserialize_json else cls.values[key]


class S3Hook:
    objects = {}     # (bucket, key) -> body

    def __init__(self, aws_conn_id="aws_default"):
        self.aws_conn_id = aws_conn_id

    def list_keys(self, bucket_name=None, prefix=""):
        return sorted(k for b, k in self.objects if b == bucket_name and k.startswith(prefix))

    def read_key(self, key, bucket_name=None):
        return self.objects[(bucket_name, key)]


def load_dag(variables):
    Variable.values = variables
    modules = {
        "airflow": types.ModuleType("airflow"),
        "airflow.decorators": types.ModuleType("airflow.decorators"),
        "airflow.models": types.ModuleType("airflow.models"),
        "airflow.providers.amazon.aws.hooks.s3": types.ModuleType("airflow.providers.amazon.aws.hooks.s3"),
        "airflow.providers.amazon.aws.sensors.s3": types.ModuleType("airflow.providers.amazon.aws.sensors.s3"),
    }
    modules["airflow"].DAG = DAG
    modules["airflow.decorators"].task = task
    modules["airflow.models"].Variable = Variable
    modules["airflow.providers.amazon.aws.hooks.s3"].S3Hook = S3Hook
    modules["airflow.providers.amazon.aws.sensors.s3"].S3KeySensor = S3KeySensor
    for name in ("airflow.providers", "airflow.providers.amazon", "airflow.providers.amazon.aws",
                 "airflow.providers.amazon.aws.hooks", "airflow.providers.amazon.aws.sensors"):
        modules[name] = types.ModuleType(name)
    sys.modules.update(modules)
    spec = importlib.util.spec_from_file_location("cairn_markers_dag", DAG_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------- marker folders
def put_folder(bucket, pipeline, project, folder, rows, status="success", complete=True):
    """The three files as marker-service/README.md describes them (completion_marker.txt last)."""
    prefix = f"completion_markers/{pipeline}/{project}/{folder}/"
    stamp = folder[:15]
    start = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"
    metadata = {
        "execution_id": f"postprocess_{stamp}_a3f8e1b2", "start_time": f"{start}.000000+00:00", "pipeline": pipeline,
        "tables_requested": [project], "total_tables": 1,
        "table_results": {project: {"status": status, "rows_processed": rows, "files_created": 3,
                                    "duration_seconds": 45.2, "completed_at": f"{start}.500000+00:00"}},
        "status": status, "end_time": f"{start}.500000+00:00", "duration_seconds": 45.2,
        "summary": {"success_count": 1, "failure_count": 0, "total_rows_processed": rows, "total_files_created": 3},
        "stage": "postprocess", "config_id": "default", "event_id": f"argo:wf:{project}:postprocess"}
    S3Hook.objects[(bucket, prefix + "execution_metadata.json")] = json.dumps(metadata)
    S3Hook.objects[(bucket, prefix + "table_metrics.json")] = json.dumps({"table_name": project, "pipeline": pipeline})
    if complete:
        S3Hook.objects[(bucket, prefix + "completion_marker.txt")] = (
            f"SYNC_COMPLETED\nPipeline: {pipeline}\nTable: {project}\nStatus: SUCCESS\n"
            f"Timestamp: {start}Z\nDuration: 45.20s\nRows: {rows}\nStage: postprocess\n")


def sensor_would_succeed(sensor, ds_nodash):
    """S3KeySensor with wildcard_match: list the prefix before the first glob character, fnmatch each key."""
    key = sensor.kwargs["bucket_key"].replace("{{ ds_nodash }}", ds_nodash)
    prefix = re.split(r"[\[*?]", key, maxsplit=1)[0]
    keys = S3Hook().list_keys(bucket_name=sensor.kwargs["bucket_name"], prefix=prefix)
    return any(fnmatch.fnmatch(k, key) for k in keys)


def main():
    module = load_dag({})
    dag = module.dag
    sensors = {t.task_id: t for t in dag.tasks.values() if isinstance(t, S3KeySensor)}
    check("DAG cairn_completion_markers loads (Airflow stand-ins), schedule and catchup set",
          dag.dag_id == "cairn_completion_markers" and dag.kwargs.get("schedule") and dag.kwargs.get("catchup") is False)
    expected = {f"wait_mission_00{i}" for i in (1, 2, 3)}
    check("one S3KeySensor per project of the default list", set(sensors) == expected, sorted(sensors))
    s = sensors.get("wait_mission_001")
    check("sensor: wildcard_match=True on completion_markers/photogrammetry/mission_001/{{ ds_nodash }}_*/"
          "completion_marker.txt in bucket cairn-markers, reschedule mode",
          s is not None and s.kwargs.get("wildcard_match") is True and s.kwargs.get("bucket_name") == "cairn-markers"
          and s.kwargs.get("bucket_key") ==
          "completion_markers/photogrammetry/mission_001/{{ ds_nodash }}_*/completion_marker.txt"
          and s.kwargs.get("mode") == "reschedule" and s.kwargs.get("timeout") == 3600,
          s and s.kwargs)
    check("each sensor is followed by its read task, then its process task",
          all(dag.tasks[f"wait_{p}"].downstream == {f"read_metadata_{p}"}
              and dag.tasks[f"read_metadata_{p}"].downstream == {f"process_{p}"}
              for p in ("mission_001", "mission_002", "mission_003")))

    bucket, read = "cairn-markers", dag.tasks["read_metadata_mission_001"]

    def run():
        with contextlib.redirect_stdout(io.StringIO()):     # the task's own log lines
            return read.fn(**dict(read.kwargs, ds_nodash="20250912"))
    put_folder(bucket, "photogrammetry", "mission_001", "20250911_235959", rows=1)             # the day before
    put_folder(bucket, "photogrammetry", "mission_0010", "20250912_235959", rows=2)            # common name prefix
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_143022", rows=15000, complete=False)
    check("no completion_marker.txt yet (folder half written): the sensor keeps waiting",
          not sensor_would_succeed(s, "20250912"))
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_143022", rows=15000)
    check("completion_marker.txt written: the sensor's wildcard matches", sensor_would_succeed(s, "20250912"))
    result = run()
    check("read task: the matched folder's execution_metadata.json (summary.total_rows_processed, files, status)",
          result["folder"] == "s3://cairn-markers/completion_markers/photogrammetry/mission_001/20250912_143022/"
          and result["total_rows_processed"] == 15000 and result["total_files_created"] == 3
          and result["status"] == "success" and result["project"] == "mission_001", result)
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_143022_2", rows=20000)     # same second, later
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_180000", rows=5, complete=False)
    result = run()
    check("two executions that day: the newest complete one (_2) is read, the half-written one ignored",
          result["folder"].endswith("/20250912_143022_2/") and result["total_rows_processed"] == 20000, result)
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_170000_a3f8e1b2", rows=7)  # hash-named fallback
    result = run()
    check("a hash-named folder (servers without conditional writes) matches and orders by its time",
          result["folder"].endswith("/20250912_170000_a3f8e1b2/") and result["total_rows_processed"] == 7, result)
    put_folder(bucket, "photogrammetry", "mission_001", "20250912_235900", rows=0, status="failure")
    try:
        run()
        check("a status other than success fails the read task", False, "no error")
    except RuntimeError as e:
        check("a status other than success fails the read task", "failure" in str(e), str(e))

    module = load_dag({"cairn_marker_bucket": "airflow-completion-markers", "cairn_pipeline": "us_dw_hybrid_v1_2",
                       "cairn_projects": json.dumps(["settlement.settle_orders", "settlement.claim_details"])})
    s = module.dag.tasks.get("wait_settlement_settle_orders")
    check("Variables override bucket, pipeline and projects (the document's multi-table example)",
          s is not None and s.kwargs["bucket_name"] == "airflow-completion-markers" and s.kwargs["bucket_key"] ==
          "completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/{{ ds_nodash }}_*/completion_marker.txt",
          s and s.kwargs)
    for projects, why in ((["ok_name", "a/b"], "a name with '/'"), (["a.b", "a_b"], "task ids that would collide"),
                          (["x*"], "a glob character")):
        try:
            load_dag({"cairn_projects": json.dumps(projects)})
            check(f"refused at parse: {why}", False, "loaded")
        except ValueError:
            check(f"refused at parse: {why}", True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
