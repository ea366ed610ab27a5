#!/usr/bin/env bash
# Publishes the recorder as it is deployed: framework-dependent for linux-x64, compiled ahead of time
# (Recorder.Host.csproj says why). Output: artifacts/recorder (or the directory given), run as
#   DOTNET_GCgen0size=0x4000000 dotnet artifacts/recorder/Recorder.Host.dll run
# The gen0 budget (64 MiB) can only come from the environment; the README's "Memory sizing" says why it is set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/recorder}"
dotnet publish "$root/src/Recorder.Host" -c Release -r linux-x64 -o "$out" -nologo -clp:ErrorsOnly -v:q
echo "$out/Recorder.Host.dll"
