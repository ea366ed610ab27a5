#!/usr/bin/env bash
# Starts or stops the local MariaDB server without systemd: `bash scripts/mariadb.sh start|stop|status`;
# `sql 'STATEMENT'` runs one statement as the server's root.
# Used by setup.sh, and by the integration test that takes the database away mid-stream.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
running() { as_root mariadb-admin --protocol=socket -uroot status >/dev/null 2>&1; }

case "${1:-}" in
  start)
    running && exit 0
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld
    [ -d /var/lib/mysql/mysql ] || as_root mariadb-install-db --user=mysql >/dev/null
    # A 512 MiB redo log instead of the default 96 MiB: at 5,000 rounds/s (30,000 rows/s) the checkpoint age stayed
    # at 60-77 MiB of the 81 MiB InnoDB allows with the default, so the server flushed pages in bursts that stalled
    # the inserts (README, "Performance"). Servers in production need the same sizing for their write rate.
    # A 1 GiB buffer pool instead of the default 128 MiB: the table's secondary indexes outgrew 128 MiB within seconds
    # at 5,400 rounds/s, and evicting dirty pages stalled every writer at once (transaction p99 47-88 ms, histogram
    # p99 87-185 ms; with 1 GiB 42-48 ms and 67-74 ms, alternating runs). InnoDB touches the pages only as it uses them.
    as_root sh -c 'nohup mariadbd --user=mysql --max-allowed-packet=64M --innodb-log-file-size=512M --innodb-buffer-pool-size=1G >>/var/log/mariadbd-recorder.log 2>&1 &'
    for _ in $(seq 1 120); do running && exit 0; sleep 0.5; done
    echo "MariaDB did not start; see /var/log/mariadbd-recorder.log" >&2; exit 1 ;;
  stop)
    running || exit 0
    as_root mariadb-admin --protocol=socket -uroot shutdown
    for _ in $(seq 1 120); do running || exit 0; sleep 0.5; done
    echo "MariaDB did not stop" >&2; exit 1 ;;
  status)
    running ;;
  sql)
    # A server-wide statement as root over the socket (tests flip global variables with it).
    as_root mariadb --protocol=socket -uroot -e "${2:?usage: bash scripts/mariadb.sh sql 'STATEMENT'}" ;;
  *)
    echo "usage: bash scripts/mariadb.sh start|stop|status|sql 'STATEMENT'" >&2; exit 2 ;;
esac
