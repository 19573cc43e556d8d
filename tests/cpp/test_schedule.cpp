#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "attain/core/schedule.hpp"

BOOST_AUTO_TEST_SUITE(test_schedule)

BOOST_AUTO_TEST_CASE(founding_domain_example) {
  // "48,49% ... vượt tiến độ 11,99%": 48.49 - 73 x 6/12.
  const auto s = attain::schedule(0.4849, 0.73, 6);
  BOOST_TEST(s.expected == 0.365, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(s.ahead == 0.1199, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::round(s.ahead * 10000) / 100 == 11.99);
}

BOOST_AUTO_TEST_CASE(profiles) {
  std::vector<double> peak(12, 1.0);
  peak[11] = 12.0;  // a campaign in the last month: 23 weights in all
  BOOST_TEST(attain::schedule_share(6, peak) == 6.0 / 23.0);
  BOOST_TEST(attain::schedule_share(12, peak) == 1.0);
  BOOST_TEST(attain::schedule_share(0) == 0.0);
  BOOST_TEST(attain::schedule(0.5, 0.8, 12).ahead == 0.5 - 0.8, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(std::isnan(attain::schedule(std::nan(""), 0.8, 3).ahead));
  BOOST_CHECK_THROW(attain::schedule_share(13), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule_share(3, std::vector<double>(11, 1.0)), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule_share(3, std::vector<double>(12, 0.0)), attain::invalid_argument);
  std::vector<double> negative(12, 1.0);
  negative[4] = -1.0;
  BOOST_CHECK_THROW(attain::schedule_share(3, negative), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(0.5, 1.5, 3), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(spans_equal_the_scalar_function_and_name_the_element) {
  const std::vector<double> ratio{0.5, 0.7, 0.2}, target{0.8, std::nan(""), 0.6};
  const std::vector<std::int32_t> months{6, 3, 12};
  std::vector<attain::schedule_result> out(3);
  attain::schedule(ratio, target, months, {}, out);
  BOOST_TEST(out[0].expected == 0.4);  // 0.8 x 6 / 12
  BOOST_TEST(std::isnan(out[1].expected));
  BOOST_TEST(out[2].ahead == attain::schedule(0.2, 0.6, 12).ahead);
  const std::vector<double> bad_target{0.8, 1.5, 0.6};
  try {
    attain::schedule(ratio, bad_target, months, {}, out);
    BOOST_FAIL("no exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "target[1] = 1.5 is outside [0, 1]");
  }
  const std::vector<std::int32_t> bad_months{6, 3, 13};
  BOOST_CHECK_THROW(attain::schedule(ratio, target, bad_months, {}, out), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(quota_plan_basis) {
  using attain::plan_basis;
  // An annual plan: 3 months of 12 are a quarter of it. Attainment 3/4 of the year's plan against
  // a target of 1 x plan: expected 1 x 3/12 = 1/4, ahead 3/4 - 1/4 = 1/2 (exact in binary).
  auto r = attain::quota_schedule(0.75, 1.0, 3);
  BOOST_TEST(r.expected == 0.25);
  BOOST_TEST(r.ahead == 0.5);
  r = attain::quota_schedule(0.75, 1.0, 3, {}, plan_basis::annual);
  BOOST_TEST(r.expected == 0.25);
  // A to-date plan is the plan due by now: expected = target, whatever the month or profile.
  // 5/4 of the plan due against 1 x it: ahead 1/4; against 3/2 x it: behind by 1/4.
  r = attain::quota_schedule(1.25, 1.0, 3, {}, plan_basis::to_date);
  BOOST_TEST(r.expected == 1.0);
  BOOST_TEST(r.ahead == 0.25);
  r = attain::quota_schedule(1.25, 1.5, 9, {}, plan_basis::to_date);
  BOOST_TEST(r.expected == 1.5);
  BOOST_TEST(r.ahead == -0.25);
  std::vector<double> peak(12, 1.0);
  peak[11] = 12.0;
  r = attain::quota_schedule(0.5, 1.0, 6, peak, plan_basis::to_date);
  BOOST_TEST(r.expected == 1.0);
  BOOST_TEST(r.ahead == -0.5);
  r = attain::quota_schedule(0.5, 1.0, 6, peak, plan_basis::annual);  // 1 x 6/23
  BOOST_TEST(r.expected == 6.0 / 23.0);
  BOOST_TEST(std::isnan(attain::quota_schedule(std::nan(""), 1.0, 6, {}, plan_basis::to_date).ahead));
  // The month and the profile are checked whatever the basis.
  BOOST_CHECK_THROW(attain::quota_schedule(1.0, 1.0, 13, {}, plan_basis::to_date), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::quota_schedule(1.0, 1.0, 3, std::vector<double>(11, 1.0), plan_basis::to_date),
                    attain::invalid_argument);
  BOOST_CHECK_THROW(attain::quota_schedule(-0.5, 1.0, 3, {}, plan_basis::to_date), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(completion_running_rate) {
  using attain::plan_basis;
  // The annual basis is the default: 73 % x 6/12, as the founding example.
  BOOST_TEST(attain::schedule(0.4849, 0.73, 6, {}, plan_basis::annual).expected ==
             attain::schedule(0.4849, 0.73, 6).expected);
  // A running rate (eligible is what came due so far): the target applies at every month, so
  // expected = target and ahead = ratio - target, whatever the month or profile. 7/8 seen in time
  // against 95 %: behind by 7.5 points in every month of the year.
  std::vector<double> peak(12, 1.0);
  peak[11] = 12.0;
  for (int months : {0, 1, 6, 12}) {
    for (const auto& profile : {std::vector<double>{}, peak}) {
      const auto r = attain::schedule(0.875, 0.95, months, profile, plan_basis::to_date);
      BOOST_TEST(r.expected == 0.95);
      BOOST_TEST(r.ahead == 0.875 - 0.95);
      BOOST_TEST(r.ahead == -0.075, boost::test_tools::tolerance(1e-15));
    }
  }
  BOOST_TEST(attain::schedule(1.0, 0.95, 3, {}, plan_basis::to_date).ahead == 1.0 - 0.95);
  BOOST_TEST(std::isnan(attain::schedule(std::nan(""), 0.95, 6, {}, plan_basis::to_date).ahead));
  BOOST_TEST(std::isnan(attain::schedule(0.5, std::nan(""), 6, {}, plan_basis::to_date).expected));
  // The ratio, target, month and profile are checked whatever the basis.
  BOOST_CHECK_THROW(attain::schedule(0.5, 0.95, 13, {}, plan_basis::to_date), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(0.5, 0.95, 3, std::vector<double>(11, 1.0), plan_basis::to_date),
                    attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(1.5, 0.95, 3, {}, plan_basis::to_date), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(0.5, 1.5, 3, {}, plan_basis::to_date), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
