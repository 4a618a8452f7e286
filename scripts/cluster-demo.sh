#!/usr/bin/env bash
# Runs a cluster on this machine: one redis-server and three nodes (a, b, c), all on 127.0.0.1.
# Node a: SIP 5070, HTTP 8081; node b: SIP 5072, HTTP 8082; node c: SIP 5074, HTTP 8083; Redis on 6390.
# Recordings go to ./cluster-demo/<node>/recordings. Ctrl-C stops everything this script started.
# Usage: scripts/cluster-demo.sh [redis port]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
redis_port=${1:-6390}
work=$(pwd)/cluster-demo
command -v redis-server >/dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
dotnet build "$root/src/Siprec.Server" -c Release --verbosity quiet -nologo >/dev/null
server_dll=$(find "$root/src/Siprec.Server/bin/Release" -name siprec.dll | head -1)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM
mkdir -p "$work"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
i=0
for node in a b c; do
  mkdir -p "$work/$node"
  (cd "$work/$node" && exec env CLUSTER_REDIS_URL="redis://127.0.0.1:$redis_port" CLUSTER_NODE_ID="$node" \
    CLUSTER_ADVERTISED_URL="http://127.0.0.1:$((8081 + i))" \
    SIP_HOST=127.0.0.1 SIP_PORT=$((5070 + 2 * i)) SIP_TLS_PORT=$((5071 + 2 * i)) HTTP_HOST=127.0.0.1 HTTP_PORT=$((8081 + i)) \
    RTP_PORT_MIN=$((30000 + 1000 * i)) RTP_PORT_MAX=$((30999 + 1000 * i)) LOG_FORMAT=text \
    dotnet "$server_dll" >"$work/$node/server.log" 2>&1) &
  pids+=($!)
  i=$((i + 1))
done
for port in 8081 8082 8083; do
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
done
echo "cluster up: nodes a http://127.0.0.1:8081 (SIP 5070), b http://127.0.0.1:8082 (SIP 5072), c http://127.0.0.1:8083 (SIP 5074); Redis 127.0.0.1:$redis_port"
echo "logs and recordings under $work; Ctrl-C stops everything"
wait
