// The declared measure model (attain/core/measure.hpp): forms, quotas, money units, labels, and
// the hierarchy's levels. Expected figures are worked out by hand in the comments.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "attain/core/gap.hpp"
#include "attain/core/measure.hpp"
#include "attain/core/panel.hpp"
#include "attain/stats/outlook.hpp"
#include "printers.hpp"

using attain::measure_form;
using attain::measure_kind;
using attain::year_month;

namespace {

// A sales team, calendar year, as of June (6 months elapsed, 6 remaining):
// company <- {north, south}; north <- {ann, bob}; south <- {cat}. Revenue in USD cents:
// actual (done) against plan (eligible), year to date.
struct sales {
  attain::hierarchy units{{"company", "north", "south", "ann", "bob", "cat"},
                          {"", "company", "company", "north", "north", "south"},
                          {"company", "region", "region", "rep", "rep", "rep"}};
  std::vector<std::int32_t> unit{3, 4, 5};
  std::vector<year_month> period{{2021, 6}, {2021, 6}, {2021, 6}};
  std::vector<std::int64_t> actual{12'500'000, 7'000'000, 9'000'001};
  std::vector<std::int64_t> plan{10'000'000, 10'000'000, 9'000'000};
  std::vector<double> target{};

  attain::measure_columns revenue() const {
    attain::measure_columns m{"revenue", actual, plan, {}, target};
    m.form = measure_form::quota;
    m.currency = "usd";
    m.label_vi = "doanh thu";
    m.label_en = "revenue";
    return m;
  }
  attain::panel make(attain::measure_columns m) const {
    return attain::panel(units, unit, period, {m}, attain::panel_options{attain::fiscal_calendar(1)});
  }
  attain::panel make() const { return make(revenue()); }
};

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const attain::error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_measure)

BOOST_AUTO_TEST_CASE(names_parse_and_print) {
  BOOST_TEST(attain::form_name(measure_form::quota) == std::string("quota"));
  BOOST_TEST(attain::form_name(measure_form::completion) == std::string("completion"));
  BOOST_TEST((attain::parse_measure_form("quota") == measure_form::quota));
  BOOST_TEST((attain::parse_measure_form("completion") == measure_form::completion));
  BOOST_TEST(message_of([] { (void)attain::parse_measure_form("ratio", "deals"); }) ==
             "measure 'deals': form 'ratio' is not completion or quota");
  BOOST_TEST(attain::default_minor_digits("VND") == 0);
  BOOST_TEST(attain::default_minor_digits("USD") == 2);
  BOOST_TEST(attain::default_minor_digits("EUR") == 2);
  BOOST_TEST(attain::default_minor_digits("GBP") == 2);
  BOOST_TEST(attain::default_minor_digits("XYZ") == 0);
  BOOST_TEST(attain::normalize_currency("usd", "m") == "USD");
  BOOST_TEST(message_of([] { (void)attain::normalize_currency("US$", "revenue"); }) ==
             "measure 'revenue': currency 'US$' is not a three-letter ISO 4217 code (such as VND, USD, EUR)");
}

BOOST_AUTO_TEST_CASE(threshold_is_the_exact_ceiling) {
  // For a decimal target k/100 and plan e small enough, the smallest actual meeting it is
  // ceil(k * e / 100), in exact integers.
  for (std::int64_t e = 1; e <= 120; ++e)
    for (std::int64_t k = 0; k <= 1000; k += 7) {
      const std::int64_t expected = (k * e + 99) / 100;
      BOOST_TEST_REQUIRE(attain::target_threshold_unchecked(e, static_cast<double>(k) / 100) == expected);
    }
  BOOST_TEST(attain::target_threshold_unchecked(0, 1.0) == 0);
  // Beyond the estimate's range (2^48): bisection, still exact. 1.5 x (2^50 + 1) = 1.5 x 2^50 + 1.5.
  const std::int64_t big = (std::int64_t{1} << 50) + 1;
  BOOST_TEST(attain::target_threshold_unchecked(big, 1.5) == (std::int64_t{3} << 49) + 2);
  // 10 x a plan beyond int64: saturates.
  BOOST_TEST(attain::target_threshold_unchecked(std::numeric_limits<std::int64_t>::max() / 2, 10.0) ==
             std::numeric_limits<std::int64_t>::max());
}

