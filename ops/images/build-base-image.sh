#!/usr/bin/env bash
# The base image of the four services' Jib images, built on this machine with no Docker daemon and no
# container registry: Debian bookworm from the Debian mirror (mmdebstrap) plus a Java runtime made by
# jlink from the local JDK, as a `docker save`-style tar that Jib reads with `tar://` (see pom.xml,
# property pulpo.image.base).
#
#   ops/images/build-base-image.sh [--output FILE] [--rebuild]
#
# The result is cached (default ops/images/target/base.tar, which survives `./mvnw clean` and
# `./pulpo up --fresh`) and rebuilt only when its inputs change: this script, the JDK, the mirrors.
# --rebuild builds it again anyway, e.g. to pick up Debian security updates before a release.
# A build takes 1-2 minutes on 2 cores (mostly mmdebstrap fetching and installing ~85 packages) and
# gives a 73 MB tar, 165 MB unpacked: 80 MB of Debian, 85 MB of Java runtime.
#
# Needs root (or unprivileged user namespaces) and mmdebstrap; as root with apt, it installs mmdebstrap.
# Exit status 2 means "cannot build here" (a missing prerequisite) rather than a failed build, so
# callers can tell the two apart.
#
# Environment: JAVA_HOME (a JDK 21 or newer; its jlink makes the runtime), PULPO_DEBIAN_MIRROR
# (default http://deb.debian.org/debian), PULPO_DEBIAN_SECURITY_MIRROR (default
# http://deb.debian.org/debian-security), SOURCE_DATE_EPOCH (timestamps; default now).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTPUT="$HERE/target/base.tar"
REBUILD=0
while [ $# -gt 0 ]; do
    case "$1" in
        --output) OUTPUT=$2; shift 2 ;;
        --output=*) OUTPUT=${1#--output=}; shift ;;
        --rebuild) REBUILD=1; shift ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-base-image: unknown argument '$1' (try --help)" >&2; exit 1 ;;
    esac
done

say() { echo "build-base-image: $*" >&2; }
cannot() { say "ERROR: $*"; exit 2; }

