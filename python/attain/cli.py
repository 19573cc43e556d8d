"""The ``attain`` command line.

``attain summary DATA.csv --as-of 2021-06`` prints the as-of summary of a panel (``--cases``:
of case records); ``attain demo`` runs it on the bundled founding example; ``attain rollup``
sums row-level records per unit and month (in memory by chunks, on Dask or on Spark);
``attain doctor`` tells what is installed for each optional feature; ``attain formats`` prints the
input format. Panels are read from CSV (comma, semicolon or tab), ``.xlsx`` or Parquet, by
extension, with the settings of ``attain.toml`` (in the working directory, or ``--config``),
which the flags override. User errors (bad CSV,
unknown period...) print one line on stderr and exit with status 2, never a traceback; an
unexpected error prints one line too and exits with 1 (``ATTAIN_DEBUG=1`` shows the traceback).

Long work (reading a CSV, case records, roll-ups) shows a progress bar on standard error when
standard output and standard error are both terminals, unless ``--quiet`` is given.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from . import __version__
from . import _format as fmt
from ._config import CONFIG_NAME, ProjectConfig, find_config, read_config
from ._convert import parse_ratio
from ._data import FOUNDING_AS_OF, FOUNDING_OPTIONS, example_data_path
from ._progress import Progress, ProgressOption, close_all
from .errors import AttainError, InvalidInputError, MissingDependencyError
from .panel import Panel
from .snapshot import Snapshot

Command = Callable[[argparse.Namespace], str]
#: Subcommand name -> (help, function adding its arguments, function running it).
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] = {}


def command(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None]) -> Callable[[Command], Command]:
    """Registers a subcommand; later layers (reports...) add theirs the same way."""

    def register(run: Command) -> Command:
        COMMANDS[name] = (help, add_arguments, run)
        return run

    return register


def parse_targets(items: Sequence[str] | None) -> dict[str, float]:
    """``["count=0.815", "amount=40.1%"]`` -> ``{"count": 0.815, "amount": 0.401}``."""
    targets: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise AttainError(f"--target {item!r}: expected MEASURE=RATIO, e.g. count=0.815 or count=81.5%")
        try:
            targets[name] = parse_ratio(value)
        except InvalidInputError:
            raise AttainError(f"--target {item!r}: {value!r} is not a number") from None
    return targets


def add_panel_arguments(parser: argparse.ArgumentParser, data_required: bool = True) -> None:
    """Arguments shared by every command that reads a panel from CSV."""
    if data_required:
        parser.add_argument("data", help="CSV file, one row per unit and period")
    parser.add_argument("--as-of", help="the month to report, YYYY-MM (default: the last month of the data)")
    parser.add_argument("--target", action="append", metavar="MEASURE=RATIO", help="target, e.g. count=0.815 (repeatable); overrides target columns")
    parser.add_argument("--fiscal-year-start", type=int, default=None, help="first month of the fiscal year (default 1)")
    parser.add_argument("--money", action="append", metavar="MEASURE",
                        help="a measure whose tallies are money (repeatable); the others are then counts of cases, "
                        "which get a 95%% interval (default: no measure is declared, and none gets one)")
    parser.add_argument("--count", action="append", metavar="MEASURE",
                        help="a measure whose tallies are counts of cases (repeatable): it gets a 95%% interval, the pace "
                        "model's chance of meeting the target and the league's rank intervals; the others stay undeclared "
                        "unless --money names them")
    parser.add_argument("--unit-column", default=None, help="column of the unit names (default unit)")
    parser.add_argument("--period-column", default=None, help="column of the months (default period)")
    parser.add_argument("--parent-column", default=None, help="column of each unit's parent (default parent)")
    add_measure_arguments(parser)
    add_input_arguments(parser, data_required)
    if data_required:
        cases = parser.add_argument_group("case records (--cases)")
        cases.add_argument(
            "--cases", action="store_true",
            help="DATA holds case records (one row per case: unit, status, accepted, status_date, amount), "
            "tallied through --scheme; the money ratios then get a 95%% ratio-of-sums interval (linearisation) "
            "from the cases",
        )
        cases.add_argument("--scheme", default=None,
                           help="status scheme: a preset (thads, generic) or a JSON file (default: attain.toml's "
                           "[cases] scheme, else generic)")
        cases.add_argument("--root", default=None,
                           help="the unit every case unit reports to (e.g. the province; default: attain.toml's [cases] root)")
        cases.add_argument("--root-level", default=None, metavar="LEVEL",
                           help="the declared level of --root (e.g. province: thads then writes 'toàn tỉnh'); "
                           "default: attain.toml's [cases] root_level, else none (neutral wording)")
        cases.add_argument("--unit-level", default=None, metavar="LEVEL",
                           help="the declared level of every case unit under --root (e.g. district); "
                           "default: attain.toml's [cases] unit_level")
        cases.add_argument("--periods", default=None, metavar="FIRST:LAST", help="months to tally, e.g. 2020-10:2021-06")


def add_input_arguments(parser: argparse.ArgumentParser, data_required: bool = True) -> None:
    """How the data file is read: the project file, monthly flows, column mapping, delimiter, sheet."""
    group = parser.add_argument_group("input (see: attain formats)")
    group.add_argument(
        "--config", default=None, metavar="PATH",
        help=f"project file (default: {CONFIG_NAME} in the working directory, if there is one); flags override it",
    )  # fmt: skip
    if not data_required:
        return
    group.add_argument(
        "--monthly", action=argparse.BooleanOptionalAction, default=None,
        help="rows hold each month's own figures (flows), not year-to-date figures (--no-monthly: year-to-date, "
        "the default, overriding attain.toml)",
    )  # fmt: skip
    group.add_argument(
        "--measure", action="append", metavar="NAME=DONE:ELIGIBLE[:ACCEPTED[:TARGET]]",
        help="read measure NAME from these columns (repeatable; then only the measures named are read); "
        "an empty part skips that column, e.g. count=xong:co_dk::chi_tieu",
    )  # fmt: skip
    group.add_argument("--delimiter", default=None, help="CSV column separator: ',' ';' or 'tab' (default: found from the header)")
    group.add_argument("--sheet", default=None, help=".xlsx: the sheet to read, by name or 0-based number (default the first)")


def parse_measure_columns(items: Sequence[str] | None) -> dict[str, dict[str, str]]:
    """``["count=xong:co_dk"]`` -> ``{"count": {"done": "xong", "eligible": "co_dk"}}``."""
    from ._columns import FIELDS

    out: dict[str, dict[str, str]] = {}
    for item in items or []:
        name, sep, spec = item.partition("=")
        parts = spec.split(":")
        if not sep or not name.strip() or len(parts) < 2 or len(parts) > 4 or not parts[0] or not parts[1]:
            raise AttainError(
                f"--measure {item!r}: expected NAME=DONE_COLUMN:ELIGIBLE_COLUMN[:ACCEPTED_COLUMN[:TARGET_COLUMN]], "
                "e.g. count=xong:co_dieu_kien"
            )
        if name.strip() in out:
            raise AttainError(f"--measure {item!r}: measure '{name.strip()}' is mapped twice")
        out[name.strip()] = {f: c for f, c in zip(FIELDS, parts) if c}
    return out


def project_config(args: argparse.Namespace) -> ProjectConfig | None:
    """The project file: ``--config PATH``, else ``attain.toml`` in the working directory (read
    once per command; the demo reads none)."""
    if not hasattr(args, "_project"):
        path = getattr(args, "config", None)
        demo = getattr(args, "data", None) is None
        if path is None and not demo:
            path = find_config(".")
        args._project = read_config(path) if path else None
    return args._project


def csv_delimiter(args: argparse.Namespace, config: ProjectConfig | None) -> str | None:
    """The CSV delimiter of --delimiter (',' ';' 'tab'), else the project file's, else None."""
    delimiter = getattr(args, "delimiter", None)
    if delimiter is None:
        return config.delimiter if config else None
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
    if delimiter not in (",", ";", "\t"):
        raise AttainError(f"--delimiter {args.delimiter!r}: expected ',', ';' or 'tab'")
    return delimiter


