#!/usr/bin/env bash
# Validates what can be validated of deploy/ (and docker-compose.yml) on a machine without a cluster, Argo or Airflow.
# One line per check: "ok", "FAIL" or "skip". Exits 1 if any check failed.
#   deploy/validate.sh            (from anywhere; needs python3 with PyYAML; kubectl optional)
#   KUBECTL=/path/to/kubectl deploy/validate.sh   (another kubectl; KUBECTL=none skips the render)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FAILED=0
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export PYTHONPYCACHEPREFIX="$TMP/pycache"   # py_compile and the checks leave no __pycache__ in the tree

ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; FAILED=1; }
skip() { echo "skip $*"; }

# Runs a checker that prints its own ok/FAIL lines; a non-zero exit counts as a failure.
run_checker() {
  local what="$1"; shift
  if "$@"; then :; else fail "$what (exit $?)"; fi
}

command -v python3 >/dev/null || { fail "python3 not found"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { fail "python3 has no PyYAML (apt-get install python3-yaml)"; exit 1; }

# 1. every YAML file under deploy/ and docker-compose.yml parses (all documents of multi-document files)
while IFS= read -r -d '' f; do
  if out="$(python3 - "$f" 2>&1 <<'EOF'
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as fh:
    docs = [d for d in yaml.safe_load_all(fh) if d is not None]
print(f"{len(docs)} document(s)")
EOF
)"; then ok "YAML parses: $f ($out)"; else fail "YAML: $f: $(echo "$out" | tail -1)"; fi
done < <(find deploy -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z; printf '%s\0' docker-compose.yml)

# docker-compose.yml is well formed: services with an image or a build, depends_on naming services
if out="$(python3 - 2>&1 <<'EOF'
import yaml
c = yaml.safe_load(open("docker-compose.yml"))
services = c["services"]
problems = [f"{n}: neither image nor build" for n, s in services.items() if "image" not in s and "build" not in s]
for n, s in services.items():
    deps = s.get("depends_on", {})
    problems += [f"{n} depends on unknown {d}" for d in deps if d not in services]
    problems += [f"{n}: depends_on {d} has no condition" for d, v in (deps.items() if isinstance(deps, dict) else []) if "condition" not in v]
if problems:
    raise SystemExit("; ".join(problems))
print(f"{len(services)} services")
EOF
)"; then ok "docker-compose.yml structure ($out)"; else fail "docker-compose.yml structure: $out"; fi

# docker-compose.yml against the known-good images, the Dockerfiles, ports, restarts, token, mounts (no engine needed)
run_checker "deploy/compose/check_compose.py" python3 deploy/compose/check_compose.py
# the topic script: idempotent, loud on a real error, verifies the compaction of cairn.completions (stand-in rpk)
if out="$(bash -n deploy/compose/create-topics.sh 2>&1)"; then ok "bash -n deploy/compose/create-topics.sh"; else fail "create-topics.sh: $out"; fi
run_checker "deploy/compose/check_create_topics.py" python3 deploy/compose/check_create_topics.py
# Compose's own parser, where one is installed: `docker compose` (v2), else Debian's docker-compose 1.29 on a copy
# without the top-level `name:` (a key v1 does not know). Both interpolate, so a token is given.
COMPOSE_CHECK="$TMP/docker-compose.yml"
grep -v '^name: ' docker-compose.yml >"$COMPOSE_CHECK"
if command -v docker >/dev/null && docker compose version >/dev/null 2>&1; then
  if out="$(CAIRN_AUTH_TOKENS=validate docker compose -f docker-compose.yml config -q 2>&1)"; then
    ok "docker compose config -q ($(docker compose version --short 2>/dev/null))"
  else fail "docker compose config: $out"; fi
elif command -v docker-compose >/dev/null; then
  if out="$(cd "$TMP" && CAIRN_AUTH_TOKENS=validate docker-compose --project-directory "$ROOT" -f "$COMPOSE_CHECK" config -q 2>&1)"; then
    ok "docker-compose config -q ($(docker-compose version --short 2>/dev/null), without the top-level name:)"
  else fail "docker-compose config: $out"; fi
  if out="$(cd "$TMP" && env -u CAIRN_AUTH_TOKENS docker-compose --project-directory "$ROOT" -f "$COMPOSE_CHECK" config -q 2>&1)"; then
    fail "docker-compose config accepts a missing CAIRN_AUTH_TOKENS"
  else ok "docker-compose config refuses a missing CAIRN_AUTH_TOKENS ($(echo "$out" | grep -o 'set a token' | head -1))"; fi
else
  skip "compose parser: neither docker compose nor docker-compose found (Debian: apt-get install docker-compose)"
fi

# 2. every JSON file under deploy/ parses
while IFS= read -r -d '' f; do
  if out="$(python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$f" 2>&1)"; then
    ok "JSON parses: $f"
  else
    fail "JSON: $f: $(echo "$out" | tail -1)"
  fi
done < <(find deploy -type f -name '*.json' -print0 | sort -z)

# the Grafana dashboard and the alert rules: structure, runbook sections, only Cairn/Kafka metric names (the running
# services' /q/metrics are checked against the same names by local's EndToEndIT)
run_checker "deploy/grafana/check_monitoring.py" python3 deploy/grafana/check_monitoring.py

