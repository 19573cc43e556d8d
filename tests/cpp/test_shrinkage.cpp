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
    BOOST_TEST(r.low[3] == 0.5);
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

BOOST_AUTO_TEST_SUITE_END()
