#!/usr/bin/env bash
# Build the one-folder app and check the result: bundle size, --self-test without network, time to a window.
# Usage: build/build_and_test.sh [--skip-build]   (uses .venv/bin/python unless PYTHON is set)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if [[ "${1:-}" != "--skip-build" ]]; then
    start=$(date +%s)
    "$PYTHON" build/build.py | tee /tmp/picture-sorter-build.log
    echo "build time: $(( $(date +%s) - start )) s"
fi
executable="$("$PYTHON" -c 'import sys; sys.path.insert(0, "build"); import bundle_contents as c; print(c.executable_path())')"
bundle="$(dirname "$executable")"
echo "bundle size: $(du -sh "$bundle" | cut -f1)  ($bundle)"
echo "largest parts:"; du -sh "$bundle"/_internal/* | sort -rh | head -8

# Every library the bundle provides must be found by the libraries inside it (Linux): a trimmed-away
# dependency shows up here as "not found". System libraries (X11, GL, the GPU driver libcuda) are the lab PC's
# business. torch/lib is on the path because torchvision's extensions rely on torch having loaded it already.
if [[ "$(uname)" == "Linux" ]]; then
    missing="$(find "$bundle/_internal" -name '*.so*' -type f -print0 |
        LD_LIBRARY_PATH="$bundle/_internal:$bundle/_internal/torch/lib" xargs -0 -n 20 ldd 2>/dev/null |
        grep 'not found' | grep -v 'libcuda\.so' |
        grep -E 'lib(Qt6|icu|torch|c10|cu|nv|nccl|shiboken|pyside)' | sort -u || true)"
    if [[ -n "$missing" ]]; then echo "libraries missing from the bundle:"; echo "$missing"; exit 1; fi
    echo "library check: every bundled library finds the bundled libraries it needs"
fi

# Self-test: no network at all (unshare -n needs root or user namespaces; fall back with a warning).
offline=(unshare -n)
if ! unshare -n true 2>/dev/null; then
    echo "WARNING: 'unshare -n' is not permitted here; the self-test still refuses connections itself."
    offline=()
fi
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
start=$(date +%s.%N)
"${offline[@]}" "$executable" --self-test
echo "self-test exit code 0 in $(echo "$(date +%s.%N) - $start" | bc) s"

# Time from launch to a shown window (offscreen), twice: the first start may read files from disk, the second
# comes from the OS file cache like most starts on a lab PC.
for run in first second; do
    start=$(date +%s.%N)
    line="$(PICTURE_SORTER_STARTUP_PROBE=1 "${offline[@]}" "$executable" | grep '^startup-probe:')"
    shown="$(echo "$line" | sed -E 's/.*window shown at ([0-9.]+).*/\1/')"
    echo "launch to window ($run): $(echo "$shown - $start" | bc) s   [$line]"
done
