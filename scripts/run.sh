#!/usr/bin/env bash
# The main job, end to end on one machine: installs and starts what is missing (scripts/setup.sh), starts the
# Kafka stand-in (librdkafka's mock cluster, topics pre-created), migrates the schema, starts the recorder,
# sends synthetic rounds through the scheduler's producer, and prints what landed.
#   bash scripts/run.sh [--rounds 10000] [--keep]      (--keep leaves recorder and cluster running)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh

rounds=10000; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: bash scripts/run.sh [--rounds N] [--keep]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
# The demo's Kafka is a single (mock) broker: the Development profile (readable logs, single-broker topic settings).
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
export Kafka__BootstrapServers="127.0.0.1:${RECORDER_DEMO_KAFKA_PORT:-19092}"
export Urls="http://127.0.0.1:${RECORDER_DEMO_HTTP_PORT:-8080}"
logs="$root/artifacts/demo"; mkdir -p "$logs"
pids=()
cleanup() { [ "$keep" = 1 ] || for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== building"
for project in src/Producer.Schedule tests/Kafka.MockCluster; do
  dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v:q
done
# The recorder as it is deployed (scripts/publish.sh), with the gen0 budget its deployment sets.
recorder=$(bash "$root/scripts/publish.sh" "$root/artifacts/recorder" | tail -1)
gen0="${DOTNET_GCgen0size:-0x4000000}"

echo "== Kafka stand-in (test and demo only; production uses Apache Kafka) on $Kafka__BootstrapServers"
dotnet tests/Kafka.MockCluster/bin/Release/net10.0/Kafka.MockCluster.dll --brokers 1 --port "${Kafka__BootstrapServers##*:}" \
  --topic qywx-recorder:24 --topic qywx-recorder.dlq:4 --rebalance-delay-ms 0 >"$logs/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^listening on' "$logs/kafka.log" && break; sleep 0.1; done
grep '^listening on' "$logs/kafka.log" || { cat "$logs/kafka.log"; exit 1; }

echo "== schema"
dotnet "$recorder" migrate

count_rows() { MYSQL_PWD="$RECORDER_DB_PASSWORD" mariadb -N -u"$RECORDER_DB_USER" -h127.0.0.1 "$RECORDER_DB" -e 'SELECT COUNT(*) FROM conversation_records'; }
# Rows already there are left alone; the figures below count what this run added.
rows_before=$(count_rows)

echo "== recorder on $Urls"
DOTNET_GCgen0size="$gen0" dotnet "$recorder" run >"$logs/recorder.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -fs "$Urls/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$Urls/readyz" && echo || { echo "recorder not ready; see $logs/recorder.log"; tail -20 "$logs/recorder.log"; exit 1; }

echo "== sending $rounds synthetic rounds (3 pairs each)"
start=$(date +%s.%N)
dotnet src/Producer.Schedule/bin/Release/net10.0/Recorder.Producer.Schedule.dll generate --bootstrap "$Kafka__BootstrapServers" \
  --count "$rounds" --users 500 --pairs 3 --content-size 200

metric() { curl -fs "$Urls/metrics" | awk -v s="$1" '$1 == s { print $2 }'; }
echo "== waiting for the recorder"
for _ in $(seq 1 600); do
  done_count=$(python3 -c "print(int(sum(float(x or 0) for x in '$(metric 'qywx_recorder_batches_total{result="ok"}') $(metric 'qywx_recorder_batches_total{result="dlq"}')'.split())))")
  [ "$done_count" -ge "$rounds" ] && break
  sleep 0.2
done
elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")

rows=$(( $(count_rows) - rows_before ))
echo "== result"
echo "rounds recorded ok:     $(metric 'qywx_recorder_batches_total{result="ok"}')"
echo "rounds dead-lettered:   $(metric 'qywx_recorder_batches_total{result="dlq"}')"
echo "rows inserted:          $(metric 'qywx_recorder_db_insert_rows_total{result="inserted"}')"
echo "rows ignored (dupes):   $(metric 'qywx_recorder_db_insert_rows_total{result="ignored"}')"
echo "rows added to the table: $rows (expected $((rounds * 6)))"
echo "end to end:             ${elapsed} s from the first send to the last round recorded, $(python3 -c "print(round($rounds / $elapsed))") rounds/s"
echo "metrics:                $Urls/metrics   health: $Urls/healthz   readiness: $Urls/readyz"
echo "logs:                   $logs"
[ "$rows" -eq $((rounds * 6)) ] || { echo "row count differs from expectation" >&2; exit 1; }
if [ "$keep" = 1 ]; then echo "recorder and Kafka stand-in keep running (pids ${pids[*]})"; fi
