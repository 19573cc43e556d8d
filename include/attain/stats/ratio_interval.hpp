#pragma once
/// @file attain/stats/ratio_interval.hpp
/// @brief Intervals for a ratio of sums, R = sum y / sum x, from case-level amounts (money
/// completion ratios: done amount / eligible amount), which are not binomial proportions.
///
/// - linearisation (survey ratio estimation, Cochran 1977 section 6.4; R's survey::svyratio
///   for a simple random sample without finite-population correction):
///   var(R) = n / (n - 1) sum (y_i - R x_i)^2 / (sum x_i)^2, interval R +- z_{1-alpha/2} se;
/// - bootstrap: B resamples of the n cases with replacement (std::mt19937_64 seeded with
///   @c seed), R*_b = sum y* / sum x* (a resample with sum x* = 0 is drawn again); se is the
///   standard deviation of the R*_b and the interval their alpha/2 and 1 - alpha/2 type-7
///   quantiles (the percentile interval, Davison and Hinkley 1997 section 5.3).
///
/// The linearisation needs only the sufficient statistics n, sum x, sum y, sum x^2, sum xy and
/// sum y^2 (attain::case_moments with a tally): sum (y_i - R x_i)^2 = sum y^2 - 2 R sum xy +
/// R^2 sum x^2. The second overload takes them, so that a panel built from case records gives
/// every unit and month its interval without keeping the cases (docs/statistics.md, "Intervals
/// for money ratios"); both overloads share one formula.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief How the ratio-of-sums interval is computed.
enum class ratio_interval_method {
  linearisation,  ///< Taylor linearisation (survey ratio estimator), normal interval
  bootstrap       ///< case-resampling bootstrap, percentile interval
};

/// @brief "linearisation" or "bootstrap".
inline ratio_interval_method parse_ratio_interval_method(std::string_view name) {
  if (name == "linearisation") return ratio_interval_method::linearisation;
  if (name == "bootstrap") return ratio_interval_method::bootstrap;
  detail::fail<invalid_argument>("method = '", name, "' is not one of 'linearisation', 'bootstrap'");
}

/// @brief Options of ratio_of_sums_interval.
struct ratio_interval_options {
  double alpha = 0.05;  ///< 1 - coverage
  ratio_interval_method method = ratio_interval_method::linearisation;
  std::size_t replicates = 2000;  ///< bootstrap resamples
  std::uint64_t seed = 0;         ///< bootstrap random seed
};

/// @brief The ratio of sums with its standard error and interval.
struct ratio_interval_result {
  double ratio = 0.0;  ///< sum done / sum eligible
  double std_error = 0.0;
  double low = 0.0, high = 0.0;
  std::size_t cases = 0;
};

/// @brief The interval for sum done / sum eligible from case-level amounts.
/// @throws length_mismatch when the lengths differ; invalid_argument for fewer than 2 cases, an
/// amount that is negative or not finite, sum eligible == 0, alpha outside (0, 1), fewer than
/// 2 replicates for the bootstrap.
ratio_interval_result ratio_of_sums_interval(std::span<const double> done, std::span<const double> eligible,
                                             const ratio_interval_options& options = {});

/// @brief The linearisation interval of @p sums.done / @p sums.eligible from the cases' sums
/// @p moments (the same numbers as the case-level overload, up to rounding: the residual sum of
/// squares is expanded, clamped at 0, in long double).
/// @throws invalid_argument for fewer than 2 cases, sum eligible == 0, negative sums or moments,
/// moments that are not finite, alpha outside (0, 1).
ratio_interval_result ratio_of_sums_interval(const tally& sums, const case_moments& moments, double alpha = 0.05);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/ratio_interval-inl.hpp"
#endif
