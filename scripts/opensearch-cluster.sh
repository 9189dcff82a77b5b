#!/usr/bin/env bash
# A 3-node OpenSearch cluster on this machine, one JVM per node, so one node can be
# stopped while the others answer (the fault tests of issue 14). Nodes are started the
# same way as the single test node (.ci/start-opensearch, jars from Maven Central).
#
#   scripts/opensearch-cluster.sh start          # start 3 nodes, wait for green; prints exports
#   scripts/opensearch-cluster.sh stop           # stop every node
#   scripts/opensearch-cluster.sh stop-node N    # stop node N (1-3), keep its data
#   scripts/opensearch-cluster.sh start-node N   # start node N again on its data
#   scripts/opensearch-cluster.sh status
#
# Nodes listen on 127.0.0.1: HTTP 9260-9262, transport 9360-9362. State (data, logs,
# pids) lives in $OPENSEARCH_CLUSTER_STATE (default var/opensearch-cluster).
# Knobs: OPENSEARCH_CLUSTER_HEAP (512m per node), OPENSEARCH_START_TIMEOUT (180) and
# those of .ci/start-opensearch.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${OPENSEARCH_CLUSTER_STATE:-$ROOT/var/opensearch-cluster}
NODES=3
HTTP_BASE=9260
TRANSPORT_BASE=9360

# shellcheck disable=SC2034  # read by .ci/start-opensearch: define its functions only
TKB_OPENSEARCH_LIBRARY_ONLY=1
# shellcheck source=.ci/start-opensearch
source "$ROOT/.ci/start-opensearch"
TKB_OS_HEAP=${OPENSEARCH_CLUSTER_HEAP:-512m}

node_dir() { printf '%s/node%s\n' "$STATE" "$1"; }
http_port() { echo $((HTTP_BASE + $1 - 1)); }
node_url() { printf 'http://127.0.0.1:%s\n' "$(http_port "$1")"; }
node_pid() { cat "$(node_dir "$1")/pid" 2>/dev/null; }
node_alive() { local pid; pid=$(node_pid "$1") && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

urls() {
  local n list=()
  for n in $(seq 1 $NODES); do list+=("$(node_url "$n")"); done
  (IFS=,; echo "${list[*]}")
}

write_config() { # N
  local base conf seeds=() n
  base=$(node_dir "$1")
  conf="$base/node_1/config"
  mkdir -p "$conf"
  for n in $(seq 1 $NODES); do seeds+=("\"127.0.0.1:$((TRANSPORT_BASE + n - 1))\""); done
  # The runner names every node "Node 1": the cluster is bootstrapped by address.
  cat >"$conf/opensearch.yml" <<YAML
# Written by scripts/opensearch-cluster.sh: node $1 of a loopback-only test cluster.
network.host: 127.0.0.1
transport.port: $((TRANSPORT_BASE + $1 - 1))
discovery.seed_hosts: [$(IFS=,; echo "${seeds[*]}")]
cluster.initial_cluster_manager_nodes: [$(IFS=,; echo "${seeds[*]}")]
cluster.routing.allocation.disk.threshold_enabled: false
YAML
}

launch_node() { # N
  local base java
  base=$(node_dir "$1")
  java=$(tkb_os_pick_java)
  "$java" "-Xms$TKB_OS_HEAP" "-Xmx$TKB_OS_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -cp "$TKB_OS_LIB_DIR/*" org.codelibs.opensearch.runner.OpenSearchRunner \
    -basePath "$base" -numOfNode 1 -baseHttpPort "$(($(http_port "$1") - 1))" \
    -clusterName tkb-cluster </dev/null >>"$base/server.out" 2>&1 9>&- &
  echo $! >"$base/pid"
  disown $! 2>/dev/null || true
}

wait_health() { # STATUS SECONDS: any node reports the cluster at least this healthy
  local deadline=$((SECONDS + $2)) n
  while ((SECONDS < deadline)); do
    for n in $(seq 1 $NODES); do
      if curl -fsS -m 3 "$(node_url "$n")/_cluster/health?wait_for_status=$1&timeout=2s" >/dev/null 2>&1; then
        return 0
      fi
    done
    sleep 1
  done
  tkb_os_log "the cluster was not $1 within $2 s"
  for n in $(seq 1 $NODES); do tail -n 20 "$(node_dir "$n")/server.out" >&2 2>/dev/null || true; done
  return 1
}

wait_node() { # N [PATH]: node N answers PATH (default: its root, i.e. it is up)
  local deadline=$((SECONDS + TKB_OS_TIMEOUT))
  while ((SECONDS < deadline)); do
    if curl -fsS -m 3 "$(node_url "$1")${2:-/}" >/dev/null 2>&1; then
      return 0
    fi
    node_alive "$1" || { tkb_os_log "node $1 exited"; tail -n 40 "$(node_dir "$1")/server.out" >&2; return 1; }
    sleep 1
  done
  tkb_os_log "node $1 did not join within $TKB_OS_TIMEOUT s"
  return 1
}

cmd_start() {
  local n started=$SECONDS
  tkb_os_ensure_tools
  tkb_os_fetch_jars
  mkdir -p "$STATE"
  for n in $(seq 1 $NODES); do
    if node_alive "$n"; then continue; fi
    write_config "$n"
    launch_node "$n"
  done
  for n in $(seq 1 $NODES); do wait_node "$n" "/_cluster/health?wait_for_nodes=$NODES&timeout=2s"; done
  wait_health green "$TKB_OS_TIMEOUT"
  tkb_os_log "cluster of $NODES nodes green at $(urls) ($((SECONDS - started)) s)"
  printf 'export OPENSEARCH_CLUSTER_URLS=%s\nexport OPENSEARCH_CLUSTER_STATE=%s\n' "$(urls)" "$STATE"
}

cmd_stop_node() { # N
  local pid
  if node_alive "$1"; then
    pid=$(node_pid "$1")
    tkb_os_stop_pid "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$(node_dir "$1")/pid"
}

cmd_start_node() { # N: returns once the node answers (it joins the others by itself)
  node_alive "$1" && return 0
  launch_node "$1"
  wait_node "$1"
}

cmd_stop() {
  local n
  for n in $(seq 1 $NODES); do cmd_stop_node "$n"; done
}

cmd_status() {
  local n code=0
  for n in $(seq 1 $NODES); do
    if node_alive "$n"; then echo "node $n running (pid $(node_pid "$n")) at $(node_url "$n")"; else echo "node $n stopped"; code=1; fi
  done
  return $code
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
stop-node) cmd_stop_node "${2:?node number}" ;;
start-node) cmd_start_node "${2:?node number}" ;;
status) cmd_status ;;
*)
  echo "usage: $0 start|stop|stop-node N|start-node N|status" >&2
  exit 2
  ;;
esac
