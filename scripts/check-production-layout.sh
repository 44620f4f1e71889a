#!/usr/bin/env bash
# The production process layout, checked: start the Procfile with honcho (web on gunicorn, the Celery workers,
# beat) against DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis), wait until /health/ answers 200 with
# database, broker, worker and documents all "ok", print the answer, and stop every process, whatever happens.
# Fails when the layout never gets healthy within HEALTH_TIMEOUT seconds (default 60).
#
#   DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://… scripts/check-production-layout.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to run against}"
: "${CELERY_BROKER_URL:?set CELERY_BROKER_URL to the Redis broker to run against}"
TIMEOUT="${HEALTH_TIMEOUT:-60}"
BIN="$PWD/.venv/bin"
export PATH="$BIN:$PATH"  # honcho finds gunicorn and celery in the virtual environment

if [ ! -x "$BIN/honcho" ]; then
  "$BIN/pip" install --quiet -e '.[deploy]'
fi

# The migrations go to the very database the processes are started against.
"$BIN/python" manage.py migrate --no-input --verbosity=0

PORT="$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
WORK="$(mktemp -d)"
mkdir -p "$WORK/documents" "$WORK/media" var
export ZIZHI_BIND="127.0.0.1:$PORT"
export DJANGO_DOCUMENTS_ROOT="$WORK/documents" DJANGO_MEDIA_ROOT="$WORK/media"
LOG="$WORK/honcho.log"
HONCHO_PID=""

stop() {
  local status=$?
  if [ -n "$HONCHO_PID" ] && kill -0 "$HONCHO_PID" 2>/dev/null; then
    kill -TERM "$HONCHO_PID" 2>/dev/null || true  # honcho passes SIGTERM on to every process it started
    for _ in $(seq 20); do kill -0 "$HONCHO_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$HONCHO_PID" 2>/dev/null; then
      echo "honcho did not stop in 10 s; killing its process group" >&2
      kill -KILL -- "-$HONCHO_PID" 2>/dev/null || true
    fi
    wait "$HONCHO_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$LOG" ]; then
    echo "---- last lines of honcho's output" >&2
    tail -n 40 "$LOG" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

# A process group of its own, so that a last resort can end honcho and everything it started, and nothing else.
setsid "$BIN/honcho" start --no-prefix -f Procfile >"$LOG" 2>&1 &
HONCHO_PID=$!
echo "Procfile started by honcho (pid $HONCHO_PID), web on $ZIZHI_BIND; waiting up to ${TIMEOUT} s for /health/"

started=$SECONDS
answer=""
while [ $((SECONDS - started)) -lt "$TIMEOUT" ]; do
  if ! kill -0 "$HONCHO_PID" 2>/dev/null; then
    echo "honcho ended before the layout got healthy" >&2
    exit 1
  fi
  answer="$(curl -s --max-time 5 -w '\n%{http_code}' "http://127.0.0.1:$PORT/health/" || true)"
  if [ "$(tail -n 1 <<<"$answer")" = "200" ] && "$BIN/python" -c '
import json, sys
body = json.loads(sys.argv[1])
sys.exit(0 if body["status"] == "ok" and all(body["checks"][name] == "ok"
                                            for name in ("database", "broker", "worker", "documents")) else 1)
' "$(head -n 1 <<<"$answer")" 2>/dev/null; then
    echo "healthy after $((SECONDS - started)) s: $(head -n 1 <<<"$answer")"
    exit 0
  fi
  sleep 1
done
echo "not healthy within ${TIMEOUT} s; last answer: ${answer:-none}" >&2
exit 1
