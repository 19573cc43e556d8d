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
///    the random-effects (additive) limits use s^2 + tau^2;
///    or tau^2 by REML (funnel_tau2::reml): the restricted maximum-likelihood estimate for the
///    winsorised deviations d_i = s_i z_w,i with sampling variances s_i^2 and an estimated mean
///    (metafor's rma(d, s^2, method = "REML")), by Fisher scoring with step halving from the
///    DerSimonian-Laird estimate of the same deviations, until a step is below
///    1e-10 (tau^2 + min s_i^2); more than 1000 steps throws attain::error;
/// 5. beta-binomial limits (funnel_overdispersion::beta_binomial, exact limits only): the
///    intra-unit correlation rho = max(0, (sum z_w^2 - I) / sum (n_i - 1)) (the moment equation
///    E z^2 = 1 + (n - 1) rho), clipped below 1, and the exact limits with the
///    Beta-binomial(n, a, b) cdf in place of the binomial one, a = theta (1 - rho) / rho,
///    b = (1 - theta) (1 - rho) / rho (rho = 0 gives the binomial limits).
///
/// A unit with 0 done (or all done) is an ordinary unit: its ratio is 0, its z-score is finite
/// (-sqrt(n theta / (1 - theta)) on the proportion scale, -2 sqrt(n) asin(sqrt(theta)) on the
/// arcsine scale) and it is flagged below only when its lower limit is positive (a lower limit
/// clipped at 0 cannot be undershot). A unit with nothing eligible is an error.

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
  random_effects,  ///< variance plus tau^2 (additive random effects, tau^2 by funnel_tau2)
  beta_binomial    ///< beta-binomial limits with the estimated intra-unit correlation rho
};

/// @brief How the additive between-unit variance tau^2 is estimated.
enum class funnel_tau2 {
  dersimonian_laird,  ///< moments, around the known centre (FunnelPlotR, Spiegelhalter 2005)
  reml                ///< restricted maximum likelihood, mean estimated (metafor's "REML")
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

/// @brief "none", "multiplicative", "random_effects" or "beta_binomial".
inline funnel_overdispersion parse_funnel_overdispersion(std::string_view name) {
  if (name == "none") return funnel_overdispersion::none;
  if (name == "multiplicative") return funnel_overdispersion::multiplicative;
  if (name == "random_effects") return funnel_overdispersion::random_effects;
  if (name == "beta_binomial") return funnel_overdispersion::beta_binomial;
  detail::fail<invalid_argument>("overdispersion = '", name,
                                 "' is not one of 'none', 'multiplicative', 'random_effects', 'beta_binomial'");
}

/// @brief "dersimonian_laird" or "reml".
inline funnel_tau2 parse_funnel_tau2(std::string_view name) {
  if (name == "dersimonian_laird") return funnel_tau2::dersimonian_laird;
  if (name == "reml") return funnel_tau2::reml;
  detail::fail<invalid_argument>("tau2_method = '", name, "' is not one of 'dersimonian_laird', 'reml'");
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
  funnel_tau2 tau2_method = funnel_tau2::dersimonian_laird;
  double winsorise = 0.1;  ///< fraction winsorised in each tail before estimating phi, tau2, rho
};

/// @brief The spread of the limits: phi multiplies the sampling variance and tau2 is added
/// (normal limits); rho is the beta-binomial intra-unit correlation (exact limits).
struct funnel_spread {
  double phi = 1.0;
  double tau2 = 0.0;
  double rho = 0.0;
};

/// @brief Funnel limits, z-scores and flags for every unit; per-level arrays are unit-major
/// (element [i * levels.size() + l] is unit i at level l).
struct funnel_result {
  std::vector<double> levels;
  std::vector<double> centre;  ///< per unit: the target or the overall ratio
  std::vector<double> ratio;   ///< done / eligible
  std::vector<double> z;       ///< z-score on the chosen scale (unadjusted for overdispersion)
  std::vector<double> z_winsorised;
  double phi = 1.0;         ///< estimated multiplicative overdispersion (always estimated)
  double tau2 = 0.0;        ///< estimated tau^2 by options.tau2_method (always estimated)
  double rho = 0.0;         ///< estimated beta-binomial intra-unit correlation (always estimated)
  int tau2_iterations = 0;  ///< Fisher-scoring steps of REML (0 for DerSimonian-Laird)
  funnel_spread used;       ///< the spread the limits use (max(phi, 1), tau2 or rho, per the option)
  std::vector<double> lower, upper;
  std::vector<std::int8_t> flag;  ///< +1 above the upper limit, -1 below the lower, 0 within
};

/// @brief The funnel limits at @p level for denominator @p n around @p theta.
/// @throws invalid_argument for n <= 0, theta outside (0, 1), level outside (0, 1), phi not
/// positive and finite, tau2 negative or infinite, rho outside [0, 1), phi or tau2 with exact
/// limits, or rho with normal limits.
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
/// levels or winsorise fraction, exact limits with multiplicative or random-effects
/// overdispersion, normal limits with beta-binomial overdispersion, overdispersion with < 2
/// units; attain::error when REML does not converge.
funnel_result funnel_limits(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                            std::span<const double> target = {}, const funnel_options& options = {});

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/funnel-inl.hpp"
#endif
