#pragma once
// The compiled part of attain/stats/control_chart.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "attain/stats/control_chart.hpp"

namespace attain {

ATTAIN_FUNC control_chart_result control_chart(std::span<const std::int64_t> done,
                                               std::span<const std::int64_t> eligible, chart_kind kind, double sigmas,
                                               double centre) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  if (!(sigmas > 0.0 && std::isfinite(sigmas)))
    detail::fail<invalid_argument>("sigmas = ", sigmas, " is not a positive number");
  if (kind == chart_kind::laney && done.size() < 2)
    detail::fail<invalid_argument>("Laney's p'-chart needs at least 2 months (one moving range), got ", done.size());
  tally total;
  for (std::size_t i = 0; i < done.size(); ++i) {
    validate_tally(done[i], eligible[i], i);
    if (eligible[i] == 0)
      detail::fail<invalid_argument>(detail::at("eligible", i),
                                     " = 0: a month with nothing eligible has no ratio to chart");
    total += tally{done[i], eligible[i]};
  }
  control_chart_result r;
  if (std::isnan(centre)) {
    if (done.empty()) detail::fail<invalid_argument>("a control chart needs at least 1 month");
    r.centre = completion_ratio_unchecked(total.done, total.eligible);
  } else {
    validate_target(centre, 0, "centre");
    r.centre = centre;
  }
  const std::size_t n = done.size();
  r.ratio.resize(n), r.lower.resize(n), r.upper.resize(n), r.flag.resize(n);
  std::vector<double> sigma(n);
  for (std::size_t i = 0; i < n; ++i) {
    r.ratio[i] = completion_ratio_unchecked(done[i], eligible[i]);
    sigma[i] = std::sqrt(r.centre * (1.0 - r.centre) / static_cast<double>(eligible[i]));
  }
  if (kind == chart_kind::laney) {
    // z_i is 0 where sigma_i is 0 (centre 0 or 1): no binomial spread to standardise by.
    auto zscore = [&](std::size_t i) { return sigma[i] > 0.0 ? (r.ratio[i] - r.centre) / sigma[i] : 0.0; };
    double sum_mr = 0.0;
    for (std::size_t i = 1; i < n; ++i) sum_mr += std::abs(zscore(i) - zscore(i - 1));
    r.sigma_z = sum_mr / static_cast<double>(n - 1) / moving_range_d2;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double half = sigmas * sigma[i] * r.sigma_z;
    r.lower[i] = detail::clip01(r.centre - half);
    r.upper[i] = detail::clip01(r.centre + half);
    r.flag[i] = r.ratio[i] > r.upper[i] ? 1 : (r.ratio[i] < r.lower[i] ? -1 : 0);
  }
  return r;
}

}  // namespace attain
