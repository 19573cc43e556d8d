#!/usr/bin/env bash
# Installs R and the Debian R packages that the optional R-reference tests use
# (tests/python/test_r_references.py skips itself when Rscript is absent).
# Idempotent: what is already installed is not installed again.
set -euo pipefail

R_PACKAGES=(r-base-core r-cran-strucchange r-cran-metafor r-cran-survey r-cran-boot ${ATTAIN_EXTRA_R_APT:-})
missing=()
for pkg in "${R_PACKAGES[@]}"; do
  # "install ok installed" only: a removed package whose config files remain is not installed.
  [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  # As root (containers, CI images without sudo) apt-get runs directly.
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup-r: ${missing[*]} missing; run as root or install sudo" >&2; exit 1; }
    SUDO=(sudo)
  fi
  echo "setup-r: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
Rscript -e 'suppressPackageStartupMessages({library(strucchange); library(metafor); library(survey); library(boot)}); cat("setup-r: R", as.character(getRversion()), "with strucchange", as.character(packageVersion("strucchange")), "metafor", as.character(packageVersion("metafor")), "survey", as.character(packageVersion("survey")), "boot", as.character(packageVersion("boot")), "\n")'
