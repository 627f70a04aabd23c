#!/usr/bin/env bash
# Builds the four services' images as tar files the way a user does (`./pulpo images`: the local base
# image, then Jib, no Docker daemon, no registry) and checks them: each tar's manifest, layers and
# config (entrypoint java ... <mainClass>, user 1000:1000, the service's port), its tag against
# docker-compose.yml, and that the gateway's image really starts: its layers unpacked into a directory
# and its entrypoint run there with chroot, as uid 1000, until Spring Boot has started its web server.
#
# Run by .ci/observability-checks.sh (so by ./pulpo test). Where the base image cannot be built (no
# mmdebstrap and no root, say) or the image cannot be run (not root), it warns and skips; CI sets
# PULPO_REQUIRE_IMAGES=1 (.ci/run), which turns those skips into failures.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
STRICT=${PULPO_REQUIRE_IMAGES:-0}
MODULES=(ingress-gateway orchestrator-stream tool-executor outbound-sender)
# PULPO_IMAGE_RUN: the modules whose image is run, space-separated. By default the gateway's, which
# starts its web server quickest; the four share the base and Jib's layout, so one proves those (all
# four add about a minute).
RUN_MODULES=${PULPO_IMAGE_RUN:-ingress-gateway}
# "Tomcat initialized" comes ~15 s after the start on 2 cores; the rest is slack for a loaded machine.
RUN_TIMEOUT=${PULPO_IMAGE_RUN_TIMEOUT:-120}

skip() {
    if [ "$STRICT" = "1" ]; then
        echo "ERROR: $* (PULPO_REQUIRE_IMAGES=1)" >&2
        exit 1
    fi
    echo "WARNING: $*: SKIPPED here (CI always runs it)." >&2
}

started=$(date +%s)
WORK=$(mktemp -d)
RUN_PID=
# Ends the image started by run_image. The JVM is pid 1 of its own pid namespace, so killing it ends
# everything in there; it is killed by its id because --kill-child's parent-death signal does not
# outlive chroot's switch to uid 1000. unshare exits with it.
stop_run() {
    [ -n "$RUN_PID" ] || return 0
    local jvm
    jvm=$(cat "/proc/$RUN_PID/task/$RUN_PID/children" 2>/dev/null || true)
    if [ -n "$jvm" ]; then kill -KILL $jvm 2>/dev/null || true; else kill -KILL "$RUN_PID" 2>/dev/null || true; fi
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=
}
cleanup() {
    stop_run
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- build --------------------------------------------------------------------------------------------
rc=0
./pulpo images -q >"$WORK/build.log" 2>&1 || rc=$?
if [ "$rc" -eq 2 ]; then
    grep 'build-base-image' "$WORK/build.log" >&2 || true
    skip "the local base image cannot be built on this machine, so the images are not built"
    exit 0
elif [ "$rc" -ne 0 ]; then
    cat "$WORK/build.log" >&2
    echo "ERROR: ./pulpo images failed (exit $rc)" >&2
    exit 1
fi
grep 'build-base-image' "$WORK/build.log" || true
echo "images built in $(( $(date +%s) - started ))s"

# --- the tars -------------------------------------------------------------------------------------------
failed=0
for module in "${MODULES[@]}"; do
    tar_file="$module/target/jib-image.tar"
    # What compose runs is what the tar must be tagged (ComposeFileTest ties compose to the pom).
    tag=$(sed -n "/^  $module:\$/,/^    image:/s/^    image: *//p" docker-compose.yml)
    main_class=$(sed -n 's:.*<mainClass>\(.*\)</mainClass>.*:\1:p' "$module/pom.xml")
    port=$(sed -n '/<ports>/,/<\/ports>/s:.*<port>\([0-9]*\)</port>.*:\1:p' "$module/pom.xml")
    if [ -z "$tag" ] || [ -z "$main_class" ] || [ -z "$port" ]; then
        echo "ERROR: $module: no image in docker-compose.yml or no mainClass/port in its pom's images profile" >&2
        failed=1
        continue
    fi
    python3 ops/images/image_tar.py verify "$tar_file" --tag "$tag" --main-class "$main_class" --port "$port" --user 1000:1000 \
        || failed=1
done
[ "$failed" -eq 0 ] || { echo "ERROR: an image tar is wrong (above)" >&2; exit 1; }

# --- run ---------------------------------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v chroot >/dev/null 2>&1; then
    skip "running an image needs root, unshare and chroot"
    exit 0
fi

# A private mount and pid namespace, as a container runtime would give: /proc, and a /dev with just
# the usual devices. The mounts go with the namespace when its pid 1, the JVM, ends (stop_run).
cat >"$WORK/in-namespace.sh" <<'EOF_NS'
set -euo pipefail
rootfs=$1; shift
mount -t proc proc "$rootfs/proc"
mount -t tmpfs -o mode=755 tmpfs "$rootfs/dev"
for device in null zero full random urandom tty; do
    touch "$rootfs/dev/$device" && mount --bind "/dev/$device" "$rootfs/dev/$device"
done
mkdir -m 1777 "$rootfs/dev/shm"
exec chroot --userspec=1000:1000 "$rootfs" "$@"
EOF_NS

run_image() {
    local module=$1 image=$1/target/jib-image.tar rootfs=$WORK/rootfs-$1 log=$WORK/run-$1.log
    mkdir -p "$rootfs"
    while read -r layer; do
        tar -xOf "$image" "$layer" | tar -xz --numeric-owner --warning=no-unknown-keyword -C "$rootfs"
    done < <(python3 ops/images/image_tar.py layers "$image")

    # The entrypoint and environment exactly as the image's config gives them (NUL-separated).
    local command=() environment=() word
    {
        while IFS= read -r -d '' word && [ -n "$word" ]; do command+=("$word"); done
        while IFS= read -r -d '' word; do environment+=("$word"); done
    } < <(python3 ops/images/image_tar.py run-spec "$image")

    # No broker: KAFKA_BOOTSTRAP_SERVERS points nowhere, and port 0 avoids clashing with anything else
    # on this machine.
    unshare --mount --pid --fork --kill-child --propagation private \
        bash "$WORK/in-namespace.sh" "$rootfs" /usr/bin/env -i "${environment[@]}" \
        SERVER_PORT=0 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 "${command[@]}" >"$log" 2>&1 &
    RUN_PID=$!

    local run_started outcome=timeout seconds
    run_started=$(date +%s)
    while [ $(( $(date +%s) - run_started )) -lt "$RUN_TIMEOUT" ]; do
        if grep -qE 'NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError|Could not find or load main class|Error occurred during initialization of VM' "$log"; then
            outcome=broken; break
        fi
        if grep -q 'Tomcat initialized with port' "$log"; then outcome=started; break; fi
        if ! kill -0 "$RUN_PID" 2>/dev/null; then outcome=exited; break; fi
        sleep 1
    done
    seconds=$(( $(date +%s) - run_started ))
    stop_run
    rm -rf "$rootfs"
    if [ "$outcome" != started ]; then
        tail -n 40 "$log" >&2
        echo "ERROR: $module's image did not start its web server under chroot ($outcome after ${seconds}s)" >&2
        return 1
    fi
    grep -m1 -o 'Starting [A-Za-z]*Application using Java.*' "$log" || true
    echo "$module's image ran under chroot as uid 1000: web server up in ${seconds}s (no Kafka: stopped there)"
}

for module in $RUN_MODULES; do
    run_image "$module"
done
echo "images: 4 built and verified in $(( $(date +%s) - started ))s"
