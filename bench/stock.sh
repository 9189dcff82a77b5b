#!/usr/bin/env bash
# A stock Wagtail 8 site to measure ours against (issue 14), served like ours.
#
#   bash bench/stock.sh start   # generate with `wagtail start`, migrate, seed, serve
#   bash bench/stock.sh stop
#
# The project is what `wagtail start` generates today (its production settings), plus
# bench/stock_wagtail/: a tutorial-style article page and a settings/local.py naming
# the database. The page holds the same demo article as ours (/efin-akun/lupa-efin/):
# http://127.0.0.1:8101/lupa-efin/ . It runs on PostgreSQL (database tkb_stock, created
# if missing) under gunicorn with deploy/gunicorn.conf.py, the same workers as ours.
# State lives in var/stock/ (git-ignored). Settings (environment, all optional):
#   TKB_STOCK_DATABASE_URL  postgres://tkb:tkb@127.0.0.1:5432/tkb_stock
#   TKB_STOCK_PORT          8101
#   TKB_GUNICORN_WORKERS    2
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=$ROOT/var/stock
VENV=${VENV:-$ROOT/.venv}
PORT=${TKB_STOCK_PORT:-8101}
DB_URL=${TKB_STOCK_DATABASE_URL:-postgres://tkb:tkb@127.0.0.1:5432/tkb_stock}
SITE=$STATE/site

log() { printf '[stock] %s\n' "$*" >&2; }

start() {
  mkdir -p "$STATE"
  if [[ ! -f $SITE/manage.py ]]; then
    log "generating a stock project with wagtail start"
    mkdir -p "$SITE"
    "$VENV/bin/wagtail" start stocksite "$SITE"
  fi
  rm -rf "$SITE/stockblog"
  cp -r "$ROOT/bench/stock_wagtail/stockblog" "$SITE/stockblog"
  cp "$ROOT/bench/stock_wagtail/local.py" "$SITE/stocksite/settings/local.py"
  local admin_url=${DB_URL%/*}/postgres name=${DB_URL##*/}
  if ! psql -qtA "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    log "creating database $name"
    psql -q "$admin_url" -c "CREATE DATABASE \"$name\""
  fi
  [[ -s $STATE/secret-key ]] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret-key"
  export DJANGO_SETTINGS_MODULE=stocksite.settings.production
  export DATABASE_URL=$DB_URL
  DJANGO_SECRET_KEY=$(cat "$STATE/secret-key")
  export DJANGO_SECRET_KEY
  cd "$SITE"
  "$VENV/bin/python" manage.py migrate --noinput -v0
  "$VENV/bin/python" manage.py collectstatic --noinput -v0
  "$VENV/bin/python" manage.py seed_stock "$ROOT/kb/demo/articles/efin-akun/lupa-efin.md" --slug lupa-efin
  if ! [[ -f $STATE/gunicorn.pid ]] || ! kill -0 "$(cat "$STATE/gunicorn.pid")" 2>/dev/null; then
    log "starting gunicorn on 127.0.0.1:$PORT"
    TKB_GUNICORN_BIND="127.0.0.1:$PORT" "$VENV/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" \
      stocksite.wsgi --daemon --pid "$STATE/gunicorn.pid" --error-logfile "$STATE/gunicorn.log"
  fi
  for _ in $(seq 1 30); do
    curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$PORT/lupa-efin/" 2>/dev/null && {
      log "ready: http://127.0.0.1:$PORT/lupa-efin/"
      return 0
    }
    sleep 1
  done
  log "the stock site did not answer"
  return 1
}

stop() {
  if [[ -f $STATE/gunicorn.pid ]] && kill -0 "$(cat "$STATE/gunicorn.pid")" 2>/dev/null; then
    log "stopping gunicorn"
    kill -TERM "$(cat "$STATE/gunicorn.pid")"
  fi
  rm -f "$STATE/gunicorn.pid"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
