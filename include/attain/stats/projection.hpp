#pragma once
/// @file attain/stats/projection.hpp
/// @brief Where a unit's year-to-date tallies will be at the end of the fiscal year.
///
/// The model. Month 1 of the fiscal year carries the year's opening balance (cases carried
/// over), so the monthly flows that describe the unit's pace are those of months 2 .. k, the
/// differences of the year-to-date figures (k = months elapsed). Two projections of the
/// remaining m = 12 - k months:
/// - **pace**: future monthly flows of done and of eligible have the mean of the last `window`
///   flows (default 3) and scatter as those flows do (independent, equal variance);
/// - **trend**: future flows follow the least-squares line of the flows of months 2 .. k against
///   the month number (attain::linear_trend), with independent normal errors of equal variance.
/// Projected done = done now + the sum of the projected flows (a done flow below zero is taken
/// as zero: completions are not undone); eligible likewise (it may fall: cases can become
/// excluded). The projected ratio is their quotient, kept in [0, 1].
///
/// Prediction interval of the ratio at each future month: the prediction error of a sum of h
/// future flows has variance s^2 (h + h^2 / n + (sum of (t - mean_t))^2 / Sxx) under the trend
/// (s^2 (h + h^2 / w) under the pace model), and the errors of done and eligible covary as
/// their residuals do; the delta method carries both into the ratio, and the interval is
/// ratio +- t_{df, 1 - alpha/2} sd (df = n - 2 for the trend, w - 1 for the pace), clipped to
/// [0, 1]. It describes month-to-month scatter around the model, not the risk that the model
/// itself is wrong (a campaign, a backlog cleared at once).
///
/// Too short: the pace needs 2 monthly flows (k >= 3), the trend 3 (k >= 4); with fewer the
/// projection says so (available = false) and holds NaN rather than noise.
///
/// The required pace ties in with attain::pace: completions per remaining month that meet the
/// target at year end with the eligible total growing at the pace model's eligible flow
/// (pace_result::per_month_projected; with the current eligible total when that flow is
/// negative); the target is reachable at the current pace when the pace model's done flow is at
/// least that, or, with a shrinking eligible total, when the pace path's year-end ratio meets it.

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/panel.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief One model's projection, month by month to the end of the fiscal year.
struct projected_path {
  bool available = false;                                           ///< enough months for this model
  double flow_done = std::numeric_limits<double>::quiet_NaN();      ///< mean projected monthly done flow
  double flow_eligible = std::numeric_limits<double>::quiet_NaN();  ///< mean projected monthly eligible flow
  /// Per remaining month h = 1 .. months_remaining (the last is the year end): projected
  /// year-to-date done and eligible, their ratio and its prediction interval.
  std::vector<double> done, eligible, ratio, low, high;

  /// @brief The year-end ratio (NaN when not available or no month remains).
  [[nodiscard]] double year_end_ratio() const noexcept {
    return ratio.empty() ? std::numeric_limits<double>::quiet_NaN() : ratio.back();
  }
};

/// @brief The year-end outlook of one unit and measure.
struct year_end_projection {
  int months_elapsed = 0;
  int months_remaining = 0;
  double target = std::numeric_limits<double>::quiet_NaN();         ///< NaN: none
  tally now;                                                        ///< year-to-date done / eligible at the as-of month
  projected_path pace;                                              ///< mean of the recent monthly flows
  projected_path trend;                                             ///< linear trend of the monthly flows
  double current_pace = std::numeric_limits<double>::quiet_NaN();   ///< done per month (pace model)
  double required_pace = std::numeric_limits<double>::quiet_NaN();  ///< done per month that meets the target
  bool reachable = false;                                           ///< at the current pace (with a target)
};

/// @brief The year-end projection from the year-to-date tallies of months 1 .. k of the
/// fiscal year (@p done[i], @p eligible[i] for month i + 1; k = their length, 1..12).
/// @param target the year's target in [0, 1], or NaN for none.
/// @param window the pace model's number of recent monthly flows (>= 2).
/// @param alpha one minus the prediction interval's level, in (0, 1).
/// @throws invalid_argument for a bad tally (naming the month), k outside 1..12, a bad target,
/// window or alpha; length_mismatch.
year_end_projection project_year_end(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                     double target, int window = 3, double alpha = 0.05);

/// @brief Whether the panel holds every month of @p as_of's fiscal year up to @p as_of (what a
/// projection from the panel needs).
inline bool has_year_to_date(const panel& p, year_month as_of) {
  const auto& cal = p.calendar();
  for (year_month month = cal.start(cal.fiscal_year(as_of)); month <= as_of; month = month.plus_months(1))
    if (!p.has_period(month)) return false;
  return true;
}

/// @brief The projection of @p unit's @p measure (index) at @p as_of from a panel: the months of
/// as_of's fiscal year up to as_of must all be periods of the panel.
/// @throws unknown_key naming the first missing month; invalid_argument for a quota measure (the
/// model is of a completion ratio's flows); the errors of project_year_end().
year_end_projection project_year_end(const panel& p, std::size_t measure, std::int32_t unit, year_month as_of,
                                     int window = 3, double alpha = 0.05);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/projection-inl.hpp"
#endif
