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

#include <cmath>
#include <cstdint>
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
inline std::int64_t shortfall_unchecked(std::int64_t done, std::int64_t eligible, double target) noexcept {
  if (eligible == 0 || meets_target(done, eligible, target)) return 0;
  // Start from the real-number estimate (off by at most one), then settle the last unit with
  // the exact predicate. long double only where double cannot hold the denominator exactly.
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  const double estimate = eligible < exact
                              ? std::ceil(target * static_cast<double>(eligible)) - static_cast<double>(done)
                              : static_cast<double>(std::ceil(static_cast<long double>(target) * eligible) - done);
  std::int64_t k = estimate < 1 ? 1 : static_cast<std::int64_t>(estimate);
  if (k > eligible - done) k = eligible - done;  // done = eligible always meets t <= 1
  while (k > 1 && meets_target(done + k - 1, eligible, target)) --k;
  while (!meets_target(done + k, eligible, target)) ++k;
  return k;
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
