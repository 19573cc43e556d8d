#pragma once
// The compiled part of attain/stats/spc.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/core/ratio.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/control_chart.hpp"
#include "attain/stats/spc.hpp"

namespace attain {

ATTAIN_FUNC anhoej_limits_result anhoej_limits(std::size_t n) {
  anhoej_limits_result r;
  if (n == 0) return r;
  r.longest_run = static_cast<std::size_t>(std::lround(std::log2(static_cast<double>(n)) + 3.0));
  if (n < 2) return r;
  // The smallest k with P(X <= k) >= 0.05 (R's qbinom), started from the normal approximation.
  const boost::math::binomial_distribution<double> bin(static_cast<double>(n - 1), 0.5);
  const double m = static_cast<double>(n - 1);
  auto k = static_cast<std::int64_t>(std::max(0.0, std::floor(m / 2.0 - 1.6448536269514722 * std::sqrt(m) / 2.0)));
  while (k > 0 && boost::math::cdf(bin, static_cast<double>(k - 1)) >= 0.05) --k;
  while (boost::math::cdf(bin, static_cast<double>(k)) < 0.05) ++k;
  r.crossings = static_cast<std::size_t>(k);
  return r;
}

namespace detail {

inline constexpr double spc_d2 = moving_range_d2;  // d2 for moving ranges of two points
inline constexpr double spc_d4 = 3.267;            // D4 for moving ranges of two points

inline void validate_spc_options(const spc_options& o, std::size_t n) {
  if (!(o.sigmas > 0.0 && std::isfinite(o.sigmas)))
    fail<invalid_argument>("sigmas = ", o.sigmas, " is not a positive number");
  if (!o.exclude.empty()) require_same_length("exclude", o.exclude.size(), "the series", n);
  for (std::size_t k = 0; k < o.breaks.size(); ++k) {
    const std::size_t b = o.breaks[k];
    if (b == 0 || b >= n) fail<invalid_argument>(at("breaks", k), " = ", b, " is not inside (0, ", n, ")");
    if (k > 0 && b <= o.breaks[k - 1])
      fail<invalid_argument>(at("breaks", k), " = ", b, " is not after ", at("breaks", k - 1), " = ", o.breaks[k - 1]);
  }
}

inline bool spc_excluded(const spc_options& o, std::size_t i) { return !o.exclude.empty() && o.exclude[i] != 0; }

// The baseline of the phase [first, last): its non-excluded points among the first `freeze`.
inline std::vector<std::size_t> spc_baseline(const spc_options& o, std::size_t first, std::size_t last,
                                             std::size_t phase, std::size_t needed, const char* chart) {
  const std::size_t end = o.freeze > 0 ? std::min(last, first + o.freeze) : last;
  std::vector<std::size_t> base;
  for (std::size_t i = first; i < end; ++i)
    if (!spc_excluded(o, i)) base.push_back(i);
  if (base.size() < needed)
    fail<invalid_argument>("phase ", phase, " (points ", first, " to ", last - 1, ") has ", base.size(),
                           " baseline points; the ", chart, " chart needs at least ", needed);
  return base;
}

// Pushes the signal for `rule` in `phase` if it fired anywhere.
inline void spc_push(spc_result& r, spc_rule rule, std::size_t phase, std::vector<std::size_t>&& points) {
  if (points.empty()) return;
  for (auto i : points) r.signal[i] = 1;
  r.signals.push_back({rule, phase, std::move(points)});
}

// Fires at seq[j] when at least k of the m points ending there are beyond a zone on one side.
template <class Zone>
void spc_k_of_m(spc_result& r, const std::vector<std::size_t>& seq, const std::vector<double>& z, std::size_t k,
                std::size_t m, spc_rule rule, std::size_t phase, Zone beyond) {
  std::vector<std::size_t> fired;
  for (std::size_t j = m - 1; j < seq.size(); ++j) {
    std::size_t up = 0, down = 0;
    for (std::size_t t = j + 1 - m; t <= j; ++t) up += beyond(z[t]) ? 1 : 0, down += beyond(-z[t]) ? 1 : 0;
    if (up >= k || down >= k) fired.push_back(seq[j]);
  }
  spc_push(r, rule, phase, std::move(fired));
}

// Fires at every point that ends a streak of at least `len` points; step(j, streak) gives the
// streak length at point j from the length at point j - 1.
template <class Same>
void spc_streak(spc_result& r, const std::vector<std::size_t>& seq, std::size_t len, spc_rule rule, std::size_t phase,
                Same same) {
  std::vector<std::size_t> fired;
  std::size_t streak = 0;
  for (std::size_t j = 0; j < seq.size(); ++j) {
    streak = same(j, streak);
    if (streak >= len) fired.push_back(seq[j]);
  }
  spc_push(r, rule, phase, std::move(fired));
}

inline void spc_rules_in_phase(spc_result& r, const spc_options& o, std::size_t ph) {
  spc_phase& P = r.phases[ph];
  std::vector<std::size_t> seq;  // the phase's non-excluded points, in order
  for (std::size_t i = P.first; i < P.last; ++i)
    if (!spc_excluded(o, i)) seq.push_back(i);
  std::vector<double> z(seq.size());
  std::vector<int> side(seq.size());
  for (std::size_t j = 0; j < seq.size(); ++j) {
    const std::size_t i = seq[j];
    const double d = r.value[i] - r.centre[i];
    side[j] = d > 0.0 ? 1 : (d < 0.0 ? -1 : 0);
    z[j] = r.sigma[i] > 0.0 ? d / r.sigma[i] : (d == 0.0 ? 0.0 : std::copysign(INFINITY, d));
  }

  // Points outside the limits (every rule set).
  std::vector<std::size_t> out;
  for (auto i : seq)
    if (r.outside[i] != 0) out.push_back(i);
  spc_push(r, spc_rule::outside_limits, ph, std::move(out));

  // Anhøj's analysis is always summarised; it signals only under the Anhøj rule set.
  std::vector<std::size_t> useful;
  std::vector<int> useful_side;
  for (std::size_t j = 0; j < seq.size(); ++j)
    if (side[j] != 0) useful.push_back(seq[j]), useful_side.push_back(side[j]);
  P.useful = useful.size();
  const auto lim = anhoej_limits(P.useful);
  P.longest_run_limit = lim.longest_run, P.crossings_limit = lim.crossings;
  std::vector<std::size_t> long_runs;
  for (std::size_t j = 0, start = 0; j < useful.size(); ++j) {
    if (j > 0 && useful_side[j] != useful_side[j - 1]) ++P.crossings, start = j;
    if (j + 1 == useful.size() || useful_side[j + 1] != useful_side[j]) {
      const std::size_t len = j + 1 - start;
      P.longest_run = std::max(P.longest_run, len);
      if (P.useful > 0 && len > P.longest_run_limit)
        long_runs.insert(long_runs.end(), useful.begin() + static_cast<std::ptrdiff_t>(start),
                         useful.begin() + static_cast<std::ptrdiff_t>(j + 1));
    }
  }
  if (o.rules == spc_rules::anhoej) {
    spc_push(r, spc_rule::anhoej_runs, ph, std::move(long_runs));
    if (P.useful >= 2 && P.crossings < P.crossings_limit)
      spc_push(r, spc_rule::anhoej_crossings, ph, std::vector<std::size_t>(useful));
    return;
  }
  if (o.rules == spc_rules::none) return;

  auto beyond2 = [](double x) { return x > 2.0; };
  auto beyond1 = [](double x) { return x > 1.0; };
  auto one_side = [&](std::size_t j, std::size_t s) -> std::size_t {
    if (side[j] == 0) return 0;
    return j > 0 && side[j] == side[j - 1] ? s + 1 : 1;
  };
  spc_k_of_m(r, seq, z, 2, 3, spc_rule::two_of_three_2sigma, ph, beyond2);
  spc_k_of_m(r, seq, z, 4, 5, spc_rule::four_of_five_1sigma, ph, beyond1);
  if (o.rules == spc_rules::western_electric) {
    spc_streak(r, seq, 8, spc_rule::eight_on_one_side, ph, one_side);
    return;
  }
  spc_streak(r, seq, 9, spc_rule::nine_on_one_side, ph, one_side);
  // Trend and alternation compare the plotted values; streaks count points, so a first
  // difference makes a streak of 2.
  auto delta = [&](std::size_t j) {
    const double d = r.value[seq[j]] - r.value[seq[j - 1]];
    return d > 0.0 ? 1 : (d < 0.0 ? -1 : 0);
  };
  spc_streak(r, seq, 6, spc_rule::six_trending, ph, [&](std::size_t j, std::size_t s) -> std::size_t {
    if (j == 0) return 1;
    const int d = delta(j);
    if (d == 0) return 1;
    return j >= 2 && delta(j - 1) == d ? s + 1 : 2;
  });
  spc_streak(r, seq, 14, spc_rule::fourteen_alternating, ph, [&](std::size_t j, std::size_t s) -> std::size_t {
    if (j == 0) return 1;
    const int d = delta(j);
    if (d == 0) return 1;
    return j >= 2 && delta(j - 1) == -d ? s + 1 : 2;
  });
  spc_streak(r, seq, 15, spc_rule::fifteen_within_1sigma, ph,
             [&](std::size_t j, std::size_t s) -> std::size_t { return std::abs(z[j]) < 1.0 ? s + 1 : 0; });
  spc_streak(r, seq, 8, spc_rule::eight_beyond_1sigma, ph,
             [&](std::size_t j, std::size_t s) -> std::size_t { return std::abs(z[j]) > 1.0 ? s + 1 : 0; });
}

inline spc_result spc_start(spc_chart chart, std::size_t n, const spc_options& o) {
  if (n == 0) fail<invalid_argument>("a control chart needs at least 1 point");
  validate_spc_options(o, n);
  spc_result r;
  r.chart = chart;
  r.value.resize(n), r.centre.resize(n), r.lower.resize(n), r.upper.resize(n), r.sigma.resize(n);
  r.outside.assign(n, 0), r.signal.assign(n, 0), r.phase.resize(n);
  for (std::size_t k = 0; k <= o.breaks.size(); ++k) {
    spc_phase P;
    P.first = k == 0 ? 0 : o.breaks[k - 1];
    P.last = k == o.breaks.size() ? n : o.breaks[k];
    for (std::size_t i = P.first; i < P.last; ++i) r.phase[i] = k;
    r.phases.push_back(P);
  }
  return r;
}

inline void spc_finish(spc_result& r, const spc_options& o, bool clip) {
  for (std::size_t i = 0; i < r.value.size(); ++i) {
    const double half = o.sigmas * r.sigma[i];
    r.lower[i] = r.centre[i] - half, r.upper[i] = r.centre[i] + half;
    if (clip) r.lower[i] = std::max(0.0, r.lower[i]), r.upper[i] = std::min(1.0, r.upper[i]);
    r.outside[i] = r.value[i] > r.upper[i] ? 1 : (r.value[i] < r.lower[i] ? -1 : 0);
  }
  for (std::size_t ph = 0; ph < r.phases.size(); ++ph) spc_rules_in_phase(r, o, ph);
}

}  // namespace detail

ATTAIN_FUNC spc_result spc_proportion(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                      spc_chart chart, const spc_options& options) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  if (chart == spc_chart::xmr)
    detail::fail<invalid_argument>("chart = 'xmr' charts values: use spc_individuals for done / eligible tallies");
  for (std::size_t i = 0; i < done.size(); ++i) {
    validate_tally(done[i], eligible[i], i);
    if (eligible[i] == 0)
      detail::fail<invalid_argument>(detail::at("eligible", i), " = 0: a month with nothing eligible has no ratio");
  }
  const bool fixed = !std::isnan(options.centre);
  if (fixed) validate_target(options.centre, 0, "centre");
  auto r = detail::spc_start(chart, done.size(), options);
  for (std::size_t i = 0; i < done.size(); ++i) r.value[i] = completion_ratio_unchecked(done[i], eligible[i]);
  const bool laney = chart == spc_chart::laney;
  for (std::size_t ph = 0; ph < r.phases.size(); ++ph) {
    auto& P = r.phases[ph];
    const auto base = detail::spc_baseline(options, P.first, P.last, ph, laney ? 2 : 1, laney ? "laney" : "p");
    P.baseline = base.size();
    tally total;
    for (auto i : base) total += tally{done[i], eligible[i]};
    P.centre = fixed ? options.centre : completion_ratio_unchecked(total.done, total.eligible);
    const double pq = P.centre * (1.0 - P.centre);
    auto binomial_sigma = [&](std::size_t i) { return std::sqrt(pq / static_cast<double>(eligible[i])); };
    if (laney) {
      // z is 0 where the binomial sigma is 0 (centre 0 or 1): no spread to standardise by.
      auto zscore = [&](std::size_t i) {
        const double s = binomial_sigma(i);
        return s > 0.0 ? (r.value[i] - P.centre) / s : 0.0;
      };
      double sum_mr = 0.0;
      for (std::size_t j = 1; j < base.size(); ++j) sum_mr += std::abs(zscore(base[j]) - zscore(base[j - 1]));
      P.spread = sum_mr / static_cast<double>(base.size() - 1) / detail::spc_d2;
    }
    for (std::size_t i = P.first; i < P.last; ++i) r.centre[i] = P.centre, r.sigma[i] = binomial_sigma(i) * P.spread;
  }
  detail::spc_finish(r, options, true);
  return r;
}

