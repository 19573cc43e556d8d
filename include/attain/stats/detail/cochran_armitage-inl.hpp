#pragma once
// The compiled part of attain/stats/cochran_armitage.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "attain/stats/cochran_armitage.hpp"

namespace attain {

ATTAIN_FUNC cochran_armitage_result cochran_armitage(std::span<const std::int64_t> done,
                                                     std::span<const std::int64_t> eligible,
                                                     std::span<const double> scores, trend_variance variance) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  if (!scores.empty()) detail::require_same_length("scores", scores.size(), "done", done.size());
  if (done.size() < 2) detail::fail<invalid_argument>("the trend test needs at least 2 periods, got ", done.size());
  // Centre the scores first (at their unweighted mean) so the sums of squares do not cancel.
  double shift = 0.0;
  for (std::size_t i = 0; i < done.size(); ++i) {
    validate_tally(done[i], eligible[i], i);
    const double s = scores.empty() ? static_cast<double>(i) : scores[i];
    if (!std::isfinite(s)) detail::fail<invalid_argument>(detail::at("scores", i), " = ", s, " is not finite");
    shift += s / static_cast<double>(done.size());
  }
  if (!scores.empty() && std::all_of(scores.begin(), scores.end(), [&](double s) { return s == scores[0]; }))
    detail::fail<invalid_argument>("scores are all equal (", scores[0], "): they give the periods no order to test");
  double n = 0.0, d = 0.0, sn = 0.0, ssn = 0.0, sd = 0.0, raw = 0.0;
  for (std::size_t i = 0; i < done.size(); ++i) {
    const double s0 = scores.empty() ? static_cast<double>(i) : scores[i], s = s0 - shift;
    const double e = static_cast<double>(eligible[i]), x = static_cast<double>(done[i]);
    n += e, d += x, sn += s * e, ssn += s * s * e, sd += s * x, raw += s0 * x;
  }
  if (n == 0.0) detail::fail<invalid_argument>("eligible is 0 in every period: there is no ratio to test");
  const double pbar = d / n;
  cochran_armitage_result r;
  r.statistic = raw;
  r.null_mean = raw - (sd - pbar * sn);
  double var = pbar * (1.0 - pbar) * (ssn - sn * sn / n);
  if (variance == trend_variance::n_minus_1) var = n > 1.0 ? var * n / (n - 1.0) : 0.0;
  r.null_sd = std::sqrt(std::max(var, 0.0));
  if (!(var > 0.0)) {
    r.z = r.p_value = r.p_increasing = r.p_decreasing = detail::nan();
    return r;
  }
  r.z = (sd - pbar * sn) / r.null_sd;
  const normal_tails tails = normal_tail_probabilities(r.z);
  r.p_increasing = tails.upper;
  r.p_decreasing = tails.lower;
  r.p_value = 2.0 * std::min(tails.upper, tails.lower);
  return r;
}

ATTAIN_FUNC std::vector<cochran_armitage_result> cochran_armitage_rows(std::span<const std::int64_t> done,
                                                                       std::span<const std::int64_t> eligible,
                                                                       std::size_t periods,
                                                                       std::span<const double> scores,
                                                                       trend_variance variance) {
  require_same_length("done", done.size(), "eligible", eligible.size());
  if (periods == 0 || done.size() % periods != 0)
    fail<invalid_argument>("done has ", done.size(), " values, not rows of ", periods, " periods");
  std::vector<cochran_armitage_result> out(done.size() / periods);
  for (std::size_t r = 0; r < out.size(); ++r)
    out[r] =
        cochran_armitage(done.subspan(r * periods, periods), eligible.subspan(r * periods, periods), scores, variance);
  return out;
}

}  // namespace attain
