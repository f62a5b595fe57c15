#!/usr/bin/env bash
# Creates Cairn's topics on the Redpanda of docker-compose.yml, idempotently, and fails loudly on a real error.
#   - a topic that exists keeps its partitions; its settings are set again (rpk topic alter-config), so a changed
#     retention here reaches an existing topic too;
#   - any rpk failure (broker unreachable, authorization, invalid setting) stops the script with a non-zero exit,
#     so the services, which wait for this one-shot container to succeed, do not start;
#   - at the end it reads back the settings of cairn.completions and fails unless it is compacted with the
#     7-day min.compaction.lag.ms (docs/design.md section 3).
# Environment: RPK_BROKERS (default redpanda:9092). deploy/validate.sh runs it against a stand-in rpk.
set -euo pipefail

BROKERS="${RPK_BROKERS:-redpanda:9092}"
WEEK_MS=604800000
MONTH_MS=2592000000

rpk_() { rpk -X "brokers=$BROKERS" "$@"; }

# ensure TOPIC PARTITIONS KEY=VALUE...
ensure() {
  local topic="$1" partitions="$2"; shift 2
  local existing
  existing="$(rpk_ topic list)"   # fails (and stops the script) when the broker does not answer
  if awk 'NR > 1 {print $1}' <<<"$existing" | grep -qxF "$topic"; then
    local set=()
    for kv in "$@"; do set+=(--set "$kv"); done
    rpk_ topic alter-config "$topic" "${set[@]}" >/dev/null
    echo "topic $topic exists; settings applied: $*"
  else
    local configs=()
    for kv in "$@"; do configs+=(-c "$kv"); done
    rpk_ topic create "$topic" -p "$partitions" "${configs[@]}" >/dev/null
    echo "topic $topic created with $partitions partitions: $*"
  fi
}

# config TOPIC KEY: the topic's current value of KEY (rpk topic describe -c prints "KEY VALUE SOURCE" lines)
config() {
  rpk_ topic describe "$1" -c | awk -v key="$2" '$1 == key {print $2; found = 1} END {exit !found}'
}

ensure cairn.stage-events     3 cleanup.policy=delete  "retention.ms=$WEEK_MS"
ensure cairn.stage-events.dlq 1 cleanup.policy=delete  "retention.ms=$MONTH_MS"
ensure cairn.completions      3 cleanup.policy=compact "min.compaction.lag.ms=$WEEK_MS"
ensure cairn.markers          3 cleanup.policy=delete  "retention.ms=$WEEK_MS"
ensure cairn.markers.dlq      1 cleanup.policy=delete  "retention.ms=$MONTH_MS"
ensure cairn.item-events      3 cleanup.policy=delete  "retention.ms=$WEEK_MS"
ensure cairn.item-events.dlq  1 cleanup.policy=delete  "retention.ms=$MONTH_MS"
ensure cairn.openlineage      3 cleanup.policy=delete  "retention.ms=$WEEK_MS"

policy="$(config cairn.completions cleanup.policy)" || { echo "cannot read cleanup.policy of cairn.completions" >&2; exit 1; }
lag="$(config cairn.completions min.compaction.lag.ms)" || { echo "cannot read min.compaction.lag.ms of cairn.completions" >&2; exit 1; }
if [ "$policy" != compact ] || [ "$lag" != "$WEEK_MS" ]; then
  echo "cairn.completions is not compacted as required: cleanup.policy=$policy min.compaction.lag.ms=$lag (want compact, $WEEK_MS)" >&2
  exit 1
fi
echo "verified: cairn.completions cleanup.policy=$policy min.compaction.lag.ms=$lag"
