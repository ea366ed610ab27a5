#!/usr/bin/env bash
# Rebuilds eng/local-feed/librdkafka.redist.2.15.1.nupkg (a nupkg is a zip holding the nuspec).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../local-feed/librdkafka.redist.2.15.1.nupkg"
python3 - "$here/librdkafka.redist.nuspec" "$out" <<'PY'
import sys, zipfile
nuspec, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(nuspec, "librdkafka.redist.nuspec")
PY
echo "wrote $out"
