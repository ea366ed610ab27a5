#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs and starts what is missing (scripts/setup.sh), then
# applies the schema migrations to the recorder database and prints the server version and table status.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
bash scripts/setup.sh
dotnet build src/Recorder.Host -c Release -nologo -clp:ErrorsOnly
dotnet run --project src/Recorder.Host -c Release --no-build -- migrate
