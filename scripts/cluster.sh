#!/usr/bin/env bash
# A three-node recording cluster on this machine, on 127.0.0.1 only: redis-server, a PostgreSQL holding the cluster's
# one recordings index, nodes a, b and c, and Kamailio (deploy/kamailio/kamailio.cfg) in front as the one SIP address
# SBCs send to. docs/cluster.md explains the topology. Without PostgreSQL installed each node keeps its own SQLite index.
#
#   scripts/cluster.sh up       start everything in the background and print where things are
#   scripts/cluster.sh status   what runs, each node's health, and which nodes Kamailio has in rotation
#   scripts/cluster.sh down     stop everything `up` started
#
# State (pid files, logs, the dispatcher list, each node's recordings, the index database in postgres/) lives in
# CLUSTER_DIR (default ./cluster) and is kept from one `up` to the next. As root, PostgreSQL runs as user nobody (it
# refuses to run as root), so nobody must be able to reach CLUSTER_DIR.
# Ports, all changeable through the environment:
#   CLUSTER_SIP_PORT        5060   Kamailio, the cluster's SIP address (UDP)
#   CLUSTER_REDIS_PORT      6390   redis-server
#   CLUSTER_POSTGRES_PORT   5440   PostgreSQL (database siprec, user postgres, trust authentication on 127.0.0.1)
#   CLUSTER_NODE_SIP_PORT   5070   node a's SIP port (UDP/TCP); TLS on the next port; node b +2, node c +4
#   CLUSTER_NODE_HTTP_PORT  8081   node a's HTTP API; node b +1, node c +2
#   CLUSTER_RTP_PORT        30000  node a's first RTP port; each node gets CLUSTER_RTP_PORTS ports (default 1000)
# CLUSTER_SERVER_DLL runs that build of siprec.dll instead of building src/Siprec.Server first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=$(mkdir -p "${CLUSTER_DIR:-$PWD/cluster}" && cd "${CLUSTER_DIR:-$PWD/cluster}" && pwd)
sip_port=${CLUSTER_SIP_PORT:-5060}
redis_port=${CLUSTER_REDIS_PORT:-6390}
postgres_port=${CLUSTER_POSTGRES_PORT:-5440}
postgres_dir=$state/postgres
postgres_run_as=nobody
runuser=$(command -v runuser || echo /usr/sbin/runuser)
node_sip_port=${CLUSTER_NODE_SIP_PORT:-5070}
node_http_port=${CLUSTER_NODE_HTTP_PORT:-8081}
rtp_port=${CLUSTER_RTP_PORT:-30000}
rtp_ports=${CLUSTER_RTP_PORTS:-1000}
nodes=(a b c)
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
kamcmd=$(command -v kamcmd || echo /usr/sbin/kamcmd)
ctl_socket="unix:$state/kamailio/kamailio_ctl"

# The newest installed PostgreSQL's programs (Debian keeps them out of PATH); empty when none is installed.
postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$postgres_bin" ] && [ -x "$postgres_bin/initdb" ] && [ -x "$postgres_bin/pg_ctl" ] || postgres_bin=
index_url=

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
  [ -z "$index_url" ] || echo RECORDING_INDEX_URL="$index_url"
}

start_redis() {
  command -v redis-server >/dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
  spawn redis "$state" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no
  wait_until "redis-server on port $redis_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port"
}

# Runs one of PostgreSQL's programs, as $postgres_run_as when this is root.
postgres_tool() {
  local tool=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && "$runuser" -u "$postgres_run_as" -- "$postgres_bin/$tool" "$@")
  else
    "$postgres_bin/$tool" "$@"
  fi
}

start_postgres() {
  if [ -z "$postgres_bin" ]; then
    echo "PostgreSQL is not installed (Debian: apt-get install postgresql): each node keeps its own SQLite index" >&2
    return 0
  fi
  mkdir -p "$postgres_dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$postgres_run_as" "$postgres_dir"
    if ! "$runuser" -u "$postgres_run_as" -- test -w "$postgres_dir"; then
      echo "user $postgres_run_as cannot reach $postgres_dir (PostgreSQL does not run as root): set CLUSTER_DIR to a folder it can reach" >&2
      return 1
    fi
  fi
  local fresh=
  if [ ! -f "$postgres_dir/data/PG_VERSION" ]; then
    postgres_tool initdb -D "$postgres_dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$state/logs/postgres-initdb.log" 2>&1
    fresh=1
  fi
  postgres_tool pg_ctl -D "$postgres_dir/data" -l "$postgres_dir/server.log" -w -t 60 start \
    -o "-p $postgres_port -k $postgres_dir -c listen_addresses=127.0.0.1" >/dev/null
  head -1 "$postgres_dir/data/postmaster.pid" >"$state/pids/postgres.pid"
  [ -z "$fresh" ] || postgres_tool createdb -h "$postgres_dir" -p "$postgres_port" -U postgres siprec
  index_url="postgres://postgres@127.0.0.1:$postgres_port/siprec"
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

stop_postgres() {
  if running postgres; then
    postgres_tool pg_ctl -D "$postgres_dir/data" -m fast -w -t 30 stop >/dev/null || stop postgres
  fi
  rm -f "$state/pids/postgres.pid"
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
  # Front first, so no new call reaches a node that is stopping; the stores last.
  stop kamailio
  local node
  for node in "${nodes[@]}"; do stop "$node"; done
  stop_postgres
  stop redis
  echo "cluster down ($state)"
}

status() {
  local name i
  for name in redis postgres "${nodes[@]}" kamailio; do
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
  if running postgres; then
    echo "postgres: recordings index postgres://postgres@127.0.0.1:$postgres_port/siprec"
  elif [ -z "$postgres_bin" ]; then
    echo "postgres: not installed; each node keeps its own SQLite index"
  fi
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
  for name in redis postgres "${nodes[@]}" kamailio; do
    if running "$name"; then echo "$name is already running; scripts/cluster.sh down first" >&2; exit 1; fi
  done
  mkdir -p "$state/logs" "$state/pids"
  trap 'down >/dev/null' ERR
  start_redis
  start_postgres
  start_nodes
  start_kamailio
  trap - ERR
  local i
  echo "cluster up: send SIP to 127.0.0.1:$sip_port (Kamailio, round-robin over the nodes)"
  for i in "${!nodes[@]}"; do
    echo "  node ${nodes[$i]}: SIP 127.0.0.1:$(node_sip "$i"), API http://127.0.0.1:$(node_http "$i"), recordings $state/${nodes[$i]}/recordings"
  done
  if [ -n "$index_url" ]; then
    echo "  recordings index: $index_url (GET /api/recordings on any node lists every node's recordings)"
  fi
  echo "  Redis 127.0.0.1:$redis_port; logs in $state/logs; scripts/cluster.sh status | down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh up|down|status" >&2; exit 2 ;;
esac
