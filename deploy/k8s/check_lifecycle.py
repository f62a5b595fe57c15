"""Identity and shutdown checks of the rendered Deployments (used by check_manifests.py).

- each Deployment runs as its own ServiceAccount, which is rendered and mounts no API token;
- each container has a preStop sleep, and terminationGracePeriodSeconds covers that sleep plus the service's
  quarkus.shutdown.timeout (from its application.properties) plus a margin, so in-flight work finishes before SIGKILL;
- each service given S3 settings has software.amazon.awssdk:sts in its pom (IRSA's web-identity credentials).
"""
import pathlib
import re

from checklib import check

ROOT = pathlib.Path(__file__).resolve().parents[2]
MARGIN_SECONDS = 5


def seconds(duration):
    """A Quarkus duration (30s, 1m, 500ms, PT30S, or plain seconds) in seconds."""
    m = re.fullmatch(r"(?i)(?:PT)?(\d+(?:\.\d+)?)(ms|s|m|h)?", duration.strip())
    if not m:
        raise ValueError(f"unreadable duration {duration!r}")
    value, unit = float(m.group(1)), (m.group(2) or "s").lower()
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def shutdown_timeout(service):
    props = (ROOT / service / "src/main/resources/application.properties").read_text(encoding="utf-8")
    m = re.search(r"^quarkus\.shutdown\.timeout\s*=\s*(\S+)", props, re.MULTILINE)
    return seconds(m.group(1)) if m else None


def pre_stop_sleep(container):
    command = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    m = re.search(r"\bsleep (\d+)\b", " ".join(command))
    sleep = container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds")
    return int(m.group(1)) if m else sleep


def check_lifecycle(deployments, by_kind, env_sources):
    accounts = {d["metadata"]["name"]: d for d in by_kind.get("ServiceAccount", [])}
    for name, dep in sorted(deployments.items()):
        spec = dep["spec"]["template"]["spec"]
        account = spec.get("serviceAccountName")
        sa = accounts.get(account)
        check(f"Deployment {name} runs as its own ServiceAccount, which mounts no API token",
              account == name and sa is not None and sa.get("automountServiceAccountToken") is False
              and spec.get("automountServiceAccountToken") is False,
              f"serviceAccountName {account}, rendered: {sa is not None}")

        sleep = pre_stop_sleep(spec["containers"][0])
        timeout = shutdown_timeout(name)
        grace = spec.get("terminationGracePeriodSeconds", 30)
        ok = sleep is not None and timeout is not None and grace >= sleep + timeout + MARGIN_SECONDS
        check(f"Deployment {name}: terminationGracePeriodSeconds {grace} >= preStop sleep {sleep} + "
              f"quarkus.shutdown.timeout {timeout} + {MARGIN_SECONDS}", ok,
              "a preStop sleep and quarkus.shutdown.timeout in application.properties are both needed")

        if "cairn-s3" in env_sources.get(name, ()):
            pom = (ROOT / name / "pom.xml").read_text(encoding="utf-8")
            check(f"{name} (S3 settings) has software.amazon.awssdk:sts for IRSA",
                  re.search(r"<groupId>software\.amazon\.awssdk</groupId>\s*<artifactId>sts</artifactId>", pom)
                  is not None)
