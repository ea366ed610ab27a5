#!/usr/bin/env bash
# Publishes the recorder as it is deployed: framework-dependent for this machine's Linux architecture, compiled ahead
# of time (Recorder.Host.csproj says why; the first publish fetches the ahead-of-time compiler from NuGet). Output:
# artifacts/recorder (or the directory given), whose program it prints last; run it as
#   DOTNET_GCgen0size=0x4000000 dotnet artifacts/recorder/Recorder.Host.dll run
# The gen0 budget (64 MiB) can only come from the environment; the README's "Memory sizing" says why it is set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/recorder}"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "publish.sh: no runtime identifier for $(uname -m)" >&2; exit 1 ;;
esac
# Its output goes to stderr, so that a caller capturing the program's path still sees why a publish failed.
dotnet publish "$root/src/Recorder.Host" -c Release -r "$rid" -o "$out" -nologo -clp:ErrorsOnly -v:q >&2
echo "$out/Recorder.Host.dll"
