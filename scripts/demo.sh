#!/usr/bin/env bash
# Command 1: install what the main job needs, then run it on the bundled example data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
attain demo
