#!/usr/bin/env bash
# Builds nsgflow, starts the local stack (Kafka KRaft broker, Elasticsearch, Flink session
# cluster; each its own process, no Docker), submits job/target/nsgflow.jar to the session
# cluster over REST, feeds records into Kafka and shows what arrived in Elasticsearch.
# Then it cancels the job and stops the stack, unless --keep is given (then Ctrl-C stops it).
#
#   bash deploy/run-local.sh [--keep] [--records N] [--base-dir DIR] [--skip-build]
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
    --records|--base-dir) args+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if $build; then
  echo "building (mvn -B -q install -DskipTests) ..."
  mvn -B -q install -DskipTests
fi

exec java -cp "deploy/localstack/target/nsgflow-localstack-0.1.0-SNAPSHOT.jar:deploy/localstack/target/lib/*" \
  io.nsgflow.localstack.LocalStackMain demo --jar job/target/nsgflow.jar "${args[@]}"
