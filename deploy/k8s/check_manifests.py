#!/usr/bin/env python3
"""Structural checks of the rendered kustomize base (no cluster needed).

Usage: check_manifests.py RENDERED.yaml [--components]
  RENDERED.yaml: the output of `kubectl kustomize deploy/k8s` (or of an overlay such as deploy/overlays/all-components);
  --components: the optional components must be rendered too, and are checked (check_components.py)

Checks what a cluster would only tell at apply or run time:
- every Deployment: image cairn/<name>:0.1.0, the service's port, probes on /q/health/{started,ready,live}, requests
  and limits, JAVA_MAX_MEM_RATIO or -Xmx, runAsNonRoot, read-only root filesystem with an emptyDir on /tmp;
- every Service selects the pods of a Deployment and targets a named container port;
- every PodDisruptionBudget selects a Deployment with more than one replica;
- every ConfigMap a pod refers to is rendered, every Secret it refers to is in secrets.example.yaml (which is not
  rendered), with the keys the pods need;
- every environment variable the ConfigMaps and Secrets set is a setting the service really reads: a property of its
  README / application.properties / config classes (or docker-compose.yml) in environment-variable form, or a
  variable of the image's run-java.sh;
- identity and shutdown (check_lifecycle.py): own ServiceAccount, preStop sleep and a grace period covering
  quarkus.shutdown.timeout, sts in the pom of each service with S3 settings;
- the optional components, when rendered (check_components.py).
Prints one line per check; exits 1 if any failed.
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
PORTS = {"planner-service": 8080, "ledger-service": 8081, "marker-service": 8082, "bootstrap-service": 8083}
RUN_JAVA_VARS = {"JAVA_MAX_MEM_RATIO", "JAVA_OPTS_APPEND", "JAVA_INITIAL_MEM_RATIO"}

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from checklib import check, failures  # noqa: E402
from check_components import check_components  # noqa: E402
from check_lifecycle import check_lifecycle  # noqa: E402


def env_form(prop):
    """MicroProfile Config: every non-alphanumeric character becomes '_', then upper case."""
    return re.sub(r"[^A-Za-z0-9]", "_", prop).upper()


def known_settings(service):
    """Environment-variable forms of every property the service's own files mention."""
    texts = []
    for rel in [f"{service}/README.md", f"{service}/src/main/resources/application.properties",
                "service-support/src/main/java/dev/cairn/service/AuthConfig.java"]:
        p = ROOT / rel
        if p.exists():
            texts.append(p.read_text(encoding="utf-8"))
    for p in (ROOT / service / "src" / "main" / "java").rglob("*Config.java"):
        texts.append(p.read_text(encoding="utf-8"))
    blob = "\n".join(texts)
    names = set(re.findall(r"\b[A-Z][A-Z0-9_]{3,}\b", blob))               # env names written as such
    for prop in re.findall(r"\b(?:cairn|quarkus|kafka|mp)\.[A-Za-z0-9.\-\"]+", blob):
        names.add(env_form(prop.rstrip(".")))
    if "QUARKUS_S3_" in blob:
        # the READMEs say "credentials (QUARKUS_S3_*)"; docker-compose.yml spells the credential variables out
        compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
        names |= set(re.findall(r"\bQUARKUS_S3_[A-Z0-9_]+\b", compose))
    # "QUARKUS_DATASOURCE_*" in a README: the settings of that Quarkus extension, by their documented prefix
    prefixes = tuple(re.findall(r"\b(QUARKUS_[A-Z0-9_]+_)\*", blob))
    return names, prefixes


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def main():
    docs = [d for d in yaml.safe_load_all(pathlib.Path(sys.argv[1]).read_text()) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in by_kind.get("ConfigMap", [])}
    secrets_doc = [d for d in yaml.safe_load_all((K8S / "secrets.example.yaml").read_text()) if d]
    secrets = {d["metadata"]["name"]: d.get("stringData", {}) for d in secrets_doc if d.get("kind") == "Secret"}
    check("secrets.example.yaml is not rendered by the kustomization", not by_kind.get("Secret"),
          "a Secret is part of the rendered output")
    check("every object is in namespace cairn",
          all(d["metadata"].get("namespace") == "cairn" for d in docs if d["kind"] != "Namespace"))

    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    check("one Deployment per service", set(deployments) == set(PORTS), f"found {sorted(deployments)}")
    for name, dep in sorted(deployments.items()):
        spec = dep["spec"]["template"]["spec"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        c = spec["containers"][0]
        problems = []
        if c["image"] != f"cairn/{name}:0.1.0":
            problems.append(f"image {c['image']}")
        ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
        if ports.get("http") != PORTS[name]:
            problems.append(f"port {ports}")
        for probe, path in [("startupProbe", "/q/health/started"), ("readinessProbe", "/q/health/ready"),
                            ("livenessProbe", "/q/health/live")]:
            if c.get(probe, {}).get("httpGet", {}).get("path") != path:
                problems.append(f"{probe} not on {path}")
        res = c.get("resources", {})
        if not {"cpu", "memory"} <= set(res.get("requests", {})) or "memory" not in res.get("limits", {}):
            problems.append("resources: requests need cpu and memory, limits need memory")
        if not selects(dep["spec"]["selector"]["matchLabels"], labels):
            problems.append("selector does not match the pod labels")
        psc, csc = spec.get("securityContext", {}), c.get("securityContext", {})
        if not (psc.get("runAsNonRoot") or csc.get("runAsNonRoot")):
            problems.append("runAsNonRoot")
        if not csc.get("readOnlyRootFilesystem"):
            problems.append("readOnlyRootFilesystem")
        if csc.get("allowPrivilegeEscalation") is not False:
            problems.append("allowPrivilegeEscalation")
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        if not tmp or "emptyDir" not in volumes.get(tmp[0]["name"], {}):
            problems.append("no emptyDir on /tmp")
        if "env" in c and any("value" in e for e in c["env"]):
            problems.append("literal env values (settings must come from ConfigMaps/Secrets)")
        # settings: where every variable comes from, and that the service reads it
        env = {}
        for src in c.get("envFrom", []):
            if "configMapRef" in src:
                cm = src["configMapRef"]["name"]
                if cm not in configmaps:
                    problems.append(f"ConfigMap {cm} not rendered")
                env.update({k: f"ConfigMap {cm}" for k in configmaps.get(cm, {})})
            if "secretRef" in src:
                sn = src["secretRef"]["name"]
                if sn not in secrets:
                    problems.append(f"Secret {sn} not in secrets.example.yaml")
                env.update({k: f"Secret {sn}" for k in secrets.get(sn, {})})
        for v in spec.get("volumes", []):
            if "configMap" in v and v["configMap"]["name"] not in configmaps:
                problems.append(f"volume ConfigMap {v['configMap']['name']} not rendered")
        known, prefixes = known_settings(name)
        unknown = sorted(k for k in env if k not in known | RUN_JAVA_VARS and not k.startswith(prefixes or ("\0",)))
        if unknown:
            problems.append(f"settings the service does not read: {unknown}")
        if "JAVA_MAX_MEM_RATIO" not in env and "-Xmx" not in str(env.get("JAVA_OPTS_APPEND", "")):
            problems.append("no heap sizing (JAVA_MAX_MEM_RATIO or -Xmx)")
        required = {"KAFKA_BOOTSTRAP_SERVERS", "CAIRN_AUTH_TOKENS"}
        if name in ("ledger-service", "bootstrap-service"):
            required |= {"QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"}
        if name == "marker-service":
            required |= {"CAIRN_MARKER_BUCKET"}
        if name == "planner-service":
            required |= {"CAIRN_PLANNER_LEDGER_URL"}  # fresh=true asks the ledger's barrier (docs/design.md §6)
        missing = sorted(required - set(env))
        if missing:
            problems.append(f"required settings missing: {missing}")
        check(f"Deployment {name} ({dep['spec']['replicas']} replicas, {len(env)} settings)", not problems,
              "; ".join(problems))

    for svc in by_kind.get("Service", []):
        name = svc["metadata"]["name"]
        targets = [d for d in deployments.values()
                   if selects(svc["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])]
        ok = len(targets) == 1
        detail = f"selects {len(targets)} Deployments"
        if ok:
            cports = {p["name"] for p in targets[0]["spec"]["template"]["spec"]["containers"][0]["ports"]}
            bad = [p["targetPort"] for p in svc["spec"]["ports"] if p["targetPort"] not in cports]
            ok, detail = not bad, f"targetPort {bad} is no container port"
        check(f"Service {name} -> Deployment {targets[0]['metadata']['name'] if targets else '?'}", ok, detail)

    planner_env = {k: v for src in deployments.get("planner-service", {}).get("spec", {}).get("template", {})
                   .get("spec", {}).get("containers", [{}])[0].get("envFrom", [])
                   for k, v in configmaps.get((src.get("configMapRef") or {}).get("name"), {}).items()}
    ledger_url = planner_env.get("CAIRN_PLANNER_LEDGER_URL", "")
    ledger_ports = {p["port"] for svc in by_kind.get("Service", []) if svc["metadata"]["name"] == "ledger-service"
                    for p in svc["spec"]["ports"]}
    m = re.fullmatch(r"http://ledger-service(?:\.cairn(?:\.svc(?:\.cluster\.local)?)?)?:(\d+)/?", ledger_url)
    check("the planner's CAIRN_PLANNER_LEDGER_URL is the ledger Service's URL",
          m is not None and int(m.group(1)) in ledger_ports, f"{ledger_url!r}, ledger Service ports {sorted(ledger_ports)}")

    for pdb in by_kind.get("PodDisruptionBudget", []):
        sel = pdb["spec"]["selector"]["matchLabels"]
        targets = [d for d in deployments.values() if selects(sel, d["spec"]["template"]["metadata"]["labels"])]
        ok = len(targets) == 1 and targets[0]["spec"]["replicas"] > pdb["spec"].get("minAvailable", 0)
        check(f"PodDisruptionBudget {pdb['metadata']['name']} (minAvailable {pdb['spec'].get('minAvailable')})",
              ok, "selects no multi-replica Deployment")

    env_sources = {name: {(src.get("configMapRef") or src.get("secretRef") or {}).get("name")
                          for src in dep["spec"]["template"]["spec"]["containers"][0].get("envFrom", [])}
                   for name, dep in deployments.items()}
    check_lifecycle(deployments, by_kind, env_sources)
    component_kinds = ("ServiceMonitor", "HorizontalPodAutoscaler", "Ingress", "NetworkPolicy")
    if "--components" in sys.argv or any(k in by_kind for k in component_kinds):
        check_components(by_kind, deployments, env_sources, required="--components" in sys.argv)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
