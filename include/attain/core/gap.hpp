#pragma once
/// @file attain/core/gap.hpp
/// @brief The gap to a target ratio: how far short, and how many more completions reach it.
///
/// For a target t in [0, 1]:
/// - `ratio` = done / eligible (NaN when eligible == 0);
/// - `gap` = t - ratio, positive when short (as a fraction; x100 for percentage points);
/// - `met` = ratio >= t, decided on the correctly rounded ratio, so a target written as a
///   decimal is met exactly at its boundary: 815 of 1000 meets 0.815 although neither is
///   exact in binary;
/// - `shortfall` = the smallest whole k >= 0 such that (done + k) / eligible meets t, with the
///   same denominator (0 when met).
/// When eligible == 0 there is nothing to complete: ratio and gap are NaN, shortfall is 0 and
/// met is false (such a unit is neither counted as meeting nor as short).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "attain/core/ratio.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief Ratio, gap, shortfall and met for one tally against one target.
struct gap_result {
  double ratio = 0.0;          ///< done / eligible
  double gap = 0.0;            ///< target - ratio (fraction; positive = short)
  std::int64_t shortfall = 0;  ///< extra completions needed with the same denominator
  bool met = false;            ///< ratio >= target
};

/// @brief Whether done / eligible meets @p target (false when eligible == 0). No validation.
inline bool meets_target(std::int64_t done, std::int64_t eligible, double target) noexcept {
  return eligible > 0 && completion_ratio_unchecked(done, eligible) >= target;
}

/// @brief The smallest k >= 0 with (done + k) / eligible meeting @p target. No validation.
/// Exact for every int64 (the predicate is exact, see completion_ratio_unchecked) and bounded:
/// the double estimate brackets the answer below 2^53, else bisection (at most 63 steps).
inline std::int64_t shortfall_unchecked(std::int64_t done, std::int64_t eligible, double target) noexcept {
  if (eligible == 0 || meets_target(done, eligible, target)) return 0;
  // Invariant: done + k meets for k = hi, not for k = lo (done = eligible meets every t <= 1).
  std::int64_t lo = 0, hi = eligible - done;
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  if (eligible < exact) {  // target * eligible is within one unit of the answer's numerator
    const auto estimate = static_cast<std::int64_t>(std::ceil(target * static_cast<double>(eligible))) - done;
    const std::int64_t a = std::clamp<std::int64_t>(estimate - 2, lo, hi),
                       b = std::clamp<std::int64_t>(estimate + 2, lo, hi);
    if (!meets_target(done + a, eligible, target)) lo = a;
    if (meets_target(done + b, eligible, target)) hi = b;
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (meets_target(done + mid, eligible, target) ? hi : lo) = mid;
  }
  return hi;
}

/// @brief The smallest x >= 0 with x / @p eligible meeting @p target (a target in [0, 10], as a
/// quota's: x is then the actual that reaches it); 0 when eligible == 0 (nothing to reach). No
/// validation; exact for every int64 (see shortfall_unchecked), saturating at the int64 maximum.
inline std::int64_t target_threshold_unchecked(std::int64_t eligible, double target) noexcept {
  if (eligible <= 0 || !(target > 0.0)) return 0;
  // Invariant: x = hi meets (hi / eligible >= ceil(target) >= target), x = lo does not.
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const auto whole = static_cast<std::int64_t>(std::ceil(target));
  std::int64_t lo = 0, hi = eligible > max / whole ? max : whole * eligible;
  if (!meets_target(hi, eligible, target)) return hi;  // beyond int64: saturate
  if (meets_target(0, eligible, target)) return 0;
  constexpr std::int64_t exact = std::int64_t{1} << 52;
  if (eligible < exact / 16) {  // target * eligible is within one unit of the answer
    const auto estimate = static_cast<std::int64_t>(std::ceil(target * static_cast<double>(eligible)));
    const std::int64_t a = std::clamp<std::int64_t>(estimate - 2, lo, hi),
                       b = std::clamp<std::int64_t>(estimate + 2, lo, hi);
    if (!meets_target(a, eligible, target)) lo = a;
    if (meets_target(b, eligible, target)) hi = b;
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (meets_target(mid, eligible, target) ? hi : lo) = mid;
  }
  return hi;
}

/// @brief A quota's gap: @p actual against @p plan and @p target (x plan, in [0, 10]). ratio =
/// attainment (may exceed 1), gap = target - attainment, shortfall = threshold - actual when
/// short, met = attainment >= target; @p exceeded_by (when given) = actual - threshold when met,
/// else 0, where threshold is target_threshold_unchecked(plan, target). No validation.
inline gap_result quota_gap_unchecked(std::int64_t actual, std::int64_t plan, double target,
                                      std::int64_t* exceeded_by = nullptr) noexcept {
  gap_result r;
  r.ratio = completion_ratio_unchecked(actual, plan);
  r.gap = target - r.ratio;
  r.met = meets_target(actual, plan, target);
  const std::int64_t threshold = target_threshold_unchecked(plan, target);
  r.shortfall = plan > 0 && !r.met ? threshold - actual : 0;
  if (exceeded_by) *exceeded_by = r.met ? actual - threshold : 0;
  return r;
}

/// @brief The gap of one tally to @p target; validates the tally and the target.
inline gap_result target_gap(std::int64_t done, std::int64_t eligible, double target) {
  validate_tally(done, eligible, 0);
  validate_target(target, 0);
  gap_result r;
  r.ratio = completion_ratio_unchecked(done, eligible);
  r.gap = target - r.ratio;
  r.met = meets_target(done, eligible, target);
  r.shortfall = shortfall_unchecked(done, eligible, target);
  return r;
}

/// @brief The gap of a tally to @p target.
inline gap_result target_gap(const tally& t, double target) { return target_gap(t.done, t.eligible, target); }

/// @brief Element-wise gaps: all spans have the same length (broadcasting is the caller's).
inline void target_gap(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                       std::span<const double> target, std::span<double> ratio, std::span<double> gap,
                       std::span<std::int64_t> shortfall, std::span<bool> met) {
  const std::size_t n = done.size();
  detail::require_same_length("done", n, "eligible", eligible.size());
  detail::require_same_length("target", target.size(), "done", n);
  for (auto size : {ratio.size(), gap.size(), shortfall.size(), met.size()})
    detail::require_same_length("output", size, "done", n);
  detail::validate_tallies(done, eligible);
  for (std::size_t i = 0; i < n; ++i) validate_target(target[i], i);
  completion_ratio(done, eligible, ratio);
  for (std::size_t i = 0; i < n; ++i) {
    gap[i] = target[i] - ratio[i];
    met[i] = eligible[i] > 0 && ratio[i] >= target[i];
    shortfall[i] = met[i] ? 0 : shortfall_unchecked(done[i], eligible[i], target[i]);
  }
}

}  // namespace attain
