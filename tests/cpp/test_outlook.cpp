#include <boost/test/unit_test.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "attain/core/cases.hpp"
#include "attain/report/fields.hpp"
#include "attain/stats/outlook.hpp"
#include "founding.hpp"  // examples/cpp: the founding report's May and June rows

BOOST_AUTO_TEST_SUITE(test_outlook)

BOOST_AUTO_TEST_CASE(intervals_only_for_measures_declared_counts) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  const std::int32_t province = panel.unit_index(founding::province);
  BOOST_TEST(o.has_interval(0));
  BOOST_TEST(!o.has_interval(1));
  // The Wilson interval of 7575 / 12029, from the one-element proportion_ci.
  const auto expected = attain::proportion_ci(7575, 12029);
  const auto got = o.ratio_interval(0, province);
  BOOST_TEST(got.low == expected.low);
  BOOST_TEST(got.high == expected.high);
  BOOST_TEST(std::isnan(o.ratio_interval(1, province).low));  // money: no binomial interval
  BOOST_CHECK_THROW((void)o.ratio_interval(0, 99), attain::unknown_key);
}

BOOST_AUTO_TEST_CASE(projections_are_computed_once_and_kept) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  // The founding rows hold May and June only: the year so far is missing, no projection.
  BOOST_TEST(!o.projectable());
  const auto& p = o.projection(0, 0);
  BOOST_TEST(!p.pace.available);
  BOOST_TEST(&o.projection(0, 0) == &p);
  BOOST_TEST(o.projections_computed() == 1U);
  (void)attain::report_fields(o, 0);
  BOOST_TEST(o.projections_computed() == 2U);  // the amount's; the count's was kept
}

BOOST_AUTO_TEST_CASE(the_field_table_lists_every_field) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  const auto f = attain::report_fields(o, 0);
  std::set<std::string> listed;
  for (const auto& field : attain::report_field_table)
    // per-measure fields come under each measure's name, its position (m1., m2.) and, for the
    // first money measure, its role (money.)
    for (const std::string prefix : {"count.", "amount.", "m1.", "m2.", "money."}) {
      const std::string name = (field.per_measure ? prefix : std::string()) + std::string(field.name);
      if (field.optional && !f.count(name)) continue;
      listed.insert(name);
      BOOST_REQUIRE_MESSAGE(f.count(name), "no field " << name);
      BOOST_TEST(f.at(name).index() == static_cast<std::size_t>(field.type), name);
    }
  std::set<std::string> given;
  for (const auto& [name, value] : f) given.insert(name);
  BOOST_TEST(given == listed, boost::test_tools::per_element());
}