BOOST_AUTO_TEST_CASE(quota_over_plan_is_allowed_and_exceeded_by) {
  const sales f;
  const auto p = f.make();
  BOOST_TEST((p.form(0) == measure_form::quota));
  BOOST_TEST((p.kind(0) == measure_kind::money));  // a currency implies money
  BOOST_TEST(p.currency(0) == "USD");
  BOOST_TEST(p.minor_digits(0) == 2);
  BOOST_TEST(p.label(0, "vi") == "doanh thu");
  BOOST_TEST(p.label(0, "en") == "revenue");
  BOOST_TEST(message_of([&] { (void)p.label(0, "fr"); }) == "language 'fr' is not vi or en");
  const auto s = p.at({2021, 6});
  BOOST_TEST((s.forms == std::vector<measure_form>{measure_form::quota}));
  BOOST_TEST(s.currencies == std::vector<std::string>{"USD"});
  BOOST_TEST(s.minor_digits == std::vector<int>{2});
  BOOST_TEST(s.labels_vi == std::vector<std::string>{"doanh thu"});
  BOOST_TEST(s.labels_en == std::vector<std::string>{"revenue"});
  // ann: 12,500,000 of 10,000,000 cents: attainment 1.25, target 1.0 by default, exceeded by
  // $25,000.00.
  const auto& ann = s.at(0, 3);
  BOOST_TEST(ann.has_target);
  BOOST_TEST(ann.target == 1.0);
  BOOST_TEST(ann.gap.ratio == 1.25);
  BOOST_TEST(ann.gap.met);
  BOOST_TEST(ann.gap.gap == -0.25);
  BOOST_TEST(ann.gap.shortfall == 0);
  BOOST_TEST(ann.exceeded_by == 2'500'000);
  BOOST_TEST(ann.pace.needed == 0);
  BOOST_TEST(ann.pace.per_month == 0.0);
  BOOST_TEST(ann.schedule_expected == 0.5);
  BOOST_TEST(ann.schedule_ahead == 0.75);
  // cat: one cent over plan.
  BOOST_TEST(s.at(0, 5).exceeded_by == 1);
  BOOST_TEST(s.at(0, 5).gap.met);
  // north = ann + bob = 19,500,000 of 20,000,000: short by 500,000 (83,333.3 a month).
  const auto& north = s.at(0, 1);
  BOOST_TEST(north.total == (attain::tally{19'500'000, 20'000'000}));
  BOOST_TEST(!north.gap.met);
  BOOST_TEST(north.gap.shortfall == 500'000);
  BOOST_TEST(north.exceeded_by == 0);
  BOOST_TEST(north.pace.needed == 500'000);
  BOOST_TEST(north.pace.per_month == 500'000.0 / 6);
  BOOST_TEST(north.pace.eligible_projected == 20'000'000);  // a plan does not grow
  BOOST_TEST(north.pace.needed_projected == 500'000);
  // Children: ann met, bob short (gap 0.3); ranks by attainment.
  const auto& kids = s.children_of(0, 1);
  BOOST_TEST(kids.n_met == 1);
  BOOST_TEST(kids.n_short == 1);
  BOOST_TEST(kids.max_gap == 1.0 - 0.7);
  BOOST_TEST(s.at(0, 3).rank == 1);
  BOOST_TEST(s.at(0, 4).rank == 2);
}

BOOST_AUTO_TEST_CASE(quota_short_has_shortfall_pace_and_schedule) {
  sales f;
  f.target = {std::nan(""), 0.6, 1.2};  // bob at 60 % of plan, cat at 120 %
  const auto s = f.make().at({2021, 6});
  const auto& bob = s.at(0, 4);  // 7,000,000 of 10,000,000 meets 0.6: exceeded by 1,000,000
  BOOST_TEST(bob.gap.met);
  BOOST_TEST(bob.exceeded_by == 1'000'000);
  const auto& cat = s.at(0, 5);  // 9,000,001 against 1.2 x 9,000,000 = 10,800,000
  BOOST_TEST(cat.target == 1.2);
  BOOST_TEST(!cat.gap.met);
  BOOST_TEST(cat.gap.shortfall == 1'799'999);
  BOOST_TEST(cat.exceeded_by == 0);
  BOOST_TEST(cat.pace.needed == 1'799'999);
  BOOST_TEST(cat.pace.per_month == 1'799'999.0 / 6);
  BOOST_TEST(cat.schedule_expected == 1.2 * 0.5);
  BOOST_TEST(cat.schedule_ahead == 9'000'001.0 / 9'000'000 - 0.6);
}

BOOST_AUTO_TEST_CASE(quota_has_no_binomial_interval_nor_projection) {
  sales f;
  auto m = f.revenue();
  m.currency = "";
  m.kind = measure_kind::count;  // deals: a count, but a quota: actual > plan is not k of n
  const auto p = f.make(m);
  const attain::outlook o(p, year_month{2021, 6});
  BOOST_TEST(!o.has_interval(0));
  BOOST_TEST(std::isnan(o.ratio_interval(0, 3).low));
  BOOST_TEST(p.minor_digits(0) == 0);
  BOOST_TEST(!o.projection(0, 3).pace.available);  // empty: no model for a quota
  BOOST_TEST(message_of([&] {
               (void)attain::project_year_end(p, 0, 3, year_month{2021, 6});
             }) ==
             "measure 'revenue' is a quota: the year-end projection models a completion ratio's flows, so none is "
             "given for it");
}

BOOST_AUTO_TEST_CASE(quota_monthly_flows_may_exceed_plan) {
  sales f;
  f.unit = {3, 4, 5, 3, 4, 5};
  f.period = {{2021, 5}, {2021, 5}, {2021, 5}, {2021, 6}, {2021, 6}, {2021, 6}};
  f.actual = {300, 100, 100, 300, 100, 100};
  f.plan = {100, 100, 100, 100, 100, 100};
  const auto p =
      attain::panel(f.units, f.unit, f.period, {f.revenue()}, attain::panel_options{attain::fiscal_calendar(1), true});
  BOOST_TEST(p.at({2021, 6}).at(0, 3).gap.ratio == 3.0);
  BOOST_TEST(p.at({2021, 6}).at(0, 3).exceeded_by == 400);
}

BOOST_AUTO_TEST_CASE(bad_declarations_name_the_measure) {
  sales f;
  auto m = f.revenue();
  m.currency = "dollars";
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "measure 'revenue': currency 'dollars' is not a three-letter ISO 4217 code (such as VND, USD, EUR)");
  m = f.revenue();
  m.kind = measure_kind::count;
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "measure 'revenue' is declared a count but has currency 'USD' (a currency makes a measure money)");
  m = f.revenue();
  m.minor_digits = 12;
  BOOST_TEST(message_of([&] { (void)f.make(m); }) == "measure 'revenue': minor_digits = 12 is outside 0..9");
  m = f.revenue();
  m.currency = "";
  m.minor_digits = 2;
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "measure 'revenue' has minor_digits = 2 but is declared unspecified, not money (declare a currency or "
             "the money kind)");
  m = f.revenue();
  m.label_en = "rev\nenue";
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "measure 'revenue': label_en has a control character (code 10) at byte 3");
  m = f.revenue();
  m.label_vi = std::string(65, 'x');
  BOOST_TEST(message_of([&] { (void)f.make(m); }).find("is 65 bytes long; at most 64 are allowed") !=
             std::string::npos);
  m = f.revenue();
  m.default_target = 10.5;
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "revenue default target = 10.5 is outside [0, 10] (a quota target, x plan)");
  f.target = {std::nan(""), 11.0, 1.0};
  BOOST_TEST(message_of([&] { (void)f.make(); }) ==
             "row 1: revenue target = 11 is outside [0, 10] (a quota target, x plan)");
  // A completion measure keeps its founding rules: done <= eligible, target in [0, 1].
  f.target = {std::nan(""), 1.2, 1.0};
  m = f.revenue();
  m.form = measure_form::completion;
  BOOST_TEST(message_of([&] { (void)f.make(m); }) ==
             "row 0: revenue done = 12500000 is greater than revenue "
             "eligible = 10000000; if revenue is a quota (an actual against a plan, which it may exceed), declare "
             "it one (attain --quota revenue; Python quota=['revenue'])");
  f.actual = {1, 1, 1};
  BOOST_TEST(message_of([&] { (void)f.make(m); }) == "row 1: revenue target = 1.2 is outside [0, 1]");
}

