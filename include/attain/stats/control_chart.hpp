#pragma once
/// @file attain/stats/control_chart.hpp
/// @brief Control charts for a unit's monthly ratios: the p-chart and Laney's p'-chart.
///
/// Month i has done_i out of eligible_i (monthly flows, not year-to-date totals; see
/// ytd_to_monthly). With centre pbar (sum done / sum eligible unless given) and
/// sigma_i = sqrt(pbar (1 - pbar) / eligible_i):
/// - p-chart: pbar +- k sigma_i (k = 3 by default);
/// - Laney p'-chart (Laney 2002): z_i = (p_i - pbar) / sigma_i, moving ranges
///   MR_i = |z_i - z_{i-1}| (i >= 2), sigma_z = mean(MR) / 1.128 (the d2 constant for ranges of
///   two), limits pbar +- k sigma_i sigma_z. With large denominators sigma_i is tiny and the
///   month-to-month variation that is not binomial makes almost every point fall outside the
///   p-chart; sigma_z rescales the limits to the variation actually seen.
/// Limits are clipped to [0, 1]; a point is flagged when its ratio is strictly outside.

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/ci.hpp"

namespace attain {

/// @brief The kind of control chart.
enum class chart_kind {
  p,     ///< Shewhart p-chart
  laney  ///< Laney p'-chart
};

/// @brief "p" or "laney".
inline chart_kind parse_chart_kind(std::string_view name) {
  if (name == "p") return chart_kind::p;
  if (name == "laney") return chart_kind::laney;
  detail::fail<invalid_argument>("kind = '", name, "' is not one of 'p', 'laney'");
}

/// @brief Control limits for each month and the months outside them.
struct control_chart_result {
  double centre = 0.0;   ///< pbar (or the given centre)
  double sigma_z = 1.0;  ///< Laney's between-month factor (1 for the p-chart)
  std::vector<double> ratio, lower, upper;
  std::vector<std::int8_t> flag;  ///< +1 above the upper limit, -1 below the lower, 0 within
};

/// @brief The d2 constant for moving ranges of two points (Laney 2002 and Minitab use 1.128).
inline constexpr double moving_range_d2 = 1.128;

/// @brief p-chart or Laney p'-chart limits for monthly done / eligible.
/// @param centre NaN: the overall ratio; otherwise a value in [0, 1] (e.g. a target).
/// @param sigmas the limits' width in standard deviations (> 0).
/// @throws invalid_argument on invalid tallies, eligible == 0 in a month, fewer than 2 months
/// for Laney, sigmas <= 0, centre outside [0, 1].
control_chart_result control_chart(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                   chart_kind kind = chart_kind::laney, double sigmas = 3.0,
                                   double centre = detail::nan());

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/control_chart-inl.hpp"
#endif
