#!/usr/bin/env bash
# The wheel installs anywhere: build it, check what it holds, install it into a fresh virtual
# environment (no system site-packages, no source tree on the path), then run the main job and
# a short Python example there, once as it is and once with the Eigen and Boost headers hidden
# (a mount namespace puts an empty directory over them): they are needed to build the compiled
# module, never to run it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The build directory scripts/setup.sh compiled into: the wheel costs no second compile.
build_dir=${ATTAIN_WHEEL_BUILD_DIR:-build/python}
echo "wheel: building (pip wheel . --no-deps --no-build-isolation -Cbuild-dir=$build_dir -w dist)"
rm -f dist/attain-*.whl
python3 -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -Cbuild-dir="$build_dir" -w dist .
wheel=$(echo dist/attain-*.whl)
python3 - "$wheel" <<'PY'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["attain/__init__.py", "attain/_core.", "attain/py.typed", "attain/presets/thads.json", "attain/presets/generic.json",
        "attain/report/templates/", "attain/data/ben-tre-2021.csv", "attain/data/ben-tre-2021-cases.csv",
        "attain/data/chau-thanh-officers-2022.csv", "attain/data/national-2023-h1.csv", "attain/data/example-co-sales-2025.csv"]
missing = [n for n in need if not any(name.startswith(n) for name in names)]
assert not missing, f"the wheel lacks {missing}"
cores = [n for n in names if n.startswith("attain/_core.") and n.endswith((".so", ".pyd"))]
assert len(cores) == 1 and len(names) == len(set(names)), f"the wheel holds {len(cores)} compiled modules: {cores}"
assert not [n for n in names if "__pycache__" in n], "the wheel holds __pycache__"
print(f"wheel: {sys.argv[1]}: {len(names)} files, {cores[0]}, "
      f"{sum(n.startswith('attain/report/templates/') for n in names)} templates, "
      f"{sum(n.startswith('attain/presets/') for n in names)} presets")
PY

venv=$root/build/wheel-venv
rm -rf "$venv"
python3 -m venv "$venv"  # without --system-site-packages: only what the wheel brings
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/data/founding-paragraph.vi.txt "$work/paragraph.txt"
cat >"$work/example.py" <<'PY'
import sys

import attain
from attain import report

assert attain.__file__.startswith(sys.prefix), attain.__file__  # the installed copy, not a checkout
panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, money=["amount"], level="level")
snap = panel.at("2021-06")
province = snap.unit("Cục THADS tỉnh Bến Tre", "count")
assert (province.done, province.eligible, province.shortfall) == (7575, 12029, 2229)
assert report.narrative(snap, "vi", "thads") == open("paragraph.txt", encoding="utf-8").read().strip()
cases = {"unit": ["A", "A", "B"], "status": ["thi_hanh_xong", "dang_thi_hanh", "chua_co_dieu_kien"],
         "accepted": ["2020-10-05", "2021-01-10", "2020-11-02"], "status_date": ["2021-02-01", "", "2021-03-15"],
         "amount": [100, 50, 70]}
a = attain.from_cases(cases, scheme="thads", fiscal_year_start=10).at("2021-03").unit("A", "count")
assert (a.done, a.eligible) == (1, 2)
print(f"example: {attain.__version__} from {attain.__file__}: ratio {province.ratio:.4f}, the paragraph, a preset: ok")
PY
cat >"$work/run.sh" <<'SH'
set -eu
cd "$1"
venv=$2
"$venv/bin/attain" --version
"$venv/bin/attain" doctor >doctor.txt  # works with no optional package installed
grep -q "^  plots  *MISSING" doctor.txt
"$venv/bin/attain" demo >demo.txt
grep -qxF "$(cat paragraph.txt)" demo.txt
echo "attain demo: the founding paragraph, character for character"
"$venv/bin/python" example.py
SH

echo "wheel: installed in a fresh venv ($venv)"
env -u PYTHONPATH bash "$work/run.sh" "$work" "$venv"

echo "wheel: again with /usr/include/eigen3 and /usr/include/boost hidden"
mkdir -p "$work/empty"
hide='for d in /usr/include/eigen3 /usr/include/boost; do
        if [ -d "$d" ]; then mount --bind "$1/empty" "$d"; test -z "$(ls -A "$d")"; fi
      done
      echo "headers hidden: /usr/include/eigen3 and /usr/include/boost are empty"
      bash "$1/run.sh" "$1" "$2"'
if [[ $(id -u) -eq 0 ]] && unshare -m true 2>/dev/null; then
  env -u PYTHONPATH unshare -m sh -c "$hide" sh "$work" "$venv"
else
  echo "wheel: SKIPPED hiding the headers (needs root and unshare -m); the venv run above had no include path"
fi
