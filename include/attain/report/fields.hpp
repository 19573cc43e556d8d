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

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/panel.hpp"
#include "attain/report/narrative.hpp"
#include "attain/stats/outlook.hpp"

namespace attain {

/// @brief The last day of month @p m (28..31).
int last_day(year_month m);

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
    {"is_first_month", field_type::flag, false, false,
     "the as-of month is the fiscal year's first (months_elapsed == 1)"},
    {"is_year_end", field_type::flag, false, false, "the as-of month ends the fiscal year (months_remaining == 0)"},
    {"measures_n", field_type::whole, false, false,
     "how many measures the panel has; every per-measure field is also given as mN.<field> for the N-th (1-based)"},
    {"unit.name", field_type::text, false, false, "the unit the paragraph is about"},
    {"has_money", field_type::flag, false, false,
     "a measure is declared money; the first such measure's fields are also given as money.<field>"},
    {"unit.level", field_type::text, false, false,
     "its declared level (national, province, district, officer, company, rep ...); \"\" when not declared"},
    {"unit.depth", field_type::whole, false, false, "its distance from the root (roots have depth 0)"},
    {"unit.children", field_type::whole, false, false, "how many units sit directly under it"},
    {"unit.has_children", field_type::flag, false, false, "it has units under it"},
    {"name", field_type::text, true, false, "the measure's name (useful as m1.name)"},
    {"label_vi", field_type::text, true, false, "its declared Vietnamese noun (\"việc\"); \"\" when none"},
    {"label_en", field_type::text, true, false, "its declared English noun (\"cases\"); \"\" when none"},
    {"is_quota", field_type::flag, true, false,
     "a quota measure: done = actual, eligible = plan, ratio_pct = attainment (may exceed 100)"},
    {"plan_to_date", field_type::flag, true, false,
     "a quota whose plan is the one due by now (plan basis to_date): the schedule expects 100 % of it, and "
     "the plan for the rest of the year is not in the data"},
    {"running_rate", field_type::flag, true, false,
     "a completion measure whose eligible is what came due by now (plan basis to_date: attendances, applications "
     "received): the target applies to the ratio at every month, so the schedule is the target itself "
     "(schedule_expected_pct = target_pct, schedule_ahead_pts = -gap_pts: nothing beyond the gap) and no pace a "
     "month on today's eligible applies (pace_per_month and needed_per_month are 0)"},
    {"is_money", field_type::flag, true, false, "the measure is declared money"},
    {"is_count", field_type::flag, true, false, "the measure is declared a count (of cases, deals ...)"},
    {"currency", field_type::text, true, false, "its money unit (\"VND\", \"USD\"); \"\" when none declared"},
    {"minor_digits", field_type::whole, true, false,
     "digits of the minor units its amounts are stored in (USD 2: 123456 is $1,234.56; 0 for counts)"},
    {"has_accepted", field_type::flag, true, false, "the data gives the accepted total (an accepted column)"},
    {"accepted", field_type::whole, true, true, "accepted (total intake); absent without an accepted column"},
    {"accepted_billions", field_type::real, true, true, "accepted / 10^9 (money in billions); absent like accepted"},
    {"eligible", field_type::whole, true, false, "eligible (the denominator)"},
    {"done", field_type::whole, true, false, "done (the numerator)"},
    {"ratio_pct", field_type::real, true, false, "ratio x 100"},
    {"has_eligible", field_type::flag, true, false,
     "eligible > 0 (otherwise there is no ratio: ratio_pct is NaN, and neither met nor short holds)"},
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
    {"pace_per_month", field_type::real, true, false,
     "completions needed per remaining month (shortfall / months left); 0 for a running rate"},
    {"needed_per_month", field_type::whole, true, false,
     "whole completions needed a month: shortfall / months left rounded up (0 when met, no target or no month left, "
     "and for a running rate)"},
    {"exceeded_by", field_type::whole, true, false,
     "when met: done beyond the least that meets the target (done - ceil(target x eligible)); else 0"},
    {"children_n", field_type::whole, true, false, "the unit's children"},
    {"children_met", field_type::whole, true, false, "children meeting their target"},
    {"children_short", field_type::whole, true, false, "children short of their target"},
    {"children_min_gap_pts", field_type::real, true, false, "smallest gap among the short children, in points"},
    {"children_max_gap_pts", field_type::real, true, false, "largest gap among the short children, in points"},
    {"children_gap_range", field_type::flag, true, false,
     "the two differ once rounded to whole points (\"from 16 to 26\")"},
    {"schedule_expected_pct", field_type::real, true, true,
     "where the schedule says the unit should be (x 100): target x the share of the year elapsed, the target itself "
     "under plan basis to_date"},
    {"schedule_ahead_pts", field_type::real, true, true, "how far ahead of the schedule, in points"},
    {"has_schedule", field_type::flag, true, false, "the schedule comparison exists (a target and a ratio)"},
    {"ahead", field_type::flag, true, false, "schedule_ahead_pts rounded to hundredths is > 0"},
    {"behind", field_type::flag, true, false, "... is < 0"},
    {"on_schedule", field_type::flag, true, false, "... is 0 (with a schedule)"},
    {"has_projection", field_type::flag, true, false, "a year-end projection at the recent pace exists"},
    {"projected_ratio_pct", field_type::real, true, false, "its year-end ratio x 100"},
    {"has_trend", field_type::flag, true, false, "the projection by the trend exists"},
    {"trend_ratio_pct", field_type::real, true, false, "its year-end ratio x 100"},
    {"trend_low_pct", field_type::real, true, false, "lower limit of its 95 % prediction interval x 100"},
    {"trend_high_pct", field_type::real, true, false, "upper limit x 100"},
    {"current_pace", field_type::real, true, false, "completions a month now (recent pace)"},
    {"required_pace", field_type::real, true, false, "completions a month needed to meet the target"},
    {"required_per_month", field_type::whole, true, false,
     "required_pace rounded up to a whole number (2,234 cases a month, not 2,233.8); 0 without one"},
    {"current_per_month", field_type::whole, true, false, "current_pace rounded to a whole number; 0 without one"},
    {"reachable", field_type::flag, true, false, "the current pace meets the target"},
    {"eligible_growing", field_type::flag, true, false,
     "the required pace assumes the eligible total keeps growing as lately (its recent flow is positive)"},
    {"has_p_meet_target", field_type::flag, true, false,
     "a probability of meeting the year-end target exists: mid-year, with a target and enough months (the pace "
     "model for a measure declared a count, else the trend model; docs/statistics.md)"},
    {"p_meet_target_pct", field_type::real, true, false, "that probability x 100 (0 without one)"},
    {"p_meet_target_model", field_type::text, true, false,
     "the model it comes from: \"pace\" or \"trend\"; \"\" without one"},
    {"children_at_risk", field_type::whole, true, false,
     "children whose probability of meeting the year-end target is below 50 %"},
};

/// @brief The probability of meeting the year-end target a report shows for @p unit's measure
/// @p m, and its model (outlook::default_model: pace for a count, else trend); NaN at the year
/// end (the target is then met or not) and where the model gives none.
std::pair<double, target_model> report_meet_probability(const outlook& o, std::size_t m, std::int32_t unit);

/// @brief Every narrative field (report_field_table) for @p unit of outlook @p o: it reads the
/// snapshot and the outlook's projections and probabilities, and computes nothing.
/// @throws unknown_key when @p unit is not a unit index of the panel.
field_map report_fields(const outlook& o, std::int32_t unit);

/// @brief Every narrative field for @p unit at snapshot @p s of panel @p p (an outlook of them).
field_map report_fields(const panel& p, const snapshot& s, std::int32_t unit);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/report/detail/fields-inl.hpp"
#endif
