#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "attain/stats/projection.hpp"
#include "founding.hpp"  // examples/cpp: the founding report's May and June rows

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(test_projection)

BOOST_AUTO_TEST_CASE(pace_model_by_hand) {
  // Flows of months 2..4: done 10, 12, 10 (mean 32/3, variance 4/3), eligible 10, 10, 10.
  const std::vector<std::int64_t> done{10, 20, 32, 42}, eligible{100, 110, 120, 130};
  const auto r = attain::project_year_end(done, eligible, 0.7, 3, 0.05);
  BOOST_TEST(r.months_elapsed == 4);
  BOOST_TEST(r.months_remaining == 8);
  BOOST_TEST(r.pace.available);
  BOOST_TEST(r.current_pace == 32.0 / 3, tt::tolerance(1e-15));
  const double d = 42 + 8 * 32.0 / 3, e = 130 + 80, ratio = d / e;
  const double sd = std::sqrt((8 + 64.0 / 3) * (4.0 / 3)) / e;
  const double t975_2df = 4.302652729749464;  // Student t, 2 degrees of freedom, 97.5 % (tables)
  BOOST_TEST(r.pace.ratio.back() == ratio, tt::tolerance(1e-13));
  BOOST_TEST(r.pace.low.back() == ratio - t975_2df * sd, tt::tolerance(1e-12));
  BOOST_TEST(r.pace.high.back() == ratio + t975_2df * sd, tt::tolerance(1e-12));
  // Required pace: attain::pace with the eligible growing 10 a month: 0.7 x 210 = 147 -> 105 more in 8 months.
  BOOST_TEST(r.required_pace == 105.0 / 8, tt::tolerance(1e-15));
  BOOST_TEST(!r.reachable);  // 10.67 a month < 13.125
}

BOOST_AUTO_TEST_CASE(trend_of_constant_flows_is_exact) {
  const std::vector<std::int64_t> done{10, 20, 30, 40, 50}, eligible{100, 110, 120, 130, 140};
  const auto r = attain::project_year_end(done, eligible, std::nan(""));
  BOOST_TEST(r.trend.available);
  BOOST_TEST(r.trend.year_end_ratio() == 120.0 / 210, tt::tolerance(1e-13));
  BOOST_TEST(r.trend.low.back() == r.trend.high.back());
  BOOST_TEST(std::isnan(r.required_pace));
  BOOST_TEST(!r.reachable);
}

BOOST_AUTO_TEST_CASE(short_series_and_the_last_month) {
  const std::vector<std::int64_t> done{5, 9, 15}, eligible{50, 60, 70};
  const auto three = attain::project_year_end(std::span(done).first(3), std::span(eligible).first(3), 0.5);
  BOOST_TEST(three.pace.available);
  BOOST_TEST(!three.trend.available);
  BOOST_TEST(three.trend.ratio.empty());
  const auto two = attain::project_year_end(std::span(done).first(2), std::span(eligible).first(2), 0.5);
  BOOST_TEST(!two.pace.available);
  BOOST_TEST(std::isnan(two.pace.year_end_ratio()));
  std::vector<std::int64_t> d12(12), e12(12, 100);
  for (int i = 0; i < 12; ++i) d12[static_cast<std::size_t>(i)] = 8 * (i + 1);
  const auto year_end = attain::project_year_end(d12, e12, 0.96);
  BOOST_TEST(year_end.months_remaining == 0);
  BOOST_TEST(year_end.reachable);  // 96 of 100 meets 0.96
  BOOST_TEST(year_end.pace.ratio.empty());
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  const std::vector<std::int64_t> done{5, 9}, eligible{4, 60}, empty;
  BOOST_CHECK_THROW((void)attain::project_year_end(done, eligible, 0.5), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::project_year_end(empty, empty, 0.5), attain::invalid_argument);
  const std::vector<std::int64_t> ok_d{1, 2}, ok_e{4, 6};
  BOOST_CHECK_THROW((void)attain::project_year_end(ok_d, ok_e, 1.5), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::project_year_end(ok_d, ok_e, 0.5, 1), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::project_year_end(ok_d, ok_e, 0.5, 3, 1.0), attain::invalid_argument);
  // The founding rows hold May and June only: a projection needs October to June.
  const auto panel = founding::make_panel();
  BOOST_TEST(!attain::has_year_to_date(panel, {2021, 6}));
  try {
    (void)attain::project_year_end(panel, 0, 0, {2021, 6});
    BOOST_FAIL("a projection from a partial year must throw");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the year-end projection needs every month of the fiscal year up to 2021-06, but the data has no period "
               "2020-10");
  }
}

BOOST_AUTO_TEST_SUITE_END()
