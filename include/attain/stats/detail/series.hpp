#pragma once
/// @file attain/stats/detail/series.hpp
/// @brief (Internal, std only.) Checks and medians shared by the slope and Mann-Kendall
/// implementations.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

#include "attain/core/error.hpp"

namespace attain::detail {

/// @brief Throws invalid_argument naming the first non-finite element of @p v.
inline void require_finite(std::span<const double> v, const char* name) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      fail<invalid_argument>(at(name, i), std::isnan(v[i]) ? " is NaN" : " is infinite",
                             "; trends need finite values (drop missing points first)");
}

/// @brief The checks every slope estimator makes: lengths, at least @p min_n points, finite
/// values, and (with x given) not all x equal.
inline void validate_series(std::span<const double> y, std::span<const double> x, std::size_t min_n, const char* what) {
  if (!x.empty()) require_same_length("x", x.size(), "y", y.size());
  if (y.size() < min_n) fail<invalid_argument>(what, " needs at least ", min_n, " points, got ", y.size());
  require_finite(y, "y");
  require_finite(x, "x");
  if (!x.empty() && std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; }))
    fail<invalid_argument>("all x values are equal (", x[0], "): the slope is undefined");
}

/// @brief numpy's median of v (reorders v): the middle value, or the mean of the two middle ones.
inline double median_inplace(std::span<double> v) {
  const std::size_t m = v.size(), h = m / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  const double upper = v[h];
  if (m % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return (lower + upper) / 2.0;
}

/// @brief sum over groups of tied values of t (t - 1) (2 t + 5), for sorted @p v (exact below
/// 2^64, i.e. for any tie group of fewer than 2 million values).
inline long double tie_term(std::span<const double> sorted) {
  long double s = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto t = static_cast<long double>(j - i);
    if (t > 1) s += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  return s;
}

}  // namespace attain::detail
