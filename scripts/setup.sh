#!/usr/bin/env bash
# Installs what attain needs on a fresh Debian machine with Python 3 and pip. Idempotent: what
# is already there is not installed again.
#
#   bash scripts/setup.sh          the main job: a C++ compiler, the Eigen and Boost headers,
#                                  the build tools, and the package with its runtime extras
#   bash scripts/setup.sh --test   the same, plus the test tools (scripts/test.sh runs this)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    *) echo "usage: bash scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

# Debian packages of the main job: what builds the compiled module (the headers are needed at
# build time only; the module needs none of them at run time, see scripts/check_wheel.sh).
MAIN_APT=(g++ libeigen3-dev libboost-dev)
# Debian packages of the tests. Add later test tools here, e.g. R (r-base-core, r-cran-*: the
# reference packages the statistics are checked against).
TEST_APT=(
  libboost-test-dev   # the C++ suites (Boost.Test)
  libbenchmark-dev    # the C++ benchmarks (Google Benchmark, benchmarks/cpp)
  clang               # the libFuzzer targets
  libclang-rt-14-dev  # clang's sanitizer and fuzzer runtimes
  clang-format        # the C++ style check
  chromium            # the HTML report's browser test
  libreoffice-writer-nogui  # the Word report's rendering test (DOCX -> PDF) and docs/report-docx.png
  poppler-utils       # pdftoppm: that PDF -> PNG
)
# Spark (the attain[spark] tests) needs a Java runtime.
command -v java >/dev/null 2>&1 || TEST_APT+=(default-jre-headless)
# Python extras (pyproject.toml): the main job's runtime extras; the tests' on top of them.
MAIN_EXTRAS=plot,report
TEST_EXTRAS=$MAIN_EXTRAS,test,dask,spark

install_apt() {  # install_apt [--no-install-recommends] PACKAGE...: those not installed yet
  local options=() missing=() pkg
  [[ ${1:-} == --* ]] && { options+=("$1"); shift; }
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ -z ${ATTAIN_APT_UPDATED:-} ]]; then
    $sudo apt-get update -qq
    ATTAIN_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null
}

pip=(python3 -m pip install -q --disable-pip-version-check)
extras=${ATTAIN_EXTRAS:-$( ((with_tests)) && echo "$TEST_EXTRAS" || echo "$MAIN_EXTRAS")}
# The package's dependencies and extras, read from pyproject.toml (Python 3.11+ has tomllib;
# with an older Python they are installed with the package instead, one step after the other).
requirements=$(python3 - "$extras" <<'PY' 2>/dev/null || true
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
extras = [e for e in sys.argv[1].split(",") if e]
print("\n".join(dict.fromkeys([*project["dependencies"], *(r for e in extras for r in project["optional-dependencies"][e])])))
PY
)
deps_pid=""
if [[ -n $requirements ]]; then
  # Downloading and installing them is mostly waiting on the network: do it while the Debian
  # packages install and the module compiles.
  mapfile -t requirements <<<"$requirements"
  "${pip[@]}" "${requirements[@]}" &
  deps_pid=$!
fi

# shellcheck disable=SC2086  # ATTAIN_EXTRA_APT is a list of package names
install_apt --no-install-recommends "${MAIN_APT[@]}" ${ATTAIN_EXTRA_APT:-}
((with_tests)) && install_apt "${TEST_APT[@]}"

# The build tools, unless they are there already (this kind of machine has them).
python3 -c "import scikit_build_core, pybind11, cmake, ninja" 2>/dev/null \
  || "${pip[@]}" "scikit-build-core>=0.10" "pybind11>=2.12" cmake ninja
# --no-build-isolation reuses the build tools above; build/python keeps the build incremental
# between runs.
if [[ -n $deps_pid ]]; then
  "${pip[@]}" --no-build-isolation --no-deps -Cbuild-dir=build/python .
  wait "$deps_pid"
else
  "${pip[@]}" --no-build-isolation -Cbuild-dir=build/python ".[$extras]"
fi
