#!/usr/bin/env python3
"""Offline checks of cairn-photogrammetry-workflowtemplate.yaml (no cluster, no Argo, no Cairn needed).

1. Structure Argo needs: apiVersion/kind/metadata.name/spec.entrypoint; unique template names; every template a
   step or task calls exists and gets exactly its declared inputs (those without a default); `depends` names tasks of
   the same DAG; every {{inputs.parameters.X}}, {{workflow.parameters.X}}, {{steps.X...}}, {{tasks.X...}} reference
   resolves in its template; SKIP_IF_COMPLETE offers none/metashape/postprocess/both.
2. Behaviour: a small interpreter walks the template (dag, steps, withParam, when, depends, `{{=...}}` expressions,
   raw input artifacts) and runs every container of the cairn CLI image with the real CLI (cli/target/cairn.jar
   through cli/bin/cairn, with the template's arguments and environment), against a fake Cairn (planner + ledger) on
   127.0.0.1 that answers as the planner and ledger READMEs say. The placeholders (the real work) are simulated. For
   each SKIP_IF_COMPLETE mode it checks which projects run and which stage.completed events reach the ledger (the
   `both` mode skipping metashape of a project whose metashape is recorded), that every event is valid against
   contracts' stage-event.v1.json, that a retried event step is answered "duplicate" and succeeds, that a changed
   payload under the same id is kept as first recorded, that bad metrics fail the step, that the exit handler's
   `cairn emit failed` arrives, and that the declare step needs no write when the pipeline is declared.
   Without a built cli/target/cairn.jar (or CAIRN_JAR) this part is skipped, saying so.
Prints one line per check; exits 1 if any failed.
"""
import hashlib
import http.server
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timedelta, timezone

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVENTS = pathlib.Path(__file__).resolve().parent / "cairn-markers-events.yaml"
TEMPLATE = HERE / "cairn-photogrammetry-workflowtemplate.yaml"
SCHEMA = ROOT / "contracts" / "src" / "main" / "resources" / "schemas" / "stage-event.v1.json"
TOKEN = "test-token"
CLI_IMAGE = "{{workflow.parameters.CAIRN_CLI_IMAGE}}"
LAUNCHER = ROOT / "cli" / "bin" / "cairn"
JAR = pathlib.Path(os.environ.get("CAIRN_JAR") or ROOT / "cli" / "target" / "cairn.jar")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from checklib import check, failures  # noqa: E402


# ---------------------------------------------------------------------------------------------------- structure
def refs(obj):
    """Every {{...}} tag in a template (recursively), without the braces."""
    text = json.dumps(obj)
    return re.findall(r"\{\{\s*([^}]+?)\s*\}\}", text)


