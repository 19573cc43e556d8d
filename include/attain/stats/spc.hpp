#pragma once
/// @file attain/stats/spc.hpp
/// @brief Statistical process control over months: p, Laney p' and XmR (I-MR) charts with
/// phases (rebased limits at declared process changes), frozen baselines, excluded points and
/// run rules (Anhøj runs and crossings, Western Electric, Nelson) that say which rule fired
/// at which points.
///
/// Charts (qcc / qicharts2 formulas; see docs/statistics.md):
/// - p: centre pbar = sum done / sum eligible over the phase's baseline,
///   sigma_i = sqrt(pbar (1 - pbar) / eligible_i), limits pbar +- k sigma_i clipped to [0, 1];
/// - laney (Laney 2002): z_i = (p_i - pbar) / sigma_i over the baseline, sigma_z = mean |z_i -
///   z_{i-1}| / 1.128 (moving ranges of successive baseline points), limits pbar +- k sigma_i
///   sigma_z;
/// - xmr: centre = mean of the baseline values, MRbar = mean |x_i - x_{i-1}| over successive
///   baseline points, sigma = MRbar / 1.128, limits centre +- k sigma (not clipped); the
///   moving-range chart's upper limit is 3.267 MRbar.
///
/// Phases: `breaks` lists the indices where a new phase starts (a campaign wave, a process
/// change); each phase gets its own centre and limits and its own run-rule analysis.
/// Baseline: the first `freeze` points of each phase (all of them when freeze is 0), less the
/// excluded points. Excluded points get limits and an `outside` flag but take no part in the
/// centre, the limits or the run rules.
/// The bodies (Boost.Math's binomial for Anhøj's crossings limit) are compiled
/// (attain/stats/detail/spc-inl.hpp).

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief The kind of chart.
enum class spc_chart {
  p,      ///< Shewhart p-chart for done / eligible
  laney,  ///< Laney p'-chart for done / eligible
  xmr     ///< individuals and moving-range chart for any ratio (money ratios)
};

/// @brief The run-rule set applied on top of the control limits.
enum class spc_rules {
  anhoej,            ///< Anhøj's runs and crossings (the default)
  western_electric,  ///< Western Electric rules 2-4
  nelson,            ///< Nelson rules 2-8
  none               ///< only the points outside the limits
};

/// @brief One rule; its name (spc_rule_name) says what it detects.
enum class spc_rule : std::uint8_t {
  outside_limits,         ///< a point outside the control limits (WE 1, Nelson 1)
  anhoej_runs,            ///< a run on one side of the centre longer than round(log2(n) + 3)
  anhoej_crossings,       ///< fewer centre-line crossings than the 5 % binomial quantile
  two_of_three_2sigma,    ///< 2 of 3 successive points beyond 2 sigma on one side (WE 2, Nelson 5)
  four_of_five_1sigma,    ///< 4 of 5 successive points beyond 1 sigma on one side (WE 3, Nelson 6)
  eight_on_one_side,      ///< 8 successive points on one side of the centre (WE 4)
  nine_on_one_side,       ///< 9 successive points on one side of the centre (Nelson 2)
  six_trending,           ///< 6 successive points steadily rising or falling (Nelson 3)
  fourteen_alternating,   ///< 14 successive points alternating up and down (Nelson 4)
  fifteen_within_1sigma,  ///< 15 successive points within 1 sigma of the centre (Nelson 7)
  eight_beyond_1sigma     ///< 8 successive points beyond 1 sigma, either side (Nelson 8)
};

/// @brief The stable name of a rule ("outside_limits", "anhoej_runs", ...).
inline const char* spc_rule_name(spc_rule rule) noexcept {
  switch (rule) {
    case spc_rule::outside_limits:
      return "outside_limits";
    case spc_rule::anhoej_runs:
      return "anhoej_runs";
    case spc_rule::anhoej_crossings:
      return "anhoej_crossings";
    case spc_rule::two_of_three_2sigma:
      return "two_of_three_beyond_2sigma";
    case spc_rule::four_of_five_1sigma:
      return "four_of_five_beyond_1sigma";
    case spc_rule::eight_on_one_side:
      return "eight_on_one_side";
    case spc_rule::nine_on_one_side:
      return "nine_on_one_side";
    case spc_rule::six_trending:
      return "six_trending";
    case spc_rule::fourteen_alternating:
      return "fourteen_alternating";
    case spc_rule::fifteen_within_1sigma:
      return "fifteen_within_1sigma";
    case spc_rule::eight_beyond_1sigma:
      return "eight_beyond_1sigma";
  }
  return "unknown";
}

