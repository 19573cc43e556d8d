"""The probability of meeting the year-end target in the report: the fields, the generic paragraphs
(a sentence mid-year only, where a target exists), the CLI summary row and the HTML at-risk table."""

from __future__ import annotations

import math
import re

import pytest

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


def test_the_sentence_mid_year_only_with_a_target():
    # By hand (the pace model, docs/statistics.md): the office has done 20, 42, 60, 82 of 200, 220,
    # 240, 260 (October .. January): X = 62 in 3 months, eligible +20 a month -> 420 at the year end,
    # 0.7 x 420 = 294 needs 212 more in 8 months: scipy.stats.nbinom.sf(211, 62.5, 3 / 11) = 0.0417.
    # The slow officer: nbinom.sf(125, 16.5, 3 / 11) = 1.8e-06; the fast one: nbinom.sf(85, 46.5, 3 / 11) = 0.974.
    snap = office().at("2021-01")
    assert narrative(snap, "en", "generic", "office").endswith(" Chance of meeting the year-end target: 4%.")
    assert narrative(snap, "vi", "generic", "office").endswith(" Khả năng đạt chỉ tiêu cuối năm: 4%.")
    assert narrative(snap, "en", "generic", "slow").endswith(" Chance of meeting the year-end target: below 1%.")
    assert narrative(snap, "vi", "generic", "slow").endswith(" Khả năng đạt chỉ tiêu cuối năm: dưới 1%.")
    assert narrative(snap, "en", "generic", "fast").endswith(" Chance of meeting the year-end target: 97%.")
    # thads keeps the founding report's paragraph word for word (the sentence is not in it).
    assert "Khả năng đạt" not in narrative(snap, "vi", "thads", "office")
    # The year end: met or not, nothing to estimate; no target: no sentence.
    assert "Chance of meeting" not in narrative(office(12).at("2021-09"), "en", "generic", "office")
    assert "Khả năng đạt" not in narrative(office(target=None).at("2021-01"), "vi", "generic", "office")


def test_summary_row_and_html_table():
    panel = office()
    snap = panel.at("2021-01")
    text = summary_text(panel, snap)
    pct = report_fields(snap, "office")["count.p_meet_target_pct"]
    assert re.search(rf"chance of meeting the year-end target\s+{round(pct)}% \(pace\)", text)
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
