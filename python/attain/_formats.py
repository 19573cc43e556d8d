"""The input data format, as ``attain formats`` prints it (the README's "Input data" section says
the same in Markdown)."""

from __future__ import annotations

FORMATS_TEXT = """\
attain input data

One row per unit and month (long format), with a header row:

  column               what it holds
  unit                 the unit's name (an office, a branch, an officer, a rep)
  period               the month (forms below)
  parent               the unit's parent; blank for the root (same on every row of a unit)
  level                optional: the unit's level (province, district, officer, region...)
  <m>_done             measure <m>: completed (the numerator), a whole number
  <m>_eligible         measure <m>: what could be completed (the denominator): the whole
                       year's workload (default: the ratio builds up through the year), or
                       what came due by the row's month with --plan-to-date <m> (a running
                       rate: attendances, applications received; the target applies to the
                       ratio every month, so no schedule apart from it and no pace a month);
                       for a quota measure, the plan: the whole year's (default), or the
                       plan due by the row's month with --plan-to-date <m> (a to-date plan:
                       the schedule then expects 100% of it, ahead/behind = attainment - target)
  <m>_accepted         optional: total intake (accepted, carried over + new), >= eligible
  <m>_target           optional: the target ratio, 0.815 or 81.5% (81,5% with a decimal comma)

Every pair of columns <m>_done and <m>_eligible is a measure named <m> (e.g. count_done,
count_eligible -> measure "count"). Other names are mapped with
  --measure NAME=DONE_COLUMN:ELIGIBLE_COLUMN[:ACCEPTED_COLUMN[:TARGET_COLUMN]]
(repeatable; Python: measures={"count": {"done": "xong", "eligible": "co_dk"}}), and the key
columns with --unit-column, --period-column, --parent-column.

Year-to-date or monthly
  By default each row holds year-to-date figures: what was done since the start of the fiscal
  year, as the founding report's figures are. A unit's done and accepted never fall within a
  fiscal year; a fall is an error that names the unit, the measure, the two months and the
  values. eligible may fall (cases are reclassified as not enforceable, a plan is revised), so
  it is not checked. When rows hold each month's own figures (flows), give --monthly
  (Python: monthly_flows=True): attain sums them from the start of each fiscal year.
  Give the fiscal year's first month with --fiscal-year-start 10 (October to September;
  default 1, January). When it is not given and the data start in October, attain says so.

Numbers
  Counts and money are whole numbers, without thousands separators (1.234 and 1,234 are
  ambiguous, so both are refused). Money is given in whole minor units: đồng for VND, cents
  for USD (123456 with minor_digits 2 is $1,234.56). Targets are ratios (0.815) or
  percentages (81.5%), with a decimal point or a decimal comma (81,5%).

Periods
  2021-06, 2021-6          a month
  2021-06-30, 2021-06-30T08:00, "2021-06-30 08:00"
                           a date or date-time: its month
  06/2021, 6/2021          month/year (a day-first date 30/06/2021 is refused)
  2021-Q1 .. 2021-Q4       a quarter: its last month, 2021-Q1 is 2021-03 (quarterly
                           figures are year-to-date at the quarter's end)
  Excel date cells, pandas Periods and datetime64 columns are read as their month.

Files (chosen by extension)
  .csv, .tsv, .txt   CSV, UTF-8 (a byte order mark is skipped); columns separated by
                     commas, semicolons (as Excel writes in Vietnamese and European locales)
                     or tabs, found from the header; --delimiter ';' says which
  .xlsx              Excel, the first sheet (--sheet NAME); needs pip install 'attain[xlsx]'
  .parquet           Parquet; needs pip install 'attain[parquet]'
  Python: attain.Panel.from_file(path, ...) (from_csv, from_frame, from_columns too).

Project file: attain.toml
  attain reads attain.toml from the working directory (or --config PATH); flags override it.
  Python: attain.Panel.from_file(path, config="attain.toml"), keywords overriding it.

    fiscal_year_start = 10
    monthly = false
    language = "vi"                  # vi | en
    template = "thads"               # a built-in name, or a file beside attain.toml
    delimiter = ";"

    [columns]                        # when the data's names differ
    unit = "don_vi"
    period = "thang"
    parent = "cap_tren"
    level = "cap"

    [targets]
    count = "81.5%"
    amount = 0.401

    [measures.count]
    kind = "count"                   # count | money
    form = "completion"              # completion (done <= eligible) | quota (actual vs plan)
    # plan_basis = "to_date"         # eligible: annual (default) | to_date (due by the month)
    label = { vi = "việc", en = "cases" }
    columns = { done = "xong", eligible = "co_dieu_kien", accepted = "thu_ly" }

    [measures.amount]
    kind = "money"
    currency = "VND"                 # money in minor units of this currency
    minor_digits = 0

    [cases]                          # case records (--cases)
    scheme = "thads"                 # a preset, or a JSON file beside attain.toml
    root = "Cục THADS tỉnh Bến Tre"  # the unit every case unit reports to
    root_level = "province"          # its declared level (--root-level)
    unit_level = "district"          # the case units' declared level (--unit-level)

  Case records (--cases) take fiscal_year_start, [targets], the measures' kind, currency,
  minor_digits and label, [columns] unit, delimiter and [cases]; monthly, the other
  [columns] and measure columns are for panel files only.
  An unknown key is an error naming the key and the file.
"""
