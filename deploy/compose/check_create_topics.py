#!/usr/bin/env python3
"""Runs deploy/compose/create-topics.sh against a stand-in `rpk` (no Redpanda here), in five situations:

1. an empty broker: the four topics are created with their settings, and the compaction check passes;
2. the same broker again: nothing is created twice, the settings are applied again, exit 0 (idempotent);
3. the broker does not answer (`rpk topic list` fails): the script fails;
4. the broker refuses one topic (`rpk topic create` fails, e.g. an invalid setting): the script fails;
5. cairn.completions exists but is not compacted after the settings are applied (e.g. a policy that will not
   change): the read-back check fails the script.

The stand-in keeps topics and their settings in a JSON file and prints what rpk prints (`topic list`: a header and
NAME PARTITIONS REPLICAS rows; `topic describe -c`: KEY VALUE SOURCE rows). What it cannot show: that the real rpk
of the pinned Redpanda image prints exactly these formats (checked by hand against rpk's documented output only).
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "compose" / "create-topics.sh"

STAND_IN = r'''#!/usr/bin/env python3
import json, os, sys
state_file = os.environ["RPK_STATE"]
state = json.load(open(state_file)) if os.path.exists(state_file) else {}
fail = os.environ.get("RPK_FAIL", "")
args = [a for a in sys.argv[1:]]
if args[:2] == ["-X"] or (args and args[0] == "-X"):
    args = args[2:]
log = open(os.environ["RPK_LOG"], "a")
log.write(" ".join(args) + "\n")
def save():
    json.dump(state, open(state_file, "w"))
def opts(flag):
    return dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a == flag)
if args[:2] == ["topic", "list"]:
    if fail == "list":
        print("unable to request metadata: dial tcp: connection refused", file=sys.stderr); sys.exit(1)
    print("NAME  PARTITIONS  REPLICAS")
    for name, t in sorted(state.items()):
        print(f"{name}  {t['partitions']}  1")
elif args[:2] == ["topic", "create"]:
    name = args[2]
    if fail == "create " + name or name in state:
        print(f"TOPIC  STATUS\n{name}  INVALID_CONFIG", file=sys.stderr); sys.exit(1)
    state[name] = {"partitions": int(args[args.index("-p") + 1]), "config": opts("-c")}
    save(); print(f"TOPIC  STATUS\n{name}  OK")
elif args[:2] == ["topic", "alter-config"]:
    name = args[2]
    if name not in state:
        sys.exit(1)
    changes = opts("--set")
    if os.environ.get("RPK_STUCK_POLICY"):
        changes.pop("cleanup.policy", None)
    state[name]["config"].update(changes)
    save(); print(f"TOPIC  STATUS\n{name}  OK")
elif args[:2] == ["topic", "describe"] and "-c" in args:
    name = args[2]
    if name not in state:
        sys.exit(1)
    print("KEY  VALUE  SOURCE")
    for k, v in sorted(state[name]["config"].items()):
        print(f"{k}  {v}  DYNAMIC_TOPIC_CONFIG")
else:
    print("stand-in rpk: unexpected " + " ".join(args), file=sys.stderr); sys.exit(2)
'''

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from checklib import check, failures  # noqa: E402


def run(work, state=None, **env):
    state_file = work / "state.json"
    if state is not None:
        state_file.write_text(json.dumps(state))
    log = work / "rpk.log"
    log.write_text("")
    e = dict(os.environ, PATH=f"{work}:{os.environ['PATH']}", RPK_STATE=str(state_file), RPK_LOG=str(log),
             RPK_BROKERS="redpanda:9092", **env)
    p = subprocess.run(["bash", str(SCRIPT)], env=e, capture_output=True, text=True, timeout=60)
    saved = json.loads(state_file.read_text()) if state_file.exists() else {}
    return p, saved, log.read_text()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        rpk = work / "rpk"
        rpk.write_text(STAND_IN)
        rpk.chmod(0o755)

        p, state, _ = run(work, state={})
        want = {"cairn.stage-events": 3, "cairn.stage-events.dlq": 1, "cairn.completions": 3, "cairn.markers": 3,
                "cairn.markers.dlq": 1, "cairn.item-events": 3, "cairn.item-events.dlq": 1,
                "cairn.openlineage": 3}
        created = {n: t["partitions"] for n, t in state.items()}
        completions = state.get("cairn.completions", {}).get("config", {})
        check("empty broker: eight topics created, completions compacted with a 7-day min.compaction.lag.ms",
              p.returncode == 0 and created == want and completions.get("cleanup.policy") == "compact"
              and completions.get("min.compaction.lag.ms") == "604800000"
              and state["cairn.stage-events.dlq"]["config"].get("retention.ms") == "2592000000",
              f"exit {p.returncode}, {state}, {p.stderr.strip()}")

        p, again, log = run(work)
        check("second run: idempotent (no create, settings applied again, exit 0)",
              p.returncode == 0 and again == state and "topic create" not in log and log.count("alter-config") == 8,
              f"exit {p.returncode}, log {log!r}, {p.stderr.strip()}")

        p, _, _ = run(work, state={}, RPK_FAIL="list")
        check("broker not answering: the script fails", p.returncode != 0, f"exit {p.returncode}")

        p, state, _ = run(work, state={}, RPK_FAIL="create cairn.markers")
        check("one topic refused by the broker (the others fine): the script fails",
              p.returncode != 0 and "cairn.markers" not in state, f"exit {p.returncode}")

        stuck = {"cairn.completions": {"partitions": 3, "config": {"cleanup.policy": "delete"}}}
        p, _, _ = run(work, state=stuck, RPK_STUCK_POLICY="1")
        check("cairn.completions not compacted after the run: the script fails naming it",
              p.returncode != 0 and "cairn.completions is not compacted" in p.stderr,
              f"exit {p.returncode}, {p.stderr.strip()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
