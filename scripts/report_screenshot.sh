#!/usr/bin/env bash
# Regenerates the README's pictures of the reports, from the founding data at 2021-06:
#   docs/report.png       the HTML report in Vietnamese, rendered by headless Chromium
#   docs/report-en.png    the same report in English
#   docs/report-docx.png  the first page of the Word report as LibreOffice prints it
#                         (soffice --convert-to pdf, then pdftoppm)
# Needs Chromium, LibreOffice Writer and poppler-utils (bash scripts/setup.sh --test installs
# them) and attain: the installed package, or the in-tree build when there is one
# (cmake -DATTAIN_BUILD_PYTHON=ON copies python/attain/_core*.so).
set -euo pipefail
cd "$(dirname "$0")/.."
if compgen -G "python/attain/_core*.so" >/dev/null; then
  export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
data=$(python3 -c 'import attain; print(attain.example_data_path())')
report() {  # report LANG FORMAT FILE
  python3 -m attain report "$data" --as-of 2021-06 --fiscal-year-start 10 --money amount --currency amount=VND \
    --template thads --lang "$1" --format "$2" -o "$3"
}
for lang in vi en; do
  report "$lang" html "$out/report-$lang.html"
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --screenshot="$out/report-$lang.png" --window-size=1200,2600 "file://$out/report-$lang.html" 2>/dev/null
done
cp "$out/report-vi.png" docs/report.png
cp "$out/report-en.png" docs/report-en.png

report vi docx "$out/report.docx"
# A private LibreOffice profile: works beside a running LibreOffice and leaves ~/.config alone.
soffice "-env:UserInstallation=file://$out/profile" --headless --convert-to pdf --outdir "$out" "$out/report.docx" >/dev/null
pdftoppm -r 110 -png -f 1 -l 1 -singlefile "$out/report.pdf" "$out/report-docx"
cp "$out/report-docx.png" docs/report-docx.png
echo "wrote docs/report.png, docs/report-en.png, docs/report-docx.png"