BOOST_AUTO_TEST_CASE(completion_keeps_its_defaults) {
  sales f;
  f.actual = {1, 2, 3};
  attain::measure_columns m{"count", f.actual, f.plan};
  m.kind = measure_kind::count;
  const auto p = f.make(m);
  BOOST_TEST((p.form(0) == measure_form::completion));
  BOOST_TEST(p.currency(0).empty());
  BOOST_TEST(p.minor_digits(0) == 0);
  BOOST_TEST(p.label(0, "vi").empty());
  const auto s = p.at({2021, 6});
  BOOST_TEST(!s.at(0, 3).has_target);  // no default target for a completion measure
  BOOST_TEST(s.at(0, 3).exceeded_by == 0);
  m.currency = "VND";
  m.kind = measure_kind::money;
  BOOST_TEST(f.make(m).minor_digits(0) == 0);
  m.currency = "VND";
  m.minor_digits = 3;  // declared digits win
  BOOST_TEST(f.make(m).minor_digits(0) == 3);
}

BOOST_AUTO_TEST_CASE(levels) {
  const sales f;
  BOOST_TEST(f.units.level(0) == "company");
  BOOST_TEST(f.units.level(4) == "rep");
  BOOST_TEST(f.units.has_levels());
  BOOST_TEST(f.units.units_at_level("rep") == (std::vector<std::int32_t>{3, 4, 5}));
  BOOST_TEST(f.units.units_at_level("region") == (std::vector<std::int32_t>{1, 2}));
  BOOST_TEST(f.units.units_at_level("officer").empty());
  BOOST_TEST(f.units.units_at_level("").empty());
  const attain::hierarchy plain{{"a", "b"}, {"", "a"}};
  BOOST_TEST(plain.level(1).empty());
  BOOST_TEST(!plain.has_levels());
  const attain::hierarchy partial{{"a", "b"}, {"", "a"}, {"", "district"}};
  BOOST_TEST(partial.units_at_level("district") == (std::vector<std::int32_t>{1}));
  BOOST_TEST(message_of([] {
               attain::hierarchy({"a", "b"}, {"", "a"}, {"x", "dis\ttrict"});
             }) == "unit 'b': level has a control character (code 9) at byte 3");
  BOOST_TEST(message_of([] {
               attain::hierarchy({"a", "b"}, {"", "a"}, {"x"});
             }) == "levels has length 1 but units has length 2");
  BOOST_TEST(message_of([] { attain::hierarchy({"a"}, {""}, {"  "}); }) == "unit 'a': level is only blanks");
  // The panel keeps the levels.
  BOOST_TEST(f.make().units().level(5) == "rep");
}

