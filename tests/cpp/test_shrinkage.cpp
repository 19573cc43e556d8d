#include <boost/math/special_functions/beta.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "attain/stats/shrinkage.hpp"

// Expected values: scipy.stats.betabinom maximised with scipy.optimize (Nelder-Mead, tight
// tolerances), scipy.stats.beta quantiles, the ANOVA estimator in numpy, and statsmodels'
// multipletests(method="fdr_bh") (tests/python/test_shrinkage.py checks many more).

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }
const std::vector<std::int64_t> done{0, 3, 12, 45, 7, 30, 2, 18};
const std::vector<std::int64_t> eligible{4, 10, 20, 60, 9, 70, 2, 40};
}  // namespace

BOOST_AUTO_TEST_SUITE(test_shrinkage)

BOOST_AUTO_TEST_CASE(maximum_likelihood_matches_scipy) {
  const auto r = attain::beta_binomial_shrinkage(done, eligible);
  BOOST_TEST(!r.prior.boundary);
  BOOST_TEST(close(r.prior.a, 5.518631839147685, 1e-6));
  BOOST_TEST(close(r.prior.b, 4.832465330844903, 1e-6));
  BOOST_TEST(close(r.prior.log_likelihood, -143.57359175949588, 1e-11));
  BOOST_TEST(close(r.shrunk[0], 0.3845442459052443, 1e-6));
  BOOST_TEST(close(r.low[0], 0.16077213255303188, 1e-5));
  BOOST_TEST(close(r.high[3], 0.8161796339637812, 1e-6));
  BOOST_TEST(r.ratio[0] == 0.0);
}

BOOST_AUTO_TEST_CASE(moments_match_the_anova_estimator) {
  const auto r = attain::beta_binomial_shrinkage(done, eligible, attain::shrinkage_method::moments);
  BOOST_TEST(close(r.prior.rho, 0.11818216870724782, 1e-13));
  BOOST_TEST(close(r.prior.precision, 7.461513364821782, 1e-12));
  BOOST_TEST(close(r.shrunk[0], 0.35426835268181683, 1e-13));
}

BOOST_AUTO_TEST_CASE(no_spread_between_units_is_the_boundary) {
  // Every unit exactly at 50 %: underdispersed, M is infinite, every unit shrinks to 0.5.
  const std::vector<std::int64_t> y{5, 10, 50, 0}, n{10, 20, 100, 0};
  for (auto m : {attain::shrinkage_method::ml, attain::shrinkage_method::moments}) {
    const auto r = attain::beta_binomial_shrinkage(y, n, m);
    BOOST_TEST(r.prior.boundary);
    BOOST_TEST(std::isinf(r.prior.precision));
    BOOST_TEST(r.shrunk[1] == 0.5);
    // every unit has the common ratio: its Jeffreys interval, 65 of 130 (scipy.stats.beta.ppf(0.025, 65.5, 65.5))
    BOOST_TEST(r.low[3] == 0.414842858584672, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.low[3] == r.low[0]);
    BOOST_TEST(r.high[1] == 1.0 - r.low[1], boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(r.ratio[3]));  // a unit with nothing eligible gets the prior
  }
}

BOOST_AUTO_TEST_CASE(units_all_at_0_or_100_percent_are_not_pooled) {
  // Likelihood keeps rising as a, b -> 0: they stop at their floor, 1e-8, and each unit keeps
  // its own ratio.
  const std::vector<std::int64_t> y{0, 10, 0, 10}, n{10, 10, 10, 10};
  const auto r = attain::beta_binomial_shrinkage(y, n);
  BOOST_TEST(close(r.prior.a, 1e-8, 1e-6));
  BOOST_TEST(close(r.prior.b, 1e-8, 1e-6));
  BOOST_TEST(r.shrunk[0] < 1e-8);
  BOOST_TEST(r.shrunk[1] > 1.0 - 1e-8);
  // (The posterior is a spike at the unit's ratio; its mean can sit a hair outside the quantiles.)
  BOOST_TEST(r.low[1] > 0.99);
  BOOST_TEST(r.high[0] < 0.01);
}

