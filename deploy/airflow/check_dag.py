#!/usr/bin/env python3
"""Offline check of cairn_markers_dag.py and cairn_marker_sensor.py without Airflow (not installable here).

Loads both files with minimal stand-ins for the Airflow and Amazon-provider names they import, then checks:
- no Variable is read while the DAG file is parsed; the graph is plan -> wait_for_marker (CairnMarkerSensor mapped
  with .expand(project=plan())) -> read_execution_metadata.expand(folder=...) -> process.expand(metadata=...);
  the sensor is deferrable, 1 h timeout, bucket/pipeline/connection templated from the Variables;
- plan: POSTs the Variables' projects and mode to a local fake planner (a real HTTP server) and returns the projects
  with run=true; names that are not Cairn names are refused;
- the sensor against marker folders laid out as the marker-service writes them (completion_marker.txt or
  failure_marker.txt last): no marker -> it defers to CairnMarkerTrigger (serializable by its import path); a failure
  marker -> AirflowFailException with the Error: line within the first poke (one listing); a completion marker (also
  after a failure the same day) -> the folder; other days and projects with a common prefix are ignored;
- the trigger polls (asyncio, S3 calls in a thread) until a marker appears and yields its event; execute_complete
  raises on a failure event;
- read_execution_metadata reads the folder's execution_metadata.json.
The same core runs against folders written by the real marker-service in its SensorOnRealMarkers test
(FailureMarkerFlowTest). Prints one line per check; exits 1 if any failed.
"""
import asyncio
import contextlib
import importlib.util
import io
import json
import pathlib
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, HTTPServer

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from checklib import check, failures  # noqa: E402


# ------------------------------------------------------------------------------------------- Airflow stand-ins
class Node:
    dag = None

    def __init__(self, task_id, upstream=()):
        self.task_id, self.upstream = task_id, set(upstream)
        Node.dag.tasks[task_id] = self

    @property
    def output(self):
        return self


def upstreams(kwargs):
    return {v.task_id for v in kwargs.values() if isinstance(v, Node)}


class Mapped(Node):
    def __init__(self, task_id, make, partial_kwargs, expand_kwargs):
        super().__init__(task_id, upstreams(expand_kwargs))
        self.make, self.partial_kwargs, self.expand_kwargs = make, partial_kwargs, expand_kwargs


class TaskDeferred(Exception):
    def __init__(self, trigger, method_name, timeout):
        super().__init__(method_name)
        self.trigger, self.method_name, self.timeout = trigger, method_name, timeout


class AirflowFailException(Exception):
    pass


class BaseSensorOperator:
    def __init__(self, task_id=None, timeout=604800, poke_interval=60, **kwargs):
        self.task_id, self.timeout, self.poke_interval = task_id, timeout, poke_interval

    @classmethod
    def partial(cls, task_id, **partial_kwargs):
        return types.SimpleNamespace(expand=lambda **kw: Mapped(
            task_id, lambda **one: cls(task_id=task_id, **dict(partial_kwargs, **one)), partial_kwargs, kw))

    def defer(self, trigger, method_name, timeout=None):
        raise TaskDeferred(trigger, method_name, timeout)


class BaseTrigger:
    def __init__(self, **kwargs):
        pass


class TriggerEvent:
    def __init__(self, payload):
        self.payload = payload


class TaskCall(Node):
    def __init__(self, task_id, fn, kwargs, mapped=False):
        super().__init__(task_id, upstreams(kwargs))
        self.fn, self.kwargs, self.mapped = fn, kwargs, mapped


def task(fn):
    return _Decorated(fn)


class _Decorated:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, **kwargs):
        return TaskCall(self.fn.__name__, self.fn, kwargs)

    def expand(self, **kwargs):
        return TaskCall(self.fn.__name__, self.fn, kwargs, mapped=True)


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, {}

    def __enter__(self):
        Node.dag = self
        return self

    def __exit__(self, *exc):
        return False


class Variable:
    values, reads = {}, []

    @classmethod
    def get(cls, key, default=None, deserialize_json=False):
        cls.reads.append(key)
        if key not in cls.values:
            return default
        return json.loads(cls.values[key]) if deserialize_json else cls.values[key]


class S3Hook:
    objects, listings = {}, 0     # (bucket, key) -> body; number of list calls

    def __init__(self, aws_conn_id="aws_default"):
        self.aws_conn_id = aws_conn_id

    def list_keys(self, bucket_name=None, prefix=""):
        S3Hook.listings += 1
        return sorted(k for b, k in self.objects if b == bucket_name and k.startswith(prefix))

    def read_key(self, key, bucket_name=None):
        return self.objects[(bucket_name, key)]


