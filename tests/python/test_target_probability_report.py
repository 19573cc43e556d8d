"""The probability of meeting the year-end target in the report: the fields, the generic paragraphs
(a sentence mid-year only, where a target exists), the CLI summary row and the HTML at-risk table."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import special

import attain
from attain.cli import summary_text
from attain.report import html_report, narrative, report_fields


def office(months: int = 4, target: float | None = 0.7, skip_october: bool = False):
    """An office over a slow officer (5 a month) and a fast one (15 a month), eligible growing 10
    a month from 100, months October .. of one fiscal year."""
    columns: dict[str, list] = {"period": [], "unit": [], "count_done": [], "count_eligible": []}
    for i in range(1 if skip_october else 0, months):
        for unit, rate in (("slow", 5), ("fast", 15)):
            columns["period"].append(f"{2020 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}")
            columns["unit"].append(unit)
            columns["count_done"].append(rate * (i + 1) + (i % 2))
            columns["count_eligible"].append(100 + 10 * i)
    return attain.Panel.from_columns(
        columns,
        hierarchy={"office": None, "slow": "office", "fast": "office"},
        levels={"office": "district", "slow": "officer", "fast": "officer"},
        targets={"count": target} if target is not None else None,
        kinds={"count": "count"},
        labels={"count": {"vi": "việc", "en": "cases"}},
        fiscal_year_start=10,
    )


def test_fields_read_the_snapshot():
    snap = office().at("2021-01")
    f = report_fields(snap, "office")
    p = snap.meet_probability("count")[snap.index_of("office")]
    assert f["count.has_p_meet_target"] is True
    assert f["count.p_meet_target_model"] == "pace"
    assert f["count.p_meet_target_pct"] == 100 * p
    assert f["count.children_at_risk"] == 1  # the slow officer


def pace_by_hand(done, eligible, target, window=3):
    """The pace model (docs/statistics.md) from scipy: phi = max(1, s^2 / mean) of the done flows of
    months 2 .. k (numpy), P = betaincc(X / phi + 1/2, need / phi, w / (w + m))."""
    k, m = len(done), 12 - len(done)
    w = min(window, k - 1)
    flows = np.diff(np.asarray(done, dtype=float))
    phi = max(1.0, float(np.var(flows, ddof=1) / flows.mean())) if len(flows) >= 2 and flows.mean() > 0 else 1.0
    x = max(done[-1] - done[-1 - w], 0)
    e_end = math.floor(eligible[-1] + m * (eligible[-1] - eligible[-1 - w]) / w + 0.5)
    need = math.ceil(target * e_end - 1e-9) - done[-1]
    return 1.0 if need <= 0 else float(special.betaincc(x / phi + 0.5, need / phi, w / (w + m)))


def chance(p, lang="en"):
    pct = 100 * p
    if pct < 0.5:
        return "below 1%" if lang == "en" else "dưới 1%"
    if pct >= 99.5:
        return "above 99%" if lang == "en" else "trên 99%"
    return f"{round(pct)}%"


def test_the_sentence_mid_year_only_with_a_target():
    # By hand (the pace model, docs/statistics.md): the office has done 20, 42, 60, 82 of 200, 220,
    # 240, 260 (October .. January): flows 22, 18, 22 scatter less than a Poisson count (phi = 1);
    # X = 62 in 3 months, eligible +20 a month -> 420 at the year end, 0.7 x 420 = 294 needs 212 more
    # in 8 months: betaincc(62.5, 212, 3 / 11) = scipy.stats.nbinom.sf(211, 62.5, 3 / 11) = 0.0417.
    # The slow officer (flows 6, 4, 6): 1.8e-06; the fast one (16, 14, 16): 0.974.
    snap = office().at("2021-01")
    office_p = pace_by_hand([20, 42, 60, 82], [200, 220, 240, 260], 0.7)
    slow_p = pace_by_hand([5, 11, 15, 21], [100, 110, 120, 130], 0.7)
    fast_p = pace_by_hand([15, 31, 45, 61], [100, 110, 120, 130], 0.7)
    assert (chance(office_p), chance(slow_p), chance(fast_p)) == ("4%", "below 1%", "97%")
    assert narrative(snap, "en", "generic", "office").endswith(f" Chance of meeting the year-end target: {chance(office_p)}.")
    assert narrative(snap, "vi", "generic", "office").endswith(f" Khả năng đạt chỉ tiêu cuối năm: {chance(office_p)}.")
    assert narrative(snap, "en", "generic", "slow").endswith(f" Chance of meeting the year-end target: {chance(slow_p)}.")
    assert narrative(snap, "vi", "generic", "slow").endswith(f" Khả năng đạt chỉ tiêu cuối năm: {chance(slow_p, 'vi')}.")
    assert narrative(snap, "en", "generic", "fast").endswith(f" Chance of meeting the year-end target: {chance(fast_p)}.")
    # thads keeps the founding report's paragraph word for word (the sentence is not in it).
    assert "Khả năng đạt" not in narrative(snap, "vi", "thads", "office")
    # The year end: met or not, nothing to estimate; no target: no sentence.
    assert "Chance of meeting" not in narrative(office(12).at("2021-09"), "en", "generic", "office")
    assert "Khả năng đạt" not in narrative(office(target=None).at("2021-01"), "vi", "generic", "office")


def test_an_over_dispersed_unit_is_given_a_less_extreme_chance():
    # A unit whose monthly completions swing 5, 40, 5, 40, 5 (October's 30 left out: it may carry the
    # opening balance): mean 19, sample variance 367.5, phi = 19.3. X = 50 in the last 3 months,
    # eligible +10 a month from 200 -> 310 at the year end (m = 6), 0.9 x 310 = 279 needs 154 more:
    # betaincc(50 / phi + 0.5, 154 / phi, 3 / 9) = 0.317 where the Poisson model says 0.0033 ("below 1%").
    done = [30, 35, 75, 80, 120, 125]
    eligible = [200 + 10 * i for i in range(6)]
    columns = {
        "period": ["2020-10", "2020-11", "2020-12", "2021-01", "2021-02", "2021-03"],
        "unit": ["u"] * 6,
        "count_done": done,
        "count_eligible": eligible,
    }
    panel = attain.Panel.from_columns(columns, targets={"count": 0.9}, kinds={"count": "count"}, fiscal_year_start=10)
    snap = panel.at("2021-03")
    p = pace_by_hand(done, eligible, 0.9)
    poisson = float(special.betaincc(50 + 0.5, 154, 3 / 9))  # the model without the dispersion
    assert p == pytest.approx(0.3165, abs=1e-4) and poisson == pytest.approx(0.0033, abs=1e-4)
    assert snap.meet_probability("count", "pace")[0] == pytest.approx(p, rel=1e-12)
    assert narrative(snap, "en", "generic", "u").endswith(f" Chance of meeting the year-end target: {chance(p)}.")
    assert chance(p) == "32%"


def test_summary_row_and_html_table():
    panel = office()
    snap = panel.at("2021-01")
    text = summary_text(panel, snap)
    pct = report_fields(snap, "office")["count.p_meet_target_pct"]
    assert re.search(rf"chance of meeting the year-end target\s+{round(pct)}% \(pace\)", text)
    # the slow officer's 1.8e-06 reads "below 1%", as in the paragraph: never "0%" mid-year
    assert re.search(r"chance of meeting the year-end target\s+below 1% \(pace\)", summary_text(panel, snap, "slow"))
    page = html_report(panel, snap, lang="en", charts=False)
    assert "At risk of missing the year-end target" in page
    table = page[page.index('<table class="at-risk">') :]
    table = table[: table.index("</table>")]
    assert "slow" in table and "fast" not in table
    slow = snap.meet_probability("count")[snap.index_of("slow")]
    assert f"{round(100 * slow)}%" in table
    # Without the year so far (no October) there is neither row nor table.
    partial = office(skip_october=True)
    assert "chance of meeting" not in summary_text(partial, partial.at("2021-01"))
    assert "at-risk" not in html_report(partial, "2021-01", charts=False)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_year_end_probability_is_certain_but_not_reported(lang):
    snap = office(12).at("2021-09")
    assert all(p in (0.0, 1.0) or math.isnan(p) for p in snap.meet_probability("count"))
    assert report_fields(snap, "office")["count.has_p_meet_target"] is False
