#pragma once
// The compiled part of attain/stats/control_chart.hpp (see attain/core/config.hpp).
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "attain/stats/control_chart.hpp"
#include "attain/stats/spc.hpp"

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
    if (!(centre > 0.0 && centre < 1.0))
      detail::fail<invalid_argument>(detail::at("centre", 0), " = ", centre,
                                     " is not strictly between 0 and 1: limits around 0 or 1 have no width");
    r.centre = centre;
  }
  if (done.empty()) return r;  // a given centre and no months: nothing to chart
  // One phase, every month in the baseline, no run rules: the limits of spc_proportion, which
  // owns the p and Laney formulas.
  spc_options options;
  options.rules = spc_rules::none;
  options.sigmas = sigmas;
  options.centre = r.centre;
  spc_result chart =
      spc_proportion(done, eligible, kind == chart_kind::laney ? spc_chart::laney : spc_chart::p, options);
  r.sigma_z = chart.phases[0].spread;
  r.ratio = std::move(chart.value), r.lower = std::move(chart.lower), r.upper = std::move(chart.upper);
  r.flag = std::move(chart.outside);
  return r;
}

}  // namespace attain