// Money from case records: the linearisation interval of each unit's ratio of sums. Units A, B
// and C under P, months 2021-01 .. 2021-03 (calendar fiscal year), as of 2021-03. The cases in
// the year-to-date eligible amount at 2021-03, (done y, eligible x):
//   A: (100, 100), (0, 50), (60, 80), (0, 30) [carried over]; not: one done in 2020, one excluded
//   B: (150, 200), (0, 0), (0, 70);  C: (0, 20) alone;  P: all eight.
// Expected: R 4.2.2, survey 4.1.1, svyratio(~y, ~x, svydesign(ids = ~1, weights = rep(1, n),
// data = data.frame(y, x))), coef, SE and confint (A's upper limit 1.0827 is clipped to 1).
BOOST_AUTO_TEST_CASE(money_from_cases_gets_the_linearisation_interval) {
  const auto ym = [](int y, int m) { return attain::year_month{y, m}.ordinal(); };
  const std::vector<std::int32_t> unit{0, 0, 0, 0, 0, 0, 1, 1, 1, 2};
  const std::vector<std::int32_t> accepted{ym(2021, 1), ym(2021, 1), ym(2021, 2), ym(2020, 11), ym(2020, 6),
                                           ym(2021, 1), ym(2021, 1), ym(2021, 2), ym(2021, 3),  ym(2021, 1)};
  const std::vector<std::int32_t> status{ym(2021, 2), ym(2021, 1), ym(2021, 3), ym(2020, 11), ym(2020, 12),
                                         ym(2021, 2), ym(2021, 3), ym(2021, 2), ym(2021, 3),  ym(2021, 1)};
  const std::vector<std::int8_t> role{0, 1, 0, 1, 0, 2, 0, 1, 1, 1};  // done, pending, excluded
  const std::vector<std::int64_t> amount{100, 50, 80, 30, 999, 40, 200, 0, 70, 20};
  const std::vector<std::int64_t> executed{100, 0, 60, 0, 999, 0, 150, 0, 0, 0};
  const std::size_t n_units = 3, n_periods = 3;
  const attain::fiscal_calendar cal(1);
  std::vector<std::int64_t> out(n_units * n_periods * attain::n_case_fields);
  std::vector<attain::case_moments> moments(n_units * n_periods);
  attain::case_tallies({unit, accepted, status, role, role, amount, executed}, n_units, {2021, 1}, n_periods, cal, out,
                       moments);
  // Rows: A, B, C x three months; P has none (it rolls up).
  std::vector<std::int32_t> unit_of_row;
  std::vector<attain::year_month> period_of_row;
  std::vector<std::int64_t> done, eligible;
  for (std::size_t u = 0; u < n_units; ++u)
    for (std::size_t t = 0; t < n_periods; ++t) {
      unit_of_row.push_back(static_cast<std::int32_t>(u));
      period_of_row.push_back(attain::year_month{2021, 1}.plus_months(static_cast<int>(t)));
      done.push_back(out[(u * n_periods + t) * attain::n_case_fields + attain::amount_done]);
      eligible.push_back(out[(u * n_periods + t) * attain::n_case_fields + attain::amount_eligible]);
    }
  attain::measure_columns money("amount", done, eligible);
  money.kind = attain::measure_kind::money;
  money.moments = moments;
  attain::measure_columns plain("plain", done, eligible);  // the same tallies without their cases
  plain.kind = attain::measure_kind::money;
  const attain::panel p(attain::hierarchy({"A", "B", "C", "P"}, {"P", "P", "P", ""}), unit_of_row, period_of_row,
                        {money, plain});
  const attain::outlook o(p, attain::year_month{2021, 3});
  BOOST_TEST(!o.has_interval(0));                                                 // no binomial interval ...
  BOOST_TEST((o.interval_kind(0) == attain::unit_interval_kind::linearisation));  // ... but a ratio-of-sums one
  BOOST_TEST((o.interval_kind(1) == attain::unit_interval_kind::none));
  const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b)); };
  struct expected {
    const char* unit;
    std::int64_t cases;
    double ratio, se, low, high;
  };
  for (const auto& e :
       {expected{"A", 4, 0.61538461538461542, 0.23845493111964358, 0.14802153845413474, 1.0},
        expected{"B", 3, 0.55555555555555558, 0.24947233853872716, 0.066598756880666743, 1.0445123542304444},
        expected{"P", 8, 0.5636363636363636, 0.15402708714795174, 0.26174882018276602, 0.86552390708996119}}) {
    const std::int32_t u = p.unit_index(e.unit);
    const auto& r = o.figures().at(0, u);
    BOOST_TEST(r.moments.cases == e.cases);
    BOOST_TEST(near(r.gap.ratio, e.ratio));
    const auto ci = o.ratio_interval(0, u);
    BOOST_TEST(near(ci.low, e.low), e.unit << " low " << ci.low);
    BOOST_TEST(near(ci.high, std::min(e.high, 1.0)), e.unit << " high " << ci.high);
    BOOST_TEST(near(attain::ratio_of_sums_interval(r.total, r.moments).std_error, e.se));
    BOOST_TEST(std::isnan(o.ratio_interval(1, u).low));  // tallies alone: no interval
  }
  // C rests on one case: a ratio, but no variance (n - 1 = 0), so no interval.
  const std::int32_t c = p.unit_index("C");
  BOOST_TEST(o.figures().at(0, c).moments.cases == 1);
  BOOST_TEST(o.figures().at(0, c).gap.ratio == 0.0);
  BOOST_TEST(std::isnan(o.ratio_interval(0, c).low));
  BOOST_CHECK_THROW((void)attain::ratio_of_sums_interval(o.figures().at(0, c).total, o.figures().at(0, c).moments),
                    attain::invalid_argument);
  // Another alpha: the free function gives the same kind.
  std::vector<double> low(4), high(4);
  attain::ratio_intervals(o.figures(), 0, 0.10, low, high);
  const std::int32_t parent = p.unit_index("P");
  BOOST_TEST(near(high[static_cast<std::size_t>(parent)] - 0.5636363636363636,
                  attain::normal_upper_quantile(0.05) * 0.15402708714795174));
  // Moments with monthly flows, or on a quota, are refused.
  attain::panel_options flows;
  flows.monthly_flows = true;
  BOOST_CHECK_THROW(attain::panel(attain::hierarchy({"A", "B", "C", "P"}, {"P", "P", "P", ""}), unit_of_row,
                                  period_of_row, {money}, flows),
                    attain::invalid_argument);
  attain::measure_columns quota = money;
  quota.form = attain::measure_form::quota;
  BOOST_CHECK_THROW(
      attain::panel(attain::hierarchy({"A", "B", "C", "P"}, {"P", "P", "P", ""}), unit_of_row, period_of_row, {quota}),
      attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(moments_give_the_case_level_linearisation) {
  // The moments overload against the case-level one (itself checked against svyratio), and
  // the edge cases: every case done in full (se 0), none done (se 0), sum eligible 0.
  const std::vector<double> y{5, 0, 8, 3}, x{10, 4, 8, 6};
  attain::case_moments m{4, 0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < 4; ++i) m.xx += x[i] * x[i], m.xy += x[i] * y[i], m.yy += y[i] * y[i];
  const auto a = attain::ratio_of_sums_interval({16, 28}, m), b = attain::ratio_of_sums_interval(y, x);
  BOOST_TEST(std::abs(a.std_error - b.std_error) <= 1e-15);
  BOOST_TEST(std::abs(a.low - b.low) <= 1e-15);
  BOOST_TEST(a.cases == 4u);
  const auto all_done = attain::ratio_of_sums_interval({28, 28}, attain::case_moments{4, m.xx, m.xx, m.xx});
  BOOST_TEST(all_done.ratio == 1.0);
  BOOST_TEST(all_done.std_error == 0.0);
  const auto none_done = attain::ratio_of_sums_interval({0, 28}, attain::case_moments{4, m.xx, 0.0, 0.0});
  BOOST_TEST(none_done.ratio == 0.0);
  BOOST_TEST(none_done.std_error == 0.0);
  BOOST_CHECK_THROW((void)attain::ratio_of_sums_interval({0, 0}, attain::case_moments{3, 0.0, 0.0, 0.0}),
                    attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::ratio_of_sums_interval({1, 2}, attain::case_moments{2, -1.0, 0.0, 0.0}),
                    attain::invalid_argument);
  // In the outlook: nothing eligible, no interval (and no throw).
  BOOST_TEST(std::isnan(attain::money_ratio_interval({0, 0}, attain::case_moments{3, 0.0, 0.0, 0.0}, 0.05).low));
}

BOOST_AUTO_TEST_SUITE_END()
