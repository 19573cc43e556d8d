#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "attain/stats/change_point.hpp"

// Expected values: pyHomogeneity's pettitt_test(sim=None) (Pettitt's approximation) and
// statsmodels OLS on the segmented design (tests/python/test_change_point.py checks many more).

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }
const std::vector<double> y{10, 12, 11, 13, 12, 14, 20, 21, 23, 22, 25, 24};
}  // namespace

BOOST_AUTO_TEST_SUITE(test_change_point)

BOOST_AUTO_TEST_CASE(pettitt_matches_pyhomogeneity) {
  const auto r = attain::pettitt(y);
  BOOST_TEST(r.statistic == 36.0);
  BOOST_TEST(r.u == -36.0);  // the later values are larger: a rise
  BOOST_TEST(r.location == 6u);
  BOOST_TEST(close(r.p_value, 0.03140780113025614, 1e-13));
  BOOST_TEST(close(r.mean_before, 12.0, 1e-15));
  BOOST_TEST(close(r.mean_after, 22.5, 1e-15));
}

BOOST_AUTO_TEST_CASE(pettitt_edge_cases) {
  const std::vector<double> flat(10, 3.0);
  const auto f = attain::pettitt(flat);
  BOOST_TEST(f.statistic == 0.0);
  BOOST_TEST(f.location == 1u);
  BOOST_TEST(f.p_value == 1.0);
  const std::vector<double> two{1.0, 2.0};
  BOOST_TEST(attain::pettitt(two).statistic == 1.0);
  BOOST_CHECK_THROW(attain::pettitt(std::vector<double>{1.0}), attain::invalid_argument);
  try {
    attain::pettitt(std::vector<double>{1.0, INFINITY});
    BOOST_FAIL("no throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "x[1] = inf is not finite");
  }
}

BOOST_AUTO_TEST_CASE(snht_matches_pyhomogeneity) {
  const auto r = attain::snht(y);
  BOOST_TEST(close(r.statistic, 10.155617585484997, 1e-13));
  BOOST_TEST(r.location == 6u);
  BOOST_TEST(close(r.mean_after, 22.5, 1e-15));
  BOOST_TEST(r.p_value < 0.001);  // pyHomogeneity (20,000 simulations): 0
  const std::vector<double> x{3.1, 2.9, 3.3, 3.0, 2.8, 3.2, 3.1, 3.4, 2.9, 3.0, 3.6, 3.5, 3.8, 3.7};
  const auto s = attain::snht(x, 20000);
  BOOST_TEST(close(s.statistic, 9.37951742627346, 1e-12));
  BOOST_TEST(s.location == 10u);
  BOOST_TEST(std::abs(s.p_value - 0.00155) < 0.0015);                                // pyHomogeneity's Monte Carlo p
  BOOST_TEST(attain::snht(x, 2000, 7).p_value == attain::snht(x, 2000, 7).p_value);  // seeded
  const std::vector<double> flat(6, 1.0);
  const auto f = attain::snht(flat, 100);
  BOOST_TEST(f.statistic == 0.0);
  BOOST_TEST(f.p_value == 1.0);
  BOOST_CHECK_THROW(attain::snht(std::vector<double>{1.0, 2.0}), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::snht(x, 0), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(segmented_regression_matches_statsmodels) {
  const auto r = attain::segmented_regression(y, 6);
  BOOST_TEST(r.df == 8u);
  BOOST_TEST(close(r.level_before.estimate, 14.200000000000005, 1e-12));
  BOOST_TEST(close(r.slope_before.estimate, 0.6285714285714268, 1e-12));
  BOOST_TEST(close(r.level_change.estimate, 6.085714285714286, 1e-12));
  BOOST_TEST(close(r.slope_change.estimate, 0.2571428571428557, 1e-11));
  BOOST_TEST(close(r.level_change.std_error, 1.0917127528310167, 1e-12));
  BOOST_TEST(close(r.slope_change.std_error, 0.31298431857438025, 1e-12));
  BOOST_TEST(close(r.level_change.p_value, 5.2569223950493999e-04, 1e-10));
  BOOST_TEST(close(r.slope_change.p_value, 4.3511308136940585e-01, 1e-10));
  BOOST_TEST(close(r.level_change.low, 3.5682201632308383, 1e-12));
  BOOST_TEST(close(r.slope_change.high, 0.9788859900294345, 1e-12));
  BOOST_TEST(close(r.sigma, 0.9258200997725513, 1e-12));
  BOOST_TEST(close(r.chow_f, 15.537587412587426, 1e-10));  // statsmodels f_test(b2 = b3 = 0)
  BOOST_TEST(close(r.chow_p_value, 0.001756937161905082, 1e-9));
  BOOST_TEST(close(r.r_squared, 0.9808593360582195, 1e-12));
  BOOST_TEST(close(r.slope_after.estimate, 0.8857142857142825, 1e-12));
  BOOST_TEST(close(r.slope_after.std_error, 0.22131333406899525, 1e-12));
  // Times with a gap, shifted by a constant: the changes do not depend on the origin.
  std::vector<double> t(y.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = 2000.0 + static_cast<double>(i);
  const auto s = attain::segmented_regression(y, 6, t);
  BOOST_TEST(close(s.level_change.estimate, r.level_change.estimate, 1e-10));
  BOOST_TEST(close(s.slope_change.std_error, r.slope_change.std_error, 1e-10));
}

BOOST_AUTO_TEST_CASE(segmented_regression_edge_cases_and_errors) {
  // A perfect line: zero residuals, zero standard errors, no test.
  std::vector<double> line(8);
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = 2.0 + 0.5 * static_cast<double>(i);
  const auto p = attain::segmented_regression(line, 4);
  BOOST_TEST(std::abs(p.level_change.estimate) < 1e-12);
  BOOST_TEST(std::abs(p.slope_before.estimate - 0.5) < 1e-12);
  BOOST_TEST(std::isnan(p.level_change.p_value));
  BOOST_TEST(p.sigma == 0.0);
  BOOST_TEST(std::isnan(p.chow_f));
  const std::vector<double> flat(8, 0.6);
  const auto f = attain::segmented_regression(flat, 4);
  BOOST_TEST(std::abs(f.level_before.estimate - 0.6) < 1e-14);
  BOOST_TEST(std::isnan(f.r_squared));
  const std::vector<double> five{1, 2, 3, 4, 5};
  BOOST_TEST(attain::segmented_regression(five, 2).df == 1u);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const attain::invalid_argument& x) {
      return std::string(x.what());
    }
    return std::string();
  };
  BOOST_TEST(
      message([&] { attain::segmented_regression(five, 1); }) ==
      "start = 1 leaves 1 points before and 4 from the campaign on; segmented regression needs at least 2 of each");
  BOOST_TEST(message([&] { attain::segmented_regression(five, 4); }).find("start = 4 leaves 4 points before and 1") ==
             0u);
  const std::vector<double> bad_t{0, 1, 1, 2, 3};
  BOOST_TEST(message([&] { attain::segmented_regression(five, 2, bad_t); }) == "time[2] = 1 is not after time[1] = 1");
  const std::vector<double> nan_y{1, 2, NAN, 4, 5};
  BOOST_TEST(message([&] { attain::segmented_regression(nan_y, 2); }) == "y[2] = nan is not finite");
  BOOST_CHECK_THROW(attain::segmented_regression(five, 2, std::vector<double>{1, 2}), attain::length_mismatch);
  BOOST_CHECK_THROW(attain::segmented_regression(five, 2, {}, 1.5), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
