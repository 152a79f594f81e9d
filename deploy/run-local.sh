#!/usr/bin/env bash
# Builds nsgflow, starts the local stack (Kafka KRaft broker, Elasticsearch, Flink session
# cluster; each its own process, no Docker), submits job/target/nsgflow.jar to the session
# cluster over REST and runs `stream`, publishes a generated enterprise's policy and streams its
# flow logs (planted drift, malformed input, a policy change mid-run) into Kafka, and prints from
# Elasticsearch what the job found next to what was planted, and the alert webhooks a local receiver
# got (each signature verified) next to the alerts in Elasticsearch. Exit 0 when the drift found equals
# the drift planted, type by type. Then it cancels the job and stops the stack, unless --keep is
# given (then Ctrl-C stops it).
#
#   bash deploy/run-local.sh [--keep] [--base-dir DIR] [--skip-build] [--seed N] [--minutes N]
#                            [--connections-per-minute N] [--drift-per-type N] [--pace-ms N] [--timeout-s N]
#                            [--feed kafka|azurite]
#
# --feed azurite writes the flow logs to Azure Storage (Azurite, installed with npm on first use) as
# Network Watcher writes them, and the blob reader of `nsgflow ingest-blobs` moves them to Kafka.
#
# Needs Java 17 and Maven; Maven downloads everything else. Logs: <base-dir>/<component>/logs
# (default base dir: deploy/localstack/target/stack).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-build) build=false; shift ;;
    --keep) args+=(--keep); shift ;;
    --base-dir|--seed|--minutes|--connections-per-minute|--drift-per-type|--pace-ms|--timeout-s|--feed)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      args+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if $build; then
  # a line per module as it starts, errors and the result; Maven's whole output goes to the log
  log=target/run-local-build.log
  echo "building: mvn -B install -DskipTests (about 40 s when warm; the first run downloads more)"
  if ! mvn -B -ntp install -DskipTests 2>&1 | bash deploy/maven-progress.sh "$log"; then
    echo "the build failed; the end of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
fi

# the webhook signing secret, shared by the job (its TaskManager inherits this environment) and the
# demo's receiver that verifies every signature; a fresh random one unless given
if [[ -z "${NSGFLOW_WEBHOOK_SECRET:-}" ]]; then
  NSGFLOW_WEBHOOK_SECRET="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
fi
export NSGFLOW_WEBHOOK_SECRET

# the demo runs with the very jar it uploads on its classpath (for the synthetic generator)
exec java -cp "deploy/demo/target/nsgflow-demo-0.1.0-SNAPSHOT.jar:deploy/demo/target/lib/*:job/target/nsgflow.jar" \
  io.nsgflow.demo.EndToEndDemo --jar job/target/nsgflow.jar "${args[@]}"
