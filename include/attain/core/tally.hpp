#pragma once
/// @file attain/core/tally.hpp
/// @brief A tally: how many were done out of how many were eligible, in exact integers.
///
/// A measure is either a count (cases) or an amount (money in minor units; VND has none).
/// Tallies merge with + and += (associative and commutative, so partial results from chunks,
/// threads or cluster workers combine in any order); an overflow throws, it never wraps.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "attain/core/checked.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief done out of eligible, for one measure.
struct tally {
  std::int64_t done = 0;      ///< numerator: completed
  std::int64_t eligible = 0;  ///< denominator: eligible (e.g. cases with conditions to enforce)

  tally& operator+=(const tally& other) {
    done = checked_add(done, other.done, "tally done");
    eligible = checked_add(eligible, other.eligible, "tally eligible");
    return *this;
  }
  friend tally operator+(tally a, const tally& b) { return a += b; }
  friend bool operator==(const tally&, const tally&) = default;
};

/// @brief The case-level sums a tally of amounts leaves out, which the linearised variance of
/// its ratio of sums (done / eligible) needs: over the cases behind the tally, with x a case's
/// eligible amount and y its done amount (0 unless done), the number of cases and the sums of
/// x^2, xy and y^2 (sum x and sum y are the tally itself, exact). Floating point: they feed a
/// variance, not a total. They add across units and months' cases as tallies do.
struct case_moments {
  std::int64_t cases = 0;  ///< n
  double xx = 0.0;         ///< sum x^2
  double xy = 0.0;         ///< sum x y
  double yy = 0.0;         ///< sum y^2

  case_moments& operator+=(const case_moments& other) {
    cases = checked_add(cases, other.cases, "case count");
    xx += other.xx, xy += other.xy, yy += other.yy;
    return *this;
  }
  friend bool operator==(const case_moments&, const case_moments&) = default;
};

/// @brief Throws attain::invalid_argument unless 0 <= done <= eligible; the message names
/// element @p i of the arrays @p done_name and @p eligible_name.
inline void validate_tally(std::int64_t done, std::int64_t eligible, std::size_t i, const char* done_name = "done",
                           const char* eligible_name = "eligible") {
  if (done < 0) detail::fail<invalid_argument>(detail::at(done_name, i), " = ", done, " is negative");
  if (eligible < 0) detail::fail<invalid_argument>(detail::at(eligible_name, i), " = ", eligible, " is negative");
  if (done > eligible)
    detail::fail<invalid_argument>(detail::at(done_name, i), " = ", done, " is greater than ",
                                   detail::at(eligible_name, i), " = ", eligible);
}

/// @brief Throws attain::invalid_argument unless @p target is a number in [0, 1], naming it
/// @p name (e.g. "targets['count']").
inline void validate_target(double target, std::string_view name) {
  if (!(target >= 0.0 && target <= 1.0))
    detail::fail<invalid_argument>(name, " = ", target, std::isnan(target) ? " is NaN" : " is outside [0, 1]");
}

/// @brief Throws attain::invalid_argument unless @p target is a number in [0, 1].
inline void validate_target(double target, std::size_t i, const char* name = "target") {
  validate_target(target, detail::at(name, i));
}

/// @brief Sum of many tallies, exact; overflow throws.
inline tally sum(std::span<const tally> tallies) {
  tally total;
  for (const auto& t : tallies) total += t;
  return total;
}

}  // namespace attain
