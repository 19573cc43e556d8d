#pragma once
/// @file attain/stats/mann_kendall.hpp
/// @brief The Mann-Kendall trend test (five variants), its seasonal form, Sen's slope, and
/// Kendall's tau-b with its p-value.
///
/// The Mann-Kendall family follows pymannkendall 1.4 exactly, including its conventions:
/// - missing values are NaN: they are dropped before S, its variance and the autocorrelation
///   (the remaining values keep their order, and the detrending of hamed_rao / yue_wang /
///   trend_free_pre_whitening uses their positions 1..n in the compressed series), while Sen's
///   slope pairs the non-missing values by their original indices (slope = median over pairs i<j
///   of (x_j - x_i) / (j - i)) and intercept = median(values) - median(their indices) * slope;
/// - z = (S - 1) / sqrt(var S) for S > 0, 0 for S = 0, (S + 1) / sqrt(var S) for S < 0;
/// - var S has the usual tie correction; Tau = S / (n (n - 1) / 2) (no tie correction).
/// Where pymannkendall computes p = 2 (1 - Phi(|z|)), attain computes p = 2 Phi(-|z|) (full
/// relative precision for tiny p; the two agree to 1e-16 absolute). h = |z| > Phi^-1(1 - alpha/2).
/// Infinite values are errors; so is a series with fewer than 2 (3 for the variants that need
/// lag-1 autocorrelation or n - 2 > 0) non-missing values.
///
/// Costs: S and var S in O(n log n) (radix sort and inversion count; brute force below 64 values);
/// Sen's slope in expected O(n log n) (slope_selection.hpp); hamed_rao and yue_wang need the
/// autocorrelation at every lag up to `lag` (default n - 1, as pymannkendall): O(n * lag).
///
/// kendall_tau follows scipy.stats.kendalltau (tau-b, method "auto": the exact null
/// distribution for n <= 33 without ties, or when at most one pair is discordant or concordant;
/// the normal approximation with the tie-corrected variance otherwise), in O(n log n) (Knight).
///
/// Messy monthly series (issue 14, section 7):
/// - real time points: mann_kendall(x, mk_options{.times = t}) takes the time of every value
///   (month ordinals, dates as numbers; strictly increasing, finite). S is over the time order
///   (the order of x, since the times increase); Sen's slope is the median over pairs of
///   non-missing values of (x_j - x_i) / (t_j - t_i), as scipy.stats.theilslopes(x, t); the
///   intercept follows the chosen rule with t in place of the index.
/// - one-sided alternatives: test_alternative (scipy's "two-sided", "greater", "less";
///   "increasing" and "decreasing" are accepted for the last two).
/// - the intercept convention: intercept_rule::separate, median(x) - slope median(t) (Sen 1968,
///   Conover 1980; scipy's theilslopes default and pymannkendall's; attain's default) or
///   intercept_rule::joint, median(x - slope t) (scipy's theilslopes(method="joint"),
///   siegelslopes).
/// - mk_method::block_bootstrap: the moving-block bootstrap of S (Kundzewicz and Robson 2004,
///   after Kuensch 1989), for short autocorrelated series.

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/stats/batch.hpp"
#include "attain/stats/ci.hpp"
#include "attain/stats/slopes.hpp"

