#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "attain/stats/funnel.hpp"

// Expected exact limits: Spiegelhalter's (2005) interpolation re-derived with scipy 1.17
// (r = binom.ppf(p, n, theta), a = (F(r) - p) / (F(r) - F(r - 1)), limit = (r - a) / n).

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }
}  // namespace

BOOST_AUTO_TEST_SUITE(test_funnel)

BOOST_AUTO_TEST_CASE(exact_limits_match_scipy_derivation) {
  const auto a = attain::funnel_limit(40, 0.6, 0.95);
  BOOST_TEST(close(a.low, 0.4325149101970059, 1e-10));
  BOOST_TEST(close(a.high, 0.7380057948093802, 1e-10));
  const auto b = attain::funnel_limit(4000, 0.6, 0.998);
  BOOST_TEST(close(b.low, 0.5758682242877585, 1e-10));
  BOOST_TEST(close(b.high, 0.6237367872947689, 1e-10));
  const auto c = attain::funnel_limit(1, 0.6, 0.95);
  BOOST_TEST(c.low == 0.0);
  BOOST_TEST(close(c.high, 0.9583333333333333, 1e-12));
}

BOOST_AUTO_TEST_CASE(units_are_flagged_against_their_limits) {
  const std::vector<std::int64_t> done{20, 2200, 2400}, eligible{40, 4000, 4000};
  const std::vector<double> target{0.6};
  const auto r = attain::funnel_limits(done, eligible, target);
  BOOST_TEST(r.flag.size() == 6u);
  BOOST_TEST(r.flag[0] == 0);   // 20 of 40: within the wide limits
  BOOST_TEST(r.flag[2] == -1);  // 2200 of 4000: below at 95 %
  BOOST_TEST(r.flag[3] == -1);  // ... and at 99.8 %
  BOOST_TEST(r.flag[4] == 0);   // 2400 of 4000: on target
  BOOST_TEST(close(r.lower[0], 0.4325149101970059, 1e-10));
}

BOOST_AUTO_TEST_CASE(overdispersion_widens_normal_limits) {
  const std::vector<std::int64_t> done{500, 700, 550, 650, 300, 900}, eligible{1000, 1000, 1000, 1000, 1000, 1000};
  attain::funnel_options options;
  options.method = attain::funnel_method::normal;
  const auto plain = attain::funnel_limits(done, eligible, {}, options);
  options.overdispersion = attain::funnel_overdispersion::random_effects;
  const auto re = attain::funnel_limits(done, eligible, {}, options);
  BOOST_TEST(re.tau2 > 0.0);
  BOOST_TEST(re.used.tau2 == re.tau2);
  BOOST_TEST(re.upper[1] > plain.upper[1]);
  // Normal limits without overdispersion: theta +- z sqrt(theta (1 - theta) / n).
  const double theta = 3600.0 / 6000.0, half = 1.959963984540054 * std::sqrt(theta * (1 - theta) / 1000.0);
  BOOST_TEST(close(plain.upper[0], theta + half, 1e-12));
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  const std::vector<std::int64_t> d{1, 0}, e{2, 0};
  BOOST_CHECK_THROW(attain::funnel_limits(d, e), attain::invalid_argument);
  const std::vector<std::int64_t> none{0, 0}, some{2, 3};
  BOOST_CHECK_THROW(attain::funnel_limits(none, some), attain::invalid_argument);
  attain::funnel_options options;
  options.overdispersion = attain::funnel_overdispersion::multiplicative;
  BOOST_CHECK_THROW(attain::funnel_limits(some, some, {}, options), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::funnel_limit(0, 0.5, 0.95), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::funnel_limit(10, 1.0, 0.95), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::funnel_limit(10, 0.5, 1.0), attain::invalid_argument);
  // Beta-binomial needs exact limits; rho must be in [0, 1).
  options.overdispersion = attain::funnel_overdispersion::beta_binomial;
  options.method = attain::funnel_method::normal;
  BOOST_CHECK_THROW(attain::funnel_limits(some, some, {}, options), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::funnel_limit(10, 0.5, 0.95, attain::funnel_method::exact, attain::funnel_scale::proportion,
                                         {1.0, 0.0, 1.0}),
                    attain::invalid_argument);
  BOOST_CHECK_THROW(attain::funnel_limit(10, 0.5, 0.95, attain::funnel_method::normal, attain::funnel_scale::proportion,
                                         {1.0, 0.0, 0.1}),
                    attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_funnel_tau2("ml"), attain::invalid_argument);
}