ATTAIN_FUNC spc_result spc_individuals(std::span<const double> values, const spc_options& options) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      detail::fail<invalid_argument>(detail::at("values", i), " = ", values[i], " is not finite");
  const bool fixed = !std::isnan(options.centre);
  if (fixed && !std::isfinite(options.centre))
    detail::fail<invalid_argument>("centre = ", options.centre, " is not finite");
  auto r = detail::spc_start(spc_chart::xmr, values.size(), options);
  r.value.assign(values.begin(), values.end());
  r.moving_range.assign(values.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t ph = 0; ph < r.phases.size(); ++ph) {
    auto& P = r.phases[ph];
    const auto base = detail::spc_baseline(options, P.first, P.last, ph, 2, "xmr");
    P.baseline = base.size();
    // The mean as x0 + mean(x - x0): exact for a constant series (whose points then sit on the
    // centre line, not one rounding error above it) and more accurate for large x0.
    const double x0 = values[base[0]];
    double sum = 0.0, sum_mr = 0.0;
    for (auto i : base) sum += values[i] - x0;
    for (std::size_t j = 1; j < base.size(); ++j) sum_mr += std::abs(values[base[j]] - values[base[j - 1]]);
    P.centre = fixed ? options.centre : x0 + sum / static_cast<double>(base.size());
    P.spread = sum_mr / static_cast<double>(base.size() - 1);
    P.mr_upper = detail::spc_d4 * P.spread;
    for (std::size_t i = P.first; i < P.last; ++i) {
      r.centre[i] = P.centre, r.sigma[i] = P.spread / detail::spc_d2;
      if (i > P.first) r.moving_range[i] = std::abs(values[i] - values[i - 1]);
    }
  }
  detail::spc_finish(r, options, false);
  return r;
}

}  // namespace attain
