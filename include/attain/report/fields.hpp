#pragma once
/// @file attain/report/fields.hpp
/// @brief The named fields a narrative template uses, read from a panel's snapshot.
///
/// It computes no statistics of its own: every value is a snapshot figure (ratios, gaps,
/// changes, children summaries, pace, schedule), scaled to percent / points where the name
/// says `_pct` / `_pts`, plus the flags templates branch on. Python's
/// `attain.report.report_fields` is this function.
///
/// Fields (`m` is each measure of the panel: `count`, `amount`, ...):
/// - `as_of.period`, `as_of.year`, `.month`, `.day`: the as-of month `YYYY-MM`, its year, month
///   and last day (30/6/2021);
/// - `months_elapsed`, `months_remaining`: of the fiscal year (the as-of month counts as elapsed);
/// - `unit.name`: the unit the paragraph is about;
/// - `m.accepted`, `m.eligible`, `m.done`, `m.shortfall`: whole numbers (accepted 0 without data);
/// - `m.accepted_billions`: accepted / 10^9 (money in billions); `m.ratio_pct`: ratio x 100;
/// - `m.has_eligible`: eligible > 0 (otherwise there is no ratio: ratio_pct is NaN, and neither
///   met nor short holds);
/// - `m.has_change`, `m.change_pts`, `m.change_abs_pts`: a previous month exists; the change on it
///   in points, signed and absolute; `m.up`, `m.down`, `m.changed`: that change rounded to
///   hundredths of a point is > 0, < 0, != 0;
/// - `m.has_target`, `m.met`, `m.short`: a target exists / is met / is not met (with a ratio);
/// - `m.target_pct`, `m.gap_pts`: target x 100; the gap in points (positive = short);
/// - `m.pace_per_month`: completions needed per remaining month;
/// - `m.children_n`, `m.children_met`, `m.children_short`: the unit's children, how many meet the
///   target and how many fall short; `m.children_min_gap_pts`, `m.children_max_gap_pts`: the
///   smallest and largest gap of those short, in points; `m.children_gap_range`: the two differ
///   once rounded to whole points ("from 16 to 26");
/// - `m.schedule_expected_pct`, `m.schedule_ahead_pts`: where the schedule says the unit should
///   be, and how far ahead it is (points);
/// - `m.has_projection`, `m.projected_ratio_pct`: a year-end projection at the recent pace
///   exists (projection.hpp), and its ratio; `m.has_trend`, `m.trend_ratio_pct`,
///   `m.trend_low_pct`, `m.trend_high_pct`: the projection by the trend and its 95 % interval;
/// - `m.current_pace`, `m.required_pace`, `m.reachable`: completions a month now and needed to
///   meet the target, and whether the current pace does; `m.eligible_growing`: the required pace
///   assumes the eligible total keeps growing as lately (its recent flow is positive).
///

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

#include "attain/report/narrative.hpp"
#include "attain/core/panel.hpp"
#include "attain/stats/projection.hpp"