/// @brief "p", "laney" or "xmr".
inline spc_chart parse_spc_chart(std::string_view name) {
  if (name == "p") return spc_chart::p;
  if (name == "laney") return spc_chart::laney;
  if (name == "xmr") return spc_chart::xmr;
  detail::fail<invalid_argument>("chart = '", name, "' is not one of 'p', 'laney', 'xmr'");
}

/// @brief "anhoej", "western_electric", "nelson" or "none".
inline spc_rules parse_spc_rules(std::string_view name) {
  if (name == "anhoej") return spc_rules::anhoej;
  if (name == "western_electric") return spc_rules::western_electric;
  if (name == "nelson") return spc_rules::nelson;
  if (name == "none") return spc_rules::none;
  detail::fail<invalid_argument>("rules = '", name, "' is not one of 'anhoej', 'western_electric', 'nelson', 'none'");
}

/// @brief Anhøj's limits for n useful points (points not on the centre line).
struct anhoej_limits_result {
  std::size_t longest_run = 0;  ///< a run longer than this signals a shift: round(log2(n) + 3)
  std::size_t crossings = 0;    ///< fewer crossings than this signal: the lower 5 % quantile of Bin(n - 1, 1/2)
};

/// @brief Anhøj's (2014, 2015) limits for the longest run and the number of crossings.
/// For n = 0 both are 0 (nothing to analyse).
anhoej_limits_result anhoej_limits(std::size_t n);

/// @brief What the caller declares about the process: phases, baseline, exclusions, rules.
struct spc_options {
  spc_rules rules = spc_rules::anhoej;
  double sigmas = 3.0;                         ///< width of the control limits in sigmas (> 0)
  std::span<const std::size_t> breaks = {};    ///< strictly increasing indices in (0, n) where a phase starts
  std::span<const std::uint8_t> exclude = {};  ///< empty, or one flag per point (nonzero: excluded)
  std::size_t freeze = 0;                      ///< > 0: only the first `freeze` points of each phase form its baseline
  double centre = std::numeric_limits<double>::quiet_NaN();  ///< NaN: estimated; else a fixed centre
};

/// @brief One phase: its points, its baseline and its run analysis.
struct spc_phase {
  std::size_t first = 0, last = 0;  ///< points [first, last)
  std::size_t baseline = 0;         ///< points used for the centre and the limits
  double centre = 0.0;
  /// Laney's sigma_z (laney), 1 (p), the mean moving range MRbar (xmr).
  double spread = 1.0;
  double mr_upper = std::numeric_limits<double>::quiet_NaN();  ///< xmr: 3.267 MRbar
  std::size_t useful = 0;                                      ///< non-excluded points not on the centre line
  std::size_t longest_run = 0;                                 ///< longest run on one side of the centre
  std::size_t longest_run_limit = 0;                           ///< Anhøj's limit for `useful` points
  std::size_t crossings = 0;                                   ///< centre-line crossings
  std::size_t crossings_limit = 0;                             ///< Anhøj's limit for `useful` points
};

/// @brief A rule that fired in a phase, with the points where it fired.
struct spc_signal {
  spc_rule rule = spc_rule::outside_limits;
  std::size_t phase = 0;
  std::vector<std::size_t> points;  ///< ascending point indices
};

/// @brief A chart: per-point values, centre, limits and flags; per-phase summaries; signals.
struct spc_result {
  spc_chart chart = spc_chart::laney;
  std::vector<double> value, centre, lower, upper;
  std::vector<double> sigma;         ///< one sigma at the point (after Laney's factor): zones are centre +- j sigma
  std::vector<double> moving_range;  ///< xmr: |x_i - x_{i-1}| within a phase (NaN at a phase's start); else empty
  std::vector<std::int8_t> outside;  ///< +1 above the upper limit, -1 below the lower, 0 within
  std::vector<std::uint8_t> signal;  ///< 1 where any rule fired
  std::vector<std::size_t> phase;    ///< each point's phase
  std::vector<spc_phase> phases;
  std::vector<spc_signal> signals;  ///< ordered by phase, then rule
};

/// @brief p-chart or Laney p'-chart of monthly done / eligible, with phases and run rules.
/// @param chart spc_chart::p or spc_chart::laney.
/// @throws invalid_argument on invalid tallies, eligible == 0, an empty series, a phase whose
/// baseline has fewer than 1 (p) or 2 (laney) points, invalid options, chart xmr;
/// length_mismatch when done, eligible and exclude differ in length.
spc_result spc_proportion(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                          spc_chart chart = spc_chart::laney, const spc_options& options = {});

/// @brief XmR (individuals and moving range) chart of any series, e.g. monthly money ratios.
/// @throws invalid_argument on a non-finite value, an empty series, a phase whose baseline
/// has fewer than 2 points, invalid options; length_mismatch when exclude's length differs.
spc_result spc_individuals(std::span<const double> values, const spc_options& options = {});

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/spc-inl.hpp"
#endif
