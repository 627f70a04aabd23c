#!/usr/bin/env bash
# Checks ops/: Prometheus config and alert rules (promtool), the alert rules' unit tests,
# the Grafana dashboards, the smoke test script against a local stub, and the services' container
# images (ops/images/check-images.sh: built as tar files with no daemon or registry, verified, one run).
# Run from anywhere; it works from the repository root. Installs Debian's prometheus package
# (for promtool) when promtool is missing, and mmdebstrap for the images' base when it is.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# CI (.ci/run) sets PULPO_REQUIRE_PROMTOOL=1: there the rules must be checked. On a developer's machine
# where promtool can be neither found nor installed, its checks are skipped with a warning instead.
HAVE_PROMTOOL=1
if ! command -v promtool >/dev/null 2>&1; then
    echo "promtool not found: installing Debian's prometheus package"
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] \
        && apt-get update && apt-get install -y --no-install-recommends prometheus \
        && command -v promtool >/dev/null 2>&1; then
        :
    elif [ "${PULPO_REQUIRE_PROMTOOL:-0}" = "1" ]; then
        echo "ERROR: could not install promtool (apt-get install prometheus failed)." >&2
        echo "       Install Debian's 'prometheus' package, or put promtool on PATH, and run again." >&2
        exit 1
    else
        echo "WARNING: promtool is not available and could not be installed here: the Prometheus rule checks are" >&2
        echo "         SKIPPED (install Prometheus' promtool to run them; CI always runs them)." >&2
        HAVE_PROMTOOL=0
    fi
fi
command -v python3 >/dev/null 2>&1 || { echo "ERROR: python3 is needed for the dashboard and smoke checks" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "ERROR: curl is needed for the smoke test check" >&2; exit 1; }
[ "$HAVE_PROMTOOL" -eq 1 ] && promtool --version 2>&1 | head -1

WORK=$(mktemp -d)
STUB_PIDS=()
cleanup() {
    local pid
    for pid in "${STUB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0
check() {
    local name=$1; shift
    echo
    echo "== ${name}"
    if "$@"; then
        echo "-- ok: ${name}"
        passed=$(( passed + 1 ))
    else
        echo "-- FAILED: ${name}"
        failed=$(( failed + 1 ))
    fi
}

# Starts the stub gateway on a free loopback port; prints the port.
start_stub() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    python3 ops/smoke/stub_decide_server.py "$port" "$@" >"$WORK/stub-$port.log" 2>&1 &
    STUB_PIDS+=("$!")
    echo "$port"
}

smoke_passes_against_stub() {
    local port=$1
    # The stub reports DOWN for its first second: --wait must wait for UP.
    API="http://127.0.0.1:${port}/orchestrator/decide" SMOKE_RUN=100001 \
        bash ops/smoke/smoke_test.sh --wait 20 >"$WORK/smoke-ok.out" 2>&1 \
        && grep -qx 'Passed: 6' "$WORK/smoke-ok.out" \
        && grep -qx '✓ All tests passed!' "$WORK/smoke-ok.out" \
        && grep -qx '\[book_complete\] ✓ intent=book actions=2 latency=[0-9]*ms' "$WORK/smoke-ok.out" \
        && grep -qx '  → "Hola! Te ayudo con turnos, precios y horarios. ¿Qué nece..."' "$WORK/smoke-ok.out" \
        || { cat "$WORK/smoke-ok.out"; return 1; }
}

smoke_fails_when_conversations_are_reused() {
    local port=$1 rc=0
    # Same run digits as the passing run: the stub answers 409 to every reused phone.
    API="http://127.0.0.1:${port}/orchestrator/decide" SMOKE_RUN=100001 \
        bash ops/smoke/smoke_test.sh >"$WORK/smoke-reuse.out" 2>&1 || rc=$?
    [ "$rc" -eq 1 ] && grep -qx 'Failed: 6' "$WORK/smoke-reuse.out" || { cat "$WORK/smoke-reuse.out"; return 1; }
}

smoke_fails_on_a_wrong_answer() {
    local port=$1 rc=0
    API="http://127.0.0.1:${port}/orchestrator/decide" \
        bash ops/smoke/smoke_test.sh --wait 20 >"$WORK/smoke-wrong.out" 2>&1 || rc=$?
    [ "$rc" -eq 1 ] \
        && grep -qx 'Failed: 1' "$WORK/smoke-wrong.out" \
        && grep -q '^\[book_complete\] ✗ intent=book actions=1 .*(esperado intent=book actions=2)$' "$WORK/smoke-wrong.out" \
        || { cat "$WORK/smoke-wrong.out"; return 1; }
}

smoke_wait_gives_up() {
    local rc=0
    # Nothing listens on this port: --wait 2 must give up with a non-zero exit.
    API="http://127.0.0.1:9/orchestrator/decide" bash ops/smoke/smoke_test.sh --wait 2 >"$WORK/smoke-down.out" 2>&1 || rc=$?
    [ "$rc" -ne 0 ] && grep -q 'no reportó status UP' "$WORK/smoke-down.out" || { cat "$WORK/smoke-down.out"; return 1; }
}

check "grafana dashboards" python3 ops/grafana/check_dashboards.py --emit-rules "$WORK/dashboard-queries.yml"
if [ "$HAVE_PROMTOOL" -eq 1 ]; then
    check "promtool check config" promtool check config ops/prometheus/prometheus.yml
    check "promtool check rules" promtool check rules ops/prometheus/rules/*.yml
    check "promtool test rules" promtool test rules ops/prometheus/tests/*.yml
    check "dashboard PromQL parses" promtool check rules "$WORK/dashboard-queries.yml"
fi
check "smoke_test.sh syntax" bash -n ops/smoke/smoke_test.sh

ok_port=$(start_stub --up-after 1)
wrong_port=$(start_stub --wrong)
check "smoke test passes against the stub (--wait)" smoke_passes_against_stub "$ok_port"
check "smoke test fails when conversations are reused" smoke_fails_when_conversations_are_reused "$ok_port"
check "smoke test fails on a wrong answer" smoke_fails_on_a_wrong_answer "$wrong_port"
check "smoke test --wait gives up on a service that is down" smoke_wait_gives_up
# Where the base image cannot be built or an image run (no root, no mmdebstrap), the script warns and
# passes; CI's PULPO_REQUIRE_IMAGES=1 makes that a failure.
check "images build to tar files and run (ops/images/check-images.sh)" ops/images/check-images.sh

echo
echo "observability: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
