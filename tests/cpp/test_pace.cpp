#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

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

BOOST_AUTO_TEST_CASE(spans_equal_the_scalar_function_and_name_the_element) {
  const std::vector<std::int64_t> done{7575, 30, 0}, eligible{12029, 40, 0};
  const std::vector<double> target{0.815, 0.6, 0.5}, growth{10.5, 0.0, 2.0};
  const std::vector<std::int32_t> months{3, 0, 11};
  std::vector<attain::pace_result> out(3);
  attain::pace(done, eligible, target, months, growth, out);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto one = attain::pace({done[i], eligible[i]}, target[i], months[i], growth[i]);
    BOOST_TEST(out[i].needed == one.needed);
    BOOST_TEST(out[i].needed_projected == one.needed_projected);
    BOOST_TEST(out[i].eligible_projected == one.eligible_projected);
    BOOST_TEST(out[i].per_month == one.per_month);
    BOOST_TEST(out[i].per_month_projected == one.per_month_projected);
  }
  // Hand-derived: 30 of 40 against 0.6 needs nothing.
  BOOST_TEST(out[1].needed == 0);
  std::vector<std::int32_t> bad{3, 12, 1};
  try {
    attain::pace(done, eligible, target, bad, growth, out);
    BOOST_FAIL("no exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "months_remaining[1] = 12 is outside 0..11");
  }
  BOOST_CHECK_THROW(attain::pace(done, eligible, target, months, growth, std::span(out).first(2)),
                    attain::length_mismatch);
}

BOOST_AUTO_TEST_SUITE_END()
