#!/usr/bin/env bash
# Command 2: install what the main job and the tests need, then run the whole test suite
# (C++ and Python) and the wheel check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/setup-r.sh

JOBS=${JOBS:-$(nproc)}
echo "== C++: Boost.Test suites (-Wall -Wextra -Werror)"
cmake -S . -B build/tests -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATTAIN_BUILD_TESTS=ON -DATTAIN_WERROR=ON >/dev/null
cmake --build build/tests -j "$JOBS"
ctest --test-dir build/tests --output-on-failure -j "$JOBS"

echo "== C++: install, then build and run the find_package consumer in examples/cpp"
rm -rf build/install build/consumer build/consumer-subdir
cmake --install build/tests --prefix build/install >/dev/null
cmake -S examples/cpp -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/install" >/dev/null
cmake --build build/consumer
build/consumer/attain_example | tee build/consumer/output.txt
# The consumer writes the founding report's paragraph, character for character.
grep -qxF "$(cat tests/data/founding-paragraph.vi.txt)" build/consumer/output.txt
build/consumer/attain_cases_example | tee -a build/consumer/output.txt
grep -q "^province, March 2021: 3 of 4 eligible cases done$" build/consumer/output.txt
# Compiled (the default), Boost.Math and Eigen stay inside the archives: the exported targets name neither.
if grep -E "Eigen3::|Boost::" build/install/lib*/cmake/attain/attainTargets*.cmake; then exit 1; fi
echo "== C++: the same consumer with add_subdirectory(attain)"
cmake -S examples/cpp -B build/consumer-subdir -G Ninja -DATTAIN_SOURCE_DIR="$PWD" >/dev/null
cmake --build build/consumer-subdir
build/consumer-subdir/attain_example | grep -qxF "$(cat tests/data/founding-paragraph.vi.txt)"

echo "== C++: header-only (-DATTAIN_HEADER_ONLY=ON): the suites (no sanitizers), then both consumers"
cmake -S . -B build/header-only -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATTAIN_BUILD_TESTS=ON -DATTAIN_WERROR=ON \
  -DATTAIN_HEADER_ONLY=ON >/dev/null
cmake --build build/header-only -j "$JOBS"
ctest --test-dir build/header-only --output-on-failure -j "$JOBS"
rm -rf build/install-header-only build/consumer-header-only build/consumer-subdir-header-only
cmake --install build/header-only --prefix build/install-header-only >/dev/null
cmake -S examples/cpp -B build/consumer-header-only -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/install-header-only" >/dev/null
cmake --build build/consumer-header-only
build/consumer-header-only/attain_example | grep -qxF "$(cat tests/data/founding-paragraph.vi.txt)"
cmake -S examples/cpp -B build/consumer-subdir-header-only -G Ninja -DATTAIN_SOURCE_DIR="$PWD" \
  -DATTAIN_HEADER_ONLY=ON >/dev/null
cmake --build build/consumer-subdir-header-only
build/consumer-subdir-header-only/attain_example | grep -qxF "$(cat tests/data/founding-paragraph.vi.txt)"

echo "== C++: the same suites under AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover=all)"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATTAIN_BUILD_TESTS=ON -DATTAIN_SANITIZE=ON -DATTAIN_INSTALL=OFF >/dev/null
cmake --build build/asan -j "$JOBS"
ctest --test-dir build/asan --output-on-failure -j "$JOBS"

echo "== C++: libFuzzer targets, ${FUZZ_SECONDS:=20} s each, seeded from fuzz/corpus"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DATTAIN_BUILD_TESTS=OFF -DATTAIN_BUILD_FUZZERS=ON -DATTAIN_INSTALL=OFF >/dev/null
cmake --build build/fuzz -j "$JOBS"
for target in build/fuzz/fuzz/fuzz_*; do
  name=$(basename "$target"); name=${name#fuzz_}
  mkdir -p "build/fuzz/work/$name"
  (cd build/fuzz && "../../$target" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 "work/$name" "../../fuzz/corpus/$name" 2>&1) \
    | grep -E "stat::number_of_executed_units|ERROR|SUMMARY" | sed "s/^/  fuzz_$name: /"
  test "${PIPESTATUS[0]}" -eq 0
done

echo "== Style: ruff (Python), clang-format (C++)"
python3 -m ruff check python tests benchmarks examples
git ls-files '*.hpp' '*.cpp' | xargs clang-format --dry-run -Werror
# Layers: the public headers include neither Boost nor Eigen (only detail/*-inl.hpp and
# detail/math.hpp, compiled in src/, do), and core includes neither stats nor report.
if grep -lE "#include <(boost|Eigen)/" $(git ls-files 'include/*.hpp' | grep -vE 'detail/(.*-inl|math)\.hpp$'); then exit 1; fi
if grep -lE '#include "attain/(stats|report)/' $(git ls-files 'include/attain/core/'); then exit 1; fi

echo "== Python: the layers contract (import-linter), mypy, the _core stubs (stubtest)"
lint-imports
python3 -m mypy python/attain examples/python
python3 -m mypy.stubtest attain._core --allowlist python/stubtest-allowlist.txt

echo "== C++: benchmarks (Google Benchmark), smoke run"
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DATTAIN_BUILD_BENCHMARKS=ON -DATTAIN_BUILD_TESTS=OFF \
  -DATTAIN_INSTALL=OFF -DATTAIN_WERROR=ON >/dev/null
cmake --build build/bench -j "$JOBS" --target attain_benchmarks
build/bench/benchmarks/cpp/attain_benchmarks --benchmark_min_time=0.01 >/dev/null

echo "== Python: benchmarks, smoke runs"
for bench in benchmarks/bench_*.py; do python3 "$bench" --quick >/dev/null; done

echo "== Python: pytest"
python3 -m pytest -q tests/python

echo "== Python: the wheel, in a fresh venv, with the Eigen and Boost headers hidden"
bash scripts/check_wheel.sh
