#pragma once
/// @file attain/stats/funnel.hpp
/// @brief Funnel-plot control limits for comparing units' ratios with a target or with the
/// overall ratio (Spiegelhalter 2005), with overdispersion handled as FunnelPlotR does.
///
/// For a unit with denominator n and centre theta (the target, or sum done / sum eligible):
/// - exact binomial limits at level L (e.g. 0.95): for each tail probability p in
///   {(1 - L)/2, (1 + L)/2}, r_p is the smallest r with F(r) >= p (F the Binomial(n, theta)
///   cdf), a = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the limit is (r_p - a) / n
///   (Spiegelhalter 2005, appendix: the interpolation that makes the discrete limits smooth),
///   clipped at 0;
/// - normal limits: theta +- z_p sqrt(phi s^2 + tau^2) with s^2 = theta (1 - theta) / n on the
///   proportion scale, or sin^2(asin(sqrt(theta)) +- z_p sqrt(phi / (4 n) + tau^2)) on the
///   arcsine (variance-stabilised) scale, clipped to [0, 1].
///
/// Overdispersion (only with normal limits), in FunnelPlotR's steps:
/// 1. z-scores z_i = (y_i - theta_i) / s_i on the chosen scale;
/// 2. winsorise them: values below the 10th / above the 90th percentile (R's type-7
///    quantiles, numpy's default) are set to those percentiles (the fraction is configurable);
/// 3. phi = (1 / I) sum z_w^2 over the I units (Spiegelhalter's multiplicative factor);
///    the multiplicative limits use max(phi, 1);
/// 4. tau^2 by DerSimonian-Laird: 0 if I phi <= I - 1, else
///    (I phi - (I - 1)) / (sum w_i - sum w_i^2 / sum w_i) with w_i = 1 / s_i^2;
///    the random-effects (additive) limits use s^2 + tau^2.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/ci.hpp"

namespace attain {

/// @brief How funnel limits are computed.
enum class funnel_method {
  exact,  ///< binomial quantiles with Spiegelhalter's interpolation
  normal  ///< normal approximation (required for overdispersion)
};

/// @brief How overdispersion between units is allowed for.
enum class funnel_overdispersion {
  none,            ///< plain sampling variation
  multiplicative,  ///< variance times phi (Spiegelhalter's multiplicative factor)
  random_effects   ///< variance plus tau^2 (DerSimonian-Laird additive random effects)
};

/// @brief The scale of the normal approximation and of the z-scores.
enum class funnel_scale {
  proportion,  ///< y = done / eligible, s^2 = theta (1 - theta) / n (Spiegelhalter 2005)
  arcsine      ///< y = asin(sqrt(ratio)), s^2 = 1 / (4 n) (FunnelPlotR for proportions)
};

/// @brief "exact" or "normal".
inline funnel_method parse_funnel_method(std::string_view name) {
  if (name == "exact") return funnel_method::exact;
  if (name == "normal") return funnel_method::normal;
  detail::fail<invalid_argument>("method = '", name, "' is not one of 'exact', 'normal'");
}

/// @brief "none", "multiplicative" or "random_effects".
inline funnel_overdispersion parse_funnel_overdispersion(std::string_view name) {
  if (name == "none") return funnel_overdispersion::none;
  if (name == "multiplicative") return funnel_overdispersion::multiplicative;
  if (name == "random_effects") return funnel_overdispersion::random_effects;
  detail::fail<invalid_argument>("overdispersion = '", name,
                                 "' is not one of 'none', 'multiplicative', 'random_effects'");
}

/// @brief "proportion" or "arcsine".
inline funnel_scale parse_funnel_scale(std::string_view name) {
  if (name == "proportion") return funnel_scale::proportion;
  if (name == "arcsine") return funnel_scale::arcsine;
  detail::fail<invalid_argument>("scale = '", name, "' is not one of 'proportion', 'arcsine'");
}

/// @brief Options of funnel_limits.
struct funnel_options {
  std::vector<double> levels{0.95, 0.998};  ///< two-sided coverage of each pair of limits
  funnel_method method = funnel_method::exact;
  funnel_overdispersion overdispersion = funnel_overdispersion::none;
  funnel_scale scale = funnel_scale::proportion;
  double winsorise = 0.1;  ///< fraction winsorised in each tail before estimating phi
};

/// @brief The spread used by normal limits: phi multiplies the sampling variance, tau2 is added.
struct funnel_spread {
  double phi = 1.0;
  double tau2 = 0.0;
};

/// @brief Funnel limits, z-scores and flags for every unit; per-level arrays are unit-major
/// (element [i * levels.size() + l] is unit i at level l).
struct funnel_result {
  std::vector<double> levels;
  std::vector<double> centre;  ///< per unit: the target or the overall ratio
  std::vector<double> ratio;   ///< done / eligible
  std::vector<double> z;       ///< z-score on the chosen scale (unadjusted for overdispersion)
  std::vector<double> z_winsorised;
  double phi = 1.0;    ///< estimated multiplicative overdispersion (always estimated)
  double tau2 = 0.0;   ///< estimated DerSimonian-Laird tau^2 (always estimated)
  funnel_spread used;  ///< the spread the limits use (phi = max(phi, 1) or tau2, per the option)
  std::vector<double> lower, upper;
  std::vector<std::int8_t> flag;  ///< +1 above the upper limit, -1 below the lower, 0 within
};

/// @brief The funnel limits at @p level for denominator @p n around @p theta.
/// @throws invalid_argument for n <= 0, theta outside (0, 1), level outside (0, 1), or
/// overdispersion (spread other than phi = 1, tau2 = 0) with exact limits.
interval funnel_limit(std::int64_t n, double theta, double level, funnel_method method = funnel_method::exact,
                      funnel_scale scale = funnel_scale::proportion, funnel_spread spread = {});

/// @brief Limit curves over a grid of denominators, for plotting: @p lower and @p upper are
/// level-major (element [l * n.size() + j] is level l at denominator n[j]).
void funnel_curves(double theta, std::span<const std::int64_t> n, std::span<const double> levels, funnel_method method,
                   funnel_scale scale, funnel_spread spread, std::span<double> lower, std::span<double> upper);

/// @brief Funnel limits for units with done out of eligible.
/// @param target empty: the centre is the overall ratio sum done / sum eligible; one value: a
/// common target; one per unit: each unit's own target (the funnel of the gap to target).
/// @throws invalid_argument on invalid tallies, eligible == 0, a centre outside (0, 1), bad
/// levels or winsorise fraction, exact limits with overdispersion, overdispersion with < 2 units.
funnel_result funnel_limits(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                            std::span<const double> target = {}, const funnel_options& options = {});

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/funnel-inl.hpp"
#endif
