# Shared settings for the project's scripts. Every value can be overridden from the environment.
export RECORDER_CACHE="${RECORDER_CACHE:-$HOME/.cache/conversation-recorder}"
export RECORDER_DB="${RECORDER_DB:-recorder}"
export RECORDER_TEST_DB="${RECORDER_TEST_DB:-recorder_test}"
# Benchmarks empty their table between runs, so they get a database of their own.
export RECORDER_BENCH_DB="${RECORDER_BENCH_DB:-recorder_bench}"
export RECORDER_DB_USER="${RECORDER_DB_USER:-recorder}"
# A local development password for a loopback-only server; production supplies its own connection string.
export RECORDER_DB_PASSWORD="${RECORDER_DB_PASSWORD:-recorder-dev-pw}"
export ConnectionStrings__Recorder="${ConnectionStrings__Recorder:-Server=127.0.0.1;Port=3306;Database=${RECORDER_DB};User ID=${RECORDER_DB_USER};Password=${RECORDER_DB_PASSWORD}}"
export RECORDER_TEST_CONNECTION="${RECORDER_TEST_CONNECTION:-Server=127.0.0.1;Port=3306;Database=${RECORDER_TEST_DB};User ID=${RECORDER_DB_USER};Password=${RECORDER_DB_PASSWORD}}"
export RECORDER_BENCH_CONNECTION="${RECORDER_BENCH_CONNECTION:-Server=127.0.0.1;Port=3306;Database=${RECORDER_BENCH_DB};User ID=${RECORDER_DB_USER};Password=${RECORDER_DB_PASSWORD}}"
export RECORDER_TEST_SOCKET="${RECORDER_TEST_SOCKET:-/run/mysqld/mysqld.sock}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
