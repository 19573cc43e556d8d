"""Writes the built-in narrative templates (python/attain/report/templates/{thads,generic}.{vi,en}.txt)
from the readable pieces below. A template is one line (the paragraph is one line); edit here, run

    python3 scripts/make_templates.py            # rewrites the four files
    python3 scripts/make_templates.py --check    # exits 1 when a file differs (tests run this)

thads: a civil judgment enforcement office at any level (unit.level: national, province, district,
officer), the measure named `count` (cases) and the first measure declared money (`money.*`). A level
word ("toàn quốc", "toàn tỉnh", "Chi cục ... cấp huyện", "Chấp hành viên") is written only for a
declared level; a unit with no declared level (or another level name) is written neutrally ("tại
{unit.name}", "đơn vị trực thuộc" / "{unit.name} had accepted", "units under it"), never guessed from
its name or its depth. generic: every measure in order (m1. .. m6.), with its labels.
"""

import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "python" / "attain" / "report" / "templates"
# The level words come from the declared level only (nothing is read from the depth or the name).
NAT = "unit.level == 'national'"
PROV = "unit.level == 'province'"
DIST = "unit.level == 'district'"
OFF = "unit.level == 'officer'"
FIRST_HALF = "months_elapsed <= 6 and not is_year_end"
CT = "count.has_target and count.has_eligible"
MT = "has_money and money.has_target and money.has_eligible"
NEEDS = "{# needs: count (a count measure named 'count') #}"



def points(field: str, spec: str) -> str:
    """``{field:spec} points``, or ``point`` when the figure is written as 1 (English only): the
    `r2` spec writes 1 <= x < 1.5 as "1"; `.0` writes 0.5 <= x < 1.5 as "1"."""
    low = "1" if spec == "r2" else "0.5"
    return f"{{{field}:{spec}}} {{if {field} >= {low} and {field} < 1.5}}point{{else}}points{{end}}"

def money(lang):
    """The money intake: whole tỷ from 100 tỷ up (1.678 tỷ đồng), else the automatic scale; with no
    currency declared, thads money is đồng (the founding data)."""
    unit = "tỷ đồng" if lang == "vi" else "billion VND"
    return ("{if money.currency}{if money.accepted >= 100000000000}{money.accepted:money.0}{else}{money.accepted:money}{end}"
            "{elif money.accepted >= 100000000000}{money.accepted_billions:int} " + unit
            + "{else}{money.accepted_billions:g} " + unit + "{end}")


def chance(m, lang, named=False):
    """The probability of meeting the year-end target (mid-year, with a target: has_p_meet_target),
    e.g. "Khả năng đạt chỉ tiêu cuối năm: 35%." / "Chance of meeting the year-end target: 35%."; below 0.5 %
    "dưới 1%" / "below 1%", from 99.5 % "trên 99%" / "above 99%" (mid-year nothing is certain)."""
    head = "Khả năng đạt chỉ tiêu cuối năm" if lang == "vi" else "Chance of meeting the year-end target"
    which = f" ({label(m, lang)})" if named else ""
    below, above = ("dưới 1%", "trên 99%") if lang == "vi" else ("below 1%", "above 99%")
    pct = f"{m}.p_meet_target_pct"  # whole percent; never "0%" or "100%" for what is not certain
    figure = f"{{if {pct} < 0.5}}{below}{{elif {pct} >= 99.5}}{above}{{else}}{{{pct}:.0}}%{{end}}"
    return f"{{if {m}.has_p_meet_target}} {head}{which}: {figure}.{{end}}"


def targets_sentence(both_met, met_and_schedule, both_schedule, both_short, one_short, single):
    """The clause of thads on the targets, one decision for every language (what it claims follows
    the snapshot's flags alone): with both a count and a money target, both met; in the first half
    of the year one met and the other's schedule (``met_and_schedule(met, other)``), or both
    schedules; later, both short, or one short and the other met (``one_short(short, met)``); with
    one target, ``single(measure)``. Then the sentence's full stop. A running rate (eligible due to
    date: the target applies at every month) has no schedule apart from its target: a panel with
    one is written as later in the year, with the gaps."""
    return "".join([
        f"{{if {CT} and {MT}}}",
        f"{{if count.met and money.met}}{both_met}",
        f"{{elif {FIRST_HALF} and not count.running_rate and not money.running_rate}}",
        f"{{if count.met}}{met_and_schedule('count', 'money')}",
        f"{{elif money.met}}{met_and_schedule('money', 'count')}",
        f"{{else}}{both_schedule}{{end}}",
        f"{{elif count.short and money.short}}{both_short}",
        f"{{elif count.short}}{one_short('count', 'money')}",
        f"{{else}}{one_short('money', 'count')}{{end}}",
        f"{{elif {CT}}}{single('count')}{{elif {MT}}}{single('money')}{{end}}.",
    ])


