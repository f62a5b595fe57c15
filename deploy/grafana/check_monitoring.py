#!/usr/bin/env python3
"""Offline checks of the Grafana dashboard and the alert rules (no Grafana, Prometheus or promtool needed).

- deploy/grafana/cairn-dashboard.json: every panel but a row has PromQL targets on the ${datasource} variable, ids are
  unique, panels stay inside the 24-column grid;
- deploy/k8s/components/prometheus-rules/prometheus-rules.yaml: one PrometheusRule; the alerts issue 18 asks for;
  each alert has an expression with balanced brackets, a summary, and a runbook annotation that names its section of
  docs/runbook.md, which exists;
- both use only metric names of Cairn (cairn_) or of the Kafka client (kafka_consumer_). That the services really
  expose every name is checked with the running services by local's EndToEndIT.
"""
import json
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from checklib import check, failures  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DASHBOARD = ROOT / "deploy/grafana/cairn-dashboard.json"
RULES = ROOT / "deploy/k8s/components/prometheus-rules/prometheus-rules.yaml"
RUNBOOK = ROOT / "docs/runbook.md"
ALERTS = {"CairnDeadLetters", "CairnOutboxLag", "CairnRelayLeaders", "CairnMarkerLatencyHigh", "CairnPlannerNotReady",
          "CairnScanFailed", "CairnConsumerStuck"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
            "inf", "nan"}


def metric_names(expr):
    """Identifiers of a PromQL expression that are no function, keyword, label, string, range or variable."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    s = re.sub(r"\{[^}]*}", " ", s)
    s = re.sub(r"\[[^]]*]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    s = re.sub(r"\$\{?\w+}?", " ", s)
    return {m for m in re.findall(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", s) if m.lower() not in KEYWORDS}


def balanced(expr):
    depth = {"(": 0, "[": 0, "{": 0}
    pairs = {")": "(", "]": "[", "}": "{"}
    for c in re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr):
        if c in depth:
            depth[c] += 1
        elif c in pairs:
            depth[pairs[c]] -= 1
            if depth[pairs[c]] < 0:
                return False
    return all(v == 0 for v in depth.values())


def cairn_or_kafka(names):
    return [n for n in names if not (n.startswith("cairn_") or n.startswith("kafka_consumer_"))]


def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))


def check_dashboard():
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    all_panels = list(panels(dash["panels"]))
    ids = [p["id"] for p in all_panels]
    check("dashboard: panel ids are unique", len(ids) == len(set(ids)), f"ids {ids}")
    check("dashboard: a datasource variable", any(v.get("type") == "datasource" for v in dash["templating"]["list"]))
    for p in all_panels:
        if p["type"] == "row":
            continue
        targets = p.get("targets", [])
        exprs = [t.get("expr", "") for t in targets]
        names = set().union(*(metric_names(e) for e in exprs)) if exprs else set()
        grid = p.get("gridPos", {})
        check(f"dashboard panel '{p['title']}': PromQL on ${{datasource}}, Cairn/Kafka metrics, inside the grid",
              targets and all(exprs) and all(balanced(e) for e in exprs) and names and not cairn_or_kafka(names)
              and all(t.get("datasource", {}).get("uid") == "${datasource}" for t in targets)
              and grid.get("x", 0) + grid.get("w", 0) <= 24,
              f"exprs {exprs}, other metrics {cairn_or_kafka(names)}, grid {grid}")


def check_rules():
    docs = [d for d in yaml.safe_load_all(RULES.read_text(encoding="utf-8")) if d]
    check("prometheus-rules.yaml: one PrometheusRule", [d["kind"] for d in docs] == ["PrometheusRule"])
    runbook = RUNBOOK.read_text(encoding="utf-8")
    sections = {m.lower() for m in re.findall(r"^## (\S+)\s*$", runbook, re.M)}
    alerts = [r for g in docs[0]["spec"]["groups"] for r in g["rules"] if "alert" in r]
    check("prometheus-rules.yaml: the alerts of issue 18", {a["alert"] for a in alerts} == ALERTS,
          f"{sorted(a['alert'] for a in alerts)}")
    for a in alerts:
        name, expr, notes = a["alert"], str(a.get("expr", "")), a.get("annotations", {})
        names = metric_names(expr)
        runbook_line = notes.get("runbook", "")
        check(f"alert {name}: expression, summary, runbook line naming its docs/runbook.md section",
              expr and balanced(expr) and names and not cairn_or_kafka(names) and notes.get("summary")
              and runbook_line.startswith(f"docs/runbook.md#{name.lower()}: ") and name.lower() in sections,
              f"expr {expr!r}, other metrics {cairn_or_kafka(names)}, runbook {runbook_line!r}, sections {sorted(sections)}")


if __name__ == "__main__":
    check_dashboard()
    check_rules()
    sys.exit(1 if failures else 0)
