#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "attain/stats/ratio_interval.hpp"

// Expected values: R 4.2.2, survey 4.1.1: svyratio(~y, ~x, svydesign(ids = ~1, weights =
// rep(1, 4), data = data.frame(y = c(5, 0, 8, 3), x = c(10, 4, 8, 6)))), SE() and confint().

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::abs(b); }
}  // namespace

BOOST_AUTO_TEST_SUITE(test_ratio_interval)

BOOST_AUTO_TEST_CASE(linearisation_matches_svyratio) {
  const std::vector<double> y{5, 0, 8, 3}, x{10, 4, 8, 6};
  const auto r = attain::ratio_of_sums_interval(y, x);
  BOOST_TEST(close(r.ratio, 0.5714285714285714, 1e-15));
  BOOST_TEST(close(r.std_error, 0.17336931887584567, 1e-12));
  BOOST_TEST(close(r.low, 0.23163095040767379, 1e-12));
  BOOST_TEST(close(r.high, 0.91122619244946901, 1e-12));
  BOOST_TEST(r.cases == 4u);
}

BOOST_AUTO_TEST_CASE(bootstrap_is_seeded_and_near_linearisation) {
  std::vector<double> y, x;
  for (int i = 0; i < 200; ++i) {
    x.push_back(1000.0 + 37.0 * (i % 17));
    y.push_back((i % 5 == 0) ? 0.0 : x.back() * (0.5 + 0.02 * (i % 11)));
  }
  attain::ratio_interval_options options;
  options.method = attain::ratio_interval_method::bootstrap;
  options.seed = 3;
  const auto a = attain::ratio_of_sums_interval(y, x, options), b = attain::ratio_of_sums_interval(y, x, options);
  BOOST_TEST(a.low == b.low);
  BOOST_TEST(a.high == b.high);
  const auto lin = attain::ratio_of_sums_interval(y, x);
  BOOST_TEST(a.ratio == lin.ratio);
  BOOST_TEST(close(a.std_error, lin.std_error, 0.15));
  BOOST_TEST(std::abs(a.low - lin.low) < 0.3 * lin.std_error);
  BOOST_TEST(std::abs(a.high - lin.high) < 0.3 * lin.std_error);
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  const std::vector<double> one{1.0}, two{1.0, 2.0}, zeros{0.0, 0.0}, negative{1.0, -2.0};
  BOOST_CHECK_THROW(attain::ratio_of_sums_interval(one, one), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::ratio_of_sums_interval(two, one), attain::length_mismatch);
  BOOST_CHECK_THROW(attain::ratio_of_sums_interval(zeros, zeros), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::ratio_of_sums_interval(negative, two), attain::invalid_argument);
  attain::ratio_interval_options options;
  options.alpha = 1.0;
  BOOST_CHECK_THROW(attain::ratio_of_sums_interval(two, two, options), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_ratio_interval_method("delta"), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