def structure(wt):
    problems = []
    if wt.get("apiVersion") != "argoproj.io/v1alpha1" or wt.get("kind") != "WorkflowTemplate":
        problems.append("apiVersion/kind")
    if not wt.get("metadata", {}).get("name"):
        problems.append("metadata.name")
    spec = wt.get("spec", {})
    templates = {t["name"]: t for t in spec.get("templates", [])}
    if len(templates) != len(spec.get("templates", [])):
        problems.append("duplicate template names")
    if spec.get("entrypoint") not in templates:
        problems.append(f"entrypoint {spec.get('entrypoint')} is no template")
    wparams = {p["name"]: p for p in spec.get("arguments", {}).get("parameters", [])}
    mode = wparams.get("SKIP_IF_COMPLETE", {})
    if set(mode.get("enum", [])) != {"none", "metashape", "postprocess", "both"}:
        problems.append("SKIP_IF_COMPLETE enum")
    volumes = {v["name"] for v in spec.get("volumes", [])}

    def call_problems(where, call):
        target = templates.get(call.get("template"))
        if target is None:
            return [f"{where} calls unknown template {call.get('template')}"]
        declared = {p["name"]: p for p in target.get("inputs", {}).get("parameters", [])}
        given = {p["name"] for p in call.get("arguments", {}).get("parameters", [])}
        out = [f"{where}: argument {g} is no input of {target['name']}" for g in given - set(declared)]
        out += [f"{where}: input {n} of {target['name']} not given" for n, p in declared.items()
                if n not in given and "value" not in p and "default" not in p]
        return out

    for t in templates.values():
        name = t["name"]
        inputs = {p["name"] for p in t.get("inputs", {}).get("parameters", [])}
        body = {k: v for k, v in t.items() if k not in ("dag", "steps")}
        for r in refs(body):
            if r.startswith("inputs.parameters.") and r.split(".", 2)[2] not in inputs:
                problems.append(f"{name}: {r} is not declared")
            if r.startswith("workflow.parameters.") and r.split(".", 2)[2] not in wparams:
                problems.append(f"{name}: {r} is not a workflow parameter")
        for c in t.get("container", t.get("script", {})).get("volumeMounts", []):
            if c["name"] not in volumes:
                problems.append(f"{name}: volume {c['name']} not in spec.volumes")
        if "dag" in t:
            tasks = {k["name"]: k for k in t["dag"]["tasks"]}
            for task in tasks.values():
                problems += call_problems(f"{name}/{task['name']}", task)
                for dep in re.findall(r"([A-Za-z0-9-]+)\.(?:Succeeded|Skipped|Failed|Errored|Omitted|Daemoned)",
                                      task.get("depends", "")):
                    if dep not in tasks:
                        problems.append(f"{name}/{task['name']} depends on unknown task {dep}")
                for r in refs(task):
                    if r.startswith("tasks.") and r.split(".")[1] not in tasks:
                        problems.append(f"{name}/{task['name']}: {r} names no task")
                    if r.startswith("item") and "withParam" not in task and "withItems" not in task:
                        problems.append(f"{name}/{task['name']}: {r} outside a loop")
                    if r.startswith("inputs.parameters.") and r.split(".", 2)[2] not in inputs:
                        problems.append(f"{name}/{task['name']}: {r} is not declared")
        if "steps" in t:
            before = set()
            for group in t["steps"]:
                for step in group:
                    problems += call_problems(f"{name}/{step['name']}", step)
                    for hook, call in step.get("hooks", {}).items():   # an exit hook may name its own step
                        problems += call_problems(f"{name}/{step['name']}/hooks.{hook}", call)
                        problems += [f"{name}/{step['name']}/hooks.{hook}: {r} names no step before it"
                                     for r in refs(call) if r.startswith("steps.")
                                     and r.split(".")[1] not in before | {step["name"]}]
                    for r in refs({k: v for k, v in step.items() if k != "hooks"}):
                        if r.startswith("steps.") and r.split(".")[1] not in before:
                            problems.append(f"{name}/{step['name']}: {r} names no earlier step")
                        if r.startswith("inputs.parameters.") and r.split(".", 2)[2] not in inputs:
                            problems.append(f"{name}/{step['name']}: {r} is not declared")
                before |= {s["name"] for s in group}
    check(f"Argo structure ({len(templates)} templates, entrypoint {spec.get('entrypoint')})", not problems,
          "; ".join(problems))
    return templates, wparams


# ---------------------------------------------------------------------------------------------------- fake Cairn
class FakeCairn(http.server.ThreadingHTTPServer):
    STAGES = ["metashape", "postprocess"]

    def __init__(self, levels, declared=True):
        super().__init__(("127.0.0.1", 0), Handler)
        self.declared = declared          # deploy/k8s declares photogrammetry at the ledger's start
        self.puts = []                    # PUT /api/v1/pipelines bodies (an emit token may not write: 403)
        self.levels = levels              # project -> recorded level (None: not recorded)
        self.events = {}                  # event_id -> event
        self.answers = []                 # (event_id, status)
        self.plan_requests = []
        self.problems = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.reply(401, {"error": "unauthorized"})
            return False
        return True

    def body(self):
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def do_GET(self):
        if not self.authorised():
            return
        if self.path == "/api/v1/pipelines/photogrammetry" and self.server.declared:
            return self.reply(200, {"pipeline": "photogrammetry", "stages": FakeCairn.STAGES})
        self.reply(404, {"error": "not_found", "message": f"{self.path} not found"})

    def do_PUT(self):
        """The workflow's token is an emit token: the ledger refuses it any pipeline write (403)."""
        if not self.authorised():
            return
        self.server.puts.append((self.path, self.body()))
        self.reply(403, {"error": "forbidden", "message": "this token may not write pipelines"})

    def do_POST(self):
        if not self.authorised():
            return
        body = self.body()
        if self.path == "/api/v1/plan?fresh=true":
            self.server.plan_requests.append(body)
            self.reply(200, self.plan(body))
        elif self.path == "/api/v1/events":
            self.event(body)
        else:
            self.reply(404, {"error": "not_found"})

    def plan(self, body):
        """POST /api/v1/plan as planner-service/README.md describes it (modes, skip_stages, skip_<stage>)."""
        stages, mode, out = FakeCairn.STAGES, body["skip_if_complete"], []
        for project in body["projects"]:
            level = self.server.levels.get(project)
            rank = stages.index(level) if level else -1
            entry = {"project": project, "run": True, "level": level, "skip_stages": [],
                     "reason": "not_recorded" if level is None else "below_level"}
            if mode == "none":
                entry["reason"] = "skip_if_complete_none"
            elif mode == "both":
                if rank == len(stages) - 1:
                    entry.update(run=False, reason="complete")
                elif rank >= 0:
                    entry.update(skip_stages=stages[:rank + 1], reason="partial")
                    entry.update({f"skip_{s}": True for s in stages[:rank + 1]})
            elif rank >= stages.index(mode):
                entry.update(run=False, reason="complete")
            out.append(entry)
        return {"pipeline": body["pipeline"], "config_id": body["config_id"], "skip_if_complete": mode,
                "stages": stages, "as_of": "2024-01-15T11:00:00.412Z", "lag": 0, "warnings": [],
                "summary": {"requested": len(out), "to_run": sum(e["run"] for e in out)}, "projects": out}

    def event(self, event):
        """POST /api/v1/events: 201 applied, 200 duplicate, 409 conflicting duplicate, 422 invalid."""
        problems = validate_event(event)
        if problems:
            self.server.problems.append(f"invalid event {event.get('event_id')}: {problems}")
            return self.reply(422, {"error": "invalid_event", "problems": problems})
        seen = self.server.events.get(event["event_id"])
        status = 201 if seen is None else 200 if seen == event else 409
        if seen is None:
            self.server.events[event["event_id"]] = event
        self.server.answers.append((event["event_id"], status))
        self.reply(status, {"event_id": event["event_id"]})


