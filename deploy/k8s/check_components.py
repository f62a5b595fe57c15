"""Checks of the optional kustomize components once rendered with the base (used by check_manifests.py --components).

- ServiceMonitor: selects one Service and scrapes its named port at /q/metrics;
- HorizontalPodAutoscaler: targets the planner's Deployment, within sane bounds, on CPU;
- Ingress: exposes only the planner, through its named port, never /q/metrics or /q/health;
- NetworkPolicy: a default deny covers every pod; each service may reach exactly what its settings point at (DNS,
  Kafka; PostgreSQL with cairn-postgres; S3 with cairn-s3; the ledger's port for the planner, whose fresh=true asks
  the ledger's barrier) and nothing else; ingress from anywhere only to the planner; the ledger admits the planner.
"""
from checklib import check

PLANNER = "planner-service"
LEDGER = "ledger-service"
DNS, KAFKA, POSTGRES, S3_PORTS, LEDGER_PORT = {53}, {9092}, {5432}, {9000, 443}, {8081}
DASHBOARD_PORTS = {8082, 8083}  # marker, bootstrap


def matches(selector, labels):
    """A label selector (matchLabels and matchExpressions with In / NotIn / Exists) against labels."""
    if selector is None:
        return False
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for e in selector.get("matchExpressions") or []:
        value, op = labels.get(e["key"]), e["operator"]
        if (op == "In" and value not in e["values"]) or (op == "NotIn" and value in e["values"]) \
                or (op == "Exists" and value is None) or (op == "DoesNotExist" and value is not None):
            return False
    return True


def pod_labels(dep):
    return dep["spec"]["template"]["metadata"]["labels"]


def check_service_monitors(monitors, services):
    for sm in monitors:
        targets = [s for s in services if matches(sm["spec"]["selector"], s["metadata"].get("labels", {}))]
        ports = {p.get("name") for t in targets for p in t["spec"]["ports"]}
        endpoints = sm["spec"].get("endpoints", [])
        ok = len(targets) == 1 and endpoints and all(
            e.get("port") in ports and e.get("path") == "/q/metrics" for e in endpoints)
        check(f"ServiceMonitor {sm['metadata']['name']} scrapes /q/metrics of one Service", ok,
              f"selects {len(targets)} Services, endpoints {endpoints}")


def check_autoscalers(hpas, deployments):
    for hpa in hpas:
        ref = hpa["spec"]["scaleTargetRef"]
        dep = deployments.get(ref.get("name")) if ref.get("kind") == "Deployment" else None
        spec = hpa["spec"]
        ok = (dep is not None and ref["name"] == PLANNER
              and 1 <= spec.get("minReplicas", 1) <= dep["spec"]["replicas"] <= spec["maxReplicas"]
              and any(m.get("resource", {}).get("name") == "cpu" for m in spec.get("metrics", [])))
        check(f"HorizontalPodAutoscaler {hpa['metadata']['name']} scales the planner on CPU", ok,
              f"target {ref}, min {spec.get('minReplicas')} max {spec.get('maxReplicas')}")


def check_ingresses(ingresses, services):
    by_name = {s["metadata"]["name"]: s for s in services}
    for ing in ingresses:
        problems = []
        for rule in ing["spec"].get("rules", []):
            for path in rule.get("http", {}).get("paths", []):
                backend = path["backend"]["service"]
                svc = by_name.get(backend["name"])
                if backend["name"] != PLANNER:
                    problems.append(f"{path['path']} -> {backend['name']} (only the planner may be exposed)")
                elif backend["port"].get("name") not in {p.get("name") for p in svc["spec"]["ports"]}:
                    problems.append(f"{path['path']}: no Service port {backend['port']}")
                if path["path"].startswith(("/q/metrics", "/q/health")) or path["path"] in ("/", "/q", "/q/"):
                    problems.append(f"{path['path']} exposes health or metrics")
        check(f"Ingress {ing['metadata']['name']} exposes only the planner's UI and APIs", not problems,
              "; ".join(problems))