BOOST_AUTO_TEST_CASE(errors_name_the_argument) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const attain::invalid_argument& x) {
      return std::string(x.what());
    }
    return std::string();
  };
  const std::vector<std::int64_t> zero{0, 0}, n{5, 6}, bad{6, 1};
  BOOST_TEST(message([&] { attain::beta_binomial_shrinkage(zero, n); }).find("done is 0 in every unit") == 0u);
  BOOST_TEST(message([&] { attain::beta_binomial_shrinkage(n, n); }).find("done is equal to eligible") == 0u);
  BOOST_TEST(message([&] { attain::beta_binomial_shrinkage(bad, n); }) ==
             "done[0] = 6 is greater than eligible[0] = 5");
  const std::vector<std::int64_t> one{1}, two{2};
  BOOST_TEST(message([&] { attain::beta_binomial_shrinkage(one, two); }) ==
             "shrinkage needs at least 2 units with eligible > 0, got 1");
  BOOST_CHECK_THROW(attain::beta_binomial_shrinkage(one, n), attain::length_mismatch);
  BOOST_CHECK_THROW(attain::beta_binomial_shrinkage(done, eligible, attain::shrinkage_method::ml, 0.0),
                    attain::invalid_argument);
  const std::vector<std::int64_t> ones{1, 0}, single{1, 1};
  BOOST_CHECK_THROW(attain::beta_binomial_shrinkage(ones, single, attain::shrinkage_method::moments),
                    attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_shrinkage_method("em"), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(benjamini_hochberg_matches_statsmodels) {
  const std::vector<double> p{0.01, 0.04, 0.03, 0.5, 0.002, 0.04, 1.0, 0.2};
  const std::vector<double> q{0.04, 0.064, 0.064, 0.5714285714285714, 0.016, 0.064, 1.0, 0.26666666666666666};
  const auto r = attain::benjamini_hochberg(p);
  for (std::size_t i = 0; i < p.size(); ++i) BOOST_TEST(close(r[i], q[i], 1e-15), "i = " << i);
  BOOST_TEST(attain::benjamini_hochberg(std::vector<double>{}).empty());
  const std::vector<double> nan{0.1, NAN};
  try {
    attain::benjamini_hochberg(nan);
    BOOST_FAIL("no throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "p[1] = nan is NaN");
  }
  BOOST_CHECK_THROW(attain::benjamini_hochberg(std::vector<double>{1.5}), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(rank_intervals_exact_edge_cases) {
  // One unit: rank 1 in every draw, top and bottom at once.
  const std::vector<double> a1{3.0}, b1{4.0};
  const auto one = attain::posterior_ranks(a1, b1);
  BOOST_TEST(one.low[0] == 1);
  BOOST_TEST(one.high[0] == 1);
  BOOST_TEST(one.p_top[0] == 1.0);
  BOOST_TEST(one.p_bottom[0] == 1.0);
  BOOST_TEST(one.mean[0] == 1.0);
  // Huge separation (0, 1/2 and all of a million): the ranks are certain.
  const std::vector<double> a{1.0, 500001.0, 1000001.0}, b{1000001.0, 500001.0, 1.0};
  attain::rank_options o;
  o.draws = 500;
  const auto far = attain::posterior_ranks(a, b, o);
  const std::vector<std::int64_t> expected{3, 2, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(far.low[i] == expected[i]);
    BOOST_TEST(far.high[i] == expected[i]);
    BOOST_TEST(far.mean[i] == static_cast<double>(expected[i]));
    BOOST_TEST(far.p_top[i] == (i == 2 ? 1.0 : 0.0));
    BOOST_TEST(far.p_bottom[i] == (i == 0 ? 1.0 : 0.0));
  }
  // All equal (the prior at the boundary): one tie of every unit, never credibly top or bottom.
  const std::vector<std::int64_t> y{5, 10, 50, 0}, n{10, 20, 100, 0};
  const auto fit = attain::beta_binomial_shrinkage(y, n);
  BOOST_TEST(fit.prior.boundary);
  const auto tie = attain::rank_intervals(fit, y, n);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(tie.low[i] == 1);
    BOOST_TEST(tie.high[i] == 3);
    BOOST_TEST(tie.mean[i] == 2.0);
    BOOST_TEST(tie.p_top[i] == 0.0);
    BOOST_TEST(tie.p_bottom[i] == 0.0);
  }
  BOOST_TEST(tie.low[3] == 0);  // nothing eligible: not ranked
  BOOST_TEST(std::isnan(tie.p_top[3]));
  BOOST_TEST(tie.ranked == 3u);
}

BOOST_AUTO_TEST_CASE(posterior_draws_follow_the_beta_distribution) {
  // The beta sampler (Marsaglia-Tsang gammas, with the shape-below-1 step) through the public
  // API: unit 0 is Beta(a, b); units 1..5 are all but fixed at its 95/75/50/25/5 % quantiles
  // (Boost.Math's ibeta_inv, the reference), so unit 0 ranks at most r exactly when its draw
  // exceeds the r-th highest of them: P(top r) = 1 - p_r, and P(bottom r) = P(rank >= 7 - r)
  // = p_(6 - r). 10,000 draws: within 4.5 standard errors.
  const std::vector<std::pair<double, double>> shapes{{0.05, 0.3}, {0.4, 0.7},   {0.5, 2.0},    {1.0, 1.0},
                                                      {3.0, 4.0},  {0.8, 250.0}, {200.0, 50.0}, {1e6, 1.0}};
  const std::vector<double> p{0.95, 0.75, 0.5, 0.25, 0.05};  // quantile levels, highest value first
  constexpr double draws = 1e4;
  auto within = [&](double share, double q) { return std::abs(share - q) <= 4.5 * std::sqrt(q * (1.0 - q) / draws); };
  for (const auto& [a0, b0] : shapes) {
    std::vector<double> a{a0}, b{b0};
    for (const double q : p) {  // the smaller shape 1e12: within a relative 1e-6 of v
      const double v = boost::math::ibeta_inv(a0, b0, q);
      a.push_back(v < 0.5 ? 1e12 : 1e12 * v / (1.0 - v)), b.push_back(v < 0.5 ? 1e12 * (1.0 - v) / v : 1e12);
    }
    attain::rank_options o;
    o.draws = static_cast<std::size_t>(draws), o.seed = 3;
    for (std::size_t r = 1; r <= 3; ++r) {
      o.top = r;
      const auto ranks = attain::posterior_ranks(a, b, o);
      BOOST_TEST_INFO("Beta(" << a0 << ", " << b0 << "), top/bottom " << r);
      BOOST_TEST(within(ranks.p_top[0], 1.0 - p[r - 1]));
      BOOST_TEST(within(ranks.p_bottom[0], p[5 - r]));
    }
  }
}

BOOST_AUTO_TEST_CASE(rank_intervals_are_seeded_and_thread_independent) {
  const auto fit = attain::beta_binomial_shrinkage(done, eligible);
  attain::rank_options o;
  o.top = 2, o.draws = 300;
  const auto r1 = attain::rank_intervals(fit, done, eligible, o);
  o.threads = 2;
  const auto r2 = attain::rank_intervals(fit, done, eligible, o);
  BOOST_TEST(r1.mean == r2.mean);
  BOOST_TEST(r1.low == r2.low);
  BOOST_TEST(r1.p_top == r2.p_top);
  o.seed = 15;
  BOOST_TEST(attain::rank_intervals(fit, done, eligible, o).mean != r1.mean);
  double sum = 0.0, top = 0.0;
  for (std::size_t i = 0; i < done.size(); ++i) {
    sum += r1.mean[i], top += r1.p_top[i];
    BOOST_TEST(r1.low[i] <= r1.high[i]);
  }
  BOOST_TEST(close(sum, 36.0, 1e-12));  // the ranks 1..8 in every draw
  BOOST_TEST(close(top, 2.0, 1e-12));   // two units in the top 2 in every draw
  o.top = 9;
  BOOST_CHECK_THROW(attain::rank_intervals(fit, done, eligible, o), attain::invalid_argument);
  o.top = 1, o.draws = 0;
  BOOST_CHECK_THROW(attain::rank_intervals(fit, done, eligible, o), attain::invalid_argument);
  const std::vector<double> a{1.0, -1.0}, b{1.0, 1.0};
  BOOST_CHECK_THROW(attain::posterior_ranks(a, b), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(target_flags_match_scipy_and_statsmodels) {
  // scipy.stats.binom cdf / sf and statsmodels multipletests(fdr_bh) of the two-sided p-values.
  const std::vector<std::int64_t> y{1, 40, 95, 0}, n{2, 100, 100, 0};
  const std::vector<double> t{0.8};
  const auto r = attain::target_flags(y, n, t);
  BOOST_TEST(close(r.p_below[0], 0.36, 1e-14));
  BOOST_TEST(close(r.p_above[0], 0.96, 1e-14));
  BOOST_TEST(close(r.p_below[1], 2.5158191995334136e-18, 1e-10));
  BOOST_TEST(close(r.p_above[2], 1.8680066300324318e-05, 1e-10));
  BOOST_TEST(close(r.q[1], 1.50949152e-17, 1e-8));
  BOOST_TEST(close(r.q[2], 5.60401989e-05, 1e-8));
  BOOST_TEST(close(r.q[0], 0.72, 1e-14));
  BOOST_TEST(std::isnan(r.q[3]));  // nothing eligible: not tested
  const std::vector<std::int8_t> flags{0, -1, 1, 0};
  BOOST_TEST(r.flag == flags);
  const std::vector<double> bad{1.5};
  BOOST_CHECK_THROW(attain::target_flags(y, n, bad), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
