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
///   meet the target, and whether the current pace does.
///

#include <cstdint>
#include <string>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/panel.hpp"
#include "attain/report/narrative.hpp"

namespace attain {

/// @brief The last day of month @p m (28..31).
int last_day(year_month m);

/// @brief Every narrative field for @p unit at snapshot @p s of panel @p p (see the table above).
/// @throws unknown_key when @p unit is not a unit index of the panel.
field_map report_fields(const panel& p, const snapshot& s, std::int32_t unit);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/report/detail/fields-inl.hpp"
#endif
