#!/usr/bin/env bash
# The integration guide's smoke test against the real thing: starts `./pulpo up` in the background
# (in-process Kafka, the four services, the demo salon), runs ops/smoke/smoke_test.sh against its
# gateway, requires 6/6, and stops it. `./pulpo test` (hence .ci/run) runs it last.
#
#   ops/smoke/against-pulpo-up.sh
#
#   PULPO_SMOKE_PORT        the gateway's port; the other services take the next three (default 8000)
#   PULPO_SMOKE_KAFKA_PORT  the in-process broker's port (default 9092)
#   PULPO_SMOKE_WAIT        seconds to wait for the system to start (default 180; about 30 s on an idle
#                           2-core machine, 75 s seen with other builds running)
#
# It never touches a user's data: `./pulpo up` runs with --data .pulpo/smoke-test, emptied before each
# run and kept afterwards, so its logs stay readable (.pulpo/smoke-test/logs/*.log; pulpo-up.out is the
# launcher's own output). The ports must be free: a running `./pulpo up` holds 8000-8003 and 9092.
# On exit, also on failure or Ctrl-C, the launcher's process group is stopped (TERM, then KILL after
# 30 s) and the script checks that no JVM of it is left behind.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)

PORT=${PULPO_SMOKE_PORT:-8000}
KAFKA_PORT=${PULPO_SMOKE_KAFKA_PORT:-9092}
START_WAIT=${PULPO_SMOKE_WAIT:-180}
# Relative to the repository root, inside .pulpo/ (ignored by git, skipped by ./pulpo's rebuild check),
# beside but apart from the user's own .pulpo/kafka, .pulpo/state and .pulpo/logs.
DATA=.pulpo/smoke-test
LOGS="$DATA/logs"
OUT="$LOGS/pulpo-up.out"
STOP_GRACE=30

for value in "$PORT" "$KAFKA_PORT" "$START_WAIT"; do
    case "$value" in ''|*[!0-9]*) echo "against-pulpo-up: ports and waits are whole numbers, got '$value'" >&2; exit 2 ;; esac
done
for tool in curl python3 setsid; do
    command -v "$tool" >/dev/null || { echo "against-pulpo-up: needs $tool" >&2; exit 2; }
done

elapsed() { echo $(( $(date +%s) - $1 ))s; }
T0=$(date +%s)

echo "== smoke test against ./pulpo up (gateway :${PORT}, services :$((PORT + 1))-$((PORT + 3)), Kafka :${KAFKA_PORT})"

# ---- the ports must be free ----------------------------------------------------------------------
# A bind with SO_REUSEADDR, as Tomcat and Kafka do: it fails only when something listens there.
busy_ports=$(python3 - "$PORT" "$((PORT + 1))" "$((PORT + 2))" "$((PORT + 3))" "$KAFKA_PORT" <<'PY'
import socket, sys
busy = []
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("0.0.0.0", int(port)))
    except OSError:
        busy.append(port)
    finally:
        s.close()
print(" ".join(busy))
PY
)
if [ -n "$busy_ports" ]; then
    echo "ERROR: port(s) ${busy_ports} already in use: the smoke test needs ${PORT}-$((PORT + 3)) and ${KAFKA_PORT} free" >&2
    echo "       to start ./pulpo up. Is a ./pulpo up (or ./pulpo kafka, or another service) running?" >&2
    if command -v ss >/dev/null; then
        for p in $busy_ports; do ss -ltnpH "sport = :$p" 2>/dev/null | sed 's/^/       /' >&2 || true; done
    fi
    echo "       Stop it, or choose other ports: PULPO_SMOKE_PORT=18000 PULPO_SMOKE_KAFKA_PORT=19092 ./pulpo test" >&2
    exit 1
fi

# ---- start ./pulpo up in its own process group -----------------------------------------------------
rm -rf "$DATA"
mkdir -p "$LOGS"
UP_PID=
STATUS=failed