namespace attain {

namespace detail {
/// @brief @p x rounded to a whole number as the narrative engine rounds it when printing, so that
/// the flags agree with the printed figures.
inline std::int64_t whole(double x) {
  const auto magnitude = static_cast<std::int64_t>(round_magnitude(x));
  return x >= 0 ? magnitude : -magnitude;
}
}  // namespace detail

/// @brief The last day of month @p m (28..31).
inline int last_day(year_month m) {
  using namespace std::chrono;
  const year_month_day_last last{year{m.year} / month{static_cast<unsigned>(m.month)} / std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

/// @brief Every narrative field for @p unit at snapshot @p s of panel @p p (see the table above).
/// @throws unknown_key when @p unit is not a unit index of the panel.
inline field_map report_fields(const panel& p, const snapshot& s, std::int32_t unit) {
  if (unit < 0 || static_cast<std::size_t>(unit) >= p.units().size())
    detail::fail<unknown_key>("unit index ", unit, " is not a unit of the panel");
  field_map f;
  f["as_of.period"] = s.as_of.to_string();
  f["as_of.year"] = std::int64_t{s.as_of.year};
  f["as_of.month"] = std::int64_t{s.as_of.month};
  f["as_of.day"] = std::int64_t{last_day(s.as_of)};
  f["months_elapsed"] = std::int64_t{s.months_elapsed};
  f["months_remaining"] = std::int64_t{s.months_remaining};
  f["unit.name"] = p.units().name(unit);
  for (std::size_t m = 0; m < s.measures.size(); ++m) {
    const std::string k = s.measures[m] + ".";
    const unit_result& r = s.at(m, unit);
    const children_summary& c = s.children_of(m, unit);
    const bool has_change = !std::isnan(r.change_prev);
    const std::int64_t change_hundredths = has_change ? detail::whole(100 * 100 * r.change_prev) : 0;
    const std::int64_t accepted = r.accepted < 0 ? 0 : r.accepted;
    f[k + "accepted"] = accepted;
    f[k + "accepted_billions"] = static_cast<double>(accepted) / 1e9;
    f[k + "eligible"] = r.total.eligible;
    f[k + "done"] = r.total.done;
    f[k + "ratio_pct"] = 100 * r.gap.ratio;
    f[k + "has_eligible"] = r.total.eligible > 0;
    f[k + "has_change"] = has_change;
    f[k + "change_pts"] = has_change ? 100 * r.change_prev : 0.0;
    f[k + "change_abs_pts"] = has_change ? std::fabs(100 * r.change_prev) : 0.0;
    f[k + "up"] = change_hundredths > 0;
    f[k + "down"] = change_hundredths < 0;
    f[k + "changed"] = change_hundredths != 0;
    f[k + "has_target"] = r.has_target;
    f[k + "met"] = r.has_target && r.gap.met;
    f[k + "short"] = r.has_target && !r.gap.met && r.total.eligible > 0;
    f[k + "target_pct"] = r.has_target ? 100 * r.target : 0.0;
    f[k + "gap_pts"] = r.has_target ? 100 * r.gap.gap : 0.0;
    f[k + "shortfall"] = r.has_target ? r.gap.shortfall : std::int64_t{0};
    f[k + "pace_per_month"] = r.has_target ? r.pace.per_month : 0.0;
    f[k + "children_n"] = std::int64_t{c.n};
    f[k + "children_met"] = std::int64_t{c.n_met};
    f[k + "children_short"] = std::int64_t{c.n_short};
    f[k + "children_min_gap_pts"] = c.n_short ? 100 * c.min_gap : 0.0;
    f[k + "children_max_gap_pts"] = c.n_short ? 100 * c.max_gap : 0.0;
    f[k + "children_gap_range"] = c.n_short > 0 && detail::whole(100 * c.min_gap) != detail::whole(100 * c.max_gap);
    if (!std::isnan(r.schedule_expected)) {
      f[k + "schedule_expected_pct"] = 100 * r.schedule_expected;
      f[k + "schedule_ahead_pts"] = 100 * r.schedule_ahead;
    }
    // The year-end projection, where the data holds the year so far and a month remains.
    year_end_projection proj;
    if (s.months_remaining > 0 && has_year_to_date(p, s.as_of)) proj = project_year_end(p, m, unit, s.as_of);
    const bool has_pace = proj.pace.available && !std::isnan(proj.pace.year_end_ratio());
    const bool has_trend = proj.trend.available && !std::isnan(proj.trend.year_end_ratio());
    f[k + "has_projection"] = has_pace;
    f[k + "projected_ratio_pct"] = has_pace ? 100 * proj.pace.year_end_ratio() : 0.0;
    f[k + "has_trend"] = has_trend;
    f[k + "trend_ratio_pct"] = has_trend ? 100 * proj.trend.year_end_ratio() : 0.0;
    f[k + "trend_low_pct"] = has_trend ? 100 * proj.trend.low.back() : 0.0;
    f[k + "trend_high_pct"] = has_trend ? 100 * proj.trend.high.back() : 0.0;
    f[k + "current_pace"] = has_pace ? proj.current_pace : 0.0;
    f[k + "required_pace"] = has_pace && r.has_target ? proj.required_pace : 0.0;
    f[k + "reachable"] = has_pace && r.has_target && proj.reachable;
    f[k + "eligible_growing"] = has_pace && proj.pace.flow_eligible > 0;
  }
  return f;
}

}  // namespace attain
