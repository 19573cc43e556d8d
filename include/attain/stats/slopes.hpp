#pragma once
/// @file attain/stats/slopes.hpp
/// @brief Straight-line trends of a series: ordinary least squares (with everything a
/// prediction interval needs), the Theil-Sen estimator with Sen's (1968) interval, and Siegel's
/// repeated medians.
///
/// Conventions are SciPy's: linear_trend = scipy.stats.linregress, theil_sen =
/// scipy.stats.theilslopes (method "separate"), siegel_slopes = scipy.stats.siegelslopes
/// (method "hierarchical"). x defaults to 0, 1, ..., n - 1. Unlike SciPy, a NaN or infinite
/// value is an error (attain::invalid_argument naming the element), never a NaN result; so is
/// a series shorter than 2 points or one whose x values are all equal.
///
/// Costs: linear_trend O(n); theil_sen expected O(n log n) time and O(n) memory (exact, see
/// detail/slope_selection.hpp); siegel_slopes O(n^2) time and O(n) memory per thread.

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/stats/batch.hpp"
#include "attain/stats/ci.hpp"

namespace attain {

/// @brief How the intercept of a median slope is taken.
enum class intercept_rule : std::int8_t {
  separate,  ///< median(y) - slope * median(t) (Sen 1968, Conover 1980; scipy, pymannkendall)
  joint      ///< median(y - slope * t) (scipy theilslopes(method="joint"), siegelslopes)
};

/// @brief "separate" or "joint"; anything else throws invalid_argument.
inline intercept_rule parse_intercept_rule(std::string_view name) {
  if (name == "separate") return intercept_rule::separate;
  if (name == "joint") return intercept_rule::joint;
  detail::fail<invalid_argument>("intercept = '", name, "' is not one of 'separate', 'joint'");
}

/// @brief The direction the test decides on.
enum class mk_trend : std::int8_t { decreasing = -1, no_trend = 0, increasing = 1 };

// ---------------------------------------------------------------------------------------------
// Ordinary least squares

/// @brief An ordinary least-squares line y = intercept + slope x, with scipy.stats.linregress's
/// statistics and the sums a prediction interval needs.
struct linear_fit {
  double slope = 0.0;
  double intercept = 0.0;
  double rvalue = 0.0;            ///< Pearson r (NaN when y is constant; linregress's convention)
  double pvalue = 0.0;            ///< two-sided, H0 slope = 0, t distribution with n - 2 df
  double slope_stderr = 0.0;      ///< linregress "stderr" (0 for n = 2; NaN when y is constant)
  double intercept_stderr = 0.0;  ///< linregress "intercept_stderr"
  std::size_t n = 0;              ///< number of points
  double mean_x = 0.0;
  double mean_y = 0.0;
  double sxx = 0.0;  ///< sum (x - mean_x)^2
  double syy = 0.0;  ///< sum (y - mean_y)^2
  double sxy = 0.0;  ///< sum (x - mean_x)(y - mean_y)
  /// Residual variance s^2 = SSE / (n - 2), SSE = sum of squared residuals; NaN for n = 2.
  double residual_variance = 0.0;

  /// @brief Degrees of freedom of the residuals, n - 2.
  std::size_t df() const noexcept { return n - 2; }
  /// @brief The fitted value at @p x0.
  double predict(double x0) const noexcept { return intercept + slope * x0; }
  /// @brief Variance of the fitted mean at @p x0: s^2 (1/n + (x0 - mean_x)^2 / sxx).
  double mean_variance(double x0) const noexcept {
    const double d = x0 - mean_x;
    return residual_variance * (1.0 / static_cast<double>(n) + d * d / sxx);
  }
  /// @brief Variance of a new observation at @p x0 around the line (for a prediction
  /// interval predict(x0) +- t_{n-2} sqrt(prediction_variance(x0))):
  /// s^2 (1 + 1/n + (x0 - mean_x)^2 / sxx).
  double prediction_variance(double x0) const noexcept { return residual_variance + mean_variance(x0); }
};

/// @brief Least-squares line through (x, y) as scipy.stats.linregress computes it.
/// @param x empty: 0, 1, ..., n - 1.
/// @throws invalid_argument fewer than 2 points, non-finite values, all x equal;
/// length_mismatch.
linear_fit linear_trend(std::span<const double> y, std::span<const double> x = {});

// ---------------------------------------------------------------------------------------------
// Theil-Sen

/// @brief The Theil-Sen line with Sen's interval for the slope (scipy.stats.theilslopes).
struct theil_sen_result {
  double slope = 0.0;       ///< median of the pairwise slopes over pairs with different x
  double intercept = 0.0;   ///< median(y) - slope * median(x) (joint: median(y - slope * x))
  double low_slope = 0.0;   ///< lower end of the interval (NaN when Sen's variance is negative)
  double high_slope = 0.0;  ///< upper end
};

/// @brief The Theil-Sen estimator with Sen's confidence interval for the slope, exactly as
/// scipy.stats.theilslopes(y, x, alpha, method="separate").
/// @param alpha coverage in (0, 1); as in SciPy, alpha and 1 - alpha give the same interval.
/// @param threads 2 or more: the selection's two orders per step on two threads (same result).
/// @param intercept separate (SciPy's default) or joint (SciPy's method="joint": the same slope
/// and interval, intercept median(y - slope * x) with numpy's two roundings per point).
/// @throws invalid_argument fewer than 2 points, non-finite values, all x equal, alpha outside
/// (0, 1); length_mismatch.
theil_sen_result theil_sen(std::span<const double> y, std::span<const double> x = {}, double alpha = 0.95,
                           unsigned threads = 1, intercept_rule intercept = intercept_rule::separate);

// ---------------------------------------------------------------------------------------------
// Siegel's repeated medians

/// @brief Siegel's repeated-medians line (scipy.stats.siegelslopes, method "hierarchical").
struct siegel_result {
  double slope = 0.0;      ///< median over points j of the median slope from j to the others
  double intercept = 0.0;  ///< median(y - slope * x)
};

/// @brief Siegel's (1982) repeated-medians estimator: O(n^2) time, O(n) memory per thread
/// (one row of slopes at a time, nth_element), rows of points spread over @p threads threads.
/// @throws as theil_sen.
siegel_result siegel_slopes(std::span<const double> y, std::span<const double> x = {}, unsigned threads = 1);

// ---------------------------------------------------------------------------------------------
// Many series at once (a matrix of series, see batch.hpp); rows over threads, and the error of
// the lowest failing row (for_rows in attain/core/parallel.hpp).

/// @brief linear_trend of every series of @p batch.
std::vector<linear_fit> linear_trend(const series_batch& batch, unsigned threads = 1);

/// @brief theil_sen of every series of @p batch; a batch of one series uses the threads inside it.
/// @throws invalid_argument alpha outside (0, 1) (before any row); a row's error.
std::vector<theil_sen_result> theil_sen(const series_batch& batch, double alpha = 0.95, unsigned threads = 1,
                                        intercept_rule intercept = intercept_rule::separate);

/// @brief siegel_slopes of every series of @p batch; a batch of one series spreads its points
/// over the threads (and its errors name no row).
std::vector<siegel_result> siegel_slopes(const series_batch& batch, unsigned threads = 1);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/slopes-inl.hpp"
#endif
