#!/usr/bin/env bash
# Command 1: install everything, then run the main job on the bundled example data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
attain demo
