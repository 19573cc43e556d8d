#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "attain/stats/control_chart.hpp"

// Expected values: Laney (2002) and the p-chart formulas evaluated independently in numpy.

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }
}  // namespace

BOOST_AUTO_TEST_SUITE(test_control_chart)

BOOST_AUTO_TEST_CASE(laney_widens_the_p_chart_for_large_denominators) {
  const std::vector<std::int64_t> done{5200, 5300, 5100, 5600, 5000, 5450};
  const std::vector<std::int64_t> eligible{10000, 10000, 9000, 10000, 9500, 10000};
  const auto p = attain::control_chart(done, eligible, attain::chart_kind::p);
  BOOST_TEST(close(p.centre, 0.541025641025641, 1e-14));
  BOOST_TEST(close(p.lower[0], 0.5260762193946684, 1e-12));
  const std::vector<std::int8_t> p_flags{-1, 0, 1, 1, 0, 0};
  BOOST_TEST(p.flag == p_flags, boost::test_tools::per_element());
  const auto l = attain::control_chart(done, eligible, attain::chart_kind::laney);
  BOOST_TEST(close(l.sigma_z, 3.6408298556261562, 1e-12));
  BOOST_TEST(close(l.lower[2], 0.4836531746712366, 1e-12));
  BOOST_TEST(close(l.upper[0], 0.5954539416240295, 1e-12));
  for (auto f : l.flag) BOOST_TEST(f == 0);
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  const std::vector<std::int64_t> one{1};
  BOOST_CHECK_THROW(attain::control_chart(one, one), attain::invalid_argument);
  const std::vector<std::int64_t> d{1, 1}, e{2, 0};
  BOOST_CHECK_THROW(attain::control_chart(d, e), attain::invalid_argument);
  const std::vector<std::int64_t> ok{2, 2};
  BOOST_CHECK_THROW(attain::control_chart(d, ok, attain::chart_kind::p, -1.0), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::control_chart(d, ok, attain::chart_kind::p, 3.0, 1.5), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_chart_kind("np"), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
