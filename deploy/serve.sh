#!/usr/bin/env bash
# `make serve`: the production way to run the site on one machine (docs/deploy.md).
#
# Reads deploy.env (or the file named by DEPLOY_ENV) when it exists; a variable already set
# in the environment wins over the file. Refuses to start without DATABASE_URL (the
# application role), DATABASE_OWNER_URL (the owner of the tables) and REDIS_URL. Then, with
# DJANGO_SETTINGS_MODULE=config.settings.production:
#   1. collectstatic (hashed names, compressed) into STATIC_ROOT;
#   2. migrate, connected as the owner;
#   3. db_app_role: the application role's grants (idempotent);
#   4. gunicorn (config/gunicorn.conf.py), a Celery worker and Celery beat, all connected as
#      the application role. Ctrl-C (or SIGTERM) stops the three; if one of them exits,
#      the others are stopped too and the exit status is non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file="${DEPLOY_ENV:-deploy.env}"
if [ -f "$env_file" ]; then
  echo "Reading $env_file (variables already set in the environment win)"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    name="${line%%=*}"
    value="${line#*=}"
    if [[ ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || [ "$name" = "$line" ]; then
      echo "$env_file: not a NAME=value line: $line" >&2
      exit 2
    fi
    [ -n "${!name+set}" ] || export "$name=$value"
  done <"$env_file"
fi

missing=()
for name in DATABASE_URL DATABASE_OWNER_URL REDIS_URL; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "make serve needs ${missing[*]}." >&2
  echo "Copy deploy.env.example to deploy.env and fill it in (docs/deploy.md explains each" >&2
  echo "variable), or set them in the environment. For a demo without services: make run." >&2
  exit 2
fi

export DJANGO_SETTINGS_MODULE=config.settings.production
venv="${VENV:-.venv}"
py="$venv/bin/python"
mkdir -p var

echo "Collecting static files into ${STATIC_ROOT:-staticfiles}"
"$py" manage.py collectstatic --noinput -v 0
echo "Migrating as the owner of the tables"
DATABASE_URL="$DATABASE_OWNER_URL" "$py" manage.py migrate --noinput
echo "Granting the application role"
"$py" manage.py db_app_role

pids=()
stop() {
  trap - INT TERM EXIT
  [ "${#pids[@]}" -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

echo "Starting gunicorn, a Celery worker and Celery beat"
"$venv/bin/celery" -A config worker --loglevel=INFO ${WORKER_CONCURRENCY:+--concurrency="$WORKER_CONCURRENCY"} &
pids+=($!)
"$venv/bin/celery" -A config beat --loglevel=INFO --schedule="${CELERY_BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}" &
pids+=($!)
"$venv/bin/gunicorn" -c config/gunicorn.conf.py &
pids+=($!)

status=0
wait -n || status=$?
echo "A process stopped (status $status): stopping the others" >&2
exit "$([ "$status" -eq 0 ] && echo 1 || echo "$status")"
