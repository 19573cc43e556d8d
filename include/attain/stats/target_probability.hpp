#pragma once
/// @file attain/stats/target_probability.hpp
/// @brief The probability that a unit meets its year-end target, from two models of the months
/// left: the trend of its monthly flows and its recent pace.
///
/// Notation: year-to-date tallies D_i, E_i of months i = 1 .. k of the fiscal year, m = 12 - k
/// months left, target tau. Month 1 carries the opening balance, so the monthly flows are those
/// of months 2 .. k (n = k - 1 of them), as in attain::project_year_end. "Meets" is the exact
/// rule of attain::meets_target: D / E >= tau with E > 0.
///
/// **Trend model** (the predictive distribution of the year-end projection's trend path, see
/// projection.hpp): the done and eligible flows each follow their least-squares line against the
/// month number t = 2 .. k with independent normal errors (equal variance; done and eligible
/// errors may covary). Meeting the target is Z = D_12 - tau E_12 >= 0, and Z is linear in the
/// future flows, so no delta method is needed: the flows z_t = d_t - tau e_t follow a line too,
/// and the least-squares prediction of the sum of the m future z's has the exact t predictive
/// distribution
///   (Z - Zhat) / se ~ t_{n-2},  se^2 = s_z^2 (m + m^2 / n + (sum_h (t_h - tbar))^2 / Sxx),
/// s_z^2 = RSS_z / (n - 2), so P = F_{t, n-2}(Zhat / se). Zhat = D_k - tau E_k + sum_h (max(dhat_h,
/// 0) - tau ehat_h), the projection's trend path (a projected done flow below zero counts as
/// zero). Needs n >= 3 flows (k >= 4); with se = 0 (flows exactly on their lines) P is 1 or 0.
/// Scale-free, so it serves money measures too. Not given for quota measures (the projection
/// models a completion ratio's flows).
///
/// **Pace model** (counts only): completions arrive as a Poisson process of constant rate
/// lambda a month. With X = D_k - D_{k-w} completions in the last w = min(window, n) months
/// (taken as 0 if negative) and Jeffreys' prior, lambda | X ~ Gamma(X + 1/2, rate w), so the
/// completions S of the m months left are negative binomial: S ~ NB(r = X + 1/2, p = w / (w +
/// m)) (scipy.stats.nbinom's parametrisation; mean (X + 1/2) m / w). The year-end eligible total
/// is taken as known: for a completion measure E_12 = E_k + m (E_k - E_{k-w}) / w (the recent
/// eligible flow, as the pace projection), rounded to a whole number (halves away from zero); for a quota measure the
/// plan E_12 = E_k (the year's plan). The least year-end done that meets tau is T =
/// attain::target_threshold_unchecked(E_12, tau), and P = P(S >= T - D_k) = I_{1-p}(T - D_k, r) (1 when T <= D_k).
/// Over-dispersion (quasi-Poisson; McCullagh & Nelder 1989, sec. 6.2; Wedderburn 1974): aggregated
/// completions scatter more than a Poisson count (a province's monthly flows can have a variance
/// 24 times their mean), so the model assumes only Var = phi x mean, with phi = max(1, s^2 / dbar)
/// from ALL the done flows of months 2 .. k (not only the window; month 1's year-to-date value is
/// left out, as it may carry the opening balance), s^2 their sample variance (divisor n - 1), dbar
/// their mean; phi = 1 with fewer than 2 flows or dbar <= 0. Counts scaled by 1/phi are taken as
/// Poisson: P = I_{1-p}((T - D_k) / phi, X / phi + 1/2) = betaincc(X / phi + 1/2, (T - D_k) / phi,
/// w / (w + m)) (phi = 1: the plain negative binomial above). The projected year-end eligible total's
/// own uncertainty is not modelled.
/// Needs n >= 1 flow (k >= 2); a quota already met has P = 1 with any number of months (its actual never falls). Given
/// for measures declared a count: a Poisson count of money amounts would depend on the currency unit, so money and
/// undeclared measures get NaN.
///
/// Both: at the year end (m = 0) P is exactly 1 or 0 (whether the target is met); NaN without a
/// target, with too few months, or when the year-end eligible total is not positive (no ratio).
/// Both describe month-to-month scatter around the model, not the risk that the model is wrong
/// (a campaign, a backlog cleared at once); docs/statistics.md shows their calibration.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/measure.hpp"
#include "attain/core/panel.hpp"

namespace attain {

/// @brief The model of the months left that a probability of meeting the target comes from.
enum class target_model : std::uint8_t {
  trend = 0,  ///< least-squares lines of the monthly flows, normal errors (t predictive)
  pace = 1,   ///< quasi-Poisson completions at the recent rate, gamma (Jeffreys) rate uncertainty
};

/// @brief "trend" or "pace".
std::string_view model_name(target_model model) noexcept;
/// @brief The model named @p name ("trend" or "pace"); invalid_argument naming @p argument otherwise.
target_model parse_target_model(std::string_view name, std::string_view argument = "model");

/// @brief The trend model's probability that the year-to-date tallies @p done, @p eligible of
/// months 1 .. k (k = their length, 1..12) meet @p target at the year end.
/// @throws invalid_argument for a bad tally (naming the month), k outside 1..12 or a target
/// outside [0, 1] (NaN = none: the result is NaN); length_mismatch.
double trend_meet_probability(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                              double target);

/// @brief The pace model's probability (see the file comment) for a measure of form @p form
/// (a quota's @p eligible is its plan, @p done its actual, @p target in [0, 10]).
/// @param window the number of recent monthly flows the rate is estimated from (>= 1).
/// @throws as trend_meet_probability(); invalid_argument for a window below 1.
double pace_meet_probability(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible, double target,
                             measure_form form = measure_form::completion, int window = 3);

/// @brief @p model's probability for @p unit's @p measure (index) at @p as_of, from the panel's
/// months of as_of's fiscal year up to as_of (which must all be periods of the panel): NaN where
/// the model does not apply (the trend to a quota, the pace to a measure not declared a count)
/// before the year end; at the year end 1 or 0 for every measure (needing only that month).
/// @throws unknown_key naming the first missing month; the errors of the functions above.
double meet_probability(const panel& p, std::size_t measure, std::int32_t unit, year_month as_of, target_model model,
                        int window = 3);

/// @brief One unit of an at-risk list.
struct unit_probability {
  std::int32_t unit = 0;
  double probability = 0.0;
};

/// @brief The units among @p candidates whose probability @p probability[unit] is below
/// @p below, lowest first (ties by unit index); NaN probabilities are left out.
/// @throws invalid_argument for @p below outside [0, 1].
std::vector<unit_probability> below_level(std::span<const double> probability, std::span<const std::int32_t> candidates,
                                          double below);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/target_probability-inl.hpp"
#endif
