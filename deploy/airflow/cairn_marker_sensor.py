"""A fail-fast, deferrable sensor for Cairn's S3 marker folders (completion and failure markers).

Cairn's marker-service writes, per execution of a project,
    completion_markers/{pipeline}/{project}/{yyyyMMdd_HHmmss}/completion_marker.txt   (stage.completed, last file)
    completion_markers/{pipeline}/{project}/{yyyyMMdd_HHmmss}/failure_marker.txt      (stage.failed, last file)
CairnMarkerSensor succeeds as soon as a completion_marker.txt of the day exists, and FAILS as soon as, without one,
a failure_marker.txt of the day exists (its Error: line in the message) -- in seconds, not at the timeout.
It is deferrable: after a first poke in the worker it hands over to CairnMarkerTrigger, which polls S3 in the
triggerer without holding a worker slot (the blocking S3 calls run in a thread, never on the triggerer's loop).

The core (marker_state, poke) imports nothing from Airflow and is what deploy/airflow/check_dag.py and the
marker-service's SensorOnRealMarkersTest run. Put this file next to the DAG (dags folder) or in the plugins folder:
the triggerer imports the trigger by its path "cairn_marker_sensor.CairnMarkerTrigger".
"""
from __future__ import annotations

import asyncio
import fnmatch
import re

COMPLETION_MARKER = "completion_marker.txt"
FAILURE_MARKER = "failure_marker.txt"


class CairnSyncFailed(Exception):
    """A failure marker was found for the project and day (and no completion marker)."""


def marker_pattern(pipeline: str, project: str, ds_nodash: str, marker: str = COMPLETION_MARKER) -> str:
    """Keys of any execution of `project` that started on day `ds_nodash` (UTC)."""
    return f"completion_markers/{pipeline}/{project}/{ds_nodash}_*/{marker}"


def listing_prefix(pattern: str) -> str:
    """What to list for a wildcard key: everything before the first glob character."""
    return re.split(r"[\[*?]", pattern, maxsplit=1)[0]


def _folders(keys, pattern: str) -> list[str]:
    marker = pattern.rsplit("/", 1)[-1]
    return sorted({k[: -len(marker)] for k in keys if fnmatch.fnmatch(k, pattern)})


def marker_state(keys, pipeline: str, project: str, ds_nodash: str):
    """("success", folder) if a completion marker of the day exists, else ("failed", folder) if a failure marker
    does, else None. A completion wins: a re-run that succeeded after a failed one the same day has delivered."""
    done = _folders(keys, marker_pattern(pipeline, project, ds_nodash, COMPLETION_MARKER))
    if done:
        return "success", done[-1]
    failed = _folders(keys, marker_pattern(pipeline, project, ds_nodash, FAILURE_MARKER))
    if failed:
        return "failed", failed[-1]
    return None


def failure_error(text: str) -> str:
    """The Error: line of a failure_marker.txt."""
    for line in text.splitlines():
        if line.startswith("Error: "):
            return line[len("Error: "):]
    return "unknown"


def poke(list_keys, read_text, bucket: str, pipeline: str, project: str, ds_nodash: str):
    """One look at the bucket. list_keys(bucket, prefix) -> keys; read_text(bucket, key) -> str.
    Returns {"status": "success", "folder": ...}, {"status": "failed", "folder": ..., "error": ...} or None."""
    prefix = listing_prefix(marker_pattern(pipeline, project, ds_nodash))
    state = marker_state(list_keys(bucket, prefix) or [], pipeline, project, ds_nodash)
    if state is None:
        return None
    status, folder = state
    event = {"status": status, "folder": f"s3://{bucket}/{folder}", "project": project}
    if status == "failed":
        event["error"] = failure_error(read_text(bucket, folder + FAILURE_MARKER))
    return event


def outcome(event):
    """What the sensor does with a poke's result: returns the folder on success, raises CairnSyncFailed."""
    if event["status"] == "failed":
        raise CairnSyncFailed(f"{event['project']}: Cairn wrote a failure marker {event['folder']}: {event['error']}")
    return event["folder"]