# 3. the kustomize base renders, and the rendered objects pass the structural checks
RENDERED="$TMP/k8s.yaml"
KUBECTL="${KUBECTL:-kubectl}"
if command -v "$KUBECTL" >/dev/null; then
  if "$KUBECTL" kustomize deploy/k8s >"$RENDERED" 2>"$TMP/kustomize.err"; then
    ok "kubectl kustomize deploy/k8s renders ($(grep -c '^kind:' "$RENDERED") objects; $("$KUBECTL" version --client 2>/dev/null | head -1))"
  else
    fail "kubectl kustomize deploy/k8s: $(tail -3 "$TMP/kustomize.err")"
    RENDERED=""
  fi
elif [ "$KUBECTL" = kubectl ] && command -v kustomize >/dev/null; then
  if kustomize build deploy/k8s >"$RENDERED" 2>"$TMP/kustomize.err"; then
    ok "kustomize build deploy/k8s renders ($(grep -c '^kind:' "$RENDERED") objects)"
  else
    fail "kustomize build deploy/k8s: $(tail -3 "$TMP/kustomize.err")"
    RENDERED=""
  fi
else
  skip "kustomize render: no kubectl ($KUBECTL) and no kustomize found (Debian: apt-get install kubernetes-client)"
  # without a renderer, the resources are concatenated in kustomization order, namespace applied by hand
  python3 - "$RENDERED" <<'EOF'
import sys, yaml
k = yaml.safe_load(open("deploy/k8s/kustomization.yaml"))
docs = []
for r in k["resources"]:
    for d in yaml.safe_load_all(open(f"deploy/k8s/{r}")):
        if d:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = k["namespace"]
            docs.append(d)
yaml.safe_dump_all(docs, open(sys.argv[1], "w"))
EOF
  echo "     (checking the resources of kustomization.yaml as they are, without kustomize)"
fi
if [ -n "$RENDERED" ]; then
  run_checker "deploy/k8s/check_manifests.py" python3 deploy/k8s/check_manifests.py "$RENDERED"
fi
# the base with every optional component (deploy/overlays/all-components): renders, and the components pass their checks
OVERLAY="$TMP/all-components.yaml"
if command -v "$KUBECTL" >/dev/null; then
  if "$KUBECTL" kustomize deploy/overlays/all-components >"$OVERLAY" 2>"$TMP/overlay.err"; then
    ok "kubectl kustomize deploy/overlays/all-components renders ($(grep -c '^kind:' "$OVERLAY") objects)"
    run_checker "check_manifests.py --components" python3 deploy/k8s/check_manifests.py "$OVERLAY" --components
  else
    fail "kubectl kustomize deploy/overlays/all-components: $(tail -3 "$TMP/overlay.err")"
  fi
elif [ "$KUBECTL" = kubectl ] && command -v kustomize >/dev/null; then
  if kustomize build deploy/overlays/all-components >"$OVERLAY" 2>"$TMP/overlay.err"; then
    ok "kustomize build deploy/overlays/all-components renders ($(grep -c '^kind:' "$OVERLAY") objects)"
    run_checker "check_manifests.py --components" python3 deploy/k8s/check_manifests.py "$OVERLAY" --components
  else
    fail "kustomize build deploy/overlays/all-components: $(tail -3 "$TMP/overlay.err")"
  fi
else
  skip "components: no kubectl or kustomize to render deploy/overlays/all-components (components are not checked)"
fi

# 4. the Airflow DAG compiles (Airflow itself is not installed), and loads with stand-ins for Airflow's names
if out="$(python3 -m py_compile deploy/airflow/cairn_markers_dag.py deploy/airflow/cairn_marker_sensor.py 2>&1)"; then
  ok "python3 -m py_compile deploy/airflow/cairn_markers_dag.py deploy/airflow/cairn_marker_sensor.py"
else
  fail "py_compile deploy/airflow/cairn_markers_dag.py: $out"
fi
if python3 -c 'import airflow' 2>/dev/null; then
  skip "deploy/airflow/check_dag.py: a real Airflow is installed here; its stand-ins would shadow it"
else
  run_checker "deploy/airflow/check_dag.py" python3 deploy/airflow/check_dag.py
fi

# 5. the Argo WorkflowTemplate: the structure Argo needs, then its cairn CLI steps run with the real CLI
#    (cli/target/cairn.jar or $CAIRN_JAR; skipped with a "skip" line when not built) against a fake planner and ledger
run_checker "deploy/argo/check_workflow.py" python3 deploy/argo/check_workflow.py

# 6. the helper scripts of deploy/ compile
for f in deploy/k8s/check_manifests.py deploy/argo/check_workflow.py deploy/airflow/check_dag.py \
         deploy/compose/check_compose.py deploy/compose/check_create_topics.py deploy/checklib.py \
         deploy/airflow/cairn_marker_sensor.py deploy/airflow/sensor_poke.py \
         deploy/k8s/check_components.py deploy/k8s/check_lifecycle.py deploy/grafana/check_monitoring.py; do
  if out="$(python3 -m py_compile "$f" 2>&1)"; then :; else fail "py_compile $f: $out"; fi
done

if [ "$FAILED" -ne 0 ]; then
  echo "deploy/validate.sh: some checks FAILED"
  exit 1
fi
echo "deploy/validate.sh: all checks passed"
