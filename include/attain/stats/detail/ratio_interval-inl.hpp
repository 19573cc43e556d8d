#pragma once
// The compiled part of attain/stats/ratio_interval.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "attain/stats/ci.hpp"
#include "attain/stats/ratio_interval.hpp"

namespace attain {

namespace detail {

/// @brief Fills the linearised standard error and normal interval of @p r (whose ratio is set)
/// from n cases, sum x and the residual sum of squares sum (y - R x)^2: the one formula of both
/// overloads (svyratio's, for a simple random sample without finite-population correction).
inline void linearised_interval(ratio_interval_result& r, double n, double sum_x, double residual_ss, double alpha) {
  r.std_error = std::sqrt(n / (n - 1.0) * residual_ss) / sum_x;
  const double half = normal_upper_quantile(alpha / 2.0) * r.std_error;
  r.low = r.ratio - half, r.high = r.ratio + half;
}

}  // namespace detail

ATTAIN_FUNC ratio_interval_result ratio_of_sums_interval(const tally& sums, const case_moments& moments, double alpha) {
  if (moments.cases < 2)
    detail::fail<invalid_argument>("a ratio-of-sums interval needs at least 2 cases, got ", moments.cases);
  if (!(alpha > 0.0 && alpha < 1.0)) detail::fail<invalid_argument>("alpha = ", alpha, " is outside (0, 1)");
  if (sums.done < 0 || sums.eligible < 0)
    detail::fail<invalid_argument>("the sums (done ", sums.done, ", eligible ", sums.eligible, ") are negative");
  for (const double v : {moments.xx, moments.xy, moments.yy})
    if (!(std::isfinite(v) && v >= 0.0))
      detail::fail<invalid_argument>("a case moment (sum x^2, sum xy, sum y^2) = ", v,
                                     " is not a non-negative finite sum");
  if (sums.eligible == 0) detail::fail<invalid_argument>("the eligible amounts sum to 0: there is no ratio");
  ratio_interval_result r;
  r.cases = static_cast<std::size_t>(moments.cases);
  const long double sx = static_cast<long double>(sums.eligible), sy = static_cast<long double>(sums.done);
  const long double ratio = sy / sx;
  r.ratio = static_cast<double>(ratio);
  // sum (y - R x)^2 expanded; rounding may leave a tiny negative where the residuals vanish.
  const long double ss = static_cast<long double>(moments.yy) - 2.0L * ratio * moments.xy +
                         ratio * ratio * static_cast<long double>(moments.xx);
  detail::linearised_interval(r, static_cast<double>(moments.cases), static_cast<double>(sx),
                              static_cast<double>(std::max(ss, 0.0L)), alpha);
  return r;
}

ATTAIN_FUNC ratio_interval_result ratio_of_sums_interval(std::span<const double> done, std::span<const double> eligible,
                                                         const ratio_interval_options& options) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  const std::size_t n = done.size();
  if (n < 2) detail::fail<invalid_argument>("a ratio-of-sums interval needs at least 2 cases, got ", n);
  if (!(options.alpha > 0.0 && options.alpha < 1.0))
    detail::fail<invalid_argument>("alpha = ", options.alpha, " is outside (0, 1)");
  double sy = 0.0, sx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(std::isfinite(done[i]) && done[i] >= 0.0))
      detail::fail<invalid_argument>(detail::at("done", i), " = ", done[i], " is not a non-negative finite amount");
    if (!(std::isfinite(eligible[i]) && eligible[i] >= 0.0))
      detail::fail<invalid_argument>(detail::at("eligible", i), " = ", eligible[i],
                                     " is not a non-negative finite amount");
    sy += done[i], sx += eligible[i];
  }
  if (!(sx > 0.0)) detail::fail<invalid_argument>("the eligible amounts sum to 0: there is no ratio");
  ratio_interval_result r;
  r.cases = n;
  r.ratio = sy / sx;
  const double nd = static_cast<double>(n);
  if (options.method == ratio_interval_method::linearisation) {
    double ss = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = done[i] - r.ratio * eligible[i];
      ss += e * e;
    }
    detail::linearised_interval(r, nd, sx, ss, options.alpha);
    return r;
  }
  if (options.replicates < 2)
    detail::fail<invalid_argument>("replicates = ", options.replicates, " is fewer than 2 bootstrap resamples");
  std::mt19937_64 engine(options.seed);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<double> reps(options.replicates);
  double mean = 0.0;
  for (double& rep : reps) {
    double by = 0.0, bx = 0.0;
    do {
      by = 0.0, bx = 0.0;
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = pick(engine);
        by += done[i], bx += eligible[i];
      }
    } while (!(bx > 0.0));
    rep = by / bx;
    mean += rep;
  }
  mean /= static_cast<double>(reps.size());
  double ss = 0.0;
  for (double v : reps) ss += (v - mean) * (v - mean);
  r.std_error = std::sqrt(ss / (static_cast<double>(reps.size()) - 1.0));
  std::sort(reps.begin(), reps.end());
  const auto quantile = [&](double q) {
    const double h = (static_cast<double>(reps.size()) - 1.0) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, reps.size() - 1);
    return reps[lo] + (h - std::floor(h)) * (reps[hi] - reps[lo]);
  };
  r.low = quantile(options.alpha / 2.0), r.high = quantile(1.0 - options.alpha / 2.0);
  return r;
}

}  // namespace attain