def thads_vi():
    def sched(m, w):
        return (f"{{if {m}.ahead}}vượt tiến độ {{{m}.schedule_ahead_pts:abs.2}}% về {w}{{elif {m}.behind}}chậm tiến độ "
                f"{{{m}.schedule_ahead_pts:abs.2}}% về {w}{{else}}đúng tiến độ về {w}{{end}}")

    def single(m, w):
        t = f"{{{m}.target_pct:g}}% về {w}"
        return (f"{{if {m}.met}}, đã đạt chỉ tiêu được giao là {t}{{elif {FIRST_HALF} and not {m}.running_rate}}, {sched(m, w)} so với chỉ tiêu "
                f"được giao là {t}{{else}}, nhưng còn hụt {{{m}.gap_pts:r2}}% về {w} mới đạt chỉ tiêu được giao là {t}{{end}}")

    def updown(m):
        return f"{{if {m}.up}}tăng{{elif {m}.down}}giảm{{else}}không đổi{{end}}{{if {m}.changed}} {{{m}.change_abs_pts:.2}}%{{end}}"

    def ratio(m):
        return f"{{if {m}.has_eligible}}{{{m}.ratio_pct:.2}}%{{else}}chưa có tỷ lệ (không có số phải thi hành){{end}}"

    noun = (f"{{if {NAT}}}Cục Thi hành án dân sự cấp tỉnh{{elif {PROV}}}Chi cục Thi hành án dân sự cấp huyện"
            f"{{elif {DIST}}}Chấp hành viên{{else}}đơn vị trực thuộc{{end}}")

    def cpart(m, w):
        rng = (f"{{if {m}.children_gap_range}}từ {{{m}.children_min_gap_pts:.0}}% đến {{{m}.children_max_gap_pts:.0}}%"
               f"{{else}}{{{m}.children_max_gap_pts:.0}}%{{end}}")
        return (f"{{if {m}.children_met}}{{{m}.children_met:raw}}/{{{m}.children_n:raw}} {noun} đã hoàn thành chỉ tiêu về {w}"
                f"{{if {m}.children_short}}, {{end}}{{end}}{{if {m}.children_short}}{{{m}.children_short:raw}}/"
                f"{{{m}.children_n:raw}} {noun} chưa đạt chỉ tiêu về {w} (còn hụt {rng}){{elif not {m}.children_met}}"
                f"không có {noun} nào có số liệu về {w}{{end}}")

    ct, mt = "{count.target_pct:g}% về việc", "{money.target_pct:g}% về tiền"
    t, w = {"count": ct, "money": mt}, {"count": "việc", "money": "tiền"}
    return "".join([
        NEEDS,
        "Tính đến {as_of.day:raw}/{as_of.month:raw}/{as_of.year:raw}, kết quả thi hành án dân sự ",
        "{if is_year_end}năm {as_of.year:raw}{elif is_first_month}tháng đầu năm{else}{months_elapsed:raw} tháng đầu năm{end} ",
        f"{{if {NAT}}}toàn quốc{{elif {PROV}}}toàn tỉnh{{elif {OFF}}}của Chấp hành viên {{unit.name}}:{{else}}tại {{unit.name}}{{end}}",
        f"{{if count.has_accepted}} thụ lý {{count.accepted:int}} việc{{if has_money and money.has_accepted}}, {money('vi')}{{end}};",
        f"{{elif has_money and money.has_accepted}} thụ lý {money('vi')};{{end}}",
        f" đã thi hành xong đạt tỷ lệ {ratio('count')} về việc{{if has_money}}, {ratio('money')} về tiền{{end}}",
        f"{{if count.has_change}} ({updown('count')}{{if has_money and money.has_change}} về việc và {updown('money')} về tiền{{end}} so tháng trước){{end}}",
        targets_sentence(
            both_met=f", đã đạt chỉ tiêu được giao là {ct} và {mt}",
            met_and_schedule=lambda met, other: (f", đã đạt chỉ tiêu được giao là {t[met]}; {sched(other, w[other])} so với "
                                                 f"chỉ tiêu được giao là {t[other]}"),
            both_schedule=f", {sched('count', 'việc')} và {sched('money', 'tiền')} so với chỉ tiêu được giao là {ct} và {mt}",
            both_short=(", nhưng còn hụt {count.gap_pts:r2}% về việc và {money.gap_pts:r2}% về tiền mới đạt chỉ tiêu "
                        f"được giao là {ct} và {mt}"),
            one_short=lambda short, met: (f", đã đạt chỉ tiêu được giao là {t[met]} nhưng còn hụt {{{short}.gap_pts:r2}}% "
                                          f"về {w[short]} mới đạt chỉ tiêu {t[short]}"),
            single=lambda m: single(m, w[m]),
        ),
        "{if unit.has_children and count.has_target or unit.has_children and has_money and money.has_target} ",
        f"{{if {NAT}}}Trên phạm vi toàn quốc, {{elif {PROV}}}Trên địa bàn tỉnh, {{elif {DIST}}}Tại đơn vị, {{end}}",
        f"{{if count.has_target}}{cpart('count', 'việc')}{{if has_money and money.has_target}}; {{end}}{{end}}",
        f"{{if has_money and money.has_target}}{cpart('money', 'tiền')}{{end}}.{{end}}",
    ])


