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

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/panel.hpp"
#include "attain/stats/slopes.hpp"
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

namespace detail {

/// @brief Fills @p path from the future-flow model: mean flows at each future month and the
/// variance multipliers of the sums (their prediction-error variance over s^2), the residual
/// (co)variances, and the t quantile.
inline void fill_path(projected_path& path, const tally& now, std::span<const double> mean_done,
                      std::span<const double> mean_eligible, std::span<const double> multiplier, double var_done,
                      double var_eligible, double cov, double quantile) {
  double done = static_cast<double>(now.done), eligible = static_cast<double>(now.eligible);
  double sum_done = 0.0, sum_eligible = 0.0;
  for (std::size_t h = 0; h < mean_done.size(); ++h) {
    done += std::max(mean_done[h], 0.0);
    eligible += mean_eligible[h];
    sum_done += std::max(mean_done[h], 0.0);
    sum_eligible += mean_eligible[h];
    const double ratio =
        eligible > 0 ? std::clamp(done / eligible, 0.0, 1.0) : std::numeric_limits<double>::quiet_NaN();
    // Delta method: Var(D / E) ~ (Var D - 2 R Cov + R^2 Var E) / E^2.
    const double var =
        multiplier[h] * (var_done - 2 * ratio * cov + ratio * ratio * var_eligible) / (eligible * eligible);
    const double half = quantile * std::sqrt(std::max(var, 0.0));
    path.done.push_back(done);
    path.eligible.push_back(eligible);
    path.ratio.push_back(ratio);
    path.low.push_back(std::isnan(ratio) ? ratio : std::clamp(ratio - half, 0.0, 1.0));
    path.high.push_back(std::isnan(ratio) ? ratio : std::clamp(ratio + half, 0.0, 1.0));
  }
  const double m = static_cast<double>(mean_done.size());
  path.flow_done = mean_done.empty() ? std::numeric_limits<double>::quiet_NaN() : sum_done / m;
  path.flow_eligible = mean_done.empty() ? std::numeric_limits<double>::quiet_NaN() : sum_eligible / m;
  path.available = true;
}

inline double t_quantile(double df, double alpha) {
  const boost::math::students_t_distribution<double> t(df);
  return boost::math::quantile(boost::math::complement(t, alpha / 2));
}

}  // namespace detail

