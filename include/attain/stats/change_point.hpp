#pragma once
/// @file attain/stats/change_point.hpp
/// @brief Did the monthly flow change, and where? Pettitt's (1979) change-point test,
/// Alexandersson's (1986) SNHT, and
/// segmented regression (interrupted time series) for a declared campaign start.
///
/// - Pettitt: with midranks r_i of x_1..x_T, U_t = 2 sum_{i <= t} r_i - t (T + 1)
///   (= sum_{i <= t} sum_{j > t} sgn(x_i - x_j)), K = max_t |U_t| over t = 1..T-1, the change
///   after the first t* = argmax points, p ~= 2 exp(-6 K^2 / (T^3 + T^2)) (capped at 1).
/// - Segmented regression: y = b0 + b1 (t - t_s) + b2 D + b3 (t - t_s) D + e with D = 1 from
///   the campaign start t_s on; b2 is the level change at the start and b3 the slope change,
///   by OLS with intervals from Student's t on n - 4 degrees of freedom.
/// The bodies (Eigen's QR, Boost.Math's t and F distributions) are compiled
/// (attain/stats/detail/change_point-inl.hpp).

#include <cstdint>
#include <span>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief Pettitt's test for one change in the level of a series.
struct pettitt_result {
  double statistic = 0.0;    ///< K = max |U_t|
  double u = 0.0;            ///< U_t at the change: > 0 when the earlier values are larger (a fall)
  std::size_t location = 0;  ///< t*: the change comes after the first t* points (index of the first new point)
  double p_value = 1.0;      ///< Pettitt's approximation 2 exp(-6 K^2 / (T^3 + T^2)), at most 1
  double mean_before = 0.0;  ///< mean of x[0, t*)
  double mean_after = 0.0;   ///< mean of x[t*, T)
};

/// @brief Pettitt's (1979) non-parametric test for a change point, O(T log T).
/// @throws invalid_argument on fewer than 2 values or a non-finite value.
pettitt_result pettitt(std::span<const double> x);

/// @brief Alexandersson's standard normal homogeneity test (SNHT) for one shift in the mean.
struct snht_result {
  double statistic = 0.0;    ///< T0 = max_k T_k
  std::size_t location = 0;  ///< k*: the shift comes after the first k* points (first maximum)
  double p_value = 1.0;      ///< Monte Carlo: (1 + #{T_sim >= T0}) / (1 + simulations)
  double mean_before = 0.0;  ///< mean of x[0, k*)
  double mean_after = 0.0;   ///< mean of x[k*, T)
  std::size_t simulations = 0;
};

/// @brief The null distribution of the SNHT statistic for series of length n: the sorted
/// maxima of `simulations` standard normal series (deterministic for a given seed). It depends
/// only on n, so one null serves every series of that length.
/// @throws invalid_argument on n < 3 or simulations == 0.
std::vector<double> snht_null(std::size_t n, std::size_t simulations = 10000, std::uint64_t seed = 14);

/// @brief SNHT (Alexandersson 1986) with its p-value from a null distribution made by snht_null
/// for the same length: (1 + #{T_sim >= T0}) / (1 + simulations).
/// @throws invalid_argument on fewer than 3 values, a non-finite value, an empty null.
snht_result snht(std::span<const double> x, std::span<const double> null_sorted);

/// @brief SNHT with a Monte Carlo p-value from `simulations` standard normal series of the same
/// length. O(simulations x T).
/// @throws invalid_argument on fewer than 3 values, a non-finite value, simulations == 0.
snht_result snht(std::span<const double> x, std::size_t simulations = 10000, std::uint64_t seed = 14);

/// @brief One coefficient of a regression with its standard error, test and interval.
struct regression_coefficient {
  double estimate = 0.0, std_error = 0.0, t = 0.0, p_value = 0.0, low = 0.0, high = 0.0;
};

/// @brief Segmented (interrupted time series) regression for a declared campaign start.
struct segmented_regression_result {
  regression_coefficient level_before;  ///< b0: the pre-campaign line at the start t_s
  regression_coefficient slope_before;  ///< b1: the pre-campaign slope per unit of time
  regression_coefficient level_change;  ///< b2: the jump at t_s
  regression_coefficient slope_change;  ///< b3: the change in slope from t_s on
  regression_coefficient slope_after;   ///< b1 + b3, the post-campaign slope
  /// The Chow test of "nothing changed at the start" (b2 = b3 = 0): F on (2, df) degrees of
  /// freedom from the residual sums of squares with and without the two change terms (NaN
  /// for an exact fit).
  double chow_f = 0.0, chow_p_value = 0.0;
  double sigma = 0.0;  ///< residual standard deviation sqrt(RSS / df)
  double r_squared = 0.0;
  std::size_t df = 0;  ///< n - 4
  std::vector<double> fitted;
};

/// @brief OLS fit of y = b0 + b1 (t - t_s) + b2 D + b3 (t - t_s) D, D = [t >= t_s].
/// @param y the monthly values in time order.
/// @param start index of the first point from the campaign on (t_s = time[start]).
/// @param time empty (0, 1, ..., n - 1) or one strictly increasing time per point (months
/// with gaps).
/// @param alpha 1 - coverage of the intervals.
/// @throws invalid_argument on non-finite values, fewer than 2 points before or after the
/// start, fewer than 5 points, times not strictly increasing, alpha outside (0, 1);
/// length_mismatch when time and y differ in length.
segmented_regression_result segmented_regression(std::span<const double> y, std::size_t start,
                                                 std::span<const double> time = {}, double alpha = 0.05);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/change_point-inl.hpp"
#endif