def thads_en():
    def sched(m, w):
        return (f"{{if {m}.ahead}}{{{m}.schedule_ahead_pts:abs.2}} points ahead of schedule by {w}{{elif {m}.behind}}"
                f"{{{m}.schedule_ahead_pts:abs.2}} points behind schedule by {w}{{else}}on schedule by {w}{{end}}")

    def single(m, w):
        t = f"{{{m}.target_pct:g}}% by {w}"
        return (f"{{if {m}.met}}, meeting the assigned target of {t}{{elif {FIRST_HALF} and not {m}.running_rate}}, {sched(m, w)} toward the "
                f"assigned target of {t}{{else}}, still {points(f'{m}.gap_pts', 'r2')} by {w} short of the assigned target of {t}{{end}}")

    def updown(m):
        return f"{{if {m}.up}}up{{elif {m}.down}}down{{else}}unchanged{{end}}{{if {m}.changed}} {{{m}.change_abs_pts:.2}} points{{end}}"

    def ratio(m):
        return f"{{if {m}.has_eligible}}{{{m}.ratio_pct:.2}}%{{else}}no ratio (nothing eligible){{end}}"

    noun = (f"{{if {NAT}}}provincial departments{{elif {PROV}}}district branches{{elif {DIST}}}enforcement officers"
            f"{{else}}units under it{{end}}")

    def cpart(m, w):
        rng = (f"{{if {m}.children_gap_range}}{{{m}.children_min_gap_pts:.0}} to {{{m}.children_max_gap_pts:.0}} points"
               f"{{else}}{points(f'{m}.children_max_gap_pts', '.0')}{{end}}")
        return (f"{{if {m}.children_met}}{{{m}.children_met:raw}}/{{{m}.children_n:raw}} {noun} have met the {w} target"
                f"{{if {m}.children_short}}, {{{m}.children_short:raw}}/{{{m}.children_n:raw}} have not (short by {rng}){{end}}"
                f"{{elif {m}.children_short}}{{{m}.children_short:raw}}/{{{m}.children_n:raw}} {noun} have not reached the "
                f"{w} target (short by {rng}){{else}}no {noun} have {w} figures{{end}}")

    ct, mt = "{count.target_pct:g}% by cases", "{money.target_pct:g}% by money"
    t, w, kind = {"count": ct, "money": mt}, {"count": "cases", "money": "money"}, {"count": "case", "money": "money"}
    subject = (f"{{if {NAT}}}enforcement offices nationwide had accepted{{elif {PROV}}}the province had accepted"
               f"{{elif {OFF}}}enforcement officer {{unit.name}} had been assigned{{else}}{{unit.name}} had accepted{{end}}")
    scope = (f"{{if {NAT}}}nationwide{{elif {PROV}}}in the province{{elif {OFF}}}for enforcement officer {{unit.name}}"
             f"{{else}}at {{unit.name}}{{end}}")
    return "".join([
        NEEDS,
        "As of {as_of.day:raw}/{as_of.month:raw}/{as_of.year:raw}, ",
        "{if is_year_end}the end of the {as_of.year:raw} enforcement year{elif is_first_month}the first month of the "
        "enforcement year{else}{months_elapsed:raw} months into the enforcement year{end}, ",
        f"{{if count.has_accepted or has_money and money.has_accepted}}{subject} ",
        f"{{if count.has_accepted}}{{count.accepted:int}} cases{{if has_money and money.has_accepted}} and {money('en')}{{end}}",
        f"{{else}}{money('en')}{{end}} for enforcement; completion reached ",
        f"{{else}}completion {scope} reached {{end}}",
        f"{ratio('count')} by cases{{if has_money}} and {ratio('money')} by money{{end}}",
        f"{{if count.has_change}} ({updown('count')}{{if has_money and money.has_change}} by cases and {updown('money')} by money{{end}} on the previous month){{end}}",
        targets_sentence(
            both_met=f", meeting the assigned targets of {ct} and {mt}",
            met_and_schedule=lambda met, other: (f", meeting the assigned target of {t[met]}; {sched(other, w[other])} toward "
                                                 f"the assigned target of {t[other]}"),
            both_schedule=f", {sched('count', 'cases')} and {sched('money', 'money')} toward the assigned targets of {ct} and {mt}",
            both_short=(f", still {points('count.gap_pts', 'r2')} by cases and {points('money.gap_pts', 'r2')} by money short "
                        f"of the assigned targets of {ct} and {mt}"),
            one_short=lambda short, met: (f", meeting the {kind[met]} target of {{{met}.target_pct:g}}% but still "
                                          f"{points(f'{short}.gap_pts', 'r2')} short of the {kind[short]} target of "
                                          f"{{{short}.target_pct:g}}%"),
            single=lambda m: single(m, w[m]),
        ),
        "{if unit.has_children and count.has_target or unit.has_children and has_money and money.has_target} ",
        f"{{if {NAT}}}Nationwide, {{elif {PROV}}}Across the province, {{elif {DIST}}}In the branch, {{end}}",
        f"{{if count.has_target}}{cpart('count', 'case')}{{if has_money and money.has_target}}; {{end}}{{end}}",
        f"{{if has_money and money.has_target}}{cpart('money', 'money')}{{end}}.{{end}}",
    ])


