#!/usr/bin/env bash
# Command 2: install everything, then run the whole test suite (C++ and Python).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

JOBS=${JOBS:-$(nproc)}
echo "== C++: Boost.Test suites (-Wall -Wextra -Werror)"
cmake -S . -B build/tests -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATTAIN_BUILD_TESTS=ON -DATTAIN_WERROR=ON >/dev/null
cmake --build build/tests -j "$JOBS"
ctest --test-dir build/tests --output-on-failure -j "$JOBS"

echo "== C++: install, then build and run the find_package consumer in examples/cpp"
rm -rf build/install build/consumer
cmake --install build/tests --prefix build/install >/dev/null
cmake -S examples/cpp -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/install" >/dev/null
cmake --build build/consumer
build/consumer/attain_example

echo "== Python: pytest"
python3 -m pytest -q tests/python
