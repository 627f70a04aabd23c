#!/usr/bin/env bash
# Smoke test of POST /orchestrator/decide: the integration guide's six conversations
# (integration-guide.es.md, "Smoke Tests"), with the guide's output.
#
#   ops/smoke/smoke_test.sh [--wait SECONDS]
#
#   API           decide endpoint    (default http://localhost:8000/orchestrator/decide)
#   WORKSPACE_ID  X-Workspace-Id     (default the demo salon, 550e8400-e29b-41d4-a716-446655440003)
#   API_KEY       sent as Authorization: Bearer API_KEY when set (./pulpo keys create --workspace ID);
#                 a gateway that requires keys answers 401 without it
#   HEALTH_URL    health endpoint    (default /actuator/health on API's host)
#   TIMEOUT       seconds per request (default 15; the service answers 504 after SLM_TOTAL_TIMEOUT_MS)
#   SMOKE_RUN     6 digits that make this run's phone numbers (default: the last 6 digits of the
#                 epoch seconds)
#
# --wait SECONDS waits until HEALTH_URL reports status UP before testing.
# Needs bash, curl and python3 (JSON is read with python3, not jq). Exits 0 only when all pass.
set -euo pipefail

API=${API:-http://localhost:8000/orchestrator/decide}
WORKSPACE_ID=${WORKSPACE_ID:-550e8400-e29b-41d4-a716-446655440003}
TIMEOUT=${TIMEOUT:-15}
AUTH_HEADER=()
if [ -n "${API_KEY:-}" ]; then
    AUTH_HEADER=(-H "Authorization: Bearer ${API_KEY}")
fi
WAIT=0

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --wait)
            [ $# -ge 2 ] || { echo "--wait needs a number of seconds" >&2; exit 2; }
            WAIT=$2; shift 2 ;;
        --wait=*) WAIT=${1#--wait=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
case "$WAIT" in ''|*[!0-9]*) echo "--wait takes whole seconds, got '$WAIT'" >&2; exit 2 ;; esac

for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "smoke_test.sh needs $tool" >&2; exit 2; }
done

if [ -z "${HEALTH_URL:-}" ]; then
    HEALTH_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(f"{p.scheme}://{p.netloc}/actuator/health")' "$API")
fi

# A fresh conversation per test and per run, so no state leaks between them: phone
# +5491155 RRRRRR NN, where RRRRRR is this run and NN the test. 15 digits, the E.164 maximum
# (and the pattern of user_phone in inbound-snapshots v1).
SMOKE_RUN=${SMOKE_RUN:-$(printf '%06d' $(( $(date +%s) % 1000000 )))}
case "$SMOKE_RUN" in [0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) echo "SMOKE_RUN must be 6 digits" >&2; exit 2 ;; esac

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

wait_for_health() {
    local deadline=$(( $(date +%s) + WAIT ))
    echo "Esperando ${HEALTH_URL} (hasta ${WAIT}s)..."
    while :; do
        if curl -fsS --max-time 5 -o "$WORK/health.json" "$HEALTH_URL" 2>/dev/null \
            && python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1])).get("status") == "UP" else 1)' \
                "$WORK/health.json" 2>/dev/null; then
            echo "Servicio UP"
            echo
            return 0
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "✗ ${HEALTH_URL} no reportó status UP en ${WAIT}s" >&2
            return 1
        fi
        sleep 1
    done
}

# name | text | expected intent | expected number of actions
TESTS=(
    "greeting|hola|greeting|0"
    "info_hours|cuál es el horario?|info_hours|1"
    "info_price_generic|cuánto salen los servicios?|info_price|1"
    "info_price_specific|cuánto sale la coloración?|info_price|1"
    "book_incomplete|quiero un turno de corte para mañana|book|1"
    "book_complete|quiero un turno de corte para el viernes a las 15|book|2"
)