SUITE=bookworm
MIRROR=${PULPO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${PULPO_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
JAVA_DIR=/opt/java/openjdk
# uid/gid 1000 as in eclipse-temurin (its `ubuntu` user), so the pom's <user>1000:1000</user> and the
# state volumes' ownership are the same whichever base is used.
APP_USER=pulpo APP_UID=1000

# What the Spring Boot services use: java.se (java.desktop for java.beans, java.naming, java.sql,
# java.management for the actuator...), jdk.unsupported (sun.misc.Unsafe: Kafka, Netty), jdk.management
# (the JVM's process/memory metrics), DNS lookups through JNDI, zip filesystems, the es-AR locale data
# of the replies, and JFR plus jcmd to diagnose a running container.
MODULES=java.se,jdk.unsupported,jdk.management,jdk.management.jfr,jdk.jfr,jdk.jcmd,jdk.naming.dns,jdk.zipfs,jdk.localedata

# --- the JDK --------------------------------------------------------------------------------------------
[ -n "${JAVA_HOME:-}" ] || cannot "JAVA_HOME is not set: point it at a JDK 21 or newer (./pulpo images finds one)."
JLINK="$JAVA_HOME/bin/jlink"
[ -x "$JLINK" ] || cannot "$JLINK not found: JAVA_HOME must be a JDK (with jlink), not a JRE."
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release")
java_major=${java_version%%.*}
[ "${java_major:-0}" -ge 21 ] 2>/dev/null || cannot "JAVA_HOME is Java ${java_version:-unknown}: the services need 21 or newer."
# jdk.crypto.ec was folded into java.base in JDK 22 and is on its way out; keep it only where it exists.
if "$JAVA_HOME/bin/java" --list-modules | grep -q '^jdk\.crypto\.ec@'; then MODULES="$MODULES,jdk.crypto.ec"; fi

# --- up to date? ----------------------------------------------------------------------------------------
command -v python3 >/dev/null 2>&1 || cannot "python3 is needed to write the image tar."
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
inputs=$(
    cat "$0" "$HERE/image_tar.py"
    cat "$JAVA_HOME/release"
    echo "$SUITE $MIRROR $SECURITY_MIRROR $ARCH $MODULES"
)
fingerprint=$(printf '%s' "$inputs" | sha256sum | cut -c1-16)
STAMP="$OUTPUT.inputs"
if [ "$REBUILD" -eq 0 ] && [ -f "$OUTPUT" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$fingerprint" ]; then
    say "up to date: $OUTPUT ($(du -h "$OUTPUT" | cut -f1), built $(date -r "$OUTPUT" '+%Y-%m-%d %H:%M'); --rebuild for fresh Debian updates)"
    exit 0
fi

# --- mmdebstrap ------------------------------------------------------------------------------------------
if ! command -v mmdebstrap >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "mmdebstrap not found: installing Debian's mmdebstrap package"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap; } >&2 \
            || cannot "apt-get install mmdebstrap failed."
    else
        cannot "mmdebstrap is needed (Debian/Ubuntu: sudo apt-get install mmdebstrap), or build with a registry's base: ./pulpo images -Dpulpo.image.base=eclipse-temurin:21-jre"
    fi
fi
MODE=root
if [ "$(id -u)" -ne 0 ]; then
    # Without root, mmdebstrap's unshare mode needs user namespaces and subordinate ids for this user.
    if ! unshare --user --map-root-user true 2>/dev/null || ! command -v newuidmap >/dev/null 2>&1 \
        || ! grep -q "^$(id -un):" /etc/subuid 2>/dev/null || ! grep -q "^$(id -un):" /etc/subgid 2>/dev/null; then
        cannot "not root, and no unprivileged user namespace for mmdebstrap (needs the uidmap package and $(id -un) in /etc/subuid and /etc/subgid): run as root, or use a registry's base: ./pulpo images -Dpulpo.image.base=eclipse-temurin:21-jre"
    fi
    MODE=unshare
fi

# --- build -----------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUTPUT")"
exec 9>"$OUTPUT.lock"
# Two builds at once (./pulpo images and ./pulpo test) wait for each other instead of racing.
flock 9
WORK=$(mktemp -d "$(dirname "$OUTPUT")/.base-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
started=$(date +%s)

say "Debian $SUITE ($ARCH) from $MIRROR..."
# --variant=apt: the Essential packages plus apt, like debian:bookworm-slim (apt and dpkg's database
# stay, so vulnerability scanners see the packages and a derived image can apt-get install).
# The dpkg path filters drop man pages, docs (but not the copyright files) and translations, and stay
# in the image (/etc/dpkg/dpkg.cfg.d) so later installs are slim too.
# /dev is left empty: the container runtime provides it.
mmdebstrap --mode="$MODE" --variant=apt --architectures="$ARCH" --format=tar --quiet \
    --include=ca-certificates \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf" "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old; rm -rf "$1"/var/log/apt/*' \
    --customize-hook="chroot \"\$1\" groupadd --gid $APP_UID $APP_USER" \
    --customize-hook="chroot \"\$1\" useradd --no-log-init --uid $APP_UID --gid $APP_UID --create-home --shell /usr/sbin/nologin $APP_USER" \
    "$SUITE" "$WORK/rootfs.tar" \
    "deb $MIRROR $SUITE main" \
    "deb $MIRROR $SUITE-updates main" \
    "deb $SECURITY_MIRROR $SUITE-security main" \
    2>"$WORK/mmdebstrap.log" \
    || { tail -n 30 "$WORK/mmdebstrap.log" >&2; say "ERROR: mmdebstrap failed (its log above; is $MIRROR reachable?)"; exit 1; }
mmtarfilter --path-exclude='/dev/*' <"$WORK/rootfs.tar" >"$WORK/debian.tar"
rm -f "$WORK/rootfs.tar"
debian_seconds=$(( $(date +%s) - started ))

say "Java $java_version runtime (jlink: $MODULES)..."
mkdir -p "$WORK/java$(dirname "$JAVA_DIR")"
# --generate-cds-archive: the class-data sharing archive the JDK's own images ship, for a faster start.
"$JLINK" --add-modules "$MODULES" --include-locales=en,es \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
    --output "$WORK/java$JAVA_DIR" >/dev/null
# The archive for heaps over 32 GB (no compressed oops) is 15 MB that these services never use.
rm -f "$WORK/java$JAVA_DIR/lib/server/classes_nocoops.jsa"
tar --create --file "$WORK/java.tar" --directory "$WORK/java" --sort=name \
    --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" ./opt

tag="pulpo/base:$SUITE-java$java_major"
python3 "$HERE/image_tar.py" assemble "$WORK/base.tar" "$WORK/debian.tar" "$WORK/java.tar" \
    --tag "$tag" --architecture "$ARCH" --user "$APP_UID:$APP_UID" \
    --env "PATH=$JAVA_DIR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --env "JAVA_HOME=$JAVA_DIR" \
    --env "LANG=C.UTF-8" \
    --label "org.opencontainers.image.title=pulpo-base" \
    --label "org.opencontainers.image.description=Debian $SUITE (apt variant) with a jlinked Java $java_version runtime in $JAVA_DIR and user $APP_USER ($APP_UID:$APP_UID)" \
    --label "org.opencontainers.image.base.name=debian:$SUITE" \
    --label "dev.pulpo.base.java.version=$java_version" \
    --label "dev.pulpo.base.java.vendor=$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$JAVA_HOME/release")" >/dev/null
mv -f "$WORK/base.tar" "$OUTPUT"
echo "$fingerprint" >"$STAMP"
say "built $OUTPUT ($tag, $(du -h "$OUTPUT" | cut -f1); Debian $((debian_seconds))s, total $(( $(date +%s) - started ))s)"