SLOTS = 6  # generic writes up to this many measures, in order


def label(m, lang):
    return f"{{if {m}.label_{lang}}}{{{m}.label_{lang}}}{{else}}{{{m}.name}}{{end}}"


def noun(m, lang):
    """The label after a number (" việc"); nothing when none is declared (a bare name reads badly)."""
    return f"{{if {m}.label_{lang}}} {{{m}.label_{lang}}}{{end}}"


def amt(m, x, lang, with_noun=True):
    tail = noun(m, lang) if with_noun else ""
    if tail and lang == "en":  # a label is a plural noun ("cases"): "1 a month", not "1 cases a month"
        tail = f"{{if {m}.{x} != 1}}{tail}{{end}}"
    return f"{{if {m}.is_money}}{{{m}.{x}:money}}{{else}}{{{m}.{x}:int}}{tail}{{end}}"


def heading(m, lang, body_declared, body_undeclared):
    """A measure's clause: with a declared label the label is its noun (body_declared); without one,
    its name heads the clause as a label ("count: 62.97% completed ...") and no noun follows a
    number, since a name ("count", "so_vu") does not read as a noun (body_undeclared)."""
    return f"{{if {m}.label_{lang}}}{body_declared}{{else}}{{{m}.name}}: {body_undeclared}{{end}}"