// metafor 3.8.1: rma(c(.5, .7, .55, .65, .3, .9), .24 / c(100, 200, 400, 800, 1600, 3200),
// method = "REML", control = list(threshold = 1e-14))$tau2.
BOOST_AUTO_TEST_CASE(reml_tau2_matches_metafor) {
  const std::vector<std::int64_t> done{50, 140, 220, 520, 480, 2880}, eligible{100, 200, 400, 800, 1600, 3200};
  const std::vector<double> target{0.6};
  attain::funnel_options options;
  options.method = attain::funnel_method::normal;
  options.overdispersion = attain::funnel_overdispersion::random_effects;
  options.tau2_method = attain::funnel_tau2::reml;
  options.winsorise = 0.0;
  const auto r = attain::funnel_limits(done, eligible, target, options);
  BOOST_TEST(close(r.tau2, 0.04121689271834509, 1e-6));
  BOOST_TEST(r.used.tau2 == r.tau2);
  BOOST_TEST(r.tau2_iterations > 0);
  // Equal ratios: no spread, the boundary.
  const std::vector<std::int64_t> flat_done{50, 500, 5000}, flat_eligible{100, 1000, 10000};
  BOOST_TEST(attain::funnel_limits(flat_done, flat_eligible, target, options).tau2 == 0.0);
}

// scipy 1.17: Spiegelhalter's interpolation with betabinom.ppf / cdf, a = theta (1 - rho) / rho,
// b = (1 - theta) (1 - rho) / rho, theta = 0.6, rho = 0.02.
BOOST_AUTO_TEST_CASE(beta_binomial_limits_match_scipy) {
  const attain::funnel_spread spread{1.0, 0.0, 0.02};
  const auto a =
      attain::funnel_limit(40, 0.6, 0.95, attain::funnel_method::exact, attain::funnel_scale::proportion, spread);
  BOOST_TEST(close(a.low, 0.3794557854408439, 1e-9));
  BOOST_TEST(close(a.high, 0.7834434296908891, 1e-9));
  const auto b =
      attain::funnel_limit(4000, 0.6, 0.95, attain::funnel_method::exact, attain::funnel_scale::proportion, spread);
  BOOST_TEST(close(b.low, 0.4600160746783867, 1e-9));
  BOOST_TEST(close(b.high, 0.731950297008144, 1e-9));
}

BOOST_AUTO_TEST_CASE(limits_at_any_level) {
  // scipy 1.17 (as exact_limits_match_scipy_derivation) at 90 % and 99.9 %.
  const auto a = attain::funnel_limit(40, 0.6, 0.9);
  BOOST_TEST(close(a.low, 0.4576967920020037, 1e-10));
  BOOST_TEST(close(a.high, 0.7146594207957275, 1e-10));
  const auto b = attain::funnel_limit(40, 0.6, 0.999);
  BOOST_TEST(close(b.low, 0.3279795541337645, 1e-10));
  BOOST_TEST(close(b.high, 0.8302630274823807, 1e-10));
}

BOOST_AUTO_TEST_CASE(units_with_zero_done) {
  // 0 of 3 at theta = 0.4: P(X = 0) = 0.216 > 0.025, lower limit 0, not flagged; 0 of 30:
  // P(X = 0) = 0.6^30, lower limit above 0, flagged below. z = -sqrt(n theta / (1 - theta)).
  const std::vector<std::int64_t> done{0, 0}, eligible{3, 30};
  const std::vector<double> target{0.4};
  attain::funnel_options options;
  options.levels = {0.95};
  const auto r = attain::funnel_limits(done, eligible, target, options);
  BOOST_TEST(r.lower[0] == 0.0);
  BOOST_TEST(r.flag[0] == 0);
  BOOST_TEST(r.lower[1] > 0.0);
  BOOST_TEST(r.flag[1] == -1);
  BOOST_TEST(close(r.z[1], -std::sqrt(30.0 * 0.4 / 0.6), 1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
