#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "attain/core/ratio.hpp"

BOOST_AUTO_TEST_SUITE(test_ratio)

BOOST_AUTO_TEST_CASE(ratio_is_done_over_eligible) {
  BOOST_TEST(attain::completion_ratio(6297, 10000) == 0.6297);
  BOOST_TEST(attain::completion_ratio(0, 5) == 0.0);
  BOOST_TEST(attain::completion_ratio(5, 5) == 1.0);
  BOOST_TEST(std::isnan(attain::completion_ratio(0, 0)));
}

BOOST_AUTO_TEST_CASE(bad_tallies_throw) {
  BOOST_CHECK_THROW(attain::completion_ratio(-1, 5), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::completion_ratio(6, 5), attain::invalid_argument);
  std::vector<std::int64_t> d{1, 2}, e{1};
  std::vector<double> out(2);
  BOOST_CHECK_THROW(attain::completion_ratio(d, e, out), attain::length_mismatch);
}

BOOST_AUTO_TEST_CASE(ratios_and_percentages_are_parsed) {
  BOOST_TEST(attain::parse_ratio("0.815") == 0.815);
  BOOST_TEST(attain::parse_ratio(" 81.5% ") == 81.5 / 100);
  BOOST_TEST(attain::parse_ratio("40.1 %") == 40.1 / 100);
  // A decimal comma (Excel in Vietnamese and European locales): one comma, no point.
  BOOST_TEST(attain::parse_ratio("81,5%") == 81.5 / 100);
  BOOST_TEST(attain::parse_ratio("0,815") == 0.815);
  BOOST_TEST(attain::parse_ratio(" 40,1 % ") == 40.1 / 100);
  for (const char* bad : {"", "%", "abc", "81.5%%", "1,234,5", "1.234,5%", "0,8,15", ",", "81,5,%"})
    BOOST_CHECK_THROW((void)attain::parse_ratio(bad), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
