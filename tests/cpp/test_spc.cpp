#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "attain/stats/spc.hpp"

// Expected values: Anhøj's published table (longest run, n = 10..100) and scipy's binomial
// quantile (crossings); chart limits from the formulas evaluated independently in numpy
// (tests/python/test_spc.py recomputes them for random series).

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }

std::vector<std::size_t> fired(const attain::spc_result& r, attain::spc_rule rule, std::size_t phase = 0) {
  for (const auto& s : r.signals)
    if (s.rule == rule && s.phase == phase) return s.points;
  return {};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(test_spc)

BOOST_AUTO_TEST_CASE(anhoej_limits_match_the_published_table) {
  // Longest-run limits as tabulated for n = 10..100 (the limit steps up at 12, 23, 46, 91).
  for (std::size_t n = 10; n <= 100; ++n) {
    const std::size_t runs = n < 12 ? 6 : n < 23 ? 7 : n < 46 ? 8 : n < 91 ? 9 : 10;
    BOOST_TEST(attain::anhoej_limits(n).longest_run == runs, "n = " << n);
  }
  // Fewest crossings: scipy.stats.binom.ppf(0.05, n - 1, 0.5) for n = 10..100.
  const std::vector<std::size_t> crossings{2,  2,  3,  3,  4,  4,  4,  5,  5,  6,  6,  6,  7,  7,  8,  8,  8,  9,  9,
                                           10, 10, 11, 11, 11, 12, 12, 13, 13, 14, 14, 14, 15, 15, 16, 16, 17, 17, 17,
                                           18, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 25, 26,
                                           26, 27, 27, 28, 28, 29, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 34,
                                           35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 39, 40, 40, 41, 41};
  for (std::size_t n = 10; n <= 100; ++n)
    BOOST_TEST(attain::anhoej_limits(n).crossings == crossings[n - 10], "n = " << n);
  BOOST_TEST(attain::anhoej_limits(0).longest_run == 0u);
  BOOST_TEST(attain::anhoej_limits(1).crossings == 0u);
  BOOST_TEST(attain::anhoej_limits(10000).crossings == 4917u);  // scipy
}

BOOST_AUTO_TEST_CASE(p_and_laney_limits_per_phase_with_an_exclusion) {
  const std::vector<std::int64_t> done{5200, 5300, 5100, 5600, 5000, 5450};
  const std::vector<std::int64_t> eligible{10000, 10000, 9000, 10000, 9500, 10000};
  // One phase, no options: the same numbers as control_chart.hpp's test (numpy).
  const auto l = attain::spc_proportion(done, eligible, attain::spc_chart::laney);
  BOOST_TEST(close(l.phases[0].spread, 3.6408298556261562, 1e-12));
  BOOST_TEST(close(l.lower[2], 0.4836531746712366, 1e-12));
  BOOST_TEST(close(l.upper[0], 0.5954539416240295, 1e-12));

  const std::vector<std::size_t> breaks{3};
  const std::vector<std::uint8_t> exclude{0, 1, 0, 0, 0, 0};
  attain::spc_options o;
  o.breaks = breaks, o.exclude = exclude;
  const auto p = attain::spc_proportion(done, eligible, attain::spc_chart::p, o);
  BOOST_TEST(p.phases.size() == 2u);
  BOOST_TEST(p.phases[0].baseline == 2u);
  BOOST_TEST(close(p.centre[0], 0.5421052631578948, 1e-14));
  BOOST_TEST(close(p.lower[1], 0.5271585433795298, 1e-12));
  BOOST_TEST(close(p.upper[2], 0.5578604891738681, 1e-12));
  BOOST_TEST(p.phase[3] == 1u);
  const auto lp = attain::spc_proportion(done, eligible, attain::spc_chart::laney, o);
  BOOST_TEST(close(lp.centre[4], 0.5440677966101695, 1e-14));
  BOOST_TEST(close(lp.phases[1].spread, 4.580719488864766, 1e-12));
  BOOST_TEST(close(lp.upper[3], 0.6125111999785762, 1e-12));
}

BOOST_AUTO_TEST_CASE(xmr_skips_excluded_points_in_the_moving_ranges) {
  const std::vector<double> x{0.61, 0.64, 0.58, 0.70, 0.66, 0.59, 0.63, 0.95, 0.62, 0.60};
  const std::vector<std::uint8_t> exclude{0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
  attain::spc_options o;
  o.exclude = exclude;
  const auto r = attain::spc_individuals(x, o);
  BOOST_TEST(close(r.centre[0], 0.6255555555555554, 1e-13));
  BOOST_TEST(close(r.phases[0].spread, 0.048750000000000016, 1e-12));
  BOOST_TEST(close(r.upper[0], 0.7552098108747044, 1e-12));
  BOOST_TEST(close(r.lower[9], 0.49590130023640644, 1e-12));
  BOOST_TEST(close(r.phases[0].mr_upper, 0.15926625000000005, 1e-12));
  BOOST_TEST(r.outside[7] == 1);
  BOOST_TEST(fired(r, attain::spc_rule::outside_limits).empty());  // excluded: flagged, not a signal
  BOOST_TEST(std::isnan(r.moving_range[0]));
  BOOST_TEST(close(r.moving_range[1], 0.03, 1e-12));
}

BOOST_AUTO_TEST_CASE(freeze_keeps_the_baseline_limits_for_later_points) {
  std::vector<double> x{1, 2, 1, 2, 1, 2, 10, 10, 10, 10};
  attain::spc_options o;
  o.freeze = 6;
  o.rules = attain::spc_rules::none;
  const auto r = attain::spc_individuals(x, o);
  BOOST_TEST(r.phases[0].baseline == 6u);
  BOOST_TEST(close(r.centre[9], 1.5, 1e-15));
  BOOST_TEST(close(r.upper[9], 1.5 + 3.0 / 1.128, 1e-14));
  BOOST_TEST((fired(r, attain::spc_rule::outside_limits) == std::vector<std::size_t>{6, 7, 8, 9}));
}

BOOST_AUTO_TEST_CASE(anhoej_runs_and_crossings_fire_at_their_points) {
  // 12 useful points: run limit 7, crossings limit 3. A run of 8 below then 4 above: 1 crossing.
  std::vector<double> x{1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3};
  const auto r = attain::spc_individuals(x);
  BOOST_TEST(r.phases[0].useful == 12u);
  BOOST_TEST(r.phases[0].longest_run == 8u);
  BOOST_TEST(r.phases[0].longest_run_limit == 7u);
  BOOST_TEST(r.phases[0].crossings == 1u);
  BOOST_TEST(r.phases[0].crossings_limit == 3u);
  BOOST_TEST((fired(r, attain::spc_rule::anhoej_runs) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  BOOST_TEST(fired(r, attain::spc_rule::anhoej_crossings).size() == 12u);
  BOOST_TEST(r.signal[11] == 1);
  // Alternating points: many crossings, short runs, no signal.
  std::vector<double> y{1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3};
  const auto q = attain::spc_individuals(y);
  BOOST_TEST(q.phases[0].crossings == 11u);
  BOOST_TEST(q.signals.empty());
}

BOOST_AUTO_TEST_CASE(western_electric_and_nelson_rules) {
  // Centre 0 and sigma 1 by construction: baseline of two points +-0.564 gives MRbar 1.128.
  std::vector<double> x(40, 0.0);
  x[0] = -0.564, x[1] = 0.564;
  for (std::size_t i = 2; i < 40; ++i) x[i] = (i % 2 == 0 ? 0.5 : -0.5);  // alternating, within 1 sigma
  x[10] = 2.5, x[12] = 2.5;                                               // 2 of 3 beyond 2 sigma (ends at 12)
  attain::spc_options o;
  o.freeze = 2;
  o.rules = attain::spc_rules::western_electric;
  const auto we = attain::spc_individuals(x, o);
  BOOST_TEST(close(we.sigma[5], 1.0, 1e-12));
  BOOST_TEST((fired(we, attain::spc_rule::two_of_three_2sigma) == std::vector<std::size_t>{12}));
  BOOST_TEST(fired(we, attain::spc_rule::eight_on_one_side).empty());
  o.rules = attain::spc_rules::nelson;
  const auto ne = attain::spc_individuals(x, o);
  BOOST_TEST((fired(ne, attain::spc_rule::two_of_three_2sigma) == std::vector<std::size_t>{12}));
  // Points 2..39 alternate up and down (the 2.5s too): 14 in a row first at point 15; points
  // 13..39 are within 1 sigma: 15 in a row first at 27.
  BOOST_TEST(fired(ne, attain::spc_rule::fourteen_alternating).front() == 15u);
  BOOST_TEST(fired(ne, attain::spc_rule::fifteen_within_1sigma).front() == 27u);

  // Steady rise, then 9 on one side, then 8 beyond 1 sigma, 4 of 5 beyond 1 sigma.
  std::vector<double> y{-0.564, 0.564, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.65, 0.6, 0.55};
  const auto t = attain::spc_individuals(y, o);
  BOOST_TEST((fired(t, attain::spc_rule::six_trending) == std::vector<std::size_t>{7, 8}));  // points 2..7 rise
  BOOST_TEST((fired(t, attain::spc_rule::nine_on_one_side) == std::vector<std::size_t>{9, 10, 11}));  // 1..11 above 0
  std::vector<double> w{-0.564, 0.564, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.2, 1.3, 1.4, 0.2};
  const auto b = attain::spc_individuals(w, o);
  BOOST_TEST((fired(b, attain::spc_rule::eight_beyond_1sigma) == std::vector<std::size_t>{9, 10, 11, 12}));
  BOOST_TEST((fired(b, attain::spc_rule::four_of_five_1sigma) == std::vector<std::size_t>{12}));  // 8..12: four above 1
}

BOOST_AUTO_TEST_CASE(edge_cases) {
  // 0 of n and n of n every month: sigma 0, limits on the centre, nothing useful for runs.
  const std::vector<std::int64_t> zero{0, 0, 0}, n{5, 7, 9};
  for (auto chart : {attain::spc_chart::p, attain::spc_chart::laney}) {
    const auto a = attain::spc_proportion(zero, n, chart);
    BOOST_TEST(a.centre[0] == 0.0);
    BOOST_TEST(a.upper[2] == 0.0);
    BOOST_TEST(a.signals.empty());
    const auto b = attain::spc_proportion(n, n, chart);
    BOOST_TEST(b.lower[1] == 1.0);
    BOOST_TEST(b.phases[0].useful == 0u);
    BOOST_TEST(b.signals.empty());
  }
  // A constant series: MRbar 0, limits on the centre, no signal.
  const std::vector<double> c(10, 0.7);
  const auto k = attain::spc_individuals(c);
  BOOST_TEST(k.upper[3] == k.centre[3]);
  BOOST_TEST(k.signals.empty());
  // One month on a p chart is allowed.
  const std::vector<std::int64_t> d1{3}, e1{4};
  BOOST_TEST(attain::spc_proportion(d1, e1, attain::spc_chart::p).centre[0] == 0.75);
  // A fixed centre (a target) in every phase.
  attain::spc_options o;
  o.centre = 0.9;
  BOOST_TEST(attain::spc_proportion(n, n, attain::spc_chart::p, o).centre[2] == 0.9);
  BOOST_TEST(std::string(attain::spc_rule_name(attain::spc_rule::anhoej_runs)) == "anhoej_runs");
}

BOOST_AUTO_TEST_CASE(invalid_input_throws_naming_the_argument) {
  const std::vector<std::int64_t> d{1, 3}, e{2, 2};
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const attain::invalid_argument& x) {
      return std::string(x.what());
    }
    return std::string();
  };
  BOOST_TEST(message([&] { attain::spc_proportion(d, e); }) == "done[1] = 3 is greater than eligible[1] = 2");
  const std::vector<std::int64_t> ok{1, 1}, z{1, 0};
  BOOST_TEST(message([&] { attain::spc_proportion(z, z); }).find("eligible[1] = 0") == 0u);
  const std::vector<std::int64_t> one{1}, two{2};
  BOOST_TEST(message([&] { attain::spc_proportion(one, two); }).find("phase 0 (points 0 to 0) has 1 baseline") == 0u);
  const std::vector<double> x{1.0, NAN, 2.0};
  BOOST_TEST(message([&] { attain::spc_individuals(x); }) == "values[1] = nan is not finite");
  const std::vector<double> y{1.0, 2.0, 3.0};
  const std::vector<std::size_t> bad{2, 2};
  attain::spc_options o;
  o.breaks = bad;
  BOOST_TEST(message([&] { attain::spc_individuals(y, o); }) == "breaks[1] = 2 is not after breaks[0] = 2");
  const std::vector<std::size_t> outside{3};
  o.breaks = outside;
  BOOST_TEST(message([&] { attain::spc_individuals(y, o); }) == "breaks[0] = 3 is not inside (0, 3)");
  attain::spc_options e2;
  const std::vector<std::uint8_t> ex{0};
  e2.exclude = ex;
  BOOST_CHECK_THROW(attain::spc_individuals(y, e2), attain::length_mismatch);
  e2 = {};
  e2.sigmas = 0.0;
  BOOST_CHECK_THROW(attain::spc_individuals(y, e2), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::spc_individuals(std::vector<double>{}), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::spc_proportion(ok, ok, attain::spc_chart::xmr), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_spc_chart("np"), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_spc_rules("minitab"), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
