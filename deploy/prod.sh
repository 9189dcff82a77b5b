#!/usr/bin/env bash
# The production stack on this machine: gunicorn (production settings, PostgreSQL,
# pooled connections) and the task worker behind Varnish, with the demo content.
#
#   deploy/prod.sh start    # make prod: install, migrate, load, start, wait until ready
#   deploy/prod.sh stop     # make prod-stop: stop what start started
#   deploy/prod.sh status
#   deploy/prod.sh run CMD...  # run CMD with the application's environment, e.g.
#                              # deploy/prod.sh run .venv/bin/python manage.py createsuperuser
#
# Then http://127.0.0.1:8080/ (the front), the app itself on 127.0.0.1:8001,
# http://127.0.0.1:8001/metrics for Prometheus. State, logs and the generated secret
# key live in var/prod/ (git-ignored). Settings (environment, all optional):
#   TKB_PROD_DATABASE_URL  postgres://tkb:tkb@127.0.0.1:5432/tkb_prod (created if missing)
#   TKB_PROD_PORT          8080   the front (Varnish)
#   TKB_APP_PORT           8001   gunicorn
#   TKB_GUNICORN_WORKERS   2
#   TKB_VARNISH_MEMORY     256m
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${TKB_PROD_STATE:-$ROOT/var/prod}
VENV=${VENV:-$ROOT/.venv}
PY="$VENV/bin/python"
FRONT_PORT=${TKB_PROD_PORT:-8080}
APP_PORT=${TKB_APP_PORT:-8001}
DB_URL=${TKB_PROD_DATABASE_URL:-postgres://tkb:tkb@127.0.0.1:5432/tkb_prod}

log() { printf '[prod] %s\n' "$*" >&2; }

app_env() { # the environment the application runs with
  export DJANGO_SETTINGS_MODULE=config.settings.production
  DJANGO_SECRET_KEY=$(cat "$STATE/secret-key")
  export DJANGO_SECRET_KEY
  export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
  export DATABASE_URL=$DB_URL
  export DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-4}
  # Plain HTTP on the loopback; a real deployment terminates TLS in front of Varnish.
  export DJANGO_SECURE_SSL_REDIRECT=false
  export FRONT_CACHE_URL="http://127.0.0.1:$FRONT_PORT"
  export KB_TRUSTED_PROXY_HOPS=${KB_TRUSTED_PROXY_HOPS:-1}
  export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$FRONT_PORT"
  export DJANGO_STATIC_ROOT="$STATE/static"
  export DJANGO_MEDIA_ROOT="$STATE/media"
  export DJANGO_LOG_FORMAT=json
  export PROMETHEUS_MULTIPROC_DIR="$STATE/metrics"
  export TKB_GUNICORN_BIND="127.0.0.1:$APP_PORT"
  export DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_packages() {
  if ! command -v varnishd >/dev/null; then
    log "installing varnish"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null
  fi
}

ensure_database() {
  local admin_url=${DB_URL%/*}/postgres name=${DB_URL##*/}
  if ! psql -qtA "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    log "creating database $name"
    psql -q "$admin_url" -c "CREATE DATABASE \"$name\""
  fi
}

wait_for() { # URL SECONDS
  local _
  for _ in $(seq 1 "$2"); do
    curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  log "$1 did not answer within $2 s"
  return 1
}

start() {
  mkdir -p "$STATE/metrics" "$STATE/logs"
  [[ -s $STATE/secret-key ]] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret-key" 2>/dev/null ||
    python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret-key"
  ensure_packages
  make -C "$ROOT" --no-print-directory install
  ensure_database
  app_env
  cd "$ROOT"
  log "migrating and loading the demo content"
  # Nothing is cached before the front first starts: no purges to send while loading.
  local front_url=$FRONT_CACHE_URL
  pid_alive "$STATE/varnishd.pid" || export FRONT_CACHE_URL=
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py createcachetable
  "$PY" manage.py collectstatic --noinput -v0
  "$PY" manage.py load_demo_regulations -v0
  "$PY" manage.py load_demo -v0
  "$PY" manage.py load_demo_services -v0
  "$PY" manage.py update_index -v0
  "$PY" manage.py ensure_admin -v0
  export FRONT_CACHE_URL=$front_url
  rm -f "$STATE"/metrics/*.db
  if ! pid_alive "$STATE/gunicorn.pid"; then
    log "starting gunicorn on 127.0.0.1:$APP_PORT"
    "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py config.wsgi \
      --daemon --pid "$STATE/gunicorn.pid" --error-logfile "$STATE/logs/gunicorn.log"
  fi
  if ! pid_alive "$STATE/worker.pid"; then
    log "starting the task worker"
    nohup "$PY" manage.py db_worker --interval 0.5 >>"$STATE/logs/worker.log" 2>&1 &
    echo $! >"$STATE/worker.pid"
  fi
  wait_for "http://127.0.0.1:$APP_PORT/healthz" 30
  if ! pid_alive "$STATE/varnishd.pid"; then
    log "starting varnish on 127.0.0.1:$FRONT_PORT"
    sed "s/\"8001\"/\"$APP_PORT\"/" deploy/varnish/tkb.vcl >"$STATE/tkb.vcl"
    varnishd -n "$STATE/varnish" -a "127.0.0.1:$FRONT_PORT" -f "$STATE/tkb.vcl" \
      -s "malloc,${TKB_VARNISH_MEMORY:-256m}" -P "$STATE/varnishd.pid" \
      -T "127.0.0.1:0" -p default_grace=0 >>"$STATE/logs/varnish.log" 2>&1
  fi
  wait_for "http://127.0.0.1:$FRONT_PORT/readyz" 60
  log "ready: http://127.0.0.1:$FRONT_PORT/ (app: 127.0.0.1:$APP_PORT, metrics: /metrics there)"
  log "admin: http://127.0.0.1:$FRONT_PORT/admin/ (password: DJANGO_ADMIN_PASSWORD or var/admin-password.txt)"
}

stop_pid() { # PIDFILE NAME
  if pid_alive "$1"; then
    local pid _
    pid=$(cat "$1")
    log "stopping $2 (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop() {
  stop_pid "$STATE/varnishd.pid" varnish
  stop_pid "$STATE/gunicorn.pid" gunicorn
  stop_pid "$STATE/worker.pid" "task worker"
}

status() {
  local name running=0
  for name in varnishd gunicorn worker; do
    if pid_alive "$STATE/$name.pid"; then
      log "$name running (pid $(cat "$STATE/$name.pid"))"
    else
      log "$name stopped"
      running=1
    fi
  done
  return $running
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
run)
  shift
  [[ -s $STATE/secret-key ]] || { log "run 'deploy/prod.sh start' first"; exit 1; }
  app_env
  cd "$ROOT"
  exec "$@"
  ;;
*)
  echo "usage: $0 start|stop|status|run CMD..." >&2
  exit 2
  ;;
esac
