#pragma once
/// @file ratio.hpp
/// @brief Completion ratio done / eligible.
///
/// eligible == 0 gives NaN (there is nothing to complete, so there is no ratio); this is
/// documented behaviour, never a crash and never 0 or 1 by convention.
/// The ratio is the correctly rounded double of the exact quotient whenever both integers are
/// below 2^53 (IEEE division of exactly representable operands); above that it is computed in
/// long double and rounded once more.

#include <cstdint>
#include <limits>
#include <span>

#include "attain/tally.hpp"

namespace attain {

/// @brief done / eligible as a double; NaN when eligible == 0. No validation.
inline double completion_ratio_unchecked(std::int64_t done, std::int64_t eligible) noexcept {
  if (eligible == 0) return std::numeric_limits<double>::quiet_NaN();
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  if (done < exact && eligible < exact) return static_cast<double>(done) / static_cast<double>(eligible);
  return static_cast<double>(static_cast<long double>(done) / static_cast<long double>(eligible));
}

/// @brief done / eligible; NaN when eligible == 0; throws on negative or done > eligible.
inline double completion_ratio(std::int64_t done, std::int64_t eligible) {
  validate_tally(done, eligible, 0);
  return completion_ratio_unchecked(done, eligible);
}

/// @brief The ratio of a tally.
inline double completion_ratio(const tally& t) { return completion_ratio(t.done, t.eligible); }

/// @brief Element-wise completion ratio; @p out must have the length of the inputs.
/// Throws on the first invalid element (the elements before it are already written).
inline void completion_ratio(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                             std::span<double> out) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  detail::require_same_length("out", out.size(), "done", done.size());
  for (std::size_t i = 0; i < done.size(); ++i) {
    validate_tally(done[i], eligible[i], i);
    out[i] = completion_ratio_unchecked(done[i], eligible[i]);
  }
}

}  // namespace attain