BOOST_AUTO_TEST_CASE(quota_to_date_plan_basis) {
  using attain::plan_basis;
  BOOST_TEST(attain::plan_basis_name(plan_basis::annual) == std::string("annual"));
  BOOST_TEST(attain::plan_basis_name(plan_basis::to_date) == std::string("to_date"));
  BOOST_TEST((attain::parse_plan_basis("to_date") == plan_basis::to_date));
  BOOST_TEST((attain::parse_plan_basis("annual") == plan_basis::annual));
  BOOST_TEST(message_of([] { (void)attain::parse_plan_basis("monthly", "revenue"); }) ==
             "measure 'revenue': plan basis 'monthly' is not annual or to_date");
  sales f;
  f.target = {std::nan(""), std::nan(""), 1.2};
  // The annual basis (the default): June is half the year, expected = target x 6/12.
  const auto annual = f.make().at({2021, 6});
  BOOST_TEST((f.make().basis(0) == plan_basis::annual));
  BOOST_TEST(annual.at(0, 3).schedule_expected == 0.5);  // ann: 1 x 1/2
  BOOST_TEST(annual.at(0, 3).schedule_ahead == 0.75);    // 5/4 - 1/2
  auto m = f.revenue();
  m.basis = plan_basis::to_date;
  const auto p = f.make(m);
  BOOST_TEST((p.basis(0) == plan_basis::to_date));
  const auto s = p.at({2021, 6});
  BOOST_TEST((s.plan_bases == std::vector<plan_basis>{plan_basis::to_date}));
  // ann: 12,500,000 of a to-date plan of 10,000,000: expected 1 x plan, ahead 5/4 - 1 = 1/4.
  BOOST_TEST(s.at(0, 3).schedule_expected == 1.0);
  BOOST_TEST(s.at(0, 3).schedule_ahead == 0.25);
  // north: 19,500,000 of 20,000,000 = 39/40: behind by 1/40 (0.975 - 1 in doubles).
  BOOST_TEST(s.at(0, 1).schedule_expected == 1.0);
  BOOST_TEST(s.at(0, 1).schedule_ahead == 0.975 - 1.0);
  BOOST_TEST(s.at(0, 1).schedule_ahead == -0.025, boost::test_tools::tolerance(1e-15));
  // cat: 9,000,001 / 9,000,000 against 1.2 x the plan due: expected 1.2.
  BOOST_TEST(s.at(0, 5).schedule_expected == 1.2);
  BOOST_TEST(s.at(0, 5).schedule_ahead == 9'000'001.0 / 9'000'000 - 1.2);
  // The rest does not depend on the basis: attainment, met, shortfall, exceeded_by.
  for (std::int32_t u = 0; u < 6; ++u) {
    BOOST_TEST(s.at(0, u).gap.ratio == annual.at(0, u).gap.ratio);
    BOOST_TEST(s.at(0, u).gap.met == annual.at(0, u).gap.met);
    BOOST_TEST(s.at(0, u).gap.shortfall == annual.at(0, u).gap.shortfall);
    BOOST_TEST(s.at(0, u).exceeded_by == annual.at(0, u).exceeded_by);
  }
  // An unknown basis is an error naming the measure.
  m.basis = static_cast<plan_basis>(7);
  BOOST_TEST(message_of([&] { (void)f.make(m); }) == "measure 'revenue': plan basis 7 is not a plan basis");
}