def running_year(m):
    """The condition of a completion measure's schedule and pace a month: mid-year, and eligible the
    year's workload. A running rate (eligible due to date, the target applying at every month) has
    no schedule apart from its target (the gap already says it) and no pace a month on today's
    eligible (the months left bring their own); its shortfall on today's eligible stays."""
    return f"not is_year_end and not {m}.running_rate"


def vi_clause(m):
    lab = f"{{{m}.label_vi}}"
    change = (f"{{if {m}.has_change}}; {{if {m}.up}}tăng{{elif {m}.down}}giảm{{else}}không đổi{{end}}"
              f"{{if {m}.changed}} {{{m}.change_abs_pts:.2}}%{{end}} so tháng trước{{end}}")
    sched = (f"{{if {m}.ahead}}vượt tiến độ {{{m}.schedule_ahead_pts:abs.2}}%{{elif {m}.behind}}chậm tiến độ "
             f"{{{m}.schedule_ahead_pts:abs.2}}%{{else}}đúng tiến độ{{end}}")
    # a to-date plan gives no pace per month: the rest of the year's plan is not in the data
    later = (f"{{if not is_year_end}} ({sched}{{if not {m}.plan_to_date}}; {amt(m, 'needed_per_month', 'vi')} mỗi tháng"
             f"{{end}}){{end}}")
    plan = f"{{if {m}.target_pct == 100}}kế hoạch{{else}}chỉ tiêu {{{m}.target_pct:g}}% kế hoạch{{end}}"
    yearly = running_year(m)
    quota = (heading(m, "vi", f"đạt {{{m}.ratio_pct:.2}}% kế hoạch về {lab}", f"đạt {{{m}.ratio_pct:.2}}% kế hoạch")
             + f" ({amt(m, 'done', 'vi', with_noun=False)} trên kế hoạch {amt(m, 'eligible', 'vi')}{change})"
             f"{{if {m}.met and {m}.exceeded_by > 0}}, vượt {plan} {amt(m, 'exceeded_by', 'vi')}"
             f"{{elif {m}.met}}, đạt {plan}"
             f"{{elif {m}.short}}, còn thiếu {amt(m, 'shortfall', 'vi')} mới đạt {plan}{later}{{end}}")
    ratio = (heading(m, "vi", f"đạt {{{m}.ratio_pct:.2}}% về {lab}", f"đạt {{{m}.ratio_pct:.2}}%")
             + f" ({amt(m, 'done', 'vi', with_noun=False)} trên {amt(m, 'eligible', 'vi')}{change})"
             f"{{if {m}.met}}, đã đạt chỉ tiêu {{{m}.target_pct:g}}%"
             f"{{elif {m}.short}}, còn hụt {{{m}.gap_pts:r2}}% mới đạt chỉ tiêu {{{m}.target_pct:g}}% ("
             f"{{if {yearly}}}{sched}; {{end}}cần thêm {amt(m, 'shortfall', 'vi')}"
             f"{{if {yearly}}}, {amt(m, 'needed_per_month', 'vi')} mỗi tháng{{end}}){{end}}")
    none = heading(m, "vi", f"không có số phải thi hành nên chưa có tỷ lệ về {lab}",
                   "không có số phải thi hành nên chưa có tỷ lệ")
    return f"{{if not {m}.has_eligible}}{none}{{elif {m}.is_quota}}{quota}{{else}}{ratio}{{end}}"


