#pragma once
/// @file attain/stats/cochran_armitage.hpp
/// @brief The Cochran-Armitage test for a trend in a ratio over ordered periods.
///
/// Periods i = 1..k have done_i out of eligible_i and scores s_i (default 0, 1, ..., k-1).
/// With N = sum eligible, D = sum done, pbar = D / N, the statistic is
///   T = sum s_i done_i, with null mean E = pbar sum s_i eligible_i and null variance
///   V = pbar (1 - pbar) [sum s_i^2 eligible_i - (sum s_i eligible_i)^2 / N] * c,
/// where c = N / (N - 1) for the "N - 1" convention (the exact permutation variance; the
/// linear-by-linear association test of statsmodels' Table.test_ordinal_association and of
/// Agresti) and c = 1 for the "N" convention (Armitage 1955; R's prop.trend.test).
/// z = (T - E) / sqrt(V) is positive when the ratio rises with the score.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/ci.hpp"

namespace attain {

/// @brief The variance convention of the Cochran-Armitage test.
enum class trend_variance {
  n_minus_1,  ///< permutation variance, N - 1 in the denominator (statsmodels)
  n           ///< Armitage's binomial variance, N in the denominator (R prop.trend.test)
};

/// @brief "n-1" or "n"; anything else throws invalid_argument.
inline trend_variance parse_trend_variance(std::string_view name) {
  if (name == "n-1" || name == "N-1") return trend_variance::n_minus_1;
  if (name == "n" || name == "N") return trend_variance::n;
  detail::fail<invalid_argument>("variance = '", name, "' is not one of 'n-1', 'n'");
}

/// @brief The Cochran-Armitage test result. z and the p-values are NaN when the null variance
/// is 0 (every case done, none done, or all eligible cases in periods of one score).
struct cochran_armitage_result {
  double statistic = 0.0;     ///< T = sum score_i * done_i
  double null_mean = 0.0;     ///< E[T] under no trend
  double null_sd = 0.0;       ///< sd of T under no trend (per the variance convention)
  double z = 0.0;             ///< (T - E) / sd; positive when the ratio rises with the score
  double p_value = 0.0;       ///< two-sided
  double p_increasing = 0.0;  ///< one-sided, H1: the ratio rises with the score
  double p_decreasing = 0.0;  ///< one-sided, H1: the ratio falls with the score
};

/// @brief Cochran-Armitage trend test of done / eligible over ordered periods.
/// @param scores the period scores (empty: 0, 1, ..., k-1); finite.
/// @throws invalid_argument on invalid tallies, fewer than 2 periods, no eligible case,
/// non-finite or all-equal scores; length_mismatch on arrays of different lengths.
/// When no period has variation to test (every case done, or none) the statistic is kept and
/// z and the p-values are NaN.
cochran_armitage_result cochran_armitage(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                         std::span<const double> scores = {},
                                         trend_variance variance = trend_variance::n_minus_1);

/// @brief cochran_armitage of each row of a batch: @p done and @p eligible hold rows of
/// @p periods values (C-contiguous rows x periods), @p scores one row shared by all (or empty).
/// @throws length_mismatch, invalid_argument when the arrays are not whole rows; a row's error.
std::vector<cochran_armitage_result> cochran_armitage_rows(std::span<const std::int64_t> done,
                                                           std::span<const std::int64_t> eligible, std::size_t periods,
                                                           std::span<const double> scores = {},
                                                           trend_variance variance = trend_variance::n_minus_1);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/cochran_armitage-inl.hpp"
#endif