namespace {
// A running rate: two hospitals' attendances (eligible) and those seen within four hours (done),
// year-to-date rows of a calendar year, against 95 %.
struct attendances {
  attain::hierarchy units{{"trust", "leeds", "york"}, {"", "trust", "trust"}};
  std::vector<std::int32_t> unit{1, 1, 2, 2};
  std::vector<year_month> period{{2021, 1}, {2021, 2}, {2021, 1}, {2021, 2}};
  std::vector<std::int64_t> seen{90, 175, 40, 95}, due{100, 190, 50, 110};

  attain::panel make(attain::plan_basis basis) const {
    attain::measure_columns m{"seen", seen, due, {}, {}, 0.95, attain::measure_kind::count};
    m.basis = basis;
    return attain::panel(units, unit, period, {m}, attain::panel_options{attain::fiscal_calendar(1)});
  }
};
}  // namespace

BOOST_AUTO_TEST_CASE(completion_to_date_is_a_running_rate) {
  using attain::plan_basis;
  const attendances f;
  const auto p = f.make(plan_basis::to_date);
  BOOST_TEST((p.basis(0) == plan_basis::to_date));
  const auto s = p.at({2021, 2}), annual = f.make(plan_basis::annual).at({2021, 2});
  BOOST_TEST((s.plan_bases == std::vector<plan_basis>{plan_basis::to_date}));
  BOOST_TEST((annual.plan_bases == std::vector<plan_basis>{plan_basis::annual}));
  // trust, February: 175 + 95 = 270 of 190 + 110 = 300 seen in time (90 %) against 95 %:
  // ceil(0.95 x 300) = 285 needed, 15 short; the target applies now: expected 95 %, behind 5 points.
  const auto& t = s.at(0, 0);
  BOOST_TEST(t.total.done == 270);
  BOOST_TEST(t.total.eligible == 300);
  BOOST_TEST(t.gap.shortfall == 15);
  BOOST_TEST(t.schedule_expected == 0.95);
  BOOST_TEST(t.schedule_ahead == 270.0 / 300 - 0.95);
  BOOST_TEST(t.schedule_ahead == -0.05, boost::test_tools::tolerance(1e-14));
  // The annual reading (eligible the year's workload) expects 95 % x 2/12 instead.
  BOOST_TEST(annual.at(0, 0).schedule_expected == 0.95 * (2.0 / 12.0));
  // The shortfall on today's eligible stays; no pace a month on it (the months left bring their own
  // attendances); the pace with eligible growing as lately stays: (300 - 150) / 1 = 150 a month, so
  // 300 + 150 x 10 = 1,800 by December, ceil(0.95 x 1,800) = 1,710, 1,440 more, 144 a month.
  BOOST_TEST(t.pace.needed == 15);
  BOOST_TEST(std::isnan(t.pace.per_month));
  BOOST_TEST(annual.at(0, 0).pace.per_month == 1.5);  // 15 / 10 months
  BOOST_TEST(t.pace.eligible_projected == 1800);
  BOOST_TEST(t.pace.needed_projected == 1440);
  BOOST_TEST(t.pace.per_month_projected == 144.0);
  // Everything else is the annual reading's.
  for (std::int32_t u = 0; u < 3; ++u) {
    const auto &a = annual.at(0, u), &r = s.at(0, u);
    BOOST_TEST(r.gap.ratio == a.gap.ratio);
    BOOST_TEST(r.gap.gap == a.gap.gap);
    BOOST_TEST(r.gap.met == a.gap.met);
    BOOST_TEST(r.gap.shortfall == a.gap.shortfall);
    BOOST_TEST(r.pace.per_month_projected == a.pace.per_month_projected);
    BOOST_TEST(r.change_prev == a.change_prev);
    BOOST_TEST(r.rank == a.rank);
    BOOST_TEST(r.schedule_ahead == r.gap.ratio - 0.95);
  }
  // york: 95 of 110 against 95 %: ceil(104.5) = 105, 10 short.
  BOOST_TEST(s.at(0, 2).gap.shortfall == 10);
  BOOST_TEST(s.children_of(0, 0).n_short == 2);
}

BOOST_AUTO_TEST_SUITE_END()