dump_logs() {
    echo
    echo "---- ./pulpo up's logs are in ${ROOT}/${LOGS}/ (last 40 lines of each) ----"
    local f
    for f in "$LOGS"/pulpo-up.out "$LOGS"/*.log; do
        [ -f "$f" ] || continue
        echo
        echo "---- ${f} ----"
        tail -n 40 "$f"
    done
    echo
    echo "---- end of ./pulpo up's logs (${ROOT}/${LOGS}/) ----"
}

# TERM lets the launcher's shutdown hook close the gateway, the processors and the broker in order;
# KILL the whole group if it is not gone after STOP_GRACE seconds. Then nothing of it may be left.
stop_pulpo() {
    [ -n "$UP_PID" ] || return 0
    local pgid=$UP_PID t_stop
    t_stop=$(date +%s)
    if kill -0 -- "-$pgid" 2>/dev/null; then
        kill -TERM -- "-$pgid" 2>/dev/null || true
        local deadline=$(( $(date +%s) + STOP_GRACE ))
        while kill -0 -- "-$pgid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
        if kill -0 -- "-$pgid" 2>/dev/null; then
            echo "against-pulpo-up: ./pulpo up did not stop within ${STOP_GRACE}s after TERM: killing its process group" >&2
            kill -KILL -- "-$pgid" 2>/dev/null || true
            sleep 1
        fi
    fi
    wait "$UP_PID" 2>/dev/null || true
    if kill -0 -- "-$pgid" 2>/dev/null; then
        echo "ERROR: processes of ./pulpo up are still running (process group ${pgid}):" >&2
        ps -o pid,stat,args -g "$pgid" >&2 || true
        STATUS=failed
        UP_PID=
        return 1
    fi
    echo "./pulpo up stopped in $(elapsed "$t_stop"); no process of it is left"
    UP_PID=
}

on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pulpo || rc=1
    if [ "$STATUS" != passed ]; then
        [ "$rc" -ne 0 ] || rc=1
        dump_logs
        echo "✗ smoke test against ./pulpo up FAILED after $(elapsed "$T0"); logs: ${ROOT}/${LOGS}/" >&2
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'echo "against-pulpo-up: interrupted" >&2; exit 130' INT TERM

# setsid: the launcher (./pulpo execs the JVM, so it keeps this pid) leads a process group of its
# own, which stop_pulpo signals as a whole. stdin is /dev/null and --no-chat: it only serves.
setsid ./pulpo up --data "$DATA" --port "$PORT" --kafka-port "$KAFKA_PORT" --no-chat </dev/null >"$OUT" 2>&1 &
UP_PID=$!

# ---- wait until it serves -------------------------------------------------------------------------
echo "Starting ./pulpo up (pid ${UP_PID}, output in ${LOGS}/pulpo-up.out), waiting up to ${START_WAIT}s..."
deadline=$(( T0 + START_WAIT ))
until grep -q '^Serving' "$OUT" 2>/dev/null; do
    if ! kill -0 "$UP_PID" 2>/dev/null; then
        rc=0; wait "$UP_PID" || rc=$?
        UP_PID=
        echo "ERROR: ./pulpo up exited (status ${rc}) before it served" >&2
        exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "ERROR: ./pulpo up did not serve within ${START_WAIT}s" >&2
        exit 1
    fi
    sleep 1
done
T_STARTED=$(date +%s)
echo "./pulpo up serves after $(elapsed "$T0")"
echo

# ---- the smoke test, 6/6 ------------------------------------------------------------------------------
SMOKE_OUT="$LOGS/smoke_test.out"
smoke_rc=0
API="http://localhost:${PORT}/orchestrator/decide" bash ops/smoke/smoke_test.sh --wait 120 2>&1 \
    | tee "$SMOKE_OUT" || smoke_rc=$?
if [ "$smoke_rc" -ne 0 ] || ! grep -qx 'Passed: 6' "$SMOKE_OUT" || ! grep -qx 'Failed: 0' "$SMOKE_OUT"; then
    echo "ERROR: the smoke test against ./pulpo up did not pass 6/6 (exit ${smoke_rc})" >&2
    exit 1
fi
echo "smoke test took $(elapsed "$T_STARTED")"

stop_pulpo
STATUS=passed
echo "✓ smoke test against ./pulpo up: 6/6 in $(elapsed "$T0") (start, test and stop)"