# ------------------------------------------------------------------------------------- the Airflow classes
try:
    from airflow.exceptions import AirflowFailException
    from airflow.providers.amazon.aws.hooks.s3 import S3Hook
    from airflow.triggers.base import BaseTrigger, TriggerEvent
    try:  # Airflow 3
        from airflow.sdk.bases.sensor import BaseSensorOperator
    except ImportError:  # Airflow 2
        from airflow.sensors.base import BaseSensorOperator
except ImportError:  # the core above is usable without Airflow (tests)
    BaseSensorOperator = BaseTrigger = None

if BaseSensorOperator is not None:

    def _s3_calls(aws_conn_id):
        hook = S3Hook(aws_conn_id=aws_conn_id)
        return (lambda bucket, prefix: hook.list_keys(bucket_name=bucket, prefix=prefix),
                lambda bucket, key: hook.read_key(key=key, bucket_name=bucket))

    class CairnMarkerTrigger(BaseTrigger):
        """Polls the bucket every poke_interval seconds in the triggerer until a marker of the day appears."""

        def __init__(self, bucket, pipeline, project, ds_nodash, aws_conn_id="aws_default", poke_interval=30.0):
            super().__init__()
            self.bucket, self.pipeline, self.project, self.ds_nodash = bucket, pipeline, project, ds_nodash
            self.aws_conn_id, self.poke_interval = aws_conn_id, poke_interval

        def serialize(self):
            return ("cairn_marker_sensor.CairnMarkerTrigger",
                    {"bucket": self.bucket, "pipeline": self.pipeline, "project": self.project,
                     "ds_nodash": self.ds_nodash, "aws_conn_id": self.aws_conn_id,
                     "poke_interval": self.poke_interval})

        async def run(self):
            list_keys, read_text = _s3_calls(self.aws_conn_id)
            while True:
                event = await asyncio.to_thread(poke, list_keys, read_text, self.bucket, self.pipeline,
                                                self.project, self.ds_nodash)
                if event is not None:
                    yield TriggerEvent(event)
                    return
                await asyncio.sleep(self.poke_interval)

    class CairnMarkerSensor(BaseSensorOperator):
        """Succeeds on completion_marker.txt, fails on failure_marker.txt of the same project and day."""

        template_fields = ("bucket", "pipeline", "project", "ds_nodash", "aws_conn_id")

        def __init__(self, *, bucket, pipeline, project, ds_nodash="{{ ds_nodash }}", aws_conn_id="aws_default",
                     deferrable=True, **kwargs):
            super().__init__(**kwargs)
            self.bucket, self.pipeline, self.project, self.ds_nodash = bucket, pipeline, project, ds_nodash
            self.aws_conn_id, self.deferrable = aws_conn_id, deferrable

        def poke(self, context):
            event = poke(*_s3_calls(self.aws_conn_id), self.bucket, self.pipeline, self.project, self.ds_nodash)
            return event is not None and self._finish(event) is not None

        def execute(self, context):
            event = poke(*_s3_calls(self.aws_conn_id), self.bucket, self.pipeline, self.project, self.ds_nodash)
            if event is not None:          # already there: a failure fails within this first poke
                return self._finish(event)
            if not self.deferrable:
                return super().execute(context)
            from datetime import timedelta
            self.defer(trigger=CairnMarkerTrigger(self.bucket, self.pipeline, self.project, self.ds_nodash,
                                                  self.aws_conn_id, self.poke_interval),
                       method_name="execute_complete", timeout=timedelta(seconds=self.timeout))

        def execute_complete(self, context, event=None):
            return self._finish(event)

        @staticmethod
        def _finish(event):
            try:
                return outcome(event)
            except CairnSyncFailed as e:
                raise AirflowFailException(str(e)) from e   # no retries: the run failed, waiting will not help
