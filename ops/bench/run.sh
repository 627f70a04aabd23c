#!/usr/bin/env bash
# ops/bench/run.sh: build and run a benchmark of ops/bench, with a JDK 21 or newer found as ./pulpo finds one.
#   ops/bench/run.sh turn [options]            TurnLatencyBench: the turn against a trivial 3-hop EOS chain
#   ops/bench/run.sh understanding [options]   UnderstandingBench (JMH): the understanding's speed
#   ops/bench/run.sh <command> --help          its options
# Results go to ops/bench/results/<benchmark>-<timestamp>.json (unless --out FILE).
# PULPO_BENCH_NO_BUILD=1 skips the build; BENCH_JAVA_OPTS replaces the JVM options.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  for candidate in "${candidates[@]}"; do
    local major
    major=$(java_major "$candidate" 2>/dev/null || echo 0)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  turn) MAIN=dev.pulpo.bench.TurnLatencyBench; JAVA_OPTS_DEFAULT="-XX:+UseParallelGC -Xmx2g -Xss1m --enable-native-access=ALL-UNNAMED" ;;
  understanding) MAIN=dev.pulpo.bench.UnderstandingBench; JAVA_OPTS_DEFAULT="-Xmx256m" ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
shift

if ! JAVA=$(find_java); then
  echo "run.sh: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  exit 1
fi
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")

CP_FILE="$ROOT/ops/bench/target/bench.classpath"
if [ "${PULPO_BENCH_NO_BUILD:-}" != "1" ]; then
  # The reactor build (package, not install): the class path points at this checkout's module jars,
  # never at whatever another checkout installed in ~/.m2.
  echo "run.sh: building ops/bench and the modules it runs..." >&2
  "$ROOT/mvnw" -q -B package -DskipTests -pl ops/bench -am >&2
fi
[ -f "$CP_FILE" ] || { echo "run.sh: $CP_FILE is missing; build first (drop PULPO_BENCH_NO_BUILD)" >&2; exit 1; }

# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT} -cp "$ROOT/ops/bench/target/classes:$(cat "$CP_FILE")" "$MAIN" "$@"