# Reads a decide response; prints intent, number of actions and the reply's start, tab-separated.
read_decision() {
    python3 - "$1" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        body = json.load(f)
except ValueError:
    sys.exit(3)
if not isinstance(body, dict):
    sys.exit(3)
actions = body.get("actions")
reply = " ".join(str(body.get("assistant") or "").split())
print("\t".join([str(body.get("intent")),
                 str(len(actions)) if isinstance(actions, list) else "?",
                 reply[:56]]))
PY
}

# The first characters of an error body, on one line.
body_excerpt() {
    python3 -c 'import sys; print(" ".join(open(sys.argv[1], encoding="utf-8", errors="replace").read().split())[:56])' "$1"
}

[ "$WAIT" -gt 0 ] && { wait_for_health || exit 1; }

echo "🧪 PulpoAI SLM Pipeline - Smoke Test"
echo "========================================="
echo "API: ${API}"
echo "Workspace: ${WORKSPACE_ID}"
echo
echo "Ejecutando ${#TESTS[@]} tests..."
echo

passed=0
failed=0
total_ms=0
n=0
for spec in "${TESTS[@]}"; do
    IFS='|' read -r name text want_intent want_actions <<<"$spec"
    n=$(( n + 1 ))
    phone=$(printf '+5491155%s%02d' "$SMOKE_RUN" "$n")
    payload=$(python3 -c 'import json, sys; print(json.dumps({"user_phone": sys.argv[1], "text": sys.argv[2]}, ensure_ascii=False))' "$phone" "$text")

    curl_rc=0
    meta=$(curl -sS --max-time "$TIMEOUT" -o "$WORK/body.json" -w '%{http_code} %{time_total}' \
        -X POST "$API" \
        -H 'Content-Type: application/json; charset=utf-8' \
        -H "X-Workspace-Id: ${WORKSPACE_ID}" \
        ${AUTH_HEADER[@]+"${AUTH_HEADER[@]}"} \
        --data-binary "$payload" 2>"$WORK/curl.err") || curl_rc=$?
    status=${meta%% *}
    latency_ms=$(python3 -c 'import sys; print(round(float(sys.argv[1]) * 1000))' "${meta##* }" 2>/dev/null || echo 0)
    total_ms=$(( total_ms + latency_ms ))

    if [ "$curl_rc" -ne 0 ]; then
        echo "[${name}] ✗ sin respuesta (curl ${curl_rc}) latency=${latency_ms}ms"
        echo "  → \"$(tr '\n' ' ' <"$WORK/curl.err" | cut -c1-56)...\""
        failed=$(( failed + 1 )); echo; continue
    fi
    if [ "$status" != "200" ]; then
        echo "[${name}] ✗ HTTP ${status} latency=${latency_ms}ms"
        echo "  → \"$(body_excerpt "$WORK/body.json")...\""
        failed=$(( failed + 1 )); echo; continue
    fi
    if ! decision=$(read_decision "$WORK/body.json"); then
        echo "[${name}] ✗ la respuesta no es JSON latency=${latency_ms}ms"
        echo "  → \"$(body_excerpt "$WORK/body.json")...\""
        failed=$(( failed + 1 )); echo; continue
    fi
    IFS=$'\t' read -r intent actions reply <<<"$decision"

    if [ "$intent" = "$want_intent" ] && [ "$actions" = "$want_actions" ]; then
        echo "[${name}] ✓ intent=${intent} actions=${actions} latency=${latency_ms}ms"
        passed=$(( passed + 1 ))
    else
        echo "[${name}] ✗ intent=${intent} actions=${actions} latency=${latency_ms}ms (esperado intent=${want_intent} actions=${want_actions})"
        failed=$(( failed + 1 ))
    fi
    echo "  → \"${reply}...\""
    echo
done

echo "========================================="
echo "📊 Resultados"
echo "========================================="
echo "Passed: ${passed}"
echo "Failed: ${failed}"
echo "Total: ${#TESTS[@]}"
echo
echo "Latencia promedio: $(( total_ms / ${#TESTS[@]} ))ms"
echo "Latencia total: ${total_ms}ms"
echo

if [ "$failed" -eq 0 ]; then
    echo "✓ All tests passed!"
    exit 0
fi
echo "✗ ${failed} test(s) failed"
exit 1
