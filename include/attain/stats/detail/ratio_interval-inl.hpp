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
    r.std_error = std::sqrt(nd / (nd - 1.0) * ss) / sx;
    const double half = normal_upper_quantile(options.alpha / 2.0) * r.std_error;
    r.low = r.ratio - half, r.high = r.ratio + half;
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
