#include <boost/test/unit_test.hpp>
#include <cmath>

#include "attain/core/pace.hpp"

BOOST_AUTO_TEST_SUITE(test_pace)

BOOST_AUTO_TEST_CASE(pace_with_current_and_projected_denominator) {
  // 6297 of 10000 against 81.5 % with 3 months left: 1853 more, 617.67 a month.
  auto p = attain::pace({6297, 10000}, 0.815, 3);
  BOOST_TEST(p.needed == 1853);
  BOOST_TEST(p.per_month == 1853.0 / 3.0);
  BOOST_TEST(p.eligible_projected == 10000);
  BOOST_TEST(p.needed_projected == 1853);
  // The denominator grows by 100 a month: 10300 eligible at year end need 8395 done.
  p = attain::pace({6297, 10000}, 0.815, 3, 100.0);
  BOOST_TEST(p.eligible_projected == 10300);
  BOOST_TEST(p.needed_projected == 8395 - 6297);
  BOOST_TEST(p.per_month_projected == (8395.0 - 6297.0) / 3.0);
}

BOOST_AUTO_TEST_CASE(no_month_left) {
  BOOST_TEST(std::isinf(attain::pace({1, 10}, 0.5, 0).per_month));
  BOOST_TEST(attain::pace({5, 10}, 0.5, 0).per_month == 0.0);
  BOOST_CHECK_THROW(attain::pace({5, 10}, 0.5, 12), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::pace({5, 10}, 0.5, 2, std::nan("")), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