def en_clause(m, first):
    lab = f"{{{m}.label_en}}"
    change = (f"{{if {m}.has_change}}; {{if {m}.up}}up{{elif {m}.down}}down{{else}}unchanged{{end}}"
              f"{{if {m}.changed}} {{{m}.change_abs_pts:.2}} points{{end}} on the previous month{{end}}")
    sched = (f"{{if {m}.ahead}}{{{m}.schedule_ahead_pts:abs.2}} points ahead of schedule{{elif {m}.behind}}"
             f"{{{m}.schedule_ahead_pts:abs.2}} points behind schedule{{else}}on schedule{{end}}")
    more = f"{{if {m}.is_money}}{{{m}.shortfall:money}} more needed{{else}}{{{m}.shortfall:int}} more{{if {m}.shortfall != 1}}{noun(m, 'en')}{{end}} needed{{end}}"
    pace = f"{amt(m, 'needed_per_month', 'en')} a month"
    plan = f"{{if {m}.target_pct == 100}}plan{{else}}the {{{m}.target_pct:g}}% target{{end}}"
    yearly = running_year(m)
    quota = (heading(m, "en", f"{'reached ' if first else ''}{{{m}.ratio_pct:.2}}% of plan on {lab}",
                     f"{{{m}.ratio_pct:.2}}% of plan")
             + f" ({amt(m, 'done', 'en', with_noun=False)} against a plan of {amt(m, 'eligible', 'en')}{change})"
             f"{{if {m}.met and {m}.exceeded_by > 0}}{{if {m}.target_pct == 100}}, exceeding it by {{else}}, exceeding the "
             f"{{{m}.target_pct:g}}% target by {{end}}{amt(m, 'exceeded_by', 'en')}"
             f"{{elif {m}.met}}, meeting {plan}"
             f"{{elif {m}.short}}, {amt(m, 'shortfall', 'en')} short of {plan}{{if not is_year_end}} ({sched}{{if not {m}.plan_to_date}}; {pace}{{end}}){{end}}{{end}}")
    ratio = (heading(m, "en", f"{'completed ' if first else ''}{{{m}.ratio_pct:.2}}% of {lab}",
                     f"{{{m}.ratio_pct:.2}}% completed")
             + f" ({amt(m, 'done', 'en', with_noun=False)} of {amt(m, 'eligible', 'en')}{change})"
             f"{{if {m}.met}}, meeting the {{{m}.target_pct:g}}% target"
             f"{{elif {m}.short}}, {points(f'{m}.gap_pts', 'r2')} short of the {{{m}.target_pct:g}}% target ("
             f"{{if {yearly}}}{sched}; {{end}}{more}{{if {yearly}}}, {pace}{{end}}){{end}}")
    declared = ("had nothing eligible in " if first else "nothing eligible in ") + lab + (
        ", so it has no completion ratio" if first else ", so no ratio")
    none = heading(m, "en", declared, "nothing eligible, so no ratio")
    return f"{{if not {m}.has_eligible}}{none}{{elif {m}.is_quota}}{quota}{{else}}{ratio}{{end}}"


def children(lang):
    parts = []
    for i in range(1, SLOTS + 1):
        m = f"m{i}"
        if lang == "vi":
            rng = (f"{{if {m}.children_gap_range}}từ {{{m}.children_min_gap_pts:.0}}% đến {{{m}.children_max_gap_pts:.0}}%"
                   f"{{else}}{{{m}.children_max_gap_pts:.0}}%{{end}}")
            part = (f"{{{m}.children_met:raw}}/{{{m}.children_n:raw}} đạt chỉ tiêu về {label(m, 'vi')}"
                    f"{{if {m}.children_short}}, {{{m}.children_short:raw}}/{{{m}.children_n:raw}} còn hụt {rng}{{end}}")
        else:
            rng = (f"{{if {m}.children_gap_range}}{{{m}.children_min_gap_pts:.0}} to {{{m}.children_max_gap_pts:.0}} points"
                   f"{{else}}{points(f'{m}.children_max_gap_pts', '.0')}{{end}}")
            part = (f"{{{m}.children_met:raw}}/{{{m}.children_n:raw}} met the {label(m, 'en')} target"
                    f"{{if {m}.children_short}}, {{{m}.children_short:raw}}/{{{m}.children_n:raw}} short by {rng}{{end}}")
        earlier = " or ".join(f"m{j}.has_target" for j in range(1, i))
        sep = f"{{if {earlier}}}; {{end}}" if earlier else ""
        parts.append(f"{{if measures_n >= {i} and {m}.has_target}}{sep}{part}{{end}}")
    cond = " or ".join(f"unit.has_children and measures_n >= {i} and m{i}.has_target" for i in range(1, SLOTS + 1))
    head = " Đơn vị trực thuộc: " if lang == "vi" else " Units under it: "
    return f"{{if {cond}}}{head}{''.join(parts)}.{{end}}"


