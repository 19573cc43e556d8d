#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "attain/core/panel.hpp"
#include "printers.hpp"

using attain::year_month;

namespace {
// province <- {A, B}; A <- {A1}. Two months, YTD. Province has own rows too.
struct fixture {
  attain::hierarchy units{{"province", "A", "B", "A1"}, {"", "province", "province", "A"}};
  std::vector<std::int32_t> unit{0, 1, 2, 3, 0, 1, 2, 3};
  std::vector<year_month> period{{2021, 5}, {2021, 5}, {2021, 5}, {2021, 5},
                                 {2021, 6}, {2021, 6}, {2021, 6}, {2021, 6}};
  std::vector<std::int64_t> done{10, 5, 30, 2, 20, 9, 40, 4};
  std::vector<std::int64_t> eligible{40, 10, 60, 10, 40, 10, 60, 10};
  std::vector<double> target{0.8, std::nan(""), 0.5, 0.3, 0.8, std::nan(""), 0.5, 0.3};
  std::vector<std::int64_t> accepted{};

  attain::panel make(attain::panel_options options = {attain::fiscal_calendar(10)}) const {
    return attain::panel(units, unit, period, {attain::measure_columns{"count", done, eligible, accepted, target}},
                         options);
  }
};

// The fixture's rows read as monthly flows: A's done falls from 5 to 4 between May and June.
fixture f_monthly() {
  fixture f;
  f.done = {10, 5, 30, 2, 10, 4, 10, 2};
  f.eligible = {40, 10, 60, 10, 40, 10, 60, 10};
  return f;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(test_panel)

BOOST_AUTO_TEST_CASE(roll_up_is_ratio_of_sums) {
  fixture f;
  const auto p = f.make();
  const auto s = p.at({2021, 6});
  // A = own 9/10 + A1 4/10 = 13/20; province = 20/40 + 13/20 + 40/60 = 73/120.
  BOOST_TEST(s.at(0, 1).total == (attain::tally{13, 20}));
  BOOST_TEST(s.at(0, 0).total == (attain::tally{73, 120}));
  BOOST_TEST(s.at(0, 0).gap.ratio == 73.0 / 120.0);
  BOOST_TEST(s.at(0, 0).ratio_prev == 47.0 / 120.0);
  BOOST_TEST(s.at(0, 0).change_prev == 73.0 / 120.0 - 47.0 / 120.0);
  BOOST_TEST(std::isnan(s.at(0, 0).change_year));
  BOOST_TEST(s.months_elapsed == 9);
  BOOST_TEST(s.months_remaining == 3);
}

BOOST_AUTO_TEST_CASE(targets_inherit_from_ancestors) {
  fixture f;
  const auto s = f.make().at({2021, 6});
  BOOST_TEST(s.at(0, 1).target == 0.8);  // A has none: the province's
  BOOST_TEST(s.at(0, 3).target == 0.3);  // A1 has its own
  BOOST_TEST(s.at(0, 2).gap.met);        // B: 40/60 >= 0.5
  BOOST_TEST(!s.at(0, 1).gap.met);       // A: 13/20 < 0.8, short by 3
  BOOST_TEST(s.at(0, 1).gap.shortfall == 3);
  const auto& kids = s.children_of(0, 0);
  BOOST_TEST(kids.n == 2);
  BOOST_TEST(kids.n_met == 1);
  BOOST_TEST(kids.n_short == 1);
  BOOST_TEST(kids.min_gap == 0.8 - 13.0 / 20.0);
  BOOST_TEST(kids.max_gap == 0.8 - 13.0 / 20.0);
  // Ranks among siblings: B (0.667) before A (0.65).
  BOOST_TEST(s.at(0, 2).rank == 1);
  BOOST_TEST(s.at(0, 1).rank == 2);
  BOOST_TEST(s.at(0, 0).rank == 1);
}

BOOST_AUTO_TEST_CASE(pace_uses_growth_since_year_start) {
  fixture f;
  f.eligible = {40, 10, 60, 10, 52, 10, 60, 10};  // the province's own eligible grows by 12
  const auto s = f.make().at({2021, 6});
  const auto& p = s.at(0, 0).pace;
  BOOST_TEST(p.months_remaining == 3);
  // The panel starts at 2021-05, not at the fiscal year's first month (2020-10): no growth.
  BOOST_TEST(p.eligible_projected == 132);
}

BOOST_AUTO_TEST_CASE(monthly_flows_are_cumulated) {
  fixture f;
  f.done = {10, 5, 30, 2, 10, 4, 10, 2};
  f.eligible = {40, 10, 60, 10, 0, 0, 0, 0};
  const auto s = f.make({attain::fiscal_calendar(10), true}).at({2021, 6});
  BOOST_TEST(s.at(0, 0).total == (attain::tally{73, 120}));
}

BOOST_AUTO_TEST_CASE(rows_are_validated_with_names) {
  fixture f;
  auto expect = [&](const fixture& g, const std::string& message) {
    try {
      g.make();
      BOOST_FAIL("expected an exception: " + message);
    } catch (const attain::error& e) {
      BOOST_TEST(std::string(e.what()) == message);
    }
  };
  fixture dup = f;
  dup.period[1] = {2021, 6};
  expect(dup, "row 1 and row 5 both hold unit 'A' at period 2021-06");
  fixture neg = f;
  neg.done[2] = -1;
  expect(neg, "row 2: count done = -1 is negative");
  fixture over = f;
  over.done[6] = 61;
  expect(over,
         "row 6: count done = 61 is greater than count eligible = 60; if count is a quota (an actual "
         "against a plan, which it may exceed), declare it one (attain --quota count; Python quota=['count'])");
  fixture missing = f;
  missing.unit.pop_back(), missing.period.pop_back(), missing.done.pop_back(), missing.eligible.pop_back(),
      missing.target.pop_back();
  expect(missing, "unit 'A1' has no row for period 2021-06 (it has rows for other periods)");
  fixture bad_target = f;
  bad_target.target[0] = 1.5;
  expect(bad_target, "row 0: count target = 1.5 is outside [0, 1]");
  const auto p = f.make();
  BOOST_CHECK_THROW((void)p.at({2021, 7}), attain::unknown_key);
  BOOST_CHECK_THROW((void)p.measure_index("money"), attain::unknown_key);
}

BOOST_AUTO_TEST_CASE(a_year_to_date_series_that_falls_within_a_fiscal_year_is_an_error) {
  auto message = [](const fixture& g, attain::panel_options options) -> std::string {
    try {
      g.make(std::move(options));
    } catch (const attain::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  fixture monthly = f_monthly();
  const std::string m = message(monthly, {attain::fiscal_calendar(10)});
  BOOST_TEST(m ==
             "row 5: unit 'A', year-to-date count done falls from 5 in 2021-05 to 4 in 2021-06 within fiscal year "
             "2021; year-to-date figures only grow within a fiscal year. If the rows hold each month's own figures, "
             "read them as monthly flows (attain --monthly; Python monthly_flows=True)");
  BOOST_TEST(message(monthly, {attain::fiscal_calendar(10), true}).empty());
  // Eligible may fall (cases are reclassified as not enforceable): no error.
  fixture reclassified;
  reclassified.eligible = {40, 10, 60, 10, 40, 10, 50, 10};
  BOOST_TEST(message(reclassified, {attain::fiscal_calendar(10)}).empty());
  // Accepted (total intake) is a year-to-date sum too.
  fixture intake;
  intake.accepted = {50, 20, 70, 20, 50, 20, 65, 20};
  BOOST_TEST(message(intake, {attain::fiscal_calendar(10)})
                 .find("year-to-date count accepted falls from 70 in "
                       "2021-05 to 65 in 2021-06") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_new_fiscal_year_restarts_the_year_to_date_series) {
  fixture f;
  f.period = {{2021, 9}, {2021, 9}, {2021, 9}, {2021, 9}, {2021, 10}, {2021, 10}, {2021, 10}, {2021, 10}};
  f.done = {30, 9, 50, 8, 1, 0, 2, 0};
  f.eligible = {40, 10, 60, 10, 20, 5, 30, 5};
  BOOST_CHECK_NO_THROW(f.make({attain::fiscal_calendar(10)}));
  // With a calendar year the same drop is within one year, and the message suggests October.
  try {
    f.make({attain::fiscal_calendar(1)});
    BOOST_FAIL("expected an exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find("give --fiscal-year-start 10 (fiscal_year_start=10)") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(overflow_in_roll_up_throws) {
  attain::hierarchy units{{"p", "a", "b"}, {"", "p", "p"}};
  std::vector<std::int32_t> unit{1, 2};
  std::vector<year_month> period{{2021, 1}, {2021, 1}};
  const auto big = std::numeric_limits<std::int64_t>::max() - 1;
  std::vector<std::int64_t> done{1, 1}, eligible{big, big};
  BOOST_CHECK_THROW(attain::panel(units, unit, period, {attain::measure_columns("amount", done, eligible)}),
                    attain::overflow_error);
}

BOOST_AUTO_TEST_SUITE_END()
