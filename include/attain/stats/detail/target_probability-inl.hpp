#pragma once
// The compiled part of attain/stats/target_probability.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "attain/core/gap.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/ci.hpp"
#include "attain/stats/detail/math.hpp"
#include "attain/stats/target_probability.hpp"

namespace attain {

namespace detail {

/// @brief Checks the series and the target shared by both models; returns k.
inline std::size_t check_year_to_date(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                      double target, measure_form form) {
  require_same_length("done", done.size(), "eligible", eligible.size());
  const std::size_t k = done.size();
  if (k < 1 || k > 12)
    fail<invalid_argument>("the series has ", k,
                           " months; it must hold months 1 .. k (1 <= k <= 12) of one fiscal year");
  for (std::size_t i = 0; i < k; ++i) {
    if (form == measure_form::quota) {
      if (done[i] < 0 || eligible[i] < 0)
        fail<invalid_argument>("month ", i + 1, ": actual ", done[i], " and plan ", eligible[i], " must be >= 0");
    } else {
      validate_tally(done[i], eligible[i], i);
    }
  }
  if (!std::isnan(target)) validate_target(target, form, "target");
  return k;
}

/// @brief 1 or 0 at the year end: whether the tally meets the target (NaN without a ratio).
inline double met_now(std::int64_t done, std::int64_t eligible, double target) {
  if (eligible <= 0) return nan();
  return meets_target(done, eligible, target) ? 1.0 : 0.0;
}

/// @brief The quasi-Poisson dispersion of the done flows of months 2 .. k (month 1's year-to-date
/// value is left out: it may carry the opening balance): phi = max(1, s^2 / mean) with the sample
/// variance s^2 (divisor n - 1); 1 with fewer than 2 flows or a mean <= 0.
inline double pace_dispersion(std::span<const std::int64_t> done) {
  const std::size_t k = done.size();
  if (k < 3) return 1.0;  // fewer than 2 flows
  const double n = static_cast<double>(k - 1);
  double mean = 0;
  for (std::size_t i = 1; i < k; ++i) mean += static_cast<double>(done[i] - done[i - 1]);
  mean /= n;
  if (!(mean > 0)) return 1.0;
  double ss = 0;
  for (std::size_t i = 1; i < k; ++i) {
    const double dev = static_cast<double>(done[i] - done[i - 1]) - mean;
    ss += dev * dev;
  }
  return std::max(1.0, ss / (n - 1) / mean);
}

}  // namespace detail

ATTAIN_FUNC std::string_view model_name(target_model model) noexcept {
  return model == target_model::trend ? "trend" : "pace";
}

ATTAIN_FUNC target_model parse_target_model(std::string_view name, std::string_view argument) {
  if (name == "trend") return target_model::trend;
  if (name == "pace") return target_model::pace;
  detail::fail<invalid_argument>(argument, " = '", name, "' is not a model; use 'trend' or 'pace'");
}

ATTAIN_FUNC double trend_meet_probability(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                          double target) {
  const std::size_t k = detail::check_year_to_date(done, eligible, target, measure_form::completion);
  if (std::isnan(target)) return detail::nan();
  const std::size_t m = 12 - k;
  if (m == 0) return detail::met_now(done[k - 1], eligible[k - 1], target);
  const std::size_t n = k - 1;  // monthly flows of months 2 .. k
  if (n < 3) return detail::nan();
  // Least squares of the done flows, the eligible flows and z = done - target x eligible on t.
  double mean_t = 0, mean_d = 0, mean_e = 0;
  for (std::size_t i = 1; i < k; ++i) {
    mean_t += static_cast<double>(i + 1);
    mean_d += static_cast<double>(done[i] - done[i - 1]);
    mean_e += static_cast<double>(eligible[i] - eligible[i - 1]);
  }
  const double nn = static_cast<double>(n);
  mean_t /= nn, mean_d /= nn, mean_e /= nn;
  double sxx = 0, sxd = 0, sxe = 0;
  for (std::size_t i = 1; i < k; ++i) {
    const double dt = static_cast<double>(i + 1) - mean_t;
    sxx += dt * dt;
    sxd += dt * (static_cast<double>(done[i] - done[i - 1]) - mean_d);
    sxe += dt * (static_cast<double>(eligible[i] - eligible[i - 1]) - mean_e);
  }
  const double slope_d = sxd / sxx, slope_e = sxe / sxx;
  double rss = 0;  // of z = d - target e about its line (whose coefficients are the same combination)
  for (std::size_t i = 1; i < k; ++i) {
    const double t = static_cast<double>(i + 1) - mean_t;
    const double rd = static_cast<double>(done[i] - done[i - 1]) - (mean_d + slope_d * t);
    const double re = static_cast<double>(eligible[i] - eligible[i - 1]) - (mean_e + slope_e * t);
    const double rz = rd - target * re;
    rss += rz * rz;
  }
  double sum_done = static_cast<double>(done[k - 1]), sum_eligible = static_cast<double>(eligible[k - 1]);
  double spread = 0;  // sum over the future months of (t - mean_t)
  for (std::size_t h = 1; h <= m; ++h) {
    const double t = static_cast<double>(k + h) - mean_t;
    sum_done += std::max(mean_d + slope_d * t, 0.0);  // completions are not undone
    sum_eligible += mean_e + slope_e * t;
    spread += t;
  }
  if (!(sum_eligible > 0)) return detail::nan();  // no year-end ratio
  const double z_hat = sum_done - target * sum_eligible;
  const double mm = static_cast<double>(m);
  const double df = nn - 2;
  const double se = std::sqrt(rss / df * (mm + mm * mm / nn + spread * spread / sxx));
  if (!(se > 0)) return z_hat >= 0 ? 1.0 : 0.0;
  const boost::math::students_t_distribution<double, detail::math_policy> dist(df);
  return boost::math::cdf(dist, z_hat / se);
}

ATTAIN_FUNC double pace_meet_probability(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                         double target, measure_form form, int window) {
  const std::size_t k = detail::check_year_to_date(done, eligible, target, form);
  if (window < 1) detail::fail<invalid_argument>("window = ", window, " is below 1 (a pace needs a monthly flow)");
  if (std::isnan(target)) return detail::nan();
  const std::size_t m = 12 - k;
  const std::int64_t d_now = done[k - 1], e_now = eligible[k - 1];
  if (m == 0) return detail::met_now(d_now, e_now, target);
  if (form == measure_form::quota && meets_target(d_now, e_now, target)) return 1.0;  // actual never falls
  const std::size_t n = k - 1;
  if (n < 1) return detail::nan();
  const std::size_t w = std::min(static_cast<std::size_t>(window), n);
  const double x = static_cast<double>(std::max<std::int64_t>(d_now - done[k - 1 - w], 0));
  const double ww = static_cast<double>(w), mm = static_cast<double>(m);
  std::int64_t e_end = e_now;
  if (form == measure_form::completion) {
    const double flow = static_cast<double>(e_now - eligible[k - 1 - w]) / ww;
    const double projected = std::round(static_cast<double>(e_now) + mm * flow);
    if (!(projected > 0)) return detail::nan();
    e_end = static_cast<std::int64_t>(projected);
  }
  if (e_end <= 0) return detail::nan();
  const std::int64_t threshold = target_threshold_unchecked(e_end, target);
  if (threshold <= d_now) return 1.0;
  const double need = static_cast<double>(threshold - d_now);
  // Quasi-Poisson: counts scaled by 1 / phi are taken as Poisson (phi = 1: the plain model).
  // P(NB(r, p) >= need) = I_{1-p}(need, r) = 1 - I_p(r, need), with r = x / phi + 1/2, need / phi.
  const double phi = detail::pace_dispersion(done);
  return boost::math::ibetac(x / phi + 0.5, need / phi, ww / (ww + mm), detail::beta_policy());
}

ATTAIN_FUNC double meet_probability(const panel& p, std::size_t measure, std::int32_t unit, year_month as_of,
                                    target_model model, int window) {
  const measure_form form = p.form(measure);
  const auto& cal = p.calendar();
  if (cal.months_remaining(as_of) == 0) {  // certain, whatever the model: met or not
    const std::size_t at = p.period_index(as_of);
    const tally t = p.total(measure, unit, at);
    const double target = p.target(measure, unit, at);
    return std::isnan(target) ? detail::nan() : detail::met_now(t.done, t.eligible, target);
  }
  if (model == target_model::trend && form == measure_form::quota) return detail::nan();
  if (model == target_model::pace && p.kind(measure) != measure_kind::count) return detail::nan();
  const year_month first = cal.start(cal.fiscal_year(as_of));
  std::vector<std::int64_t> done, eligible;
  for (year_month month = first; month <= as_of; month = month.plus_months(1)) {
    if (!p.has_period(month))
      detail::fail<unknown_key>("the probability of meeting the target needs every month of the fiscal year up to ",
                                as_of.to_string(), ", but the data has no period ", month.to_string());
    const tally t = p.total(measure, unit, p.period_index(month));
    done.push_back(t.done);
    eligible.push_back(t.eligible);
  }
  const double target = p.target(measure, unit, p.period_index(as_of));
  return model == target_model::trend ? trend_meet_probability(done, eligible, target)
                                      : pace_meet_probability(done, eligible, target, form, window);
}

ATTAIN_FUNC std::vector<unit_probability> below_level(std::span<const double> probability,
                                                      std::span<const std::int32_t> candidates, double below) {
  if (!(below >= 0 && below <= 1)) detail::fail<invalid_argument>("below = ", below, " is outside [0, 1]");
  std::vector<unit_probability> out;
  for (const std::int32_t u : candidates) {
    if (u < 0 || static_cast<std::size_t>(u) >= probability.size())
      detail::fail<unknown_key>("unit index ", u, " is not a unit of the panel");
    const double pr = probability[static_cast<std::size_t>(u)];
    if (pr < below) out.push_back({u, pr});  // NaN compares false: left out
  }
  std::stable_sort(out.begin(), out.end(), [](const unit_probability& a, const unit_probability& b) {
    return a.probability < b.probability || (a.probability == b.probability && a.unit < b.unit);
  });
  return out;
}

}  // namespace attain
