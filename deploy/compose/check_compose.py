#!/usr/bin/env python3
"""Offline checks of docker-compose.yml and the services' Dockerfiles (no Docker engine needed).

Usage: check_compose.py   (from anywhere; used by deploy/validate.sh)

- every image the compose file pulls, and every FROM of the Dockerfiles it builds, is a pinned reference listed in
  deploy/compose/images.txt, and every entry of that list is still used;
- every built service: each variable it is given is a setting the service reads (as deploy/k8s/check_manifests.py
  decides it: README, application.properties, config classes); context and Dockerfile exist, the Dockerfile is multi-stage (a Maven build stage running the
  wrapper for that module, a runtime stage copying from it), the context has a .dockerignore keeping target/ and
  .git/ out, the image is tagged cairn/<service>:0.1.0 like the Kubernetes base, stop_grace_period exceeds the
  service's quarkus.shutdown.timeout;
- long-running services restart unless-stopped; one-shot containers (waited for with
  service_completed_successfully) do not restart;
- every published port is bound to 127.0.0.1; PostgreSQL is not published;
- CAIRN_AUTH_TOKENS is required (${CAIRN_AUTH_TOKENS:?...}) and no "change-me" default is left;
- every bind-mounted file exists; the ledger's pipelines file is mounted where CAIRN_LEDGER_PIPELINES_FILE points and
  declares photogrammetry: metashape, postprocess;
- the topic script creates exactly the default topics of contracts' Topics.java.
Prints one line per check; exits 1 if any failed.
"""
import json
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
IMAGES = ROOT / "deploy" / "compose" / "images.txt"
ONE_SHOT = "service_completed_successfully"

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "k8s"))
from checklib import check, failures  # noqa: E402
from check_lifecycle import seconds, shutdown_timeout  # noqa: E402
from check_manifests import RUN_JAVA_VARS, known_settings  # noqa: E402


def pinned(ref):
    """A tag with a digit in it (a version), or a digest; never latest or a bare name."""
    if "@sha256:" in ref:
        return True
    name, _, tag = ref.rpartition(":")
    return bool(name) and "/" not in tag and tag != "latest" and re.search(r"\d", tag) is not None


