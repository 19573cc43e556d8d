#pragma once
/// @file attain/report/fields.hpp
/// @brief The named fields a narrative template uses, read from a panel's snapshot.
///
/// It computes no statistics of its own: every value is a figure of an outlook (outlook.hpp):
/// the snapshot's ratios, gaps, changes, children summaries, pace and schedule, and the year-end
/// projection the outlook computes once and keeps, scaled to percent / points where the name
/// says `_pct` / `_pts`, plus the flags templates branch on. Python's
/// `attain.report.report_fields` is this function.
///
/// The fields are listed once, in `report_field_table` below (name, type, meaning); Python's
/// `attain.report.fields.FIELDS` and its docs are generated from it (`_core.REPORT_FIELDS`), and the
/// tests check report_fields() against it on both sides.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "attain/core/panel.hpp"
#include "attain/report/narrative.hpp"
#include "attain/stats/outlook.hpp"
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

/// @brief What a field holds (the alternative of field_value it is).
enum class field_type : std::uint8_t { flag, whole, real, text };

/// @brief One named field of report_fields(): per measure ones are named `m.<name>` for each
/// measure `m` of the panel; optional ones are present only when the snapshot has the figure.
struct report_field {
  std::string_view name;
  field_type type;
  bool per_measure;
  bool optional;
  std::string_view meaning;
};

/// @brief Every field report_fields() gives, in the order it gives them.
inline constexpr report_field report_field_table[] = {
    {"as_of.period", field_type::text, false, false, "the as-of month, YYYY-MM"},
    {"as_of.year", field_type::whole, false, false, "the as-of year"},
    {"as_of.month", field_type::whole, false, false, "the as-of month (1..12)"},
    {"as_of.day", field_type::whole, false, false, "the last day of the as-of month (30/6/2021)"},
    {"months_elapsed", field_type::whole, false, false, "months of the fiscal year elapsed (the as-of month counts)"},
    {"months_remaining", field_type::whole, false, false, "months of the fiscal year left"},
    {"unit.name", field_type::text, false, false, "the unit the paragraph is about"},
    {"accepted", field_type::whole, true, false, "accepted (total intake); 0 without an accepted column"},
    {"accepted_billions", field_type::real, true, false, "accepted / 10^9 (money in billions)"},
    {"eligible", field_type::whole, true, false, "eligible (the denominator)"},
    {"done", field_type::whole, true, false, "done (the numerator)"},
    {"ratio_pct", field_type::real, true, false, "ratio x 100"},
    {"has_change", field_type::flag, true, false, "a previous month exists"},
    {"change_pts", field_type::real, true, false, "change on the previous month in points (signed)"},
    {"change_abs_pts", field_type::real, true, false, "its absolute value"},
    {"up", field_type::flag, true, false, "the change rounded to hundredths of a point is > 0"},
    {"down", field_type::flag, true, false, "... is < 0"},
    {"changed", field_type::flag, true, false, "... is != 0"},
    {"has_target", field_type::flag, true, false, "a target exists"},
    {"met", field_type::flag, true, false, "the target is met"},
    {"short", field_type::flag, true, false, "the target is not met (with a ratio)"},
    {"target_pct", field_type::real, true, false, "target x 100"},
    {"gap_pts", field_type::real, true, false, "gap to the target in points (positive = short)"},
    {"shortfall", field_type::whole, true, false, "completions short of the target"},
    {"pace_per_month", field_type::real, true, false, "completions needed per remaining month"},
    {"children_n", field_type::whole, true, false, "the unit's children"},
    {"children_met", field_type::whole, true, false, "children meeting their target"},
    {"children_short", field_type::whole, true, false, "children short of their target"},
    {"children_min_gap_pts", field_type::real, true, false, "smallest gap among the short children, in points"},
    {"children_max_gap_pts", field_type::real, true, false, "largest gap among the short children, in points"},
    {"children_gap_range", field_type::flag, true, false,
     "the two differ once rounded to whole points (\"from 16 to 26\")"},
    {"schedule_expected_pct", field_type::real, true, true, "where the schedule says the unit should be (x 100)"},
    {"schedule_ahead_pts", field_type::real, true, true, "how far ahead of the schedule, in points"},
    {"has_projection", field_type::flag, true, false, "a year-end projection at the recent pace exists"},
    {"projected_ratio_pct", field_type::real, true, false, "its year-end ratio x 100"},
    {"has_trend", field_type::flag, true, false, "the projection by the trend exists"},
    {"trend_ratio_pct", field_type::real, true, false, "its year-end ratio x 100"},
    {"trend_low_pct", field_type::real, true, false, "lower limit of its 95 % prediction interval x 100"},
    {"trend_high_pct", field_type::real, true, false, "upper limit x 100"},
    {"current_pace", field_type::real, true, false, "completions a month now (recent pace)"},
    {"required_pace", field_type::real, true, false, "completions a month needed to meet the target"},
    {"reachable", field_type::flag, true, false, "the current pace meets the target"},
};

/// @brief Every narrative field (report_field_table) for @p unit of outlook @p o: it reads the
/// snapshot and the outlook's projections, and computes nothing.
/// @throws unknown_key when @p unit is not a unit index of the panel.
inline field_map report_fields(const outlook& o, std::int32_t unit) {
  const panel& p = o.source();
  const snapshot& s = o.figures();
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
    // The year-end projection (empty unless the data holds the year so far and a month remains).
    const year_end_projection& proj = o.projection(m, unit);
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
  }
  return f;
}

/// @brief Every narrative field for @p unit at snapshot @p s of panel @p p (an outlook of them).
inline field_map report_fields(const panel& p, const snapshot& s, std::int32_t unit) {
  return report_fields(outlook(p, s), unit);
}

}  // namespace attain