/// @brief The year-end projection from the year-to-date tallies of months 1 .. k of the
/// fiscal year (@p done[i], @p eligible[i] for month i + 1; k = their length, 1..12).
/// @param target the year's target in [0, 1], or NaN for none.
/// @param window the pace model's number of recent monthly flows (>= 2).
/// @param alpha one minus the prediction interval's level, in (0, 1).
/// @throws invalid_argument for a bad tally (naming the month), k outside 1..12, a bad target,
/// window or alpha; length_mismatch.
inline year_end_projection project_year_end(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                            double target, int window = 3, double alpha = 0.05) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  const std::size_t k = done.size();
  if (k < 1 || k > 12)
    detail::fail<invalid_argument>("the series has ", k,
                                   " months; it must hold months 1 .. k (1 <= k <= 12) of one fiscal year");
  for (std::size_t i = 0; i < k; ++i) validate_tally(done[i], eligible[i], i);
  if (!std::isnan(target)) validate_target(target, 0);
  if (window < 2) detail::fail<invalid_argument>("window = ", window, " is below 2 (a pace needs two monthly flows)");
  if (!(alpha > 0 && alpha < 1)) detail::fail<invalid_argument>("alpha = ", alpha, " is outside (0, 1)");

  year_end_projection r;
  r.months_elapsed = static_cast<int>(k);
  r.months_remaining = 12 - r.months_elapsed;
  r.target = target;
  r.now = {done[k - 1], eligible[k - 1]};
  const auto m = static_cast<std::size_t>(r.months_remaining);
  // Monthly flows of months 2 .. k, at x = month number.
  std::vector<double> x, flow_done, flow_eligible;
  for (std::size_t i = 1; i < k; ++i) {
    x.push_back(static_cast<double>(i + 1));
    flow_done.push_back(static_cast<double>(done[i] - done[i - 1]));
    flow_eligible.push_back(static_cast<double>(eligible[i] - eligible[i - 1]));
  }
  const std::size_t n = x.size();

  if (n >= 2) {  // pace: the mean of the last w flows
    const std::size_t w = std::min<std::size_t>(static_cast<std::size_t>(window), n);
    double mean_d = 0, mean_e = 0;
    for (std::size_t i = n - w; i < n; ++i) mean_d += flow_done[i], mean_e += flow_eligible[i];
    mean_d /= static_cast<double>(w), mean_e /= static_cast<double>(w);
    double var_d = 0, var_e = 0, cov = 0;
    for (std::size_t i = n - w; i < n; ++i) {
      const double a = flow_done[i] - mean_d, b = flow_eligible[i] - mean_e;
      var_d += a * a, var_e += b * b, cov += a * b;
    }
    const double dfw = static_cast<double>(w - 1);
    std::vector<double> md(m, mean_d), me(m, mean_e), mult(m);
    for (std::size_t h = 1; h <= m; ++h)
      mult[h - 1] = static_cast<double>(h) + static_cast<double>(h * h) / static_cast<double>(w);
    detail::fill_path(r.pace, r.now, md, me, mult, var_d / dfw, var_e / dfw, cov / dfw, detail::t_quantile(dfw, alpha));
    r.current_pace = mean_d;
    if (!std::isnan(target)) {
      // A shrinking eligible total: the pace against the current denominator, enough whatever
      // the shrinking removes; the target is also reachable when the pace path itself meets it.
      const auto p = pace(r.now, target, r.months_remaining, std::max(mean_e, 0.0));
      r.required_pace = p.per_month_projected;
      r.reachable = r.months_remaining == 0
                        ? meets_target(r.now.done, r.now.eligible, target)
                        : mean_d >= r.required_pace || (mean_e < 0 && r.pace.year_end_ratio() >= target);
    }
  }
  if (n >= 3) {  // trend: the least-squares line of the flows
    const auto fd = linear_trend(flow_done, x), fe = linear_trend(flow_eligible, x);
    double cross = 0;  // sum of products of the two residual series
    for (std::size_t i = 0; i < n; ++i)
      cross += (flow_done[i] - fd.predict(x[i])) * (flow_eligible[i] - fe.predict(x[i]));
    const double df = static_cast<double>(n - 2);
    std::vector<double> md(m), me(m), mult(m);
    double spread = 0;  // sum over the future months so far of (t - mean_t)
    for (std::size_t h = 1; h <= m; ++h) {
      const double t = static_cast<double>(k + h);
      md[h - 1] = fd.predict(t);
      me[h - 1] = fe.predict(t);
      spread += t - fd.mean_x;
      const double hh = static_cast<double>(h);
      mult[h - 1] = hh + hh * hh / static_cast<double>(n) + spread * spread / fd.sxx;
    }
    detail::fill_path(r.trend, r.now, md, me, mult, fd.residual_variance, fe.residual_variance, cross / df,
                      detail::t_quantile(df, alpha));
  }
  return r;
}

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
/// @throws unknown_key naming the first missing month; the errors of project_year_end().
inline year_end_projection project_year_end(const panel& p, std::size_t measure, std::int32_t unit, year_month as_of,
                                            int window = 3, double alpha = 0.05) {
  const auto& cal = p.calendar();
  const year_month first = cal.start(cal.fiscal_year(as_of));
  std::vector<std::int64_t> done, eligible;
  for (year_month month = first; month <= as_of; month = month.plus_months(1)) {
    if (!p.has_period(month))
      detail::fail<unknown_key>("the year-end projection needs every month of the fiscal year up to ",
                                as_of.to_string(), ", but the data has no period ", month.to_string());
    const tally t = p.total(measure, unit, p.period_index(month));
    done.push_back(t.done);
    eligible.push_back(t.eligible);
  }
  return project_year_end(done, eligible, p.target(measure, unit, p.period_index(as_of)), window, alpha);
}

}  // namespace attain
