#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine for the recorder: apt packages, librdkafka 2.14.2 built from Debian's
# source package (cached, checksum-verified), MariaDB started without systemd, and the recorder's database and
# users. Safe to run any number of times; each step skips itself when already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '[setup] %s\n' "$*"; }

APT_PACKAGES=(mariadb-server mariadb-client libmariadb3 kcat python3-kafka curl ca-certificates
              build-essential pkg-config libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev)

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "apt packages present"; return; fi
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

LIBRDKAFKA_VERSION=2.14.2
LIBRDKAFKA_SHA256=4d53568c13717b167d12c7b2a0fe12aeb5d6bfe02de53df5b68f86d870a81b33

# The mirror apt already uses, so no other host is contacted.
debian_mirror() {
  local uri
  uri=$(grep -hoE '^URIs:\s*\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hoE '^deb\s+\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1 || true)
  echo "${uri%/}"
}

build_librdkafka() {
  local prefix="$LIBRDKAFKA_HOME"
  if [ -f "$prefix/lib/librdkafka.so.1" ] && [ -f "$prefix/.complete" ]; then
    log "librdkafka $LIBRDKAFKA_VERSION cached at $prefix"; return
  fi
  local work tarball
  work="$(mktemp -d)"; tarball="$work/librdkafka_${LIBRDKAFKA_VERSION}.orig.tar.gz"
  log "downloading librdkafka ${LIBRDKAFKA_VERSION} source from Debian's pool"
  curl -fsSL -o "$tarball" "$(debian_mirror)/pool/main/libr/librdkafka/librdkafka_${LIBRDKAFKA_VERSION}.orig.tar.gz"
  echo "$LIBRDKAFKA_SHA256  $tarball" | sha256sum -c --quiet -
  tar -xzf "$tarball" -C "$work"
  local src; src="$(find "$work" -maxdepth 1 -mindepth 1 -type d | head -n1)"
  log "building librdkafka (about a minute)"
  (cd "$src" && ./configure --disable-curl --prefix="$prefix" >"$work/configure.log" 2>&1 \
     && make -j"$(nproc)" libs >"$work/make.log" 2>&1 && make install >"$work/install.log" 2>&1) \
     || { tail -n 40 "$work"/*.log; exit 1; }
  touch "$prefix/.complete"
  rm -rf "$work"
  log "librdkafka installed at $prefix"
}

start_mariadb() {
  if bash "$here/mariadb.sh" status; then log "MariaDB running"; return; fi
  log "starting MariaDB"
  bash "$here/mariadb.sh" start
  log "MariaDB up"
}

create_database() {
  # The socket user is root (unix_socket auth); the service and tests use their own password user over TCP.
  as_root mariadb --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`${RECORDER_DB}\` CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS \`${RECORDER_TEST_DB}\` CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS \`${RECORDER_BENCH_DB}\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '${RECORDER_DB_USER}'@'localhost' IDENTIFIED BY '${RECORDER_DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${RECORDER_DB_USER}'@'127.0.0.1' IDENTIFIED BY '${RECORDER_DB_PASSWORD}';
ALTER USER '${RECORDER_DB_USER}'@'localhost' IDENTIFIED BY '${RECORDER_DB_PASSWORD}';
ALTER USER '${RECORDER_DB_USER}'@'127.0.0.1' IDENTIFIED BY '${RECORDER_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${RECORDER_DB}\`.* TO '${RECORDER_DB_USER}'@'localhost', '${RECORDER_DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${RECORDER_TEST_DB}\`.* TO '${RECORDER_DB_USER}'@'localhost', '${RECORDER_DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${RECORDER_BENCH_DB}\`.* TO '${RECORDER_DB_USER}'@'localhost', '${RECORDER_DB_USER}'@'127.0.0.1';
-- Tests kill pooled connections and read the process list to prove broken-connection detection.
GRANT PROCESS, CONNECTION ADMIN ON *.* TO '${RECORDER_DB_USER}'@'localhost', '${RECORDER_DB_USER}'@'127.0.0.1';
SQL
  log "databases ${RECORDER_DB}, ${RECORDER_TEST_DB}, ${RECORDER_BENCH_DB} and user ${RECORDER_DB_USER} ready"
}

install_apt_packages
build_librdkafka
start_mariadb
create_database