def projection(m, lang):
    """The year-end projection of measure m, one sentence headed by its label (or name): "Year-end
    projection for cases: 78.6% at the recent pace (...)". A quota measure has none (has_projection
    is false), so it gets no sentence."""
    if lang == "vi":
        req = f"{{if {m}.is_money}}{{{m}.required_per_month:money}}{{else}}{{{m}.required_per_month:int}}{noun(m, 'vi')}{{end}}"
        cur = f"{{if {m}.is_money}}{{{m}.current_per_month:money}}{{else}}{{{m}.current_per_month:int}}{noun(m, 'vi')}{{end}}"
        return (f"{{if {m}.has_projection}} Dự báo cuối năm về {label(m, 'vi')}: {{{m}.projected_ratio_pct:.1}}% theo nhịp độ gần đây"
                f"{{if {m}.has_trend}} (theo xu hướng {{{m}.trend_ratio_pct:.1}}%, khoảng dự báo 95% từ {{{m}.trend_low_pct:.1}}% "
                f"đến {{{m}.trend_high_pct:.1}}%){{end}}{{if {m}.short}}; {{if {m}.reachable}}nhịp độ này đủ để đạt chỉ tiêu"
                f"{{else}}{{if {m}.eligible_growing}}nếu số phải thi hành tiếp tục tăng như gần đây, {{end}}để đạt chỉ tiêu cần "
                f"{req} mỗi tháng, hiện đạt {cur}{{end}}{{end}}.{{end}}")
    req = f"{{if {m}.is_money}}{{{m}.required_per_month:money}}{{else}}{{{m}.required_per_month:int}}{noun(m, 'en')}{{end}}"
    cur = f"{{if {m}.is_money}}{{{m}.current_per_month:money}}{{else}}{{{m}.current_per_month:int}}{{end}}"
    return (f"{{if {m}.has_projection}} Year-end projection for {label(m, 'en')}: {{{m}.projected_ratio_pct:.1}}% at the recent pace"
            f"{{if {m}.has_trend}} ({{{m}.trend_ratio_pct:.1}}% by its trend, 95% prediction interval {{{m}.trend_low_pct:.1}}% "
            f"to {{{m}.trend_high_pct:.1}}%){{end}}{{if {m}.short}}; {{if {m}.reachable}}that pace is enough to meet the target"
            f"{{else}}{{if {m}.eligible_growing}}with the eligible total growing as it has lately, {{end}}meeting the target "
            f"takes {req} a month, against {cur} now{{end}}{{end}}.{{end}}")


def projections(lang):
    """Every measure's projection sentence, in order."""
    return "".join(f"{{if measures_n >= {i}}}{projection(f'm{i}', lang)}{{end}}" for i in range(1, SLOTS + 1))


def chances(lang):
    """chance() for every measure in order; named by its label when the panel has several."""
    one = "{if measures_n == 1}" + chance("m1", lang) + "{else}" + chance("m1", lang, True) + "{end}"
    return one + "".join(f"{{if measures_n >= {i}}}{chance(f'm{i}', lang, True)}{{end}}" for i in range(2, SLOTS + 1))


def generic_vi():
    rest = "".join(f"{{if measures_n >= {i}}}; {vi_clause(f'm{i}')}{{end}}" for i in range(2, SLOTS + 1))
    return ("{# needs: m1 (a measure) #}Tính đến {as_of.period:month}, {if is_year_end}cuối năm{else}tháng thứ {months_elapsed:raw} của năm{end}, {unit.name}"
            + "{if m1.label_vi} {else} — {end}" + vi_clause("m1") + rest + "." + children("vi") + projections("vi") + chances("vi"))


def generic_en():
    rest = "".join(f"{{if measures_n >= {i}}}; {en_clause(f'm{i}', False)}{{end}}" for i in range(2, SLOTS + 1))
    return ("{# needs: m1 (a measure) #}As of {as_of.period:month}, {if is_year_end}the end of the fiscal year{else}month {months_elapsed:raw} of the fiscal year{end}, {unit.name}"
            + "{if m1.label_en} {else} — {end}" + en_clause("m1", True) + rest + "." + children("en") + projections("en") + chances("en"))



def main() -> int:
    texts = {"thads.vi.txt": thads_vi(), "thads.en.txt": thads_en(), "generic.vi.txt": generic_vi(),
             "generic.en.txt": generic_en()}
    check = "--check" in sys.argv[1:]
    stale = []
    for name, text in texts.items():
        path = TEMPLATES / name
        if check:
            if path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"templates differ from scripts/make_templates.py: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
