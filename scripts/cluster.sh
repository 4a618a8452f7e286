#!/usr/bin/env bash
# A three-node recording cluster on this machine, on 127.0.0.1 only: redis-server, nodes a, b and c, and Kamailio
# (deploy/kamailio/kamailio.cfg) in front as the one SIP address SBCs send to. docs/cluster.md explains the topology.
#
#   scripts/cluster.sh up       start everything in the background and print where things are
#   scripts/cluster.sh status   what runs, each node's health, and which nodes Kamailio has in rotation
#   scripts/cluster.sh down     stop everything `up` started
#
# State (pid files, logs, the dispatcher list, each node's recordings) lives in CLUSTER_DIR (default ./cluster).
# Ports, all changeable through the environment:
#   CLUSTER_SIP_PORT        5060   Kamailio, the cluster's SIP address (UDP)
#   CLUSTER_REDIS_PORT      6390   redis-server
#   CLUSTER_NODE_SIP_PORT   5070   node a's SIP port (UDP/TCP); TLS on the next port; node b +2, node c +4
#   CLUSTER_NODE_HTTP_PORT  8081   node a's HTTP API; node b +1, node c +2
#   CLUSTER_RTP_PORT        30000  node a's first RTP port; each node gets CLUSTER_RTP_PORTS ports (default 1000)
# CLUSTER_SERVER_DLL runs that build of siprec.dll instead of building src/Siprec.Server first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=$(mkdir -p "${CLUSTER_DIR:-$PWD/cluster}" && cd "${CLUSTER_DIR:-$PWD/cluster}" && pwd)
sip_port=${CLUSTER_SIP_PORT:-5060}
redis_port=${CLUSTER_REDIS_PORT:-6390}
node_sip_port=${CLUSTER_NODE_SIP_PORT:-5070}
node_http_port=${CLUSTER_NODE_HTTP_PORT:-8081}
rtp_port=${CLUSTER_RTP_PORT:-30000}
rtp_ports=${CLUSTER_RTP_PORTS:-1000}
nodes=(a b c)
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
kamcmd=$(command -v kamcmd || echo /usr/sbin/kamcmd)
ctl_socket="unix:$state/kamailio/kamailio_ctl"

node_sip() { echo $((node_sip_port + 2 * $1)); }
node_http() { echo $((node_http_port + $1)); }

pid_of() { cat "$state/pids/$1.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# Starts a command in a session of its own (so `down` reaches every process it forks), output to <name>.log.
spawn() {
  local name=$1 dir=$2
  shift 2
  mkdir -p "$dir" "$state/pids"
  (cd "$dir" && exec setsid "$@" >"$state/logs/$name.log" 2>&1 </dev/null) &
  echo $! >"$state/pids/$name.pid"
}

wait_until() {
  local what=$1
  shift
  for _ in $(seq 1 150); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "$what did not come up; see $state/logs" >&2
  return 1
}

# What every node is given, one NAME=value a line; the cluster's shared stores are named here.
node_env() {
  local i=$1 node=${nodes[$1]}
  printf '%s\n' CLUSTER_REDIS_URL="redis://127.0.0.1:$redis_port" CLUSTER_NODE_ID="$node" \
    CLUSTER_ADVERTISED_URL="http://127.0.0.1:$(node_http "$i")" \
    SIP_HOST=127.0.0.1 SIP_PORT="$(node_sip "$i")" SIP_TLS_PORT=$(($(node_sip "$i") + 1)) \
    HTTP_HOST=127.0.0.1 HTTP_PORT="$(node_http "$i")" \
    RTP_PORT_MIN=$((rtp_port + rtp_ports * i)) RTP_PORT_MAX=$((rtp_port + rtp_ports * (i + 1) - 1)) \
    RECORDING_DIR="$state/$node/recordings" LOG_FORMAT=text
}

start_redis() {
  command -v redis-server >/dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
  spawn redis "$state" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no
  wait_until "redis-server on port $redis_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port"
}

start_nodes() {
  local dll=${CLUSTER_SERVER_DLL:-}
  if [ -z "$dll" ]; then
    dotnet build "$root/src/Siprec.Server" -c Release --verbosity quiet -nologo >/dev/null
    dll=$(find "$root/src/Siprec.Server/bin/Release" -name siprec.dll | head -1)
  fi
  local i settings
  for i in "${!nodes[@]}"; do
    mapfile -t settings < <(node_env "$i")
    spawn "${nodes[$i]}" "$state/${nodes[$i]}" env "${settings[@]}" dotnet "$dll"
  done
  for i in "${!nodes[@]}"; do
    wait_until "node ${nodes[$i]}" curl -fsS "http://127.0.0.1:$(node_http "$i")/health/live"
  done
}

start_kamailio() {
  [ -x "$kamailio" ] || { echo "kamailio is not installed (Debian: apt-get install kamailio)" >&2; exit 1; }
  mkdir -p "$state/kamailio"
  local i
  for i in "${!nodes[@]}"; do
    echo "1 sip:127.0.0.1:$(node_sip "$i") 0 0 duid=${nodes[$i]}"
  done >"$state/kamailio/dispatcher.list"
  spawn kamailio "$state/kamailio" "$kamailio" -DD -E -f "$root/deploy/kamailio/kamailio.cfg" -l "udp:127.0.0.1:$sip_port" \
    -A "DISPATCHER_LIST=\"$state/kamailio/dispatcher.list\"" -A "CTL_SOCKET=\"$ctl_socket\"" \
    -P "$state/kamailio/kamailio.pid" -Y "$state/kamailio" -m 64
  wait_until "kamailio on port $sip_port" "$kamcmd" -s "$ctl_socket" dispatcher.list
}

stop() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$state/pids/$name.pid"
}

down() {
  # Front first, so no new call reaches a node that is stopping; Redis last.
  stop kamailio
  local node
  for node in "${nodes[@]}"; do stop "$node"; done
  stop redis
  echo "cluster down ($state)"
}

status() {
  local name i
  for name in redis "${nodes[@]}" kamailio; do
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
  for i in "${!nodes[@]}"; do
    echo "node ${nodes[$i]} health: $(curl -fsS "http://127.0.0.1:$(node_http "$i")/health/ready" 2>/dev/null | tr -d ' \n' || echo unreachable)"
  done
  if running kamailio; then
    # FLAGS begin with A (active), T (failed once, still chosen), I (inactive) or D (disabled); P: probed.
    "$kamcmd" -s "$ctl_socket" dispatcher.list | awk '
      /URI:/ {uri=$2} /FLAGS:/ {flags=$2}
      /DUID:/ {print "kamailio: node " $2 " " uri " " (flags ~ /^[AT]/ ? "in rotation" : "out of rotation") " (" flags ")"}' | sort
  fi
}

up() {
  local name
  for name in redis "${nodes[@]}" kamailio; do
    if running "$name"; then echo "$name is already running; scripts/cluster.sh down first" >&2; exit 1; fi
  done
  mkdir -p "$state/logs"
  trap 'down >/dev/null' ERR
  start_redis
  start_nodes
  start_kamailio
  trap - ERR
  local i
  echo "cluster up: send SIP to 127.0.0.1:$sip_port (Kamailio, round-robin over the nodes)"
  for i in "${!nodes[@]}"; do
    echo "  node ${nodes[$i]}: SIP 127.0.0.1:$(node_sip "$i"), API http://127.0.0.1:$(node_http "$i"), recordings $state/${nodes[$i]}/recordings"
  done
  echo "  Redis 127.0.0.1:$redis_port; logs in $state/logs; scripts/cluster.sh status | down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh up|down|status" >&2; exit 2 ;;
esac