namespace attain {

namespace detail {
/// @brief Mann-Kendall S = sum over i < j of sign(v_j - v_i) (NaN compares with nothing).
double mk_score(std::span<const double> v);
}  // namespace detail

/// @brief The Mann-Kendall variants of pymannkendall.
enum class mk_method { original, hamed_rao, yue_wang, pre_whitening, trend_free_pre_whitening, block_bootstrap };

/// @brief The method by its pymannkendall-style name; anything else throws invalid_argument.
inline mk_method parse_mk_method(std::string_view name) {
  if (name == "original") return mk_method::original;
  if (name == "hamed_rao") return mk_method::hamed_rao;
  if (name == "yue_wang") return mk_method::yue_wang;
  if (name == "pre_whitening") return mk_method::pre_whitening;
  if (name == "trend_free_pre_whitening") return mk_method::trend_free_pre_whitening;
  if (name == "block_bootstrap") return mk_method::block_bootstrap;
  detail::fail<invalid_argument>("method = '", name,
                                 "' is not one of 'original', 'hamed_rao', 'yue_wang', 'pre_whitening', "
                                 "'trend_free_pre_whitening', 'block_bootstrap'");
}

/// @brief The alternative hypothesis of a test (scipy's names).
enum class test_alternative : std::int8_t {
  two_sided,  ///< a trend either way: p = 2 P(Z > |z|)
  greater,    ///< an increasing trend: p = P(Z > z)
  less        ///< a decreasing trend: p = P(Z < z)
};

/// @brief "two-sided", "greater" (or "increasing"), "less" (or "decreasing"); anything else
/// throws invalid_argument naming the argument.
inline test_alternative parse_alternative(std::string_view name) {
  if (name == "two-sided") return test_alternative::two_sided;
  if (name == "greater" || name == "increasing") return test_alternative::greater;
  if (name == "less" || name == "decreasing") return test_alternative::less;
  detail::fail<invalid_argument>("alternative = '", name,
                                 "' is not one of 'two-sided', 'greater' (or 'increasing'), 'less' (or 'decreasing')");
}

/// @brief A Mann-Kendall result, field for field pymannkendall's.
struct mann_kendall_result {
  mk_trend trend = mk_trend::no_trend;
  bool h = false;      ///< p < alpha (normal tests: z beyond the critical value of the alternative)
  double p = 0.0;      ///< p-value for the alternative (two-sided by default)
  double z = 0.0;      ///< the continuity-corrected normal score (block_bootstrap: with the replicates' var S)
  double tau = 0.0;    ///< S / (n (n - 1) / 2)
  double s = 0.0;      ///< Mann-Kendall's S
  double var_s = 0.0;  ///< variance of S (tie-corrected, modified by the method; block_bootstrap: of the replicates)
  double slope = 0.0;  ///< Sen's slope (per time step or unit of the times; per period for the seasonal test)
  double intercept = 0.0;
};

/// @brief Sen's slope and intercept of a series with missing values (pymannkendall.sens_slope).
/// @param times empty: 0, 1, ..., n - 1; else the time of every value (strictly increasing).
/// @throws invalid_argument infinite values, fewer than 2 non-missing values, bad times;
/// length_mismatch.
std::pair<double, double> sens_slope(std::span<const double> x, std::span<const double> times = {},
                                     intercept_rule rule = intercept_rule::separate);

/// @brief Everything mann_kendall can be asked, with pymannkendall's defaults.
struct mk_options {
  double alpha = 0.05;
  mk_method method = mk_method::original;
  /// hamed_rao / yue_wang: the number of autocorrelation lags (default all, n - 1).
  std::optional<std::size_t> lag = std::nullopt;
  unsigned threads = 1;
  bool with_slope = true;
  /// The time of every value (empty: 0, 1, ..., n - 1): finite and strictly increasing, as many
  /// as the values. Methods original and block_bootstrap only (the others use lag-1 or lag-k
  /// autocorrelation, which needs regular steps).
  std::span<const double> times = {};
  test_alternative alternative = test_alternative::two_sided;
  intercept_rule intercept = intercept_rule::separate;
  /// block_bootstrap: block length (0: automatic, 2 k + round(sqrt(n) / 2) where k is the first
  /// lag whose sample autocorrelation is at most 1.96 / sqrt(n), at most n / 2), replicates, seed.
  std::size_t block = 0;
  std::size_t replicates = 1000;
  std::uint64_t seed = 0;
};

/// @brief The Mann-Kendall test with every option (see mk_options and the file comment).
/// block_bootstrap: S and its tie-corrected variance as original; then @p replicates series of
/// the same length made of blocks of @p block consecutive non-missing values drawn with
/// replacement at uniform starts (moving blocks, the last one cut), each replicate r from its
/// own generator (splitmix64 of seed and r: the same result for any number of threads); p =
/// (1 + #{replicates as extreme as S}) / (replicates + 1), "as extreme" being |S*| >= |S|,
/// S* >= S or S* <= S by the alternative; var_s = the replicates' variance of S (n - 1
/// denominator), z = S continuity-corrected over its square root.
/// @throws invalid_argument as mann_kendall, plus times (NaN, infinite, not strictly
/// increasing, with a method other than original / block_bootstrap), block > n, replicates 0;
/// length_mismatch (times).
mann_kendall_result mann_kendall(std::span<const double> x, const mk_options& options);

/// @brief The block length block_bootstrap uses by default for the non-missing values @p v.
std::size_t mk_default_block(std::span<const double> v);

/// @brief The Mann-Kendall test of a series x (NaN = missing), as pymannkendall's
/// original_test, hamed_rao_modification_test, yue_wang_modification_test,
/// pre_whitening_modification_test and trend_free_pre_whitening_modification_test.
/// @param lag hamed_rao / yue_wang only: the number of lags of autocorrelation to use (default
/// all, n - 1, as pymannkendall); must be < the number of non-missing values.
/// @param threads 2 or more: Sen's slope on one thread while S and its variance are computed
/// on another, and the slope selection's orders two at a time (same result).
/// @param with_slope false: skip Sen's slope (slope and intercept NaN) where the method does not
/// need it (original, pre_whitening); for a long series it is most of the work, while S and its
/// variance take O(n log n). hamed_rao, yue_wang and trend_free_pre_whitening detrend with it,
/// so they compute and report it anyway.
/// @throws invalid_argument alpha outside (0, 1), infinite values, too few non-missing values
/// (2; 3 for hamed_rao, pre_whitening, trend_free_pre_whitening), lag too large.
mann_kendall_result mann_kendall(std::span<const double> x, double alpha = 0.05, mk_method method = mk_method::original,
                                 std::optional<std::size_t> lag = std::nullopt, unsigned threads = 1,
                                 bool with_slope = true);

/// @brief The seasonal Mann-Kendall test (Hirsch and Slack 1984) as pymannkendall.seasonal_test:
/// S, var S and the pair counts summed over the seasons (season of x[i] = i mod period, each
/// season's missing values dropped); Sen's slope is the median of the within-season slopes by
/// year, per period; intercept = median(x) - median(index of x) / period * slope.
/// @throws invalid_argument period == 0, alpha outside (0, 1), infinite values, no season with
/// 2 non-missing values.
mann_kendall_result seasonal_mann_kendall(std::span<const double> x, std::size_t period = 12, double alpha = 0.05,
                                          test_alternative alternative = test_alternative::two_sided);

// ---------------------------------------------------------------------------------------------
// Kendall's tau

/// @brief Kendall's tau-b and its two-sided p-value (scipy.stats.kendalltau).
struct kendall_tau_result {
  double tau = 0.0;     ///< NaN when x or y is constant (as SciPy)
  double pvalue = 0.0;  ///< for the alternative (two-sided by default); NaN when x or y is constant
};

/// @brief Kendall's tau-b of (x, y) with SciPy's default method "auto", in O(n log n).
/// @param alternative as scipy.stats.kendalltau(alternative=...): greater = positive
/// association (exact: half the two-sided p on the alternative's side, else 1 - p / 2 + P(c);
/// normal: P(Z > z) without a continuity correction).
/// @throws invalid_argument fewer than 2 points, non-finite values; length_mismatch.
kendall_tau_result kendall_tau(std::span<const double> x, std::span<const double> y,
                               test_alternative alternative = test_alternative::two_sided);

// ---------------------------------------------------------------------------------------------
// Many series at once (a matrix of series, see batch.hpp); rows over threads, and the error of
// the lowest failing row (for_rows in attain/core/parallel.hpp).

/// @brief mann_kendall of every series of @p batch (its x is not used); a batch of one series
/// uses the threads inside it. @throws invalid_argument alpha (before any row); a row's error.
std::vector<mann_kendall_result> mann_kendall(const series_batch& batch, double alpha = 0.05,
                                              mk_method method = mk_method::original,
                                              std::optional<std::size_t> lag = std::nullopt, unsigned threads = 1,
                                              bool with_slope = true);

/// @brief mann_kendall(values, options) of every series of @p batch, with the batch's x as the
/// times (options.times is ignored; options.threads spread the rows, or work inside a batch of
/// one series).
std::vector<mann_kendall_result> mann_kendall(const series_batch& batch, const mk_options& options);

/// @brief seasonal_mann_kendall of every series of @p batch (its x is not used).
std::vector<mann_kendall_result> seasonal_mann_kendall(const series_batch& batch, std::size_t period = 12,
                                                       double alpha = 0.05, unsigned threads = 1,
                                                       test_alternative alternative = test_alternative::two_sided);

/// @brief kendall_tau(x, values) of every series of @p batch (x shared or one row per series).
std::vector<kendall_tau_result> kendall_tau(const series_batch& batch, unsigned threads = 1,
                                            test_alternative alternative = test_alternative::two_sided);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/mann_kendall-inl.hpp"
#endif
