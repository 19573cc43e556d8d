#!/usr/bin/env bash
# Installs everything attain needs on a fresh Debian machine with Python 3 and pip:
# system packages (Eigen, Boost, a C++ compiler, CMake-side tools) and the Python package
# with its test extras. Idempotent: what is already there is not installed again.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libeigen3-dev libboost-dev libboost-test-dev g++ clang clang-format libclang-rt-14-dev chromium ${ATTAIN_EXTRA_APT:-})
# Spark (the attain[spark] tests) needs a Java runtime.
command -v java >/dev/null 2>&1 || SYSTEM_PACKAGES+=(default-jre-headless)
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.12" cmake ninja
# --no-build-isolation reuses the build tools just installed; build/python keeps the build
# incremental between runs.
python3 -m pip install -q --disable-pip-version-check --no-build-isolation \
  -Cbuild-dir=build/python ".[${ATTAIN_EXTRAS:-test,plot,dask,spark}]"