def validate_event(event):
    problems = []
    try:
        import jsonschema
        schema = json.loads(SCHEMA.read_text())
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        problems += [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(event)]
    except ImportError:
        for field in ("event_id", "type", "pipeline", "project", "stage", "occurred_at"):
            if field not in event:
                problems.append(f"{field} missing")
    for field in ("occurred_at", "started_at"):
        if field in event:
            try:
                if datetime.fromisoformat(event[field].replace("Z", "+00:00")).tzinfo is None:
                    problems.append(f"{field} without offset")
            except ValueError:
                problems.append(f"{field} not ISO-8601")
    return problems


# ---------------------------------------------------------------------------------------------------- interpreter
class Run:
    """Walks the WorkflowTemplate like Argo would, for this template's features."""

    def __init__(self, templates, wparams, workflow_name, overrides, url):
        self.templates = templates
        self.scope = {"workflow.name": workflow_name, "workflow.namespace": "argo"}
        for name, p in wparams.items():
            self.scope[f"workflow.parameters.{name}"] = overrides.get(name, p.get("value", ""))
        self.scope["workflow.parameters.PLANNER_URL"] = url
        self.scope["workflow.parameters.LEDGER_URL"] = url
        self.clock = datetime(2024, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
        self.calls = []          # (template, inputs, exit code[, stderr, args, stdout])
        self.sandbox = tempfile.mkdtemp(prefix="cairn-argo-")

    @staticmethod
    def subst(value, scope):
        def one(m):
            key = m.group(1).strip()
            if key not in scope:
                raise KeyError(f"unresolved {{{{{key}}}}}")
            return str(scope[key])
        value = re.sub(r"\{\{=\s*(.+?)\s*\}\}", lambda m: str(Run.expression(m.group(1), scope)), value)
        return re.sub(r"\{\{\s*([^}=]+?)\s*\}\}", one, value)

    @staticmethod
    def expression(expr, scope):
        """An Argo `{{=...}}` expression of the forms used here (==, ||, &&, c ? a : b, 'strings', parameters),
        translated to Python: parameters become their values, and nothing else can be named."""
        names = {}

        def param(m):
            key = m.group(0)
            if key not in scope:
                raise KeyError(f"unresolved {key} in {{{{={expr}}}}}")
            names[f"_v{len(names)}"] = scope[key]
            return f"_v{len(names) - 1}"
        py = re.sub(r"(?:workflow|inputs)\.parameters\.[A-Za-z0-9_-]+", param, expr)
        py = py.replace("||", " or ").replace("&&", " and ")
        m = re.fullmatch(r"(.+?)\?(.+?):(.+)", py)
        if m:
            py = f"({m.group(2)}) if ({m.group(1)}) else ({m.group(3)})"
        return eval(py, {"__builtins__": {}}, names)

    @staticmethod
    def truth(expr):
        """Argo `when` after substitution, for the `a != b` / `a == b` form used here."""
        m = re.fullmatch(r"\s*(\S+)\s*(!=|==)\s*(\S+)\s*", expr)
        if not m:
            raise ValueError(f"cannot evaluate when: {expr}")
        a, op, b = m.groups()
        return (a != b) if op == "!=" else (a == b)

    @staticmethod
    def depends(expr, status):
        py = re.sub(r"([A-Za-z0-9-]+)\.(Succeeded|Skipped|Failed|Omitted)",
                    lambda m: str(status.get(m.group(1)) == m.group(2)), expr)
        return eval(py.replace("&&", " and ").replace("||", " or "))   # only True/False/and/or/() remain

    def args(self, call, scope):
        return {p["name"]: self.subst(str(p["value"]), scope) for p in call.get("arguments", {}).get("parameters", [])}

    def node(self, status, outputs=None):
        start = self.clock
        self.clock += timedelta(minutes=7, seconds=3)
        return {"status": status, "outputs": outputs or {}, "startedAt": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "finishedAt": self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def run(self, name, inputs):
        t = self.templates[name]
        for p in t.get("inputs", {}).get("parameters", []):
            inputs.setdefault(p["name"], p.get("value", p.get("default")))
        scope = dict(self.scope)
        scope.update({f"inputs.parameters.{k}": v for k, v in inputs.items()})
        if "dag" in t:
            return self.dag(t, scope)
        if "steps" in t:
            return self.steps(t, scope)
        return self.container(t, scope, inputs)

    def dag(self, t, scope):
        status, ok = {}, True
        for task in t["dag"]["tasks"]:        # written in dependency order
            if task.get("depends") and not self.depends(task["depends"], status):
                status[task["name"]] = "Omitted"
                continue
            items = [None]
            if "withParam" in task:
                items = json.loads(self.subst(task["withParam"], scope))
            children = []
            for item in items:
                s = dict(scope)
                if item is not None:
                    s.update({f"item.{k}": json.dumps(v) if isinstance(v, (bool, type(None), list, dict)) else v
                              for k, v in item.items()})
                if "when" in task and not self.truth(self.subst(task["when"], s)):
                    children.append(self.node("Skipped"))
                    continue
                children.append(self.run(task["template"], self.args(task, s)))
            if "withParam" in task and not items:
                result = self.node("Skipped")
            elif all(c["status"] == "Skipped" for c in children):
                result = self.node("Skipped")
            else:
                result = children[-1] if all(c["status"] in ("Succeeded", "Skipped") for c in children) \
                    else self.node("Failed")
                result = dict(result, status="Succeeded" if result["status"] != "Failed" else "Failed")
            status[task["name"]] = result["status"]
            ok &= result["status"] != "Failed"
            scope[f"tasks.{task['name']}.startedAt"] = result["startedAt"]
            scope[f"tasks.{task['name']}.finishedAt"] = result["finishedAt"]
            if "result" in result["outputs"]:
                scope[f"tasks.{task['name']}.outputs.result"] = result["outputs"]["result"]
        return self.node("Succeeded" if ok else "Failed")

    def steps(self, t, scope):
        for group in t["steps"]:
            for step in group:
                result = self.run(step["template"], self.args(step, scope))
                if result["status"] == "Failed":
                    return self.node("Failed")
                scope[f"steps.{step['name']}.startedAt"] = result["startedAt"]
                scope[f"steps.{step['name']}.finishedAt"] = result["finishedAt"]
                for k, v in result["outputs"].get("parameters", {}).items():
                    scope[f"steps.{step['name']}.outputs.parameters.{k}"] = v
        return self.node("Succeeded")

    def container(self, t, scope, inputs):
        """Containers of the CLI image run the real CLI; the placeholders are not run (no images here): they 'write'
        the metrics the placeholder writes. Absolute paths of raw input artifacts live in a sandbox directory."""
        c = t["container"]
        if c.get("image") != CLI_IMAGE:
            self.calls.append((t["name"], dict(inputs), 0))
            params = {p["name"]: '{"files_created": 0}' for p in t.get("outputs", {}).get("parameters", [])}
            return self.node("Succeeded", {"parameters": params})
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CAIRN_JAR": str(JAR),
               "HOME": self.sandbox, "XDG_CONFIG_HOME": self.sandbox,
               # short-lived JVMs: start fast (the image's launcher uses its defaults)
               "CAIRN_JAVA_OPTS": "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"}
        if os.environ.get("JAVA_HOME"):
            env["JAVA_HOME"] = os.environ["JAVA_HOME"]
        for e in c.get("env", []):
            if "valueFrom" in e:
                self.subst(e["valueFrom"]["secretKeyRef"]["name"], scope)     # must resolve
                env[e["name"]] = TOKEN
            else:
                env[e["name"]] = self.subst(str(e["value"]), scope)
        paths = {}
        for a in t.get("inputs", {}).get("artifacts", []):
            local = pathlib.Path(self.sandbox) / a["path"].lstrip("/")
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_text(self.subst(a["raw"]["data"], scope))
            paths[a["path"]] = str(local)
        args = [paths.get(a, a) for a in (self.subst(str(a), scope) for a in c.get("command", []) + c["args"])]
        proc = subprocess.run([str(LAUNCHER)] + args, env=env, capture_output=True, text=True, timeout=600)
        self.calls.append((t["name"], dict(inputs), proc.returncode, proc.stderr.strip(), args, proc.stdout.strip()))
        return self.node("Succeeded" if proc.returncode == 0 else "Failed", {"result": proc.stdout.strip()})


# ---------------------------------------------------------------------------------------------------- scenarios
LEVELS = {"mission_001": None, "mission_002": "metashape", "mission_003": "postprocess"}
EXPECTED = {   # mode -> {project: stages whose stage.completed event is sent}
    "none": {"mission_001": ["metashape", "postprocess"], "mission_002": ["metashape", "postprocess"],
             "mission_003": ["metashape", "postprocess"]},
    "metashape": {"mission_001": ["metashape", "postprocess"]},
    "postprocess": {"mission_001": ["metashape", "postprocess"], "mission_002": ["metashape", "postprocess"]},
    "both": {"mission_001": ["metashape", "postprocess"], "mission_002": ["postprocess"]},
}


def cli_event_id(*parts):
    """The CLI's stage event id (cli/.../EventIds.java): cli- + SHA-256 of the parts, each followed by a NUL."""
    return "cli-" + hashlib.sha256(b"".join(p.encode() + b"\0" for p in parts)).hexdigest()


def scenario(templates, wparams, mode, config_list):
    server = FakeCairn(dict(LEVELS))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    run = None
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        run = Run(templates, wparams, f"cairn-photogrammetry-{mode}", {
            "SKIP_IF_COMPLETE": mode, "CONFIG_LIST": config_list}, url)
        result = run.run("main", {})
        sent = {}
        for e in server.events.values():
            sent.setdefault(e["project"], []).append(e["stage"])
        errors = [c for c in run.calls if len(c) > 2 and c[2] != 0]
        ok = result["status"] == "Succeeded" and not errors and not server.problems and sent == EXPECTED[mode]
        check(f"Argo run, SKIP_IF_COMPLETE={mode}: events {sorted((p, s) for p, ss in sent.items() for s in ss)}",
              ok, f"status {result['status']}, expected {EXPECTED[mode]}, failed calls {errors}, "
                  f"server {server.problems}")
        if mode == "both":
            both_details(run, server)
        return server
    finally:
        server.shutdown()
        if run is not None:
            shutil.rmtree(run.sandbox, ignore_errors=True)


def both_details(run, server):
    """What the CLI steps of the `both` run did in detail, and the retries and failures of the event step."""
    req = server.plan_requests[0]
    check("plan step (cairn plan --config-list --items) sends the config list's projects in order, first entry of a "
          "duplicate only, config_id NONE -> default (the seed's expression)",
          req["projects"] == ["mission_001", "mission_002", "mission_003"] and req["config_id"] == "default",
          json.dumps(req))
    plan = next(c for c in run.calls if c[0] == "plan")
    check("plan step: the seed's messages on stderr, only the JSON array on stdout",
          "Skipping mission_003 (config_id=default): already complete at level 'postprocess'" in plan[3]
          and "Processing 2 projects, skipped 1 as already complete" in plan[3]
          and "mission_001 is listed more than once" in plan[3]
          and isinstance(json.loads(plan[5]), list), plan[3:])
    declare = next(c for c in run.calls if c[0] == "declare-pipeline")
    check("declare step: the pipeline is declared already, so the emit token needs no write (no PUT)",
          declare[2] == 0 and not server.puts and "is declared" in declare[5], declare[2:])
    metashape_runs = [c[1]["project"] for c in run.calls if c[0] == "metashape"]
    configs = {c[1]["project"]: c[1]["config"] for c in run.calls if c[0] == "postprocess"}
    check("both: the metashape step of mission_002 (metashape recorded) is skipped, postprocess runs",
          metashape_runs == ["mission_001"] and set(configs) == {"mission_001", "mission_002"},
          f"metashape ran for {metashape_runs}, postprocess for {sorted(configs)}")
    check("each project's step gets its config-list entry verbatim",
          configs == {"mission_001": "configs/mission_001.yml", "mission_002": "/abs/path/mission_002.yaml"},
          json.dumps(configs))
    wf = "cairn-photogrammetry-both"
    e = next(e for e in server.events.values() if e["project"] == "mission_001" and e["stage"] == "metashape")
    check("event (cairn emit completed): the CLI's id of (pipeline, project, config, stage, type, workflow name), "
          "run_id = workflow name, the stage's own times, the stage's metrics file, producer and namespace",
          e["event_id"] == cli_event_id("photogrammetry", "mission_001", "default", "metashape", "stage.completed", wf)
          and e["run_id"] == wf and e["type"] == "stage.completed"
          and e["occurred_at"].endswith("Z") and e["started_at"] < e["occurred_at"]
          and e["metrics"] == {"files_created": 0}
          and e.get("attributes") == {"producer": "argo", "workflow_namespace": "argo"}, json.dumps(e))
    # a retried event step: same event -> 200 duplicate, step succeeds; another payload under that id -> 409, the
    # ledger keeps the first and the CLI says so (and succeeds: the stage did complete)
    args = {"project": "mission_001", "config-id": "default", "stage": "metashape",
            "started-at": e["started_at"], "finished-at": e["occurred_at"], "metrics": '{"files_created": 0}'}
    again = run.run("log-completion", dict(args))
    check("a retried event step is answered 200 (duplicate) and succeeds",
          again["status"] == "Succeeded" and server.answers[-1] == (e["event_id"], 200)
          and run.calls[-1][5].startswith("already recorded"), f"{again['status']} {server.answers[-1]}")
    changed = run.run("log-completion", dict(args, **{"finished-at": "2024-01-15T23:59:59Z"}))
    check("the same event id with another payload is a 409: the first record is kept, the CLI says so",
          changed["status"] == "Succeeded" and server.answers[-1] == (e["event_id"], 409)
          and "the ledger keeps that one" in run.calls[-1][5]
          and server.events[e["event_id"]]["occurred_at"] == e["occurred_at"],
          f"{changed['status']} {server.answers[-1]} {run.calls[-1][3:]}")
    for bad, why in (("[1, 2]", "not a JSON object"), ("files: 3", "is not JSON")):
        before = len(server.answers)
        broken = run.run("log-completion", dict(args, metrics=bad))
        check(f"metrics {bad!r} from the stage fail the event step naming --metrics-json ({why}), nothing sent",
              broken["status"] == "Failed" and run.calls[-1][2] == 2 and "--metrics-json" in run.calls[-1][3]
              and len(server.answers) == before, run.calls[-1][2:4])
    groups = run.run("log-completion", dict(args, stage="postprocess", project="mission_009",
                                            metrics='{"rows_processed": 15000, "s3_metrics": {"files": 3}}'))
    e9 = next((e for e in server.events.values() if e["project"] == "mission_009"), {})
    check("metrics with groups reach the event as the stage wrote them",
          groups["status"] == "Succeeded" and e9.get("metrics") == {"rows_processed": 15000, "s3_metrics": {"files": 3}},
          json.dumps(e9))
    # the exit handler of a failed stage: cairn emit failed in the CLI image
    failed = run.run("stage-exit", {"project": "mission_001", "config-id": "default", "stage": "postprocess",
                                    "status": "Failed", "exit-code": "1"})
    f = next((e for e in server.events.values() if e["type"] == "stage.failed"), {})
    check("exit handler of a Failed stage: cairn emit failed arrives with the status, exit code and workflow name",
          failed["status"] == "Succeeded" and f.get("project") == "mission_001" and f.get("stage") == "postprocess"
          and f.get("run_id") == wf
          and f.get("error") == f"stage postprocess ended Failed (exit code 1) in workflow {wf}"
          and f.get("event_id") == cli_event_id("photogrammetry", "mission_001", "default", "postprocess",
                                                "stage.failed", wf), json.dumps(f))
    n = len(server.events)
    run.run("stage-exit", {"project": "mission_001", "config-id": "default", "stage": "postprocess",
                           "status": "Succeeded", "exit-code": "0"})
    check("exit handler of a Succeeded stage sends nothing", len(server.events) == n, len(server.events))


def undeclared(templates, wparams):
    """A pipeline the ledger does not know: the declare step tries to write it, the emit token is refused (403),
    and the step fails saying that an admin token or the ledger's pipelines file is needed."""
    server = FakeCairn(dict(LEVELS), declared=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    run = Run(templates, wparams, "cairn-photogrammetry-undeclared", {"PROJECTS": "mission_001"},
              f"http://127.0.0.1:{server.server_address[1]}")
    try:
        result = run.run("declare-pipeline", {})
        call = run.calls[-1]
        check("undeclared pipeline: the declare step PUTs the stages; an emit token's 403 fails it, naming the way out",
              result["status"] == "Failed" and call[2] == 2
              and server.puts == [("/api/v1/pipelines/photogrammetry", {"stages": FakeCairn.STAGES})]
              and "admin token" in call[3] and "CAIRN_LEDGER_PIPELINES_FILE" in call[3], call[2:4])
    finally:
        server.shutdown()
        shutil.rmtree(run.sandbox, ignore_errors=True)


def projects_param(templates, wparams, value):
    server = FakeCairn(dict(LEVELS))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        run = Run(templates, wparams, "cairn-photogrammetry-projects",
                  {"SKIP_IF_COMPLETE": "postprocess", "PROJECTS": value, "PHOTOGRAMMETRY_CONFIG_ID": "highres"}, url)
        result = run.run("main", {})
        req = server.plan_requests[0] if server.plan_requests else {}
        sent = sorted((e["project"], e["stage"], e["config_id"]) for e in server.events.values())
        check(f"PROJECTS={value!r} instead of a config list (config_id highres)",
              result["status"] == "Succeeded" and req.get("projects") == ["mission_001", "mission_003"]
              and req.get("config_id") == "highres"
              and sent == [("mission_001", "metashape", "highres"), ("mission_001", "postprocess", "highres")],
              f"{result['status']} {req} {sent}")
    finally:
        server.shutdown()
        shutil.rmtree(run.sandbox, ignore_errors=True)


def main():
    wt = yaml.safe_load(TEMPLATE.read_text())
    templates, wparams = structure(wt)
    exit_handlers(templates)
    cli_steps(templates)
    optional_pvc(wt)
    events(list(yaml.safe_load_all(EVENTS.read_text())))
    if failures:
        return 1      # the interpreter below assumes a well-formed template
    try:
        behaviour(templates, wparams)
    except Exception as e:   # a reference the interpreter cannot resolve, a when it cannot read, ...
        check("Argo run", False, f"{type(e).__name__}: {e}")
    return 1 if failures else 0


def exit_handlers(templates):
    """Each stage step has an exit hook (Argo's step-level onExit) that emits stage.failed with the cairn CLI image
    when, and only when, the stage did not succeed."""
    for stage in ("metashape", "postprocess"):
        step = templates[f"{stage}-stage"]["steps"][0][0]
        hook = step.get("hooks", {}).get("exit", {})
        args = {p["name"]: p["value"] for p in hook.get("arguments", {}).get("parameters", [])}
        check(f"{stage}: exit hook stage-exit with the stage's own status, project and config id",
              hook.get("template") == "stage-exit" and args.get("status") == f"{{{{steps.{stage}.status}}}}"
              and args.get("stage") == stage and args.get("project") == "{{inputs.parameters.project}}", hook)
    when = templates["stage-exit"]["steps"][0][0]
    runs = {status: when["when"].replace("{{inputs.parameters.status}}", status).split(" != ")
            for status in ("Succeeded", "Failed", "Error")}
    check("stage-exit emits only when the stage did not succeed (Failed, Error; not Succeeded)",
          when["template"] == "emit-failed" and {s for s, (a, b) in runs.items() if a != b} == {"Failed", "Error"},
          when)
    c = templates["emit-failed"].get("container", {})
    args = c.get("args", [])
    flags = dict(zip(args[2::2], args[3::2]))
    env = {e["name"]: e for e in c.get("env", [])}
    check("emit-failed: `cairn emit failed` in the CAIRN_CLI_IMAGE image (no python pod), run id = workflow name, "
          "token from the Secret",
          c.get("image") == "{{workflow.parameters.CAIRN_CLI_IMAGE}}" and args[:2] == ["emit", "failed"]
          and flags.get("--run-id") == "{{workflow.name}}" and flags.get("--stage") == "{{inputs.parameters.stage}}"
          and "--error" in flags and "secretKeyRef" in env.get("CAIRN_TOKEN", {}).get("valueFrom", {})
          and "CAIRN_LEDGER_URL" in env, c)


def cli_steps(templates):
    """Every Cairn call is the cairn CLI image with the command the README shows; no Python pod is left."""
    images = {t["name"]: t.get("container", t.get("script", {})).get("image") for t in templates.values()
              if "container" in t or "script" in t}
    expected = {"declare-pipeline": ["declare"], "plan": ["plan"], "log-completion": ["emit", "completed"],
                "emit-failed": ["emit", "failed"]}
    wrong = {n: images.get(n) for n in expected if images.get(n) != CLI_IMAGE}
    wrong.update({n: "command " + " ".join(templates[n]["container"]["args"][:2]) for n, cmd in expected.items()
                  if n not in wrong and templates[n]["container"]["args"][:len(cmd)] != cmd})
    python = sorted(n for n, i in images.items() if "python" in str(i))
    check("declare-pipeline, plan, log-completion and emit-failed run the CAIRN_CLI_IMAGE (cairn declare / plan / "
          "emit completed / emit failed); no template runs a Python image",
          not wrong and not python and not any("script" in t for t in templates.values()), f"{wrong} {python}")
    plan = templates["plan"]["container"]["args"]
    log = templates["log-completion"]
    artifact = {a["name"]: a for a in log.get("inputs", {}).get("artifacts", [])}.get("metrics", {})
    flags = dict(zip(log["container"]["args"][2::2], log["container"]["args"][3::2]))
    check("plan prints the fan-out's JSON array (--items, --fresh); log-completion gets the stage's metrics as a "
          "raw artifact at the path of --metrics-json and the stage's times as --started-at / --occurred-at",
          "--items" in plan and "--fresh" in plan
          and artifact.get("raw", {}).get("data") == "{{inputs.parameters.metrics}}"
          and flags.get("--metrics-json") == artifact.get("path")
          and flags.get("--occurred-at") == "{{inputs.parameters.finished-at}}"
          and flags.get("--started-at") == "{{inputs.parameters.started-at}}"
          and flags.get("--run-id") == "{{workflow.name}}", f"{plan} {log}")


def optional_pvc(wt):
    """DATA_PVC empty: the data volume is an emptyDir; set: the podSpecPatch puts the PVC in its place."""
    spec = wt["spec"]
    data = {v["name"]: v for v in spec.get("volumes", [])}.get("data", {})
    m = re.fullmatch(r'\{\{= workflow\.parameters\.DATA_PVC == "" \? (".*?") : (".*?") \+ workflow\.parameters\.DATA_PVC'
                     r' \+ (".*?") \}\}', spec.get("podSpecPatch", ""))
    ok = m is not None and "emptyDir" in data
    if ok:
        empty, head, tail = (json.loads(g) for g in m.groups())
        with_pvc = json.loads(head + "argo-data" + tail)
        ok = json.loads(empty) == {} and with_pvc == {"volumes": [
            {"name": "data", "emptyDir": None, "persistentVolumeClaim": {"claimName": "argo-data"}}]}
    check("PVC optional: an emptyDir by default; DATA_PVC=argo-data patches every pod's data volume to that claim",
          ok and {p["name"]: p.get("value") for p in spec["arguments"]["parameters"]}.get("DATA_PVC") == "",
          spec.get("podSpecPatch"))


def events(docs):
    """The Argo Events EventSource on cairn.markers and the Sensor that starts the downstream workflow."""
    kinds = {d["kind"]: d for d in docs}
    source = kinds.get("EventSource", {}).get("spec", {}).get("kafka", {}).get("cairn-markers", {})
    check("EventSource: Kafka on topic cairn.markers, JSON bodies",
          source.get("topic") == "cairn.markers" and source.get("jsonBody") is True and source.get("url"), source)
    sensor = kinds.get("Sensor", {}).get("spec", {})
    dep = (sensor.get("dependencies") or [{}])[0]
    filters = dep.get("filters", {}).get("data", [])
    keys = next((f for f in filters if f.get("path") == "body.keys.2"), {})
    complete = "completion_markers/p/x/20250912_143022/completion_marker.txt"
    failed = "completion_markers/p/x/20250912_143022/failure_marker.txt"
    pattern = re.compile((keys.get("value") or ["$^"])[0])
    check("Sensor: depends on that EventSource; only folders whose third key is completion_marker.txt pass "
          "(a failure folder has two keys)",
          dep.get("eventSourceName") == kinds.get("EventSource", {}).get("metadata", {}).get("name")
          and dep.get("eventName") == "cairn-markers" and pattern.fullmatch(complete) and not pattern.fullmatch(failed),
          dep)
    trigger = (sensor.get("triggers") or [{}])[0].get("template", {}).get("argoWorkflow", {})
    workflow = trigger.get("source", {}).get("resource", {})
    params = {p.get("dest"): p.get("src", {}).get("dataKey") for p in trigger.get("parameters", [])}
    wt = kinds.get("WorkflowTemplate", {})
    names = [p["name"] for p in workflow.get("spec", {}).get("arguments", {}).get("parameters", [])]
    check("Sensor trigger: submits a Workflow of the downstream WorkflowTemplate with the marker's "
          "pipeline, project and folder",
          trigger.get("operation") == "submit" and workflow.get("kind") == "Workflow"
          and workflow["spec"].get("workflowTemplateRef", {}).get("name") == wt.get("metadata", {}).get("name")
          and [params.get(f"spec.arguments.parameters.{i}.value") for i in range(len(names))]
          == [f"body.{n}" for n in names] and set(names) == {"pipeline", "project", "prefix"}, trigger)


def behaviour(templates, wparams):
    if not JAR.is_file():
        print(f"skip Argo runs with the real cairn CLI: {JAR} is not built "
              "(./mvnw -B -o -pl cli -am package -DskipTests, or set CAIRN_JAR)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        config_list = pathlib.Path(tmp) / "batch1.txt"
        config_list.write_text("# batch 1\n"
                               "configs/mission_001.yml\n"
                               "\n"
                               "/abs/path/mission_002.yaml   # partly done\n"
                               "configs/mission_003.yml\n"
                               "configs/again/mission_001.yml\n")
        for mode in ("none", "metashape", "postprocess", "both"):
            scenario(templates, wparams, mode, str(config_list))
    projects_param(templates, wparams, '["mission_001", "mission_003"]')
    projects_param(templates, wparams, "mission_001, mission_003")
    undeclared(templates, wparams)


if __name__ == "__main__":
    sys.exit(main())
