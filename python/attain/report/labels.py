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
    "p_top": ("P(trong {k} đầu)", "P(top {k})"),
    "p_bottom": ("P(trong {k} cuối)", "P(bottom {k})"),
    "flag": ("đánh giá (FDR 5%)", "flag (FDR 5%)"),
    "flag_below": ("thấp hơn chỉ tiêu (tin cậy)", "credibly below target"),
    "flag_above": ("cao hơn chỉ tiêu (tin cậy)", "credibly above target"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "no_interval_money": ("không có (tiền)", "none (money)"),
    "no_interval_unspecified": ("không có (chưa khai báo loại)", "none (kind not declared)"),
    "no_interval_quota": ("không có (chỉ tiêu kế hoạch)", "none (quota)"),
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


def level_name(level: str | int, lang: str) -> str:
    """A level as a heading shows it: a declared name as it is, a depth as "level 2"."""
    return word("depth", lang, depth=level) if isinstance(level, int) else level


def keys() -> list[str]:
    """Every key (for tests: each has both languages)."""
    return list(_WORDS)
