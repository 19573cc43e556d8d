"""Schedule pace: target x share of the year elapsed, and ahead / behind."""

import numpy as np
import pytest

import attain


def test_founding_domain_example():
    s = attain.schedule(0.4849, 0.73, 6)
    assert s.expected == pytest.approx(0.73 * 6 / 12, rel=1e-15)
    assert round(100 * s.ahead, 2) == 11.99  # "vượt tiến độ 11,99%"


def test_profile_and_arrays():
    peak = [1] * 11 + [12]
    s = attain.schedule([0.3, 0.5], 0.8, [6, 12], profile=peak)
    np.testing.assert_allclose(s.expected, [0.8 * 6 / 23, 0.8], rtol=1e-15)
    np.testing.assert_allclose(s.ahead, [0.3 - 0.8 * 6 / 23, 0.5 - 0.8], rtol=1e-14)
    with pytest.raises(attain.InvalidInputError, match=r"months_elapsed\[0\] = 13 is outside 0..12"):
        attain.schedule(0.5, 0.5, 13)
    with pytest.raises(attain.InvalidInputError, match="12 \\(one a month\\) are needed"):
        attain.schedule(0.5, 0.5, 3, profile=[1, 2])


def test_schedule_in_the_panel():
    panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    s = panel.at("2021-06").unit("Cục THADS tỉnh Bến Tre", "count")
    assert s.schedule_expected == pytest.approx(0.815 * 9 / 12, rel=1e-15)
    assert s.schedule_ahead == pytest.approx(s.ratio - 0.815 * 9 / 12, rel=1e-14)
    frame = panel.at("2021-06").to_frame()
    assert {"schedule_expected", "schedule_ahead"} <= set(frame.columns)
    profiled = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, schedule_profile=[1] * 11 + [12])
    assert profiled.at("2021-06").unit("Cục THADS tỉnh Bến Tre", "count").schedule_expected == pytest.approx(0.815 * 9 / 23)
