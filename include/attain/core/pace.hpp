#pragma once
/// @file attain/core/pace.hpp
/// @brief The pace needed to reach a target by the end of the fiscal year.
///
/// With the denominator as of now, the completions still needed are the shortfall (see
/// gap.hpp) and the pace is shortfall / months_remaining. With a projected denominator, the
/// eligible total is assumed to keep growing by @p eligible_growth_per_month until year end
/// (new intake also has to be completed at the target rate), so more completions are needed.
/// With no month remaining, the pace is +infinity if anything is still needed and 0 otherwise.

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "attain/core/gap.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief Completions needed by year end, and per remaining month.
struct pace_result {
  int months_remaining = 0;
  std::int64_t needed = 0;              ///< shortfall with the current denominator
  double per_month = 0.0;               ///< needed / months_remaining
  std::int64_t eligible_projected = 0;  ///< denominator projected to year end
  std::int64_t needed_projected = 0;    ///< shortfall against the projected denominator
  double per_month_projected = 0.0;     ///< needed_projected / months_remaining
};

namespace detail {
inline double per_month(std::int64_t needed, int months_remaining) {
  if (months_remaining == 0) return needed > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return static_cast<double>(needed) / months_remaining;
}
}  // namespace detail

/// @brief The pace for tally @p now to reach @p target in @p months_remaining months.
/// @param eligible_growth_per_month the denominator's expected monthly growth (0: as of now).
/// The projected denominator is eligible + round(growth * months_remaining); a negative growth
/// throws invalid_argument (a shrinking denominator has no such pace: see projection.hpp).
inline pace_result pace(const tally& now, double target, int months_remaining, double eligible_growth_per_month = 0.0) {
  validate_tally(now.done, now.eligible, 0);
  validate_target(target, 0);
  if (months_remaining < 0 || months_remaining > 11)
    detail::fail<invalid_argument>("months_remaining = ", months_remaining, " is outside 0..11");
  if (!std::isfinite(eligible_growth_per_month))
    detail::fail<invalid_argument>("eligible_growth_per_month = ", eligible_growth_per_month, " is not finite");
  if (eligible_growth_per_month < 0)
    detail::fail<invalid_argument>("eligible_growth_per_month = ", eligible_growth_per_month,
                                   " is negative: the pace assumes a denominator that grows or stays as it is");
  pace_result r;
  r.months_remaining = months_remaining;
  r.needed = shortfall_unchecked(now.done, now.eligible, target);
  r.per_month = detail::per_month(r.needed, months_remaining);
  // The growth in whole units, compared exactly with the room left below 2^63 (long double holds
  // every int64).
  const long double growth = std::round(static_cast<long double>(eligible_growth_per_month) * months_remaining);
  if (growth > static_cast<long double>(std::numeric_limits<std::int64_t>::max() - now.eligible))
    detail::fail<overflow_error>("projected eligible total overflows int64: ", now.eligible, " + ", growth);
  r.eligible_projected = now.eligible + static_cast<std::int64_t>(growth);
  r.needed_projected = shortfall_unchecked(now.done, r.eligible_projected, target);
  r.per_month_projected = detail::per_month(r.needed_projected, months_remaining);
  return r;
}

/// @brief The pace of a quota: @p needed (its shortfall, see quota_gap_unchecked) per remaining
/// month against @p plan as it is (a plan does not grow with intake: the projected figures are
/// the current ones). No validation beyond months_remaining in 0..11.
inline pace_result quota_pace(std::int64_t needed, std::int64_t plan, int months_remaining) {
  if (months_remaining < 0 || months_remaining > 11)
    detail::fail<invalid_argument>("months_remaining = ", months_remaining, " is outside 0..11");
  pace_result r;
  r.months_remaining = months_remaining;
  r.needed = r.needed_projected = needed;
  r.per_month = r.per_month_projected = detail::per_month(needed, months_remaining);
  r.eligible_projected = plan;
  return r;
}

/// @brief Element-wise pace() into @p out (every span of one length); validates every element
/// first, so that a message names it ("months_remaining[3] = 12 is outside 0..11").
inline void pace(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                 std::span<const double> target, std::span<const std::int32_t> months_remaining,
                 std::span<const double> eligible_growth_per_month, std::span<pace_result> out) {
  const std::size_t n = done.size();
  require_same_length("done", n, "eligible", eligible.size());
  require_same_length("target", target.size(), "done", n);
  require_same_length("months_remaining", months_remaining.size(), "done", n);
  require_same_length("eligible_growth_per_month", eligible_growth_per_month.size(), "done", n);
  require_same_length("out", out.size(), "done", n);
  for (std::size_t i = 0; i < n; ++i) {
    validate_tally(done[i], eligible[i], i);
    validate_target(target[i], i);
    if (months_remaining[i] < 0 || months_remaining[i] > 11)
      fail<invalid_argument>("months_remaining[", i, "] = ", months_remaining[i], " is outside 0..11");
    if (!std::isfinite(eligible_growth_per_month[i]))
      fail<invalid_argument>("eligible_growth_per_month[", i, "] = ", eligible_growth_per_month[i], " is not finite");
    if (eligible_growth_per_month[i] < 0)
      fail<invalid_argument>("eligible_growth_per_month[", i, "] = ", eligible_growth_per_month[i],
                             " is negative: the pace assumes a denominator that grows or stays as it is");
    out[i] = pace({done[i], eligible[i]}, target[i], months_remaining[i], eligible_growth_per_month[i]);
  }
}

}  // namespace attain
