#pragma once
/// @file attain/core/schedule.hpp
/// @brief Schedule pace: where a unit should be by now, and how far ahead or behind it is.
///
/// expected = target x share of the year elapsed. The share is months_elapsed / 12 by default
/// (linear), or the cumulative share of a 12-month profile (weights for years with peak
/// campaigns: share = sum of the first months_elapsed weights / sum of all 12).
/// ahead = ratio - expected (positive: ahead of schedule). The founding domain's example:
/// 48.49 % against 73 % after 6 months: expected 36.5 %, ahead by 11.99 points.
///
/// That holds when eligible is the whole year's workload (plan_basis::annual: cases to clear this
/// fiscal year), so the ratio builds up through the year. When eligible is what came due so far
/// (plan_basis::to_date: a running rate such as A&E attendances seen within four hours, or a
/// quota's plan due by now), the target applies to the ratio at every month: expected = target
/// and ahead = ratio - target (minus the gap), whatever the month.

#include <cmath>
#include <cstdint>
#include <span>

#include "attain/core/error.hpp"
#include "attain/core/measure.hpp"

namespace attain {

/// @brief Expected progress and the distance to it.
struct schedule_result {
  double expected = 0.0;  ///< target x share of the year elapsed
  double ahead = 0.0;     ///< ratio - expected (positive: ahead of schedule)
};

/// @brief Throws unless @p profile is empty or holds 12 non-negative finite weights with a positive sum.
inline void validate_profile(std::span<const double> profile) {
  if (profile.empty()) return;
  if (profile.size() != 12)
    detail::fail<invalid_argument>("schedule profile has ", profile.size(), " weights; 12 (one a month) are needed");
  double total = 0.0;
  for (std::size_t i = 0; i < 12; ++i) {
    if (!(profile[i] >= 0.0) || !std::isfinite(profile[i]))
      detail::fail<invalid_argument>(detail::at("profile", i), " = ", profile[i], " is not a non-negative number");
    total += profile[i];
  }
  if (!(total > 0.0)) detail::fail<invalid_argument>("schedule profile weights sum to 0");
}

/// @brief Share of the year's work due after @p months_elapsed months (0..12).
inline double schedule_share(int months_elapsed, std::span<const double> profile = {}) {
  if (months_elapsed < 0 || months_elapsed > 12)
    detail::fail<invalid_argument>("months_elapsed = ", months_elapsed, " is outside 0..12");
  validate_profile(profile);
  if (profile.empty()) return months_elapsed / 12.0;
  double done = 0.0, total = 0.0;
  for (std::size_t i = 0; i < 12; ++i) {
    total += profile[i];
    if (static_cast<int>(i) < months_elapsed) done += profile[i];
  }
  return done / total;
}

/// @brief Expected progress and ahead/behind for a completion @p ratio against @p target after
/// @p months_elapsed months. With eligible the year's workload (@p basis annual, the default)
/// expected = target x share of the year; with eligible what came due so far (to_date: a
/// running rate) expected = target, since the target applies to the ratio at every month.
/// NaN ratio or target give NaN; a ratio or target outside [0, 1] (infinite included) throws
/// invalid_argument; months_elapsed and the profile are checked whatever the basis.
inline schedule_result schedule(double ratio, double target, int months_elapsed, std::span<const double> profile = {},
                                plan_basis basis = plan_basis::annual) {
  if (!std::isnan(target) && !(target >= 0.0 && target <= 1.0))
    detail::fail<invalid_argument>("target = ", target, " is outside [0, 1]");
  if (!std::isnan(ratio) && !(ratio >= 0.0 && ratio <= 1.0))
    detail::fail<invalid_argument>("ratio = ", ratio, " is outside [0, 1]");
  const double share = schedule_share(months_elapsed, profile);
  schedule_result r;
  r.expected = basis == plan_basis::to_date ? target : target * share;
  r.ahead = ratio - r.expected;
  return r;
}

/// @brief Expected progress and ahead/behind for a quota's @p attainment (actual / plan, >= 0,
/// may exceed 1) against @p target (x plan, in [0, 10]). With an annual plan (@p basis annual,
/// the default) expected = target x share of the year; with a to-date plan (the plan due by
/// now) expected = target, since the plan already holds the year's progress. ahead = attainment
/// - expected. NaN gives NaN; a negative or infinite value throws; months_elapsed and the
/// profile are checked whatever the basis.
inline schedule_result quota_schedule(double attainment, double target, int months_elapsed,
                                      std::span<const double> profile = {}, plan_basis basis = plan_basis::annual) {
  if (!std::isnan(target) && !(target >= 0.0 && target <= 10.0))
    detail::fail<invalid_argument>("target = ", target, " is outside [0, 10]");
  if (!std::isnan(attainment) && !(attainment >= 0.0 && std::isfinite(attainment)))
    detail::fail<invalid_argument>("attainment = ", attainment, " is not a finite non-negative number");
  const double share = schedule_share(months_elapsed, profile);
  schedule_result r;
  r.expected = basis == plan_basis::to_date ? target : target * share;
  r.ahead = attainment - r.expected;
  return r;
}

/// @brief Element-wise schedule() into @p out (every span but @p profile of one length); a
/// target of NaN (none) gives NaN; messages name the element.
inline void schedule(std::span<const double> ratio, std::span<const double> target,
                     std::span<const std::int32_t> months_elapsed, std::span<const double> profile,
                     std::span<schedule_result> out) {
  const std::size_t n = ratio.size();
  require_same_length("target", target.size(), "ratio", n);
  require_same_length("months_elapsed", months_elapsed.size(), "ratio", n);
  require_same_length("out", out.size(), "ratio", n);
  validate_profile(profile);
  for (std::size_t i = 0; i < n; ++i) {
    if (months_elapsed[i] < 0 || months_elapsed[i] > 12)
      fail<invalid_argument>("months_elapsed[", i, "] = ", months_elapsed[i], " is outside 0..12");
    if (!std::isnan(target[i]) && !(target[i] >= 0.0 && target[i] <= 1.0))
      fail<invalid_argument>(detail::at("target", i), " = ", target[i], " is outside [0, 1]");
    if (!std::isnan(ratio[i]) && !(ratio[i] >= 0.0 && ratio[i] <= 1.0))
      fail<invalid_argument>(detail::at("ratio", i), " = ", ratio[i], " is outside [0, 1]");
    out[i] = schedule(ratio[i], target[i], months_elapsed[i], profile);
  }
}

}  // namespace attain
