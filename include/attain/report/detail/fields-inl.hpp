#pragma once
// The compiled part of attain/report/fields.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "attain/report/fields.hpp"
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

ATTAIN_FUNC int last_day(year_month m) {
  using namespace std::chrono;
  const year_month_day_last last{year{m.year} / month{static_cast<unsigned>(m.month)} / std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

ATTAIN_FUNC std::pair<double, target_model> report_meet_probability(const outlook& o, std::size_t m,
                                                                    std::int32_t unit) {
  const target_model model = o.default_model(m);
  if (o.figures().months_remaining == 0) return {std::numeric_limits<double>::quiet_NaN(), model};
  return {o.meet_probability(m, unit, model), model};
}

ATTAIN_FUNC field_map report_fields(const outlook& o, std::int32_t unit) {
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
  f["is_first_month"] = s.months_elapsed == 1;
  f["is_year_end"] = s.months_remaining == 0;
  f["unit.name"] = p.units().name(unit);
  f["unit.level"] = p.units().level(unit);
  f["unit.depth"] = std::int64_t{p.units().depth(unit)};
  const auto n_children = static_cast<std::int64_t>(p.units().children(unit).size());
  f["unit.children"] = n_children;
  f["unit.has_children"] = n_children > 0;
  for (std::size_t m = 0; m < s.measures.size(); ++m) {
    const std::string k = s.measures[m] + ".";
    f[k + "name"] = s.measures[m];
    const unit_result& r = s.at(m, unit);
    const children_summary& c = s.children_of(m, unit);
    const bool has_change = !std::isnan(r.change_prev);
    const std::int64_t change_hundredths = has_change ? detail::whole(100 * 100 * r.change_prev) : 0;
    f[k + "label_vi"] = s.labels_vi[m];
    f[k + "label_en"] = s.labels_en[m];
    f[k + "is_quota"] = s.forms[m] == measure_form::quota;
    const bool to_date = m < s.plan_bases.size() && s.plan_bases[m] == plan_basis::to_date;
    const bool running_rate = to_date && s.forms[m] == measure_form::completion;
    f[k + "plan_to_date"] = to_date && s.forms[m] == measure_form::quota;
    f[k + "running_rate"] = running_rate;
    f[k + "is_money"] = s.kinds[m] == measure_kind::money;
    f[k + "is_count"] = s.kinds[m] == measure_kind::count;
    f[k + "currency"] = s.currencies[m];
    f[k + "minor_digits"] = std::int64_t{s.minor_digits[m]};
    f[k + "has_accepted"] = r.accepted >= 0;
    if (r.accepted >= 0) {  // a figure the data does not give is absent, never 0
      f[k + "accepted"] = r.accepted;
      f[k + "accepted_billions"] = static_cast<double>(r.accepted) / 1e9;
    }
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
    // A running rate has no pace a month on today's eligible (the snapshot's is NaN).
    f[k + "pace_per_month"] = r.has_target && !running_rate ? r.pace.per_month : 0.0;
    const std::int64_t needed = r.has_target && !running_rate ? r.gap.shortfall : 0;
    f[k + "needed_per_month"] =
        s.months_remaining > 0 && needed > 0 ? (needed + s.months_remaining - 1) / s.months_remaining : std::int64_t{0};
    // The least done that meets the target is target_threshold_unchecked(eligible, target) (exact).
    f[k + "exceeded_by"] = r.has_target && r.gap.met && r.total.eligible > 0
                               ? r.total.done - target_threshold_unchecked(r.total.eligible, r.target)
                               : std::int64_t{0};
    f[k + "children_n"] = std::int64_t{c.n};
    f[k + "children_met"] = std::int64_t{c.n_met};
    f[k + "children_short"] = std::int64_t{c.n_short};
    f[k + "children_min_gap_pts"] = c.n_short ? 100 * c.min_gap : 0.0;
    f[k + "children_max_gap_pts"] = c.n_short ? 100 * c.max_gap : 0.0;
    f[k + "children_gap_range"] = c.n_short > 0 && detail::whole(100 * c.min_gap) != detail::whole(100 * c.max_gap);
    const bool has_schedule = !std::isnan(r.schedule_expected) && !std::isnan(r.schedule_ahead);
    if (has_schedule) {
      f[k + "schedule_expected_pct"] = 100 * r.schedule_expected;
      f[k + "schedule_ahead_pts"] = 100 * r.schedule_ahead;
    }
    const std::int64_t ahead_hundredths = has_schedule ? detail::whole(100 * 100 * r.schedule_ahead) : 0;
    f[k + "has_schedule"] = has_schedule;
    f[k + "ahead"] = ahead_hundredths > 0;
    f[k + "behind"] = ahead_hundredths < 0;
    f[k + "on_schedule"] = has_schedule && ahead_hundredths == 0;
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
    f[k + "required_per_month"] = has_pace && r.has_target && std::isfinite(proj.required_pace)
                                      ? static_cast<std::int64_t>(std::ceil(proj.required_pace - 1e-9))
                                      : std::int64_t{0};
    f[k + "current_per_month"] =
        has_pace && std::isfinite(proj.current_pace) ? detail::whole(proj.current_pace) : std::int64_t{0};
    f[k + "reachable"] = has_pace && r.has_target && proj.reachable;
    f[k + "eligible_growing"] = has_pace && proj.pace.flow_eligible > 0;
    // The probability of meeting the year-end target (mid-year, with a target) and the children at risk.
    const auto [chance, model] = report_meet_probability(o, m, unit);
    const bool has_chance = r.has_target && !std::isnan(chance);
    f[k + "has_p_meet_target"] = has_chance;
    f[k + "p_meet_target_pct"] = has_chance ? 100 * chance : 0.0;
    f[k + "p_meet_target_model"] = has_chance ? std::string(model_name(model)) : std::string();
    std::int64_t at_risk = 0;
    for (const std::int32_t child : p.units().children(unit))
      if (report_meet_probability(o, m, child).first < 0.5) ++at_risk;  // NaN compares false
    f[k + "children_at_risk"] = at_risk;
  }
  // Every per-measure field again under the measure's position, m1. m2. ..., so that a template
  // can serve measures it does not know by name (a measure's own name wins a clash).
  // The first measure declared money is also given as money. (its role, not its name).
  f["measures_n"] = static_cast<std::int64_t>(s.measures.size());
  const auto money = std::find(s.kinds.begin(), s.kinds.end(), measure_kind::money);
  f["has_money"] = money != s.kinds.end();
  field_map aliases;
  const auto alias_all = [&](std::size_t m, const std::string& alias) {
    const std::string k = s.measures[m] + ".";
    for (auto it = f.lower_bound(k); it != f.end() && it->first.starts_with(k); ++it)
      aliases.try_emplace(alias + it->first.substr(k.size()), it->second);
  };
  for (std::size_t m = 0; m < s.measures.size(); ++m) alias_all(m, "m" + std::to_string(m + 1) + ".");
  if (money != s.kinds.end()) alias_all(static_cast<std::size_t>(money - s.kinds.begin()), "money.");
  f.merge(aliases);  // keys already there (a measure named m2) keep their own value
  return f;
}

ATTAIN_FUNC field_map report_fields(const panel& p, const snapshot& s, std::int32_t unit) {
  return report_fields(outlook(p, s), unit);
}

}  // namespace attain
