#pragma once
// The compiled part of attain/stats/projection.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "attain/core/pace.hpp"
#include "attain/stats/projection.hpp"
#include "attain/stats/slopes.hpp"

namespace attain {

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

ATTAIN_FUNC year_end_projection project_year_end(std::span<const std::int64_t> done,
                                                 std::span<const std::int64_t> eligible, double target, int window,
                                                 double alpha) {
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

ATTAIN_FUNC year_end_projection project_year_end(const panel& p, std::size_t measure, std::int32_t unit,
                                                 year_month as_of, int window, double alpha) {
  if (p.form(measure) == measure_form::quota)
    detail::fail<invalid_argument>(
        "measure '", p.measure_name(measure),
        "' is a quota: the year-end projection models a completion ratio's flows, so none is "
        "given for it");
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