def dockerfile_images(path):
    stages, images = set(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if m:
            if m.group(1) not in stages:
                images.append(m.group(1))
            if m.group(2):
                stages.add(m.group(2))
    return images


def main():
    raw = COMPOSE.read_text(encoding="utf-8")
    compose = yaml.safe_load(raw)
    services = compose["services"]
    known = [l.split("#")[0].strip() for l in IMAGES.read_text(encoding="utf-8").splitlines()]
    known = [k for k in known if k]
    check("images.txt entries are pinned (a version tag or a digest)", all(pinned(k) for k in known),
          str([k for k in known if not pinned(k)]))

    used = {}
    one_shots = {d for s in services.values() for d, v in (s.get("depends_on") or {}).items()
                 if isinstance(v, dict) and v.get("condition") == ONE_SHOT}
    for name, svc in sorted(services.items()):
        problems = []
        if "build" in svc:
            build = svc["build"]
            context = (ROOT / build["context"]).resolve()
            dockerfile = context / build.get("dockerfile", "Dockerfile")
            if not dockerfile.is_file():
                problems.append(f"no Dockerfile {dockerfile}")
            else:
                text = dockerfile.read_text(encoding="utf-8")
                for image in dockerfile_images(dockerfile):
                    used.setdefault(image, []).append(f"{name} (Dockerfile)")
                froms = re.findall(r"^\s*FROM\s", text, re.MULTILINE | re.IGNORECASE)
                if len(froms) < 2 or not re.search(r"^\s*FROM\s+\S+\s+AS\s+build\b", text, re.MULTILINE | re.I):
                    problems.append("not multi-stage with a stage named build")
                if not re.search(rf"\./mvnw\b[^\n]*(?:\\\n[^\n]*)*-pl {re.escape(name)} -am\b", text):
                    problems.append(f"build stage does not run ./mvnw -pl {name} -am")
                if "--from=build" not in text:
                    problems.append("runtime stage copies nothing from the build stage")
            ignore = context / ".dockerignore"
            if not ignore.is_file():
                problems.append(f"no .dockerignore in {context}")
            else:
                lines = {l.strip() for l in ignore.read_text(encoding="utf-8").splitlines()}
                if not {"**/target/", ".git/"} <= lines:
                    problems.append(".dockerignore does not exclude **/target/ and .git/")
            settings, prefixes = known_settings(name)
            unread = sorted(k for k in (svc.get("environment") or {})
                            if k not in settings | RUN_JAVA_VARS and not k.startswith(prefixes or ("\0",)))
            if unread:
                problems.append(f"settings the service does not read: {unread}")
            timeout = shutdown_timeout(name)
            grace = seconds(str(svc.get("stop_grace_period", "10s")))
            if timeout is None or grace <= timeout:
                problems.append(f"stop_grace_period {grace}s does not exceed quarkus.shutdown.timeout {timeout}s")
            if svc.get("image") != f"cairn/{name}:0.1.0":
                problems.append(f"image tag {svc.get('image')} (want cairn/{name}:0.1.0, as deploy/k8s)")
        elif "image" in svc:
            used.setdefault(svc["image"], []).append(name)
        else:
            problems.append("neither image nor build")
        restart = svc.get("restart")
        if name in one_shots and restart not in (None, "no"):
            problems.append(f"one-shot container restarts ({restart})")
        if name not in one_shots and restart != "unless-stopped":
            problems.append(f"restart is {restart}, not unless-stopped")
        for port in svc.get("ports", []):
            if not str(port).startswith("127.0.0.1:"):
                problems.append(f"port {port} not bound to 127.0.0.1")
        if name == "postgres" and svc.get("ports"):
            problems.append("PostgreSQL is published")
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                if not (ROOT / source).is_file():
                    problems.append(f"mounted file {source} does not exist")
        kind = "one-shot" if name in one_shots else "long-running"
        check(f"compose service {name} ({kind})", not problems, "; ".join(problems))

    unknown = sorted(i for i in used if i not in known)
    check("every image pulled or built FROM is in deploy/compose/images.txt", not unknown,
          "; ".join(f"{i} (used by {', '.join(used[i])})" for i in unknown))
    unused = sorted(k for k in known if k not in used)
    check("every entry of images.txt is used", not unused, str(unused))

    check("CAIRN_AUTH_TOKENS is required (${CAIRN_AUTH_TOKENS:?...})",
          re.search(r"CAIRN_AUTH_TOKENS:\s*\$\{CAIRN_AUTH_TOKENS:\?[^}]+\}", raw) is not None
          and "change-me" not in raw)

    ledger = services["ledger-service"]
    target = ledger["environment"].get("CAIRN_LEDGER_PIPELINES_FILE")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in ledger.get("volumes", [])}
    ok, detail = False, f"CAIRN_LEDGER_PIPELINES_FILE={target}, mounts {mounts}"
    if target in mounts and (ROOT / mounts[target]).is_file():
        declared = json.loads((ROOT / mounts[target]).read_text(encoding="utf-8"))
        ok = declared.get("photogrammetry") == ["metashape", "postprocess"]
        detail = f"declares {declared}"
    check("ledger-service: the photogrammetry pipelines file is mounted where CAIRN_LEDGER_PIPELINES_FILE points",
          ok, detail)

    planner_ledger = services["planner-service"].get("environment", {}).get("CAIRN_PLANNER_LEDGER_URL")
    ledger_ports = {str(p).rsplit(":", 1)[-1] for p in ledger.get("ports", [])}
    check("planner-service: CAIRN_PLANNER_LEDGER_URL is the ledger's URL on the compose network (fresh=true)",
          re.fullmatch(r"http://ledger-service:(\d+)/?", planner_ledger or "") is not None
          and planner_ledger.rstrip("/").rsplit(":", 1)[-1] in ledger_ports,
          f"{planner_ledger!r}, ledger ports {sorted(ledger_ports)}")

    topics_java = (ROOT / "contracts/src/main/java/dev/cairn/contracts/Topics.java").read_text(encoding="utf-8")
    # every topic constant (the headers' constants are not topics)
    defaults = set(re.findall(r'String (?!HEADER_)[A-Z_]+ = "([^"]+)"', topics_java))
    script = (ROOT / "deploy/compose/create-topics.sh").read_text(encoding="utf-8")
    created = set(re.findall(r"^ensure (\S+)", script, re.MULTILINE))
    check("create-topics.sh creates the default topics of Topics.java", created == defaults and len(defaults) >= 5,
          f"script {sorted(created)}, Topics.java {sorted(defaults)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
