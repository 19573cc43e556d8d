"""Presentation strings of the tables, the HTML report and the charts, in Vietnamese and English.

Only words live here (headings, column labels, yes/no, axis titles, notes); numbers are
formatted by the C++ formatter (:mod:`attain._format`) and paragraphs by the templates.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")

#: key -> (vi, en)
_WORDS: dict[str, tuple[str, str]] = {
    # table columns
    "unit": ("đơn vị", "unit"),
    "parent": ("đơn vị cấp trên", "parent"),
    "level": ("cấp", "level"),
    "measure": ("chỉ số", "measure"),
    "done": ("đã xong", "done"),
    "eligible": ("phải thực hiện", "eligible"),
    "accepted": ("thụ lý", "accepted"),
    "ratio": ("tỷ lệ", "ratio"),
    "interval": ("khoảng tin cậy 95%", "95% interval"),
    "ci_low": ("cận dưới 95%", "ci_low"),
    "ci_high": ("cận trên 95%", "ci_high"),
    "target": ("chỉ tiêu giao", "target"),
    "gap": ("chênh lệch (điểm)", "gap (points)"),
    "gap_raw": ("chênh lệch", "gap"),
    "shortfall": ("còn thiếu", "shortfall"),
    "met": ("đạt", "met"),
    "change": ("thay đổi (điểm)", "change (points)"),
    "change_raw": ("thay đổi so với tháng trước", "change_prev"),
    "rank": ("xếp hạng", "rank"),
    "shrunk": ("tỷ lệ hiệu chỉnh", "shrunken ratio"),
    "shrunk_low": ("cận dưới hậu nghiệm 95%", "shrunk_low"),
    "shrunk_high": ("cận trên hậu nghiệm 95%", "shrunk_high"),
    "shrunk_interval": ("khoảng hậu nghiệm 95%", "95% posterior interval"),
    "rank_interval": ("khoảng xếp hạng 95%", "95% rank interval"),
    "p_top": ("P(thuộc {k} đầu)", "P(top {k})"),
    "p_bottom": ("P(thuộc {k} cuối)", "P(bottom {k})"),
    "flag": ("đánh giá (FDR 5%)", "flag (FDR 5%)"),
    "flag_below": ("thấp hơn chỉ tiêu (tin cậy)", "credibly below target"),
    "flag_above": ("cao hơn chỉ tiêu (tin cậy)", "credibly above target"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "no_interval_money": ("không có (tiền)", "none (money)"),
    "no_interval_unspecified": ("không có (chưa khai báo loại)", "none (kind not declared)"),
    "no_interval_quota": ("không có (chỉ tiêu kế hoạch)", "none (quota)"),
    "no_interval_one_case": ("không có (chỉ 1 việc)", "none (1 case)"),
    "interval_note_linearisation": (
        "Khoảng tin cậy 95% của tỷ lệ theo {measure}: tỷ số của hai tổng, tính theo phương pháp tuyến tính hóa "
        "(ước lượng tỷ số trong điều tra chọn mẫu) từ số tiền của từng việc tính đến tháng báo cáo trong năm; "
        "không có khi chỉ có 1 việc.",
        "95% interval of the ratio by {measure}: ratio-of-sums, linearisation (survey ratio estimation) from "
        "the amounts of the cases in the year-to-date figures; none for a single case.",
    ),
    # statuses (chart key, row classes)
    "status_met": ("đạt chỉ tiêu", "met"),
    "status_short": ("chưa đạt", "short"),
    "status_none": ("không có chỉ tiêu", "no target"),
    "target_line": ("chỉ tiêu", "target"),
    # headings
    "report_title": ("Báo cáo", "Report"),
    "as_of": ("tính đến", "as of"),
    "units": ("Các đơn vị", "Units"),
    "charts": ("Biểu đồ", "Charts"),
    "tree": ("Toàn bộ đơn vị, theo cấp", "Every unit, level by level"),
    "league": ("Bảng xếp hạng", "League table"),
    "at_risk": ("Có nguy cơ không đạt chỉ tiêu cuối năm", "At risk of missing the year-end target"),
    "at_risk_of": (
        "{measure}: khả năng đạt chỉ tiêu dưới {below} (mô hình {model})",
        "{measure}: chance of meeting the target below {below} ({model} model)",
    ),
    "at_risk_none": ("Không có đơn vị nào.", "No unit."),
    "model_pace": ("nhịp độ gần đây", "recent pace"),
    "model_trend": ("xu hướng", "trend"),
    "chance_below_1": ("dưới 1%", "below 1%"),
    "chance_above_99": ("trên 99%", "above 99%"),
    "chance": ("khả năng đạt", "chance of meeting"),
    "at_risk_cut": ("{n} đơn vị; hiển thị {shown} đơn vị có khả năng thấp nhất.", "{n} units; the {shown} least likely are shown."),
    "league_of": ("Bảng xếp hạng {level}: {measure}", "League table, {level}: {measure}"),
    "depth": ("cấp {depth}", "level {depth}"),
    "more_units": ("… và {n} đơn vị khác (xem bảng CSV hoặc --unit)", "… and {n} more units (see the CSV table or --unit)"),
    "more_children": ("… và {n} đơn vị trực thuộc khác", "… and {n} more units below"),
    "league_cut": (
        "{n} đơn vị; hiển thị {top} đầu và {bottom} cuối bảng.",
        "{n} units; the top {top} and the bottom {bottom} are shown.",
    ),
    "league_note_shrunk": (
        "Xếp theo tỷ lệ hiệu chỉnh (Bayes thực nghiệm, beta-nhị thức): đơn vị có ít việc được kéo về tỷ lệ chung, "
        "nên không đứng đầu hay cuối bảng chỉ vì ngẫu nhiên.",
        "Ranked by the shrunken ratio (empirical Bayes, beta-binomial): a unit with few cases is pulled towards "
        "the overall ratio, so that noise alone neither crowns nor shames it.",
    ),
    "league_note_ratio": ("Xếp theo tỷ lệ.", "Ranked by the ratio."),
    "bars_cut": ("{shown} trong {n} đơn vị (cao nhất và thấp nhất)", "{shown} of {n} units (highest and lowest)"),
    # axis titles
    "axis_ratio": ("{measure}: tỷ lệ (%)", "{measure}: ratio (%)"),
    "axis_attainment": ("{measure}: tỷ lệ hoàn thành kế hoạch (%)", "{measure}: attainment of plan (%)"),
    "axis_ratio_plain": ("tỷ lệ (%)", "ratio (%)"),
    "axis_eligible": ("phải thực hiện (mẫu số)", "eligible (denominator)"),
    "axis_month": ("tháng", "month"),
    "title_attainment": ("{unit} — {measure}, tính đến {as_of}", "{unit} — {measure}, as of {as_of}"),
    "title_trajectory": ("{unit} — {measure}: tỷ lệ lũy kế theo tháng", "{unit} — {measure}: year-to-date ratio by month"),
    "title_funnel": ("{unit} — {measure}: biểu đồ phễu", "{unit} — {measure}: funnel plot"),
    "series_ratio": ("tỷ lệ", "ratio"),
    "series_projection": ("dự báo cuối năm", "year-end projection"),
    "series_band": ("khoảng dự báo 95%", "95% prediction band"),
    "centre": ("tỷ lệ chung", "overall ratio"),
    "limits": ("giới hạn {level}%", "{level}% limits"),
    "above": ("cao hơn giới hạn", "above the limits"),
    "below": ("thấp hơn giới hạn", "below the limits"),
    "within": ("trong giới hạn", "within the limits"),
    # monitoring (SPC and change points)
    "monitoring": ("Theo dõi theo tháng: tín hiệu hay dao động ngẫu nhiên", "Monthly monitoring: signal or noise"),
    "monitoring_of": ("{measure}: tỷ lệ hoàn thành trong tháng", "{measure}: completed in the month"),
    "title_spc": ("{unit} — {measure}: {chart}", "{unit} — {measure}: {chart}"),
    "chart_laney": ("biểu đồ kiểm soát p′ (Laney)", "Laney p′ control chart"),
    "chart_xmr": ("biểu đồ kiểm soát XmR", "XmR control chart"),
    "axis_month_share": (
        "{measure}: xong trong tháng / còn phải thực hiện đầu tháng (%)",
        "{measure}: done in the month / open at its start (%)",
    ),
    "series_month_ratio": ("tỷ lệ trong tháng", "monthly ratio"),
    "centre_line": ("đường trung tâm", "centre line"),
    "control_limits": ("giới hạn kiểm soát (±{k}σ)", "control limits (±{k}σ)"),
    "signal_point": ("tháng có tín hiệu (số: quy tắc)", "month with a signal (number: rule)"),
    "change_line": ("điểm thay đổi (Pettitt)", "change point (Pettitt)"),
    "signal_rule": ("quy tắc", "rule"),
    "lower_limit": ("giới hạn dưới", "lower"),
    "upper_limit": ("giới hạn trên", "upper"),
    "signal_months": ("các tháng", "months"),
    "signal_side": ("phía", "side"),
    "above_centre": ("trên đường trung tâm", "above the centre"),
    "below_centre": ("dưới đường trung tâm", "below the centre"),
    "both_sides": ("hai phía", "both sides"),
    "rule_outside_limits": ("ngoài giới hạn kiểm soát", "outside the control limits"),
    "rule_anhoej_runs": (
        "chuỗi dài bất thường ở một phía đường trung tâm (Anhøj)",
        "unusually long run on one side of the centre (Anhøj)",
    ),
    "rule_anhoej_crossings": ("quá ít lần cắt đường trung tâm (Anhøj)", "too few crossings of the centre line (Anhøj)"),
    "rule_two_of_three_beyond_2sigma": ("2 trong 3 tháng vượt 2σ", "2 of 3 months beyond 2σ"),
    "rule_four_of_five_beyond_1sigma": ("4 trong 5 tháng vượt 1σ", "4 of 5 months beyond 1σ"),
    "rule_eight_on_one_side": ("8 tháng liên tiếp ở một phía", "8 months in a row on one side"),
    "rule_nine_on_one_side": ("9 tháng liên tiếp ở một phía", "9 months in a row on one side"),
    "rule_six_trending": ("6 tháng liên tiếp cùng tăng hoặc cùng giảm", "6 months in a row rising or falling"),
    "rule_fourteen_alternating": ("14 tháng liên tiếp lên xuống xen kẽ", "14 months in a row alternating"),
    "rule_fifteen_within_1sigma": ("15 tháng liên tiếp trong 1σ", "15 months in a row within 1σ"),
    "rule_eight_beyond_1sigma": ("8 tháng liên tiếp ngoài 1σ", "8 months in a row beyond 1σ"),
    "monitoring_noise": (
        "{chart} của {measure}, {first} – {last}: không có tín hiệu; dao động giữa các tháng là ngẫu nhiên.",
        "{chart} of {measure}, {first} to {last}: no signal; the variation between months is noise.",
    ),
    "monitoring_signals": (
        "{chart} của {measure}, {first} – {last}: {rules} quy tắc phát tín hiệu, ở {months} tháng (xem bảng).",
        "{chart} of {measure}, {first} to {last}: {rules} rule(s) signalled, in {months} month(s) (see the table).",
    ),
    "monitoring_change": (
        "Kiểm định Pettitt thấy tỷ lệ trong tháng thay đổi từ {month} (trung bình {before} trước, {after} sau; "
        "p = {p}): nên tính lại đường trung tâm và giới hạn từ tháng đó.",
        "Pettitt's test finds a change in the monthly ratio from {month} ({before} on average before, {after} "
        "after; p = {p}): consider rebasing the limits from that month.",
    ),
    "monitoring_none_quota": (
        "{measure}: chỉ tiêu kế hoạch, không có biểu đồ kiểm soát theo tháng.",
        "{measure}: a quota; no monthly control chart.",
    ),
    "monitoring_none_short": (
        "{measure}: cần ít nhất {n} tháng để vẽ biểu đồ kiểm soát.",
        "{measure}: a control chart needs at least {n} months.",
    ),
    "monitoring_none_data": (
        "{measure}: không vẽ được biểu đồ kiểm soát (có tháng không còn việc phải thực hiện, hoặc số liệu lũy kế bị giảm).",
        "{measure}: no control chart (a month with nothing open, or a year-to-date figure revised down).",
    ),
    "monitoring_note": (
        "Mỗi tháng: số xong trong tháng trên số còn phải thực hiện đầu tháng. Biểu đồ p′ (Laney) cho số việc, XmR cho "
        "số tiền; quy tắc Anhøj (chuỗi và số lần cắt) cùng giới hạn 3σ.",
        "Each month: the cases done in the month out of those open at its start. Laney's p′ chart for counts, the "
        "XmR chart for money; Anhøj's rules (runs and crossings) with 3σ limits.",
    ),
    "monitoring_note_rate": (
        "Mỗi tháng: số xong trong tháng trên số phát sinh phải thực hiện trong tháng (tỷ lệ theo kỳ). Biểu đồ p′ "
        "(Laney) cho số việc, XmR cho số tiền; quy tắc Anhøj (chuỗi và số lần cắt) cùng giới hạn 3σ.",
        "Each month: what was done in the month out of what came due in it (a running rate). Laney's p′ chart for "
        "counts, the XmR chart for money; Anhøj's rules (runs and crossings) with 3σ limits.",
    ),
    "monitoring_note_rate_also": (
        "Với chỉ tiêu tính theo kỳ: số xong trong tháng trên số phát sinh trong tháng.",
        "For a running rate: what was done in the month out of what came due in it.",
    ),
    "axis_month_flow_share": (
        "{measure}: xong trong tháng / phát sinh trong tháng (%)",
        "{measure}: done in the month / due in the month (%)",
    ),
    "snapshot_caption": (
        "Số liệu attain tính đến {as_of} (tháng {month} của năm tài chính)",
        "attain snapshot as of {as_of} (month {month} of the fiscal year)",
    ),
}


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        from ..errors import InvalidInputError

        raise InvalidInputError(f"lang = {lang!r} is not supported (choose from {', '.join(LANGUAGES)})")
    return lang


def word(key: str, lang: str, **values: Any) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    text = _WORDS[key][LANGUAGES.index(check_lang(lang))]
    return text.format(**values) if values else text


def yes_no(value: bool, lang: str) -> str:
    return word("yes" if value else "no", lang)


def default_lang(template: Any) -> str:
    """The language a report speaks when none is asked for: the template's. The ``thads``
    preset is Vietnamese (its vocabulary is Vietnamese civil judgment enforcement); every other
    template, and a template file, English."""
    name = str(template if isinstance(template, str) else getattr(template, "name", ""))
    if name.startswith("thads.") or name.startswith("generic."):  # a built-in template in one language
        return name.rsplit(".", 1)[1]
    return "vi" if name == "thads" else "en"


#: The usual declared level names (the examples', the README's) -> how a heading names the
#: units of that level, (vi, en); any other name is shown as declared.
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "national": ("toàn quốc", "national"),
    "province": ("tỉnh", "provinces"),
    "district": ("huyện", "districts"),
    "branch": ("chi nhánh", "branches"),
    "officer": ("chấp hành viên", "officers"),
    "company": ("công ty", "company"),
    "region": ("khu vực", "regions"),
    "rep": ("nhân viên kinh doanh", "reps"),
}


def level_name(level: str | int, lang: str) -> str:
    """A level as a heading shows it: a usual declared name in ``lang`` ("officer" -> "chấp hành
    viên" / "officers"), another declared name as it is, a depth as "level 2"."""
    if isinstance(level, int):
        return word("depth", lang, depth=level)
    known = LEVEL_NAMES.get(level.strip().casefold())
    return known[LANGUAGES.index(check_lang(lang))] if known else level


def unit_level_name(level: str, lang: str) -> str:
    """One unit's declared level as a table or the tree shows it beside the unit: in Vietnamese
    the usual name ("huyện"); in English the declared (singular) name, since the English names of
    :func:`level_name` are plurals for headings ("League table, reps")."""
    return level_name(level, lang) if check_lang(lang) == "vi" else level


def keys() -> list[str]:
    """Every key (for tests: each has both languages)."""
    return list(_WORDS)