def stand_ins():
    names = {
        "airflow": {"DAG": DAG}, "airflow.decorators": {"task": task}, "airflow.models": {"Variable": Variable},
        "airflow.exceptions": {"AirflowFailException": AirflowFailException},
        "airflow.triggers": {}, "airflow.triggers.base": {"BaseTrigger": BaseTrigger, "TriggerEvent": TriggerEvent},
        "airflow.sensors": {}, "airflow.sensors.base": {"BaseSensorOperator": BaseSensorOperator},
        "airflow.providers": {}, "airflow.providers.amazon": {}, "airflow.providers.amazon.aws": {},
        "airflow.providers.amazon.aws.hooks": {}, "airflow.providers.amazon.aws.hooks.s3": {"S3Hook": S3Hook},
    }
    for name, attrs in names.items():
        module = types.ModuleType(name)
        for k, v in attrs.items():
            setattr(module, k, v)
        sys.modules[name] = module


def load(name):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------- marker folders
def put_folder(pipeline, project, folder, failed=False, error="MySQL timeout", bucket="cairn-markers"):
    """The files as marker-service/README.md describes them (the text marker last)."""
    prefix = f"completion_markers/{pipeline}/{project}/{folder}/"
    status = "failed" if failed else "success"
    S3Hook.objects[(bucket, prefix + "execution_metadata.json")] = json.dumps({
        "execution_id": f"postprocess_{folder[:15]}_a3f8e1b2", "pipeline": pipeline, "tables_requested": [project],
        "status": status, "duration_seconds": 45.2, "stage": "postprocess", "config_id": "default",
        "summary": {"success_count": 0 if failed else 1, "failure_count": 1 if failed else 0,
                    "total_rows_processed": 15000, "total_files_created": 3}})
    marker = "failure_marker.txt" if failed else "completion_marker.txt"
    first = "SYNC_FAILED" if failed else "SYNC_COMPLETED"
    S3Hook.objects[(bucket, prefix + marker)] = (
        f"{first}\nPipeline: {pipeline}\nTable: {project}\nStatus: {status.upper()}\n"
        + (f"Error: {error}\n" if failed else "Rows: 15000\n"))


