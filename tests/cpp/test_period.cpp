#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "attain/core/period.hpp"
#include "printers.hpp"

using attain::fiscal_calendar;
using attain::year_month;

BOOST_AUTO_TEST_SUITE(test_period)

BOOST_AUTO_TEST_CASE(parse_and_format) {
  BOOST_TEST(year_month::parse("2021-06") == (year_month{2021, 6}));
  BOOST_TEST(year_month::parse("2021-6").to_string() == "2021-06");
  BOOST_TEST(year_month::parse("2020-12").plus_months(1).to_string() == "2021-01");
  for (const char* bad :
       {"", "2021", "2021-13", "2021-00", "x-01", "2021-6-01", "-06", "2021-", "0-01", "2147483647-01", "-5-3"})
    BOOST_CHECK_THROW(year_month::parse(bad), attain::invalid_argument);
  for (int o : {-25, -1, 0, 1, 24251, 24252}) BOOST_TEST(year_month::from_ordinal(o).ordinal() == o);
}

BOOST_AUTO_TEST_CASE(enforcement_year_october_to_september) {
  const fiscal_calendar cal(10);
  BOOST_TEST(cal.fiscal_year({2020, 10}) == 2021);
  BOOST_TEST(cal.fiscal_year({2021, 9}) == 2021);
  BOOST_TEST(cal.fiscal_year({2021, 10}) == 2022);
  BOOST_TEST(cal.months_elapsed({2021, 6}) == 9);  // "9 tháng đầu năm"
  BOOST_TEST(cal.months_remaining({2021, 6}) == 3);
  BOOST_TEST(cal.months_elapsed({2020, 10}) == 1);
  BOOST_TEST(cal.months_remaining({2021, 9}) == 0);
  BOOST_TEST(cal.start(2021) == (year_month{2020, 10}));
  BOOST_TEST(cal.end(2021) == (year_month{2021, 9}));
  const fiscal_calendar calendar_year;
  BOOST_TEST(calendar_year.fiscal_year({2021, 1}) == 2021);
  BOOST_TEST(calendar_year.months_elapsed({2021, 12}) == 12);
  BOOST_CHECK_THROW(fiscal_calendar(13), attain::invalid_argument);
  BOOST_CHECK_THROW(fiscal_calendar(0), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(ytd_and_monthly_round_trip_across_years) {
  const fiscal_calendar cal(10);
  std::vector<year_month> periods;
  for (int i = 0; i < 15; ++i) periods.push_back(year_month{2020, 8}.plus_months(i));  // 2020-08 .. 2021-10
  std::vector<std::int64_t> monthly{5, 7, 3, 4, 0, 9, 2, 2, 6, 1, 1, 8, 3, 5, 4}, ytd(15), back(15);
  attain::monthly_to_ytd(monthly, periods, cal, ytd);
  // 2020-10 and 2021-10 start fiscal years: cumulation restarts there.
  BOOST_TEST(ytd[0] == 5);
  BOOST_TEST(ytd[1] == 12);
  BOOST_TEST(ytd[2] == 3);
  BOOST_TEST(ytd[3] == 7);
  BOOST_TEST(ytd[13] == 3 + 4 + 0 + 9 + 2 + 2 + 6 + 1 + 1 + 8 + 3 + 5);
  BOOST_TEST(ytd[14] == 4);
  attain::ytd_to_monthly(ytd, periods, cal, back);
  BOOST_TEST(back == monthly, boost::test_tools::per_element());
  std::vector<year_month> gap{{2021, 1}, {2021, 3}};
  std::vector<std::int64_t> two{1, 2}, out(2);
  BOOST_CHECK_THROW(attain::ytd_to_monthly(two, gap, cal, out), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(open_at_start_restarts_with_each_fiscal_year) {
  const attain::fiscal_calendar cal(10);
  std::vector<year_month> periods{{2020, 8}, {2020, 9}, {2020, 10}, {2020, 11}, {2020, 12}};
  // year to date: the first two months end fiscal year 2020, the last three open 2021
  const std::vector<std::int64_t> done{5, 9, 3, 7, 12}, eligible{20, 22, 30, 31, 33};
  std::vector<std::int64_t> open(5);
  attain::open_at_start(done, eligible, periods, cal, open);
  const std::vector<std::int64_t> expected{20, 22 - 5, 30, 31 - 3, 33 - 7};
  BOOST_TEST(open == expected, boost::test_tools::per_element());
  std::vector<year_month> gap{{2021, 1}, {2021, 3}};
  std::vector<std::int64_t> two{1, 2}, out(2);
  BOOST_CHECK_THROW(attain::open_at_start(two, two, gap, cal, out), attain::invalid_argument);
  std::vector<std::int64_t> one(1);
  BOOST_CHECK_THROW(attain::open_at_start(two, two, std::span<const year_month>(gap), cal, one),
                    attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(year_start_ordinal_agrees_with_the_calendar) {
  for (int first = 1; first <= 12; ++first) {
    const attain::fiscal_calendar cal(first);
    for (std::int32_t o = attain::year_month{1999, 1}.ordinal(); o < attain::year_month{2003, 1}.ordinal(); ++o)
      BOOST_TEST(cal.year_start_ordinal(o) ==
                 cal.start(cal.fiscal_year(attain::year_month::from_ordinal(o))).ordinal());
  }
}

BOOST_AUTO_TEST_CASE(iso_dates_and_date_times_stand_for_their_month) {
  using attain::year_month;
  BOOST_TEST((year_month::parse("2021-06-30") == year_month{2021, 6}));
  BOOST_TEST((year_month::parse("2020-02-29") == year_month{2020, 2}));
  BOOST_TEST((year_month::parse("2021-06-30T08:15:00") == year_month{2021, 6}));
  BOOST_TEST((year_month::parse("2021-06-30 08:15") == year_month{2021, 6}));
  // (an ISO date is "YYYY-MM-DD"; "2021-6-01" is neither a month nor a date, see parse_and_format)
  for (const char* bad : {"2021-02-29", "2021-06-31", "2021-13-01", "2021-06-3x", "2021-06-30X", "1900-02-29"})
    BOOST_CHECK_THROW((void)year_month::parse(bad), attain::invalid_argument);
  BOOST_TEST((year_month::parse("2000-02-29") == year_month{2000, 2}));
}

BOOST_AUTO_TEST_CASE(quarters_stand_for_their_last_month_and_month_slash_year) {
  BOOST_TEST((year_month::parse("2021-Q1") == year_month{2021, 3}));
  BOOST_TEST((year_month::parse("2021-Q2") == year_month{2021, 6}));
  BOOST_TEST((year_month::parse("2020-q4") == year_month{2020, 12}));
  BOOST_TEST((year_month::parse("2021-Q4").to_string() == "2021-12"));
  BOOST_TEST((year_month::parse("06/2021") == year_month{2021, 6}));
  BOOST_TEST((year_month::parse("6/2021") == year_month{2021, 6}));
  BOOST_TEST((year_month::parse("12/2020") == year_month{2020, 12}));
  for (const char* bad : {"2021-Q0", "2021-Q5", "2021-Q", "2021-Q12", "0000-Q1", "202x-Q1", "13/2021", "00/2021",
                          "6/21", "06/20211", "/2021", "06/", "30/06/2021", "2021/06", "06/202x", "-6/2021", "06-2021"})
    BOOST_CHECK_THROW((void)year_month::parse(bad), attain::invalid_argument);
  try {
    (void)year_month::parse("30/06/2021");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find("MM/YYYY") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
