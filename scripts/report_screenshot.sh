#!/usr/bin/env bash
# Regenerates docs/report.png, the picture of the HTML report in the README: the founding data's
# report at 2021-06 in Vietnamese, rendered by headless Chromium (Debian's chromium package).
# Needs attain installed and Chromium (bash scripts/setup.sh --test installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
attain report "$(python3 -c 'import attain; print(attain.example_data_path())')" --as-of 2021-06 \
  --fiscal-year-start 10 --lang vi --template thads --format html -o "$out/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --screenshot="$out/report.png" --window-size=1100,2600 "file://$out/report.html" 2>/dev/null
cp "$out/report.png" docs/report.png
echo "wrote docs/report.png"