def input_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of Panel.from_file from the project file, then the flags (which win)."""
    config = project_config(args)
    options: dict[str, Any] = config.panel_options() if config else {}
    for flag, keyword in (("unit_column", "unit"), ("period_column", "period"), ("parent_column", "parent")):
        if getattr(args, flag, None) is not None:
            options[keyword] = getattr(args, flag)
    if args.fiscal_year_start is not None:
        options["fiscal_year_start"] = args.fiscal_year_start
    if getattr(args, "monthly", None) is not None:
        options["monthly_flows"] = args.monthly
    if args.money:
        options["money"] = args.money
    if getattr(args, "count", None):
        clash = sorted(set(args.count) & set(args.money or []))
        if clash:
            raise AttainError(f"--count and --money both name {', '.join(clash)}: a measure is one or the other")
        options["kinds"] = {**options.get("kinds", {}), **{name: "count" for name in args.count}}
    targets = {**options.get("targets", {}), **parse_targets(args.target)}
    if targets:
        options["targets"] = targets
    mapped = parse_measure_columns(getattr(args, "measure", None))
    if mapped:
        declared = options.get("measures") or {}
        options["measures"] = {**declared, **mapped}
    delimiter = csv_delimiter(args, config)
    if delimiter is not None:
        options["delimiter"] = delimiter
    sheet = getattr(args, "sheet", None)
    if sheet is not None:
        options["sheet"] = int(sheet) if sheet.isdigit() else sheet
    return options


def add_measure_arguments(parser: argparse.ArgumentParser) -> None:
    """The measure declarations and the level column (see README, "Declaring measures")."""
    parser.add_argument("--quota", action="append", metavar="MEASURE",
                        help="a measure that is a quota: done is the actual, eligible the plan; attainment may exceed "
                        "100%%, the default target is 100%% of plan (repeatable)")
    parser.add_argument("--plan-to-date", action="append", metavar="MEASURE",
                        help="a measure whose eligible column is what came due by each month, not the whole year's: "
                        "a running rate (attendances, applications received; the target applies to the ratio every "
                        "month, so there is no schedule apart from it and no pace a month), or a quota's plan due by "
                        "then (the schedule expects 100%% of it) (repeatable)")
    parser.add_argument("--currency", action="append", metavar="MEASURE=CODE",
                        help="the money unit of a measure, e.g. revenue=USD (values in minor units: cents); implies --money")
    parser.add_argument("--label", action="append", metavar="MEASURE=VI/EN",
                        help="the measure's noun in Vietnamese and English, e.g. 'count=việc/cases' (repeatable)")
    parser.add_argument("--level-column", default=None, metavar="COLUMN",
                        help="column of each unit's level (province, district, rep...; default: 'level' if present)")


def measure_options(args: argparse.Namespace) -> dict[str, Any]:
    """Panel keywords from --quota, --plan-to-date, --currency, --label and --level-column."""
    options: dict[str, Any] = {}
    if getattr(args, "quota", None):
        options["quota"] = args.quota
    if getattr(args, "plan_to_date", None):
        options["plan_basis"] = {name: "to_date" for name in args.plan_to_date}
    pairs: dict[str, dict[str, str]] = {"currency": {}, "label": {}}
    for flag in pairs:
        for item in getattr(args, flag, None) or []:
            name, sep, value = item.partition("=")
            if not sep or not name or not value:
                example = "revenue=USD" if flag == "currency" else "count=việc/cases"
                raise AttainError(f"--{flag} {item!r}: expected MEASURE={'CODE' if flag == 'currency' else 'VI/EN'}, e.g. {example}")
            pairs[flag][name] = value
    if pairs["currency"]:
        options["currency"] = pairs["currency"]
    labels: dict[str, dict[str, str]] = {}
    for name, value in pairs["label"].items():
        vi, sep, en = value.partition("/")
        if not sep:
            raise AttainError(f"--label {name}={value!r}: expected VI/EN, e.g. {name}=việc/cases")
        labels[name] = {k: v.strip() for k, v in (("vi", vi), ("en", en)) if v.strip()}
    if labels:
        options["labels"] = labels
    if getattr(args, "level_column", None):
        options["level"] = args.level_column
    return options


def load_panel(args: argparse.Namespace) -> tuple[Panel, Snapshot]:
    """The panel and its snapshot described by the shared arguments."""
    demo = getattr(args, "data", None) is None
    if getattr(args, "cases", False):
        panel = load_cases(args)
        return panel, panel.at(args.as_of or panel.periods[-1])
    path = example_data_path() if demo else args.data
    options: dict[str, Any] = dict(FOUNDING_OPTIONS) if demo else {}
    options.update(input_options(args))
    for key, value in measure_options(args).items():  # the flags add to (and win over) attain.toml
        before = options.get(key)
        if isinstance(value, dict) and isinstance(before, dict):
            value = {**before, **value}
        elif isinstance(value, list) and isinstance(before, list):
            value = list(dict.fromkeys([*before, *value]))
        options[key] = value
    panel = Panel.from_file(path, progress=getattr(args, "progress", False), **options)
    as_of = args.as_of or (FOUNDING_AS_OF if demo else panel.periods[-1])
    return panel, panel.at(as_of)


def load_cases(args: argparse.Namespace) -> Panel:
    """The panel of the case records in ``args.data`` (``--cases``), with the settings of the
    project file that apply to case records (see ProjectConfig.case_options); the flags win."""
    from .cases import _CASE_KINDS, from_cases

    progress = getattr(args, "progress", False)
    config = project_config(args)
    options: dict[str, Any] = config.case_options() if config else {}
    cases = config.cases if config else {}
    if args.unit_column is None:
        args.unit_column = (config.columns.get("unit") if config else None) or "unit"
    if args.scheme is None:
        scheme = cases.get("scheme", "generic")
        beside = os.path.join(os.path.dirname(config.path), scheme) if config and "scheme" in cases else ""
        args.scheme = beside if beside and os.path.isfile(beside) else scheme
    root = args.root if args.root is not None else cases.get("root")
    text = {args.unit_column: str, "status": str, "accepted": str, "status_date": str}
    delimiter = csv_delimiter(args, config)
    read_options: dict[str, Any] = {"dtype": text}
    if delimiter:
        read_options["sep"] = delimiter
    frame = read_csv_frame(args.data, progress, **read_options)
    for key, value in measure_options(args).items():  # the flags add to (and win over) attain.toml
        before = options.get(key)
        options[key] = {**before, **value} if isinstance(value, dict) and isinstance(before, dict) else value
    if options.pop("level", None):
        raise AttainError("--level-column does not apply to case records (--cases)")
    if options.pop("quota", None):
        raise AttainError("--quota does not apply to case records (--cases): they give completion ratios")
    if options.pop("plan_basis", None):
        raise AttainError("--plan-to-date does not apply to case records (--cases): their eligible cases are the "
                          "year's workload, not a running rate")
    measures = ["count", "amount"] if "amount" in frame.columns else ["count"]
    kinds = {m: _CASE_KINDS[m] for m in measures}
    for m in options.get("currency", {}):
        if m in kinds:
            kinds[m] = "money"
    options["kinds"] = {**kinds, **options.get("kinds", {})}
    if args.fiscal_year_start is not None:
        options["fiscal_year_start"] = args.fiscal_year_start
    targets = {**options.get("targets", {}), **parse_targets(args.target)}
    options["targets"] = targets or None
    if args.periods:
        first, sep, last = args.periods.partition(":")
        if not sep or not first or not last:
            raise AttainError(f"--periods {args.periods!r}: expected FIRST:LAST, e.g. 2020-10:2021-06")
        options["periods"] = (first, last)
    if root:
        if args.unit_column not in frame.columns:
            raise AttainError(f"column '{args.unit_column}' is not in the case records (columns: {list(frame.columns)})")
        options["hierarchy"] = {str(u): root for u in frame[args.unit_column].dropna().unique() if u != root}
        options["hierarchy"][root] = None
    root_level = getattr(args, "root_level", None) or cases.get("root_level")
    unit_level = getattr(args, "unit_level", None) or cases.get("unit_level")
    if (root_level or unit_level) and not root:
        raise AttainError("--root-level and --unit-level declare the levels of --root and of the units under it: give --root")
    if root and (root_level or unit_level):
        options["levels"] = {u: (root_level if u == root else unit_level) or None for u in options["hierarchy"]}
    return from_cases(frame, scheme=args.scheme, unit=args.unit_column, progress=progress, **options)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError("reading case records and row-level CSVs needs pandas: pip install 'attain[pandas]'") from None
    return pandas


def _csv_chunks(path: str, progress: ProgressOption, chunksize: int, **read_options: Any) -> Iterator[tuple[Any, Progress]]:
    """Chunks of a CSV file read with pandas, each with the bar of the bytes read so far."""
    pd = _pandas()
    try:
        f = open(path, "rb")  # closed by the with below
    except FileNotFoundError:
        raise AttainError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AttainError(f"{path} is a directory, not a CSV file") from None
    with f, Progress(progress, total=os.fstat(f.fileno()).st_size, desc=f"reading {os.path.basename(path)}", unit="B", unit_scale=True) as bar:
        try:
            for chunk in pd.read_csv(f, chunksize=chunksize, **read_options):
                bar.advance_to(f.tell())
                yield chunk, bar
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
            raise AttainError(f"{path}: {str(exc).strip()}") from None


def read_csv_frame(path: str, progress: ProgressOption, chunksize: int = 1 << 18, **read_options: Any) -> Any:
    """A CSV file as a pandas DataFrame, read by chunks so that the bar can follow the bytes."""
    pd = _pandas()
    chunks = [chunk for chunk, _ in _csv_chunks(path, progress, chunksize, **read_options)]
    return pd.concat(chunks, ignore_index=True) if chunks else pd.read_csv(path, **read_options)


def choose_unit(panel: Panel, unit: str | None, option: str = "--unit") -> str:
    """``unit`` if the panel has it (an unknown one is an error listing the nearest names),
    else the first root."""
    import difflib
    import unicodedata

    if unit is None:
        return panel.roots[0]
    name = unicodedata.normalize("NFC", unit.strip())
    units = panel.units
    if name in units:
        return name
    def plain(text: str) -> str:  # without case and accents: "chau thanh" finds "Châu Thành"
        decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    folded = plain(name)
    plain_units = {plain(u): u for u in units}
    near = [u for p, u in plain_units.items() if folded and folded in p]
    if not near:
        near = [plain_units[p] for p in difflib.get_close_matches(folded, list(plain_units), n=5, cutoff=0.6)]
    hint = f"; did you mean {', '.join(repr(u) for u in near[:5])}?" if near else ""
    raise AttainError(f"{option} {unit!r} is not a unit of the data{hint} ({len(units)} units; the roots: "
                      f"{', '.join(repr(r) for r in panel.roots[:5])}{', ...' if len(panel.roots) > 5 else ''})")


def summary_text(panel: Panel, snap: Snapshot, unit: str | None = None) -> str:
    """The as-of summary of ``unit`` (default: every root): its figures per measure, with the
    schedule (the progress expected by now for measures with a target; none for a running rate,
    whose target applies every month), then its children."""
    from .report.monitoring import summary_lines

    lines = [
        f"attain summary as of {snap.as_of}: month {snap.months_elapsed} of the fiscal year, "
        f"{snap.months_remaining} month(s) remaining"
    ]
    bases = panel.plan_bases
    for root in [unit] if unit is not None else panel.roots:
        lines += ["", root]
        statuses = [snap.unit(root, m) for m in panel.measures]
        rows: list[tuple[str, Callable[[Any], str]]] = [
            ("accepted", lambda s: fmt.whole(s.accepted)),
            ("eligible", lambda s: fmt.whole(s.eligible)),
            ("done", lambda s: fmt.whole(s.done)),
            ("ratio", lambda s: fmt.percent(s.ratio)),
            ("change on previous month", lambda s: fmt.points(s.change_prev)),
            ("change on a year ago", lambda s: fmt.points(s.change_year)),
            ("target", lambda s: fmt.percent(s.target)),
            ("gap (short if +)", lambda s: fmt.points(s.gap) if s.target is not None else "n/a"),
            ("met", lambda s: ("yes" if s.met else "no") if s.target is not None else "n/a"),
            ("shortfall", lambda s: fmt.whole(s.shortfall)),
        ]
        rows += schedule_rows(bases, running_rates(panel, snap, root))
        rows += quota_rows(panel)
        rows += meet_target_rows(snap, root)
        lines += _aligned([["", *panel.measures]] + [[label, *(cell(st) for st in statuses)] for label, cell in rows])
        lines += summary_lines(panel, snap, root)  # SPC signals and change points, when there are any
        children = panel.children_of(root)
        if not children:
            continue
        lines += ["", f"Units under {root} ({len(children)}):"]
        for m in panel.measures:
            c = snap.children(root, m)
            if c.n_unrated == c.n:  # no child has a target: nothing was met or missed
                lines.append(f"  {m}: no target for any of the {c.n} units" if c.n > 1 else f"  {m}: no target")
                continue
            line = f"  {m}: {c.n_met}/{c.n} met the target"
            if c.n_short:
                low, high = fmt.number(100 * c.min_gap, 2), fmt.number(100 * c.max_gap, 2)
                if low == high:  # one short child, or all equally short
                    line += f"; {c.n_short}/{c.n} short by {high} points"
                else:
                    line += (
                        f"; {c.n_short}/{c.n} short by {fmt.number(100 * c.min_gap, 0)} to "
                        f"{fmt.number(100 * c.max_gap, 0)} points ({low} to {high})"
                    )
            if c.n_unrated:
                line += f"; {c.n_unrated} without a ratio or target"
            lines.append(line)
        table = [["unit"] + [f"{m} {h}" for m in panel.measures for h in ("ratio", "gap", "met", "rank")]]
        for u in children:
            row = [u]
            for m in panel.measures:
                st = snap.unit(u, m)
                rated = st.target is not None
                row += [
                    fmt.percent(st.ratio),
                    fmt.number(100 * st.gap, 2) if rated else "n/a",
                    ("yes" if st.met else "no") if rated else "n/a",
                    str(st.rank or "-"),
                ]
            table.append(row)
        lines += [""] + ["  " + line for line in _aligned(table)]
    return "\n".join(lines)


RUNNING_RATE = "n/a (running rate)"


def running_rates(panel: Panel, snap: Snapshot, unit: str) -> set[str]:
    """The measures that are running rates (a completion measure whose eligible is what came due
    by now: the core's ``running_rate`` field), whose target applies to the ratio every month."""
    if "to_date" not in panel.plan_bases.values():
        return set()
    from .report.fields import report_fields

    fields = report_fields(snap, unit)
    return {m for m in panel.measures if fields[f"{m}.running_rate"]}


def schedule_rows(bases: dict[str, str], running: set[str]) -> list[tuple[str, Callable[[Any], str]]]:
    """The summary rows of the schedule (the progress expected by now and the distance to it) and
    of the pace needed, per measure."""
    return [
        ("expected by now (schedule)", lambda s: schedule_cell(s, running, fmt.percent(s.schedule_expected))),
        ("ahead of schedule (behind if -)", lambda s: schedule_cell(s, running, fmt.points(s.schedule_ahead))),
        ("pace needed", lambda s: pace_cell(s, bases, projected=False, running=running)),
        ("pace, growing eligible", lambda s: pace_cell(s, bases, projected=True, running=running)),
    ]


def schedule_cell(s: Any, running: set[str], text: str) -> str:
    """A schedule figure (``text``); n/a without a target, and for a running rate, whose schedule is
    the target itself (the gap row already says how far it is)."""
    if s.target is None:
        return "n/a"
    return RUNNING_RATE if s.measure in running else text


def pace_cell(s: Any, bases: dict[str, str], projected: bool, running: set[str]) -> str:
    """The pace needed per remaining month; none for a to-date plan, whose rest-of-year plan the
    data do not give (spreading today's shortfall over the months left would understate it), nor
    on today's eligible for a running rate (the months left bring their own): its pace with
    eligible growing as lately stays."""
    if not s.pace:
        return "n/a"
    if s.measure in running:
        return fmt.per_month(s.pace.per_month_projected) if projected else RUNNING_RATE
    if bases.get(s.measure) == "to_date":
        return "n/a (to-date plan)"
    return fmt.per_month(s.pace.per_month_projected if projected else s.pace.per_month)


def meet_target_rows(snap: Snapshot, unit: str) -> list[tuple[str, Callable[[Any], str]]]:
    """The row of the probability of meeting the year-end target (mid-year only, when the data hold
    the fiscal year so far): the report's figure and model (``p_meet_target_pct``), per measure."""
    if snap.months_remaining == 0 or not snap.has_meet_probabilities:
        return []
    from .report.fields import report_fields
    from .report.html import chance_text

    fields = report_fields(snap, unit)

    def chance(s: Any) -> str:
        key = f"{s.measure}."
        if not fields[key + "has_p_meet_target"]:
            return "n/a"
        # "below 1%" / "above 99%" at the ends, as the paragraph: mid-year nothing is certain
        return f"{chance_text(float(fields[key + 'p_meet_target_pct']) / 100, 'en')} ({fields[key + 'p_meet_target_model']})"

    return [("chance of meeting the year-end target", chance)]


def quota_rows(panel: Panel) -> list[tuple[str, Callable[[Any], str]]]:
    """The summary rows of quota measures (none when the panel has no quota): the attainment and
    how far the actual exceeds the target (in the measure's minor units: cents for USD)."""
    if "quota" not in panel.forms.values():
        return []
    currency, digits = panel.currencies, panel.minor_digits

    def exceeded(s: Any) -> str:
        if s.exceeded_by is None:
            return "n/a"
        d, code = digits[s.measure], currency[s.measure]
        # Money in its major unit (USD cents -> dollars), through the C++ number formatter.
        amount = fmt.number(s.exceeded_by / 10**d, d) if d else fmt.whole(s.exceeded_by)
        return f"{amount} {code}" if code else amount

    return [
        ("attainment (quota)", lambda s: fmt.percent(s.ratio) if s.form == "quota" else "n/a"),
        ("exceeded by", exceeded),
    ]


def _aligned(table: list[list[str]]) -> list[str]:
    """Rows of cells as text: the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in table
    ]


def add_summary_arguments(parser: argparse.ArgumentParser) -> None:
    add_panel_arguments(parser)
    parser.add_argument("--unit", default=None, help="the unit to summarise, with its children (default: every root)")


@command("summary", "print the as-of summary of a panel (CSV, .xlsx or Parquet)", add_summary_arguments)
def run_summary(args: argparse.Namespace) -> str:
    panel, snap = load_panel(args)
    return summary_text(panel, snap, choose_unit(panel, args.unit) if args.unit is not None else None)


@command("formats", "the input data formats: columns, periods, year-to-date or monthly, files, attain.toml", lambda p: None)
def run_formats(args: argparse.Namespace) -> str:
    from ._formats import FORMATS_TEXT

    return FORMATS_TEXT


def add_report_arguments(parser: argparse.ArgumentParser, data_required: bool = True) -> None:
    add_panel_arguments(parser, data_required)
    parser.add_argument("--lang", choices=("vi", "en"), default=None,
                        help="language of the narrative, headings and numbers (default: attain.toml's, else the "
                        "template's: vi for thads, else en)")
    parser.add_argument(
        "--format", choices=("text", "md", "json", "csv", "html", "docx"), default="text", dest="fmt",
        help="text: the paragraph; md, json, csv: the unit table; html: the whole report as one page; "
        "docx: the whole report as a Word document (needs -o FILE.docx and pip install 'attain[docx]')",
    )
    parser.add_argument("--template", default=None, help="built-in template name (thads, generic)")
    parser.add_argument("--template-file", default=None, metavar="PATH", help="a narrative template file (instead of --template)")
    parser.add_argument("--unit", default=None, help="the unit the report is about, at any level (required when the data has several roots)")
    parser.add_argument(
        "--level", default=None, metavar="LEVEL",
        help="a league table of every unit at LEVEL below the unit (a declared level name, or a depth: 0 = the roots), "
        "ranked with 95%% intervals; with --format html, the level of the report's league tables",
    )  # fmt: skip
    parser.add_argument(
        "--no-formula-guard", dest="formula_guard", action="store_false",
        help="CSV: write text cells beginning with = + - @ as they are (by default they get a leading ' so that "
        "spreadsheets do not run them as formulas)",
    )  # fmt: skip
    parser.add_argument("-o", "--output", default=None, help="write to this file instead of standard output")


def apply_project_report_settings(args: argparse.Namespace) -> None:
    """The project file's language and template, where the flags give none."""
    config = project_config(args)
    if args.lang is None and config and config.language:
        args.lang = config.language  # else the template's language (report_output)
    if config and config.template and not args.template and not args.template_file:
        beside = os.path.join(os.path.dirname(config.path), config.template)
        if os.path.isfile(beside):  # a template file, found beside the project file
            args.template_file = beside
        else:
            args.template = config.template


def report_output(panel: Panel, snap: Snapshot, args: argparse.Namespace, default_template: str) -> str:
    from . import report
    from .report.narrative import NAME as TEMPLATE_NAME
    from .report.tables import markdown_text, signals_table

    apply_project_report_settings(args)
    if args.template and args.template_file:
        raise AttainError("give --template NAME or --template-file PATH, not both")
    if args.template and not TEMPLATE_NAME.fullmatch(args.template):
        raise AttainError(
            f"--template {args.template!r}: a built-in template name ({', '.join(sorted(report.BUILT_IN))}); "
            "a template file is given with --template-file PATH"
        )
    template: Any = report.Template.from_file(args.template_file) if args.template_file else args.template or default_template
    lang = args.lang or report.default_lang(template)
    unit = choose_unit(panel, args.unit) if args.unit is not None else None
    if unit is None and len(panel.roots) > 1:
        shown = ", ".join(repr(r) for r in panel.roots[:5]) + (", ..." if len(panel.roots) > 5 else "")
        raise AttainError(f"the data has {len(panel.roots)} root units ({shown}); choose the unit to report with --unit")
    level = args.level
    if args.fmt == "docx":
        if not args.output:
            raise AttainError("--format docx writes a Word file: give it with -o FILE.docx")
        report.docx_report(panel, snap, lang, template, unit, args.output, level=level)
        return ""
    if args.fmt == "html":
        out = report.html_report(panel, snap, lang, template, unit, level=level)
    elif level is not None:
        from .report.tables import league_table

        within = unit or panel.roots[0]
        table = league_table(snap, "md" if args.fmt == "text" else args.fmt, level, within, lang, args.formula_guard)
        if args.fmt in ("md", "text"):
            out = markdown_text(report.narrative(snap, lang, template, unit)) + "\n\n" + table
        else:
            out = table
    elif args.fmt in ("md", "json", "csv"):
        root = unit or panel.roots[0]
        units = [root, *panel.children_of(root)]
        table = report.unit_table(snap, args.fmt, units, lang, formula_guard=args.formula_guard)
        if args.fmt == "md":
            out = markdown_text(report.narrative(snap, lang, template, unit)) + "\n\n" + table
            out += "\n" + signals_table(panel, snap, root, "md", lang)
        else:
            out = table
    else:
        out = report.narrative(snap, lang, template, unit)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(out if out.endswith("\n") else out + "\n")
        return ""
    return out


@command("report", "the narrative paragraph, unit table, or HTML or Word report of a panel CSV", add_report_arguments)
def run_report(args: argparse.Namespace) -> str:
    panel, snap = load_panel(args)
    return report_output(panel, snap, args, "generic")


@command(
    "demo",
    "the founding example (2021-06): summary and the report's paragraph",
    lambda p: add_report_arguments(p, data_required=False),
)
def run_demo(args: argparse.Namespace) -> str:
    panel, snap = load_panel(args)
    if args.fmt != "text" or args.output:
        return report_output(panel, snap, args, "thads")
    return summary_text(panel, snap) + "\n\n" + report_output(panel, snap, args, "thads")


def add_rollup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", help="CSV file of row-level records (a case, an officer-month...)")
    parser.add_argument("--values", action="append", metavar="COLUMN", help="integer column to sum (repeatable; default: every *_done, *_eligible, *_accepted)")
    parser.add_argument("--unit-column", default=None, help="column of the unit names (default: attain.toml's, else unit)")
    parser.add_argument("--period-column", default=None, help="column of the months (default: attain.toml's, else period)")
    parser.add_argument("--delimiter", default=None, help="CSV column separator: ',' ';' or 'tab' (default: attain.toml's, else ',')")
    parser.add_argument("--config", default=None, metavar="PATH",
                        help=f"project file (default: {CONFIG_NAME} in the working directory, if there is one): its "
                        "[columns] unit and period and its delimiter apply; flags override it")
    parser.add_argument("--engine", choices=("memory", "dask", "spark"), default="memory", help="memory (by chunks, the default), dask or spark (local)")
    parser.add_argument("--chunksize", type=int, default=1 << 20, metavar="ROWS", help="rows per chunk with --engine memory (default 1048576)")
    parser.add_argument("--blocksize", default="64MB", help="bytes per partition with --engine dask (default 64MB)")
    parser.add_argument("-o", "--output", default=None, help="write the CSV to this file instead of standard output")


@command("rollup", "sum row-level records per unit and month (CSV in, CSV of exact sums out)", add_rollup_arguments)
def run_rollup(args: argparse.Namespace) -> str:
    from .rollup import rollup_chunks

    config = project_config(args)
    columns = config.columns if config else {}
    args.unit_column = args.unit_column or columns.get("unit", "unit")
    args.period_column = args.period_column or columns.get("period", "period")
    delimiter = csv_delimiter(args, config)
    sep = {"sep": delimiter} if delimiter else {}
    keys = {args.unit_column: str, args.period_column: str}
    options = {"unit": args.unit_column, "period": args.period_column, "values": args.values}
    if args.chunksize < 1:
        raise AttainError(f"--chunksize {args.chunksize}: give a positive number of rows")
    if not os.path.exists(args.data):
        raise AttainError(f"{args.data}: no such file")
    if args.engine == "dask":
        from . import dask as attain_dask

        attain_dask._dask()
        import dask.dataframe as dd

        ddf = dd.read_csv(args.data, blocksize=args.blocksize, dtype=keys, **sep)
        tallies = attain_dask.rollup(ddf, progress=args.progress, **options)
    elif args.engine == "spark":
        tallies = _spark_rollup(args, options, delimiter or ",")
    else:
        where = {"first": 0, "rows": 0, "summing": False}

        def chunks() -> Iterator[Any]:
            for chunk, _ in _csv_chunks(args.data, args.progress, args.chunksize, dtype=keys, **sep):
                where["first"] += where["rows"]
                where["rows"] = len(chunk)
                where["summing"] = True
                yield chunk
                where["summing"] = False

        try:
            tallies = rollup_chunks(chunks(), **options)
        except AttainError as exc:
            if not where["summing"]:  # the reader's own message names the file
                raise
            # The roll-up's row numbers count from the chunk's first row; the header is line 1.
            first = where["first"] + 2
            raise type(exc)(f"{exc} (in the chunk of lines {first} to {first + where['rows'] - 1} of {args.data})") from None
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        _write_tallies(tallies, out)
    finally:
        if args.output:
            out.close()
    return ""


def _spark_rollup(args: argparse.Namespace, options: dict[str, Any], delimiter: str) -> Any:
    from . import spark as attain_spark

    attain_spark._spark_types()
    from pyspark.sql import SparkSession, functions

    spark = (
        SparkSession.builder.master("local[*]").appName("attain rollup")
        .config("spark.ui.showConsoleProgress", "false").config("spark.ui.enabled", "false").getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sdf = spark.read.csv(os.path.abspath(args.data), header=True, inferSchema=True, sep=delimiter)
        for key in (args.unit_column, args.period_column):
            if key in sdf.columns:
                sdf = sdf.withColumn(key, functions.col(key).cast("string"))
        return attain_spark.rollup(sdf, progress=args.progress, **options)
    finally:
        spark.stop()


def _write_tallies(tallies: Any, out: IO[str]) -> None:
    """One row per unit and month that has records: the key, the sums, and the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "period", *tallies.columns, "rows"])
    for i, unit in enumerate(tallies.units):
        for j, period in enumerate(tallies.periods):
            if tallies.rows[i, j]:
                writer.writerow([unit, period, *tallies.sums[i, j].tolist(), int(tallies.rows[i, j])])


@command("doctor", "what is installed, and what is missing for each optional feature", lambda p: None)
def run_doctor(args: argparse.Namespace) -> str:
    from ._doctor import report

    text, _ = report()
    return text


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command name (``attain -q summary`` and
    ``attain summary -q``); only the main parser sets their defaults."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q", "--quiet", action="store_true", default=False if defaults else argparse.SUPPRESS,
        help="no progress bars (they are shown only when standard output and standard error are terminals)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attain", description="Completion ratios, gaps to targets and reports.", parents=[_common_options(True)]
    )
    parser.add_argument("--version", action="version", version=f"attain {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help, add_arguments, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help, description=help, parents=[_common_options(False)])
        add_arguments(p)
        p.set_defaults(run=run)
    return parser


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def write_text(stream: Any, text: str) -> None:
    """Writes ``text`` as UTF-8 to a file or pipe, whatever the locale says (a report redirected
    on a Vietnamese Windows code page must not crash nor come out in two encodings). On a
    console that cannot show some characters they appear as '?', with a note on stderr."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if utf8:
        stream.write(text)
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and not stream.isatty():
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.write(text.encode(encoding, "replace").decode(encoding))
        note = (
            f"attain: note: this console's encoding ({encoding}) cannot show some characters, shown as '?'; "
            "write the output to a file with -o FILE (always UTF-8) or set PYTHONIOENCODING=utf-8\n"
        )
        sys.stderr.write(note.encode(sys.stderr.encoding or "ascii", "replace").decode(sys.stderr.encoding or "ascii"))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Progress only for a person watching: both streams on a terminal, and not --quiet.
    args.progress = not args.quiet and _is_terminal(sys.stdout) and _is_terminal(sys.stderr)
    try:
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always", UserWarning)
            output = args.run(args)
        for note in notes:  # attain's notes (e.g. columns nothing reads) as one line each
            if note.category is UserWarning:
                write_text(sys.stderr, f"attain {args.command}: note: {note.message}\n")
            else:
                warnings.showwarning(note.message, note.category, note.filename, note.lineno)
        if output:
            write_text(sys.stdout, output if output.endswith("\n") else output + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. attain summary ... | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        close_all()
        print(f"attain {args.command}: interrupted", file=sys.stderr)
        return 130
    except (AttainError, OSError) as exc:
        close_all()
        write_text(sys.stderr, f"attain {args.command}: error: {exc}\n")
        return 2
    except Exception as exc:  # a bug: one line, not a traceback (ATTAIN_DEBUG=1 shows it)
        if os.environ.get("ATTAIN_DEBUG"):
            raise
        close_all()
        print(
            f"attain {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(please report it; ATTAIN_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
