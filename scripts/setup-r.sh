#!/usr/bin/env bash
# Installs R and the Debian R packages that the optional R-reference tests use
# (tests/python/test_r_references.py skips itself when Rscript is absent).
# Idempotent: what is already installed is not installed again.
set -euo pipefail

R_PACKAGES=(r-base-core r-cran-strucchange ${ATTAIN_EXTRA_R_APT:-})
missing=()
for pkg in "${R_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "setup-r: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
Rscript -e 'suppressPackageStartupMessages(library(strucchange)); cat("setup-r: R", as.character(getRversion()), "with strucchange", as.character(packageVersion("strucchange")), "\n")'