class FakePlanner(BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakePlanner.requests.append((self.path, self.headers.get("Authorization"), body))
        answer = {"projects": [{"project": p, "run": p != "mission_002", "level": None if p != "mission_002"
                                else "postprocess", "skip_stages": []} for p in body["projects"]]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def check_graph(dag):
    check("no Variable is read while the DAG file is parsed", Variable.reads == [], Variable.reads)
    check("DAG cairn_completion_markers loads (Airflow stand-ins), schedule and catchup set",
          dag.dag_id == "cairn_completion_markers" and dag.kwargs.get("schedule") and dag.kwargs.get("catchup") is False)
    t = dag.tasks
    wait = t.get("wait_for_marker")
    check("plan -> wait_for_marker (CairnMarkerSensor.partial(...).expand(project=plan())) -> "
          "read_execution_metadata.expand(folder=...) -> process.expand(metadata=...)",
          isinstance(wait, Mapped) and wait.upstream == {"plan"} and set(wait.expand_kwargs) == {"project"}
          and t["read_execution_metadata"].mapped and t["read_execution_metadata"].upstream == {"wait_for_marker"}
          and t["process"].mapped and t["process"].upstream == {"read_execution_metadata"}, sorted(t))
    k = wait.partial_kwargs if wait else {}
    check("sensor: deferrable, timeout 3600, bucket/pipeline/connection templated from the Variables at run time",
          k.get("deferrable") is True and k.get("timeout") == 3600 and "var.value" in k.get("bucket", "")
          and "var.value" in k.get("pipeline", "") and "var.value" in k.get("aws_conn_id", "")
          and k.get("ds_nodash") == "{{ ds_nodash }}", k)


def check_plan(dag):
    server = HTTPServer(("127.0.0.1", 0), FakePlanner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Variable.values = {"cairn_planner_url": f"http://127.0.0.1:{server.server_port}/", "cairn_token": "t0k",
                       "cairn_skip_if_complete": "both", "cairn_pipeline": "us_dw_hybrid_v1_2",
                       "cairn_projects": json.dumps(["mission_001", "mission_002", "mission_003"])}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        planned = dag.tasks["plan"].fn()
    path, auth, body = FakePlanner.requests[-1]
    check("plan: POST /api/v1/plan?fresh=true with the Variables (token, mode, pipeline, projects); "
          "returns the projects to run and logs the skipped one",
          planned == ["mission_001", "mission_003"] and path == "/api/v1/plan?fresh=true" and auth == "Bearer t0k"
          and body == {"pipeline": "us_dw_hybrid_v1_2", "projects": ["mission_001", "mission_002", "mission_003"],
                       "skip_if_complete": "both"} and "Skipping mission_002" in out.getvalue(), (planned, body))
    for projects, why in ((["ok_name", "a/b"], "a name with '/'"), (["x*"], "a glob character"), ("abc", "no list")):
        Variable.values["cairn_projects"] = json.dumps(projects)
        try:
            dag.tasks["plan"].fn()
            check(f"plan refuses {why}", False, "planned")
        except ValueError:
            check(f"plan refuses {why}", True)
    server.shutdown()


def sensor(dag, project, pipeline="photogrammetry"):
    return dag.tasks["wait_for_marker"].make(project=project, bucket="cairn-markers", pipeline=pipeline,
                                             ds_nodash="20250912", aws_conn_id="aws_default")


def check_sensor(dag, module):
    put_folder("photogrammetry", "mission_001", "20250911_235959")                 # the day before
    put_folder("photogrammetry", "mission_0010", "20250912_101010", failed=True)    # common name prefix
    s = sensor(dag, "mission_001")
    try:
        s.execute({})
        check("no marker yet: the sensor defers to CairnMarkerTrigger", False, "returned")
    except TaskDeferred as d:
        path, kwargs = d.trigger.serialize()
        check("no marker yet: the sensor defers to CairnMarkerTrigger (serialized by import path, 1 h timeout)",
              path == "cairn_marker_sensor.CairnMarkerTrigger" and kwargs["project"] == "mission_001"
              and d.method_name == "execute_complete" and d.timeout.total_seconds() == 3600, (path, kwargs))
        trigger = d.trigger
    put_folder("photogrammetry", "mission_001", "20250912_143022", failed=True, error="GPU lost")
    before = S3Hook.listings
    try:
        s.execute({})
        check("a failure marker fails the sensor within one poke", False, "no error")
    except AirflowFailException as e:
        check("a failure marker fails the sensor within one poke (AirflowFailException with the Error: line)",
              S3Hook.listings - before == 1 and "GPU lost" in str(e) and "20250912_143022/" in str(e), str(e))
    except TaskDeferred:
        check("a failure marker fails the sensor within one poke", False, "it deferred (kept waiting)")
    put_folder("photogrammetry", "mission_001", "20250912_150000")
    check("a completion marker (also after a failed execution the same day) succeeds with its folder",
          s.execute({}) == "s3://cairn-markers/completion_markers/photogrammetry/mission_001/20250912_150000/")

    async def first_event(trigger, later):
        async def run():
            async for event in trigger.run():
                return event.payload
        task_ = asyncio.ensure_future(run())
        await asyncio.sleep(0.05)
        pending = not task_.done()
        later()
        return pending, await asyncio.wait_for(task_, 5)
    trigger = module.CairnMarkerTrigger("cairn-markers", "photogrammetry", "mission_003", "20250912",
                                        poke_interval=0.01)
    pending, event = asyncio.run(first_event(
        trigger, lambda: put_folder("photogrammetry", "mission_003", "20250912_090000", failed=True, error="oom")))
    check("the trigger polls until a marker appears, then yields its event",
          pending and event["status"] == "failed" and event["error"] == "oom", event)
    try:
        sensor(dag, "mission_003").execute_complete({}, event)
        check("execute_complete raises on the trigger's failure event", False, "no error")
    except AirflowFailException as e:
        check("execute_complete raises on the trigger's failure event", "oom" in str(e), str(e))
    Variable.values = {}
    read = dag.tasks["read_execution_metadata"].fn
    with contextlib.redirect_stdout(io.StringIO()):
        result = read("s3://cairn-markers/completion_markers/photogrammetry/mission_001/20250912_150000/")
    check("read_execution_metadata reads the sensor's folder (rows, files, status)",
          result["total_rows_processed"] == 15000 and result["total_files_created"] == 3
          and result["status"] == "success" and result["project"] == "mission_001", result)


def main():
    stand_ins()
    module = load("cairn_marker_sensor")
    dag = load("cairn_markers_dag").dag
    check_graph(dag)
    check_plan(dag)
    check_sensor(dag, module)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
