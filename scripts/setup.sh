#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine for the recorder: apt packages, MariaDB started without systemd, and the
# recorder's databases and user. Safe to run any number of times; each step skips itself when already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '[setup] %s\n' "$*"; }

# The Kafka client's native library comes from NuGet (librdkafka.redist); nothing is compiled here.
# kcat and python3-kafka are independent Kafka clients for cross-checks; prometheus brings promtool and a server
# for the alert-rule and scrape tests.
APT_PACKAGES=(mariadb-server mariadb-client kcat python3-kafka curl ca-certificates prometheus)

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "apt packages present"; return; fi
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
start_mariadb
create_database