def check_network_policies(policies, deployments, env_sources):
    check("a default-deny NetworkPolicy (ingress and egress) covers every Cairn pod",
          all(any(not p["spec"].get("ingress") and not p["spec"].get("egress")
                  and {"Ingress", "Egress"} <= set(p["spec"].get("policyTypes", []))
                  and matches(p["spec"]["podSelector"], pod_labels(d)) for p in policies)
              for d in deployments.values()))
    for p in policies:
        check(f"NetworkPolicy {p['metadata']['name']} selects at least one Deployment",
              any(matches(p["spec"]["podSelector"], pod_labels(d)) for d in deployments.values()))
    for name, dep in sorted(deployments.items()):
        applying = [p for p in policies if matches(p["spec"]["podSelector"], pod_labels(dep))]
        egress = {port.get("port") for p in applying for rule in p["spec"].get("egress", [])
                  for port in rule.get("ports", [])}
        wanted = DNS | KAFKA
        sources = env_sources.get(name, ())
        if "cairn-postgres" in sources:
            wanted |= POSTGRES
        if "cairn-s3" in sources:
            wanted |= S3_PORTS
        if name == PLANNER:
            wanted |= LEDGER_PORT | DASHBOARD_PORTS  # fresh=true's barrier; the dashboard's scans and markers
        if name == "bootstrap-service":
            wanted |= LEDGER_PORT  # the ledger's pipelines and verdicts (cairn.bootstrap.ledger-url)
        open_egress = [p["metadata"]["name"] for p in applying for rule in p["spec"].get("egress", [])
                       if not rule.get("ports")]
        check(f"NetworkPolicy egress of {name}: exactly ports {sorted(wanted)}",
              egress == wanted and not open_egress, f"allowed {sorted(map(str, egress))}, port-less rules {open_egress}")
        from_anywhere = [p["metadata"]["name"] for p in applying for rule in p["spec"].get("ingress", [])
                         if not rule.get("from")]
        check(f"NetworkPolicy ingress of {name}: " + ("from anywhere (UI/APIs)" if name == PLANNER
                                                      else "never from anywhere"),
              bool(from_anywhere) == (name == PLANNER), f"rules without 'from': {from_anywhere}")
    if PLANNER in deployments and LEDGER in deployments:
        planner = pod_labels(deployments[PLANNER])
        admits = [p["metadata"]["name"] for p in policies if matches(p["spec"]["podSelector"], pod_labels(deployments[LEDGER]))
                  for rule in p["spec"].get("ingress", []) for f in rule.get("from", [])
                  if "namespaceSelector" not in f and matches(f.get("podSelector"), planner)]
        check("NetworkPolicy ingress of ledger-service admits the planner (fresh=true asks its barrier)", bool(admits))
    for target in ("bootstrap-service", "marker-service"):
        if PLANNER in deployments and target in deployments:
            planner = pod_labels(deployments[PLANNER])
            admits = [p["metadata"]["name"] for p in policies
                      if matches(p["spec"]["podSelector"], pod_labels(deployments[target]))
                      for rule in p["spec"].get("ingress", []) for f in rule.get("from", [])
                      if "namespaceSelector" not in f and matches(f.get("podSelector"), planner)]
            check(f"NetworkPolicy ingress of {target} admits the planner (its dashboard reads it)", bool(admits))


def check_components(by_kind, deployments, env_sources, required):
    services = by_kind.get("Service", [])
    kinds = {"ServiceMonitor": len(deployments), "HorizontalPodAutoscaler": 1, "Ingress": 1, "NetworkPolicy": 1}
    if required:
        for kind, at_least in kinds.items():
            check(f"component objects rendered: {kind} (at least {at_least})",
                  len(by_kind.get(kind, [])) >= at_least, f"found {len(by_kind.get(kind, []))}")
    check_service_monitors(by_kind.get("ServiceMonitor", []), services)
    check_autoscalers(by_kind.get("HorizontalPodAutoscaler", []), deployments)
    check_ingresses(by_kind.get("Ingress", []), services)
    if by_kind.get("NetworkPolicy"):
        check_network_policies(by_kind["NetworkPolicy"], deployments, env_sources)
