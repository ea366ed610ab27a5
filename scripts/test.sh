#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian 12 machine: installs and starts what is missing
# (scripts/setup.sh), builds once, runs all test projects, and prints one summary line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
bash scripts/setup.sh

results="$root/artifacts/test-results"
rm -rf "$results"
dotnet build Recorder.sln -c Release -nologo -clp:ErrorsOnly

status=0
dotnet test Recorder.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 5m || status=$?

# One closing line over all test projects: "Tests: N passed, N failed, N skipped".
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
