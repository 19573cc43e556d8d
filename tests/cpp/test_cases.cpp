#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "attain/core/cases.hpp"
#include "attain/core/scheme.hpp"

namespace {

using attain::status_role;

// The rules of cases.hpp written out case by case and month by month: the oracle.
std::vector<std::int64_t> brute_force(const std::vector<std::int32_t>& unit, const std::vector<std::int32_t>& accepted,
                                      const std::vector<std::int32_t>& status,
                                      const std::vector<std::int8_t>& count_role,
                                      const std::vector<std::int8_t>& amount_role,
                                      const std::vector<std::int64_t>& amount,
                                      const std::vector<std::int64_t>& executed, std::size_t n_units,
                                      attain::year_month first, std::size_t n_periods,
                                      const attain::fiscal_calendar& cal) {
  std::vector<std::int64_t> out(n_units * n_periods * attain::n_case_fields, 0);
  for (std::size_t i = 0; i < unit.size(); ++i)
    for (std::size_t t = 0; t < n_periods; ++t) {
      const auto month = first.plus_months(static_cast<int>(t));
      const int year_start = cal.start(cal.fiscal_year(month)).ordinal();
      for (int m = 0; m < 2; ++m) {
        const auto role = static_cast<status_role>(m == 0 ? count_role[i] : amount_role[i]);
        if (accepted[i] > month.ordinal()) continue;
        if (role == status_role::done && status[i] < year_start) continue;  // done in an earlier year
        const std::int64_t value = m == 0 ? 1 : amount[i];
        std::int64_t* cell = &out[(static_cast<std::size_t>(unit[i]) * n_periods + t) * attain::n_case_fields + 3 * m];
        cell[0] += value;
        if (!(role == status_role::excluded && status[i] <= month.ordinal())) cell[1] += value;
        if (role == status_role::done && status[i] <= month.ordinal()) cell[2] += m == 0 ? 1 : executed[i];
      }
    }
  return out;
}

// The amount measure's case moments by the same rules, case by case and month by month, in exact
// 128-bit sums: the cases in its eligible figures, x = amount, y = executed once counted done.
std::vector<attain::case_moments> brute_force_moments(
    const std::vector<std::int32_t>& unit, const std::vector<std::int32_t>& accepted,
    const std::vector<std::int32_t>& status, const std::vector<std::int8_t>& amount_role,
    const std::vector<std::int64_t>& amount, const std::vector<std::int64_t>& executed, std::size_t n_units,
    attain::year_month first, std::size_t n_periods, const attain::fiscal_calendar& cal) {
  struct exact {
    std::int64_t n = 0;
    attain::uint128 xx = 0, xy = 0, yy = 0;
  };
  std::vector<exact> sums(n_units * n_periods);
  for (std::size_t i = 0; i < unit.size(); ++i)
    for (std::size_t t = 0; t < n_periods; ++t) {
      const auto month = first.plus_months(static_cast<int>(t));
      const int year_start = cal.start(cal.fiscal_year(month)).ordinal();
      const auto role = static_cast<status_role>(amount_role[i]);
      if (accepted[i] > month.ordinal()) continue;
      if (role == status_role::done && status[i] < year_start) continue;
      if (role == status_role::excluded && status[i] <= month.ordinal()) continue;
      const auto x = static_cast<std::uint64_t>(amount[i]);
      const bool done = role == status_role::done && status[i] <= month.ordinal();
      const auto y = done ? static_cast<std::uint64_t>(executed[i]) : 0u;
      exact& e = sums[static_cast<std::size_t>(unit[i]) * n_periods + t];
      e.n += 1, e.xx += attain::uint128{x} * x, e.xy += attain::uint128{x} * y, e.yy += attain::uint128{y} * y;
    }
  std::vector<attain::case_moments> out;
  for (const auto& e : sums)
    out.push_back({e.n, static_cast<double>(e.xx), static_cast<double>(e.xy), static_cast<double>(e.yy)});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_cases)

BOOST_AUTO_TEST_CASE(scheme_roles_and_unknown_statuses) {
  attain::status_scheme thads{{{"thi_hanh_xong", status_role::done, status_role::done},
                               {"dinh_chi", status_role::done, status_role::done},
                               {"dang_thi_hanh", status_role::pending, status_role::pending},
                               {"chua_co_dieu_kien", status_role::excluded, status_role::excluded}},
                              std::nullopt};
  BOOST_TEST((thads.role("dinh_chi", attain::case_measure::count) == status_role::done));
  BOOST_TEST((thads.role("chua_co_dieu_kien", attain::case_measure::amount) == status_role::excluded));
  const std::vector<std::string> statuses{"dang_thi_hanh", "thi_hanh_xong", "typo"};
  try {
    (void)thads.roles(std::span<const std::string>(statuses), attain::case_measure::count);
    BOOST_FAIL("an unknown status must throw");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) == "case 2: status 'typo' is not in the scheme");
  }
  thads.unknown = status_role::excluded;
  const auto roles = thads.roles(std::span<const std::string>(statuses), attain::case_measure::count);
  BOOST_TEST(roles == (std::vector<std::int8_t>{1, 0, 2}), boost::test_tools::per_element());
  BOOST_CHECK_THROW((void)attain::parse_role("finished", "x"), attain::invalid_argument);
  BOOST_TEST((attain::parse_role("pending", "x") == status_role::pending));
}

BOOST_AUTO_TEST_CASE(matches_the_rules_case_by_case_on_random_records) {
  std::mt19937_64 rng(20210630);
  const attain::fiscal_calendar cal(10);
  const attain::year_month first{2019, 7};
  const std::size_t n = 3000, n_units = 7, n_periods = 30;  // past three fiscal-year boundaries
  std::vector<std::int32_t> unit(n), accepted(n), status(n);
  std::vector<std::int8_t> count_role(n), amount_role(n);
  std::vector<std::int64_t> amount(n), executed(n);
  for (std::size_t i = 0; i < n; ++i) {
    unit[i] = static_cast<std::int32_t>(rng() % n_units);
    accepted[i] = first.ordinal() - 14 + static_cast<std::int32_t>(rng() % 46);  // some before, some after the range
    status[i] = accepted[i] + static_cast<std::int32_t>(rng() % 20);
    count_role[i] = static_cast<std::int8_t>(rng() % 3);
    amount_role[i] = rng() % 5 == 0 ? static_cast<std::int8_t>(rng() % 3) : count_role[i];  // mostly the same
    amount[i] = static_cast<std::int64_t>(rng() % 1'000'000'000);
    executed[i] = rng() % 4 == 0 ? amount[i] / 3 : amount[i];
  }
  std::vector<std::int64_t> out(n_units * n_periods * attain::n_case_fields, -1);
  attain::case_tallies({unit, accepted, status, count_role, amount_role, amount, executed}, n_units, first, n_periods,
                       cal, out);
  const auto expected =
      brute_force(unit, accepted, status, count_role, amount_role, amount, executed, n_units, first, n_periods, cal);
  BOOST_TEST(out == expected, boost::test_tools::per_element());
  // Without done amounts a done case executed its whole amount.
  attain::case_tallies({unit, accepted, status, count_role, amount_role, amount, {}}, n_units, first, n_periods, cal,
                       out);
  BOOST_TEST(out == brute_force(unit, accepted, status, count_role, amount_role, amount, amount, n_units, first,
                                n_periods, cal),
             boost::test_tools::per_element());
  // The case moments of the amount measure: the same tallies, and each sum equal to the exact one
  // rounded once (the difference arrays are exact too).
  std::vector<attain::case_moments> moments(n_units * n_periods);
  attain::case_tallies({unit, accepted, status, count_role, amount_role, amount, executed}, n_units, first, n_periods,
                       cal, out, moments);
  BOOST_TEST(out == expected, boost::test_tools::per_element());
  const auto expected_moments =
      brute_force_moments(unit, accepted, status, amount_role, amount, executed, n_units, first, n_periods, cal);
  BOOST_TEST(moments.size() == expected_moments.size());
  for (std::size_t k = 0; k < moments.size(); ++k) {
    BOOST_TEST(moments[k].cases == expected_moments[k].cases);
    BOOST_TEST(moments[k].xx == expected_moments[k].xx);
    BOOST_TEST(moments[k].xy == expected_moments[k].xy);
    BOOST_TEST(moments[k].yy == expected_moments[k].yy);
  }
  std::vector<attain::case_moments> short_moments(3);
  BOOST_CHECK_THROW(attain::case_tallies({unit, accepted, status, count_role, amount_role, amount, executed}, n_units,
                                         first, n_periods, cal, out, short_moments),
                    attain::length_mismatch);
}

BOOST_AUTO_TEST_CASE(carried_over_cases_and_year_boundaries) {
  // Fiscal years from October. Three cases in one unit, output 2020-09 .. 2020-11:
  // 0 done 2020-08 (leaves at the 2020-10 year start), 1 excluded 2020-05 (carried over,
  // never eligible in the output), 2 pending since 2019 (carried over, eligible).
  const attain::fiscal_calendar cal(10);
  const auto ym = [](int y, int m) { return attain::year_month{y, m}.ordinal(); };
  std::vector<std::int32_t> unit{0, 0, 0}, accepted{ym(2020, 1), ym(2020, 2), ym(2019, 3)},
      status{ym(2020, 8), ym(2020, 5), ym(2019, 3)};
  std::vector<std::int8_t> role{0, 2, 1};
  std::vector<std::int64_t> amount{100, 20, 3};
  std::vector<std::int64_t> out(3 * attain::n_case_fields);
  attain::case_tallies({unit, accepted, status, role, role, amount, {}}, 1, {2020, 9}, 3, cal, out);
  // month:                                      accepted, eligible, done  x (count, amount)
  BOOST_TEST(
      std::vector<std::int64_t>(out.begin(), out.begin() + 6) == (std::vector<std::int64_t>{3, 2, 1, 123, 103, 100}),
      boost::test_tools::per_element());  // 2020-09: still the old year
  BOOST_TEST(
      std::vector<std::int64_t>(out.begin() + 6, out.begin() + 12) == (std::vector<std::int64_t>{2, 1, 0, 23, 3, 0}),
      boost::test_tools::per_element());  // 2020-10: the done case has left
}

BOOST_AUTO_TEST_CASE(bad_cases_name_the_row) {
  const attain::fiscal_calendar cal(1);
  std::vector<std::int32_t> unit{0, 0}, accepted{24240, 24241}, status{24240, 24240};
  std::vector<std::int8_t> role{0, 1};
  std::vector<std::int64_t> amount{5, 5}, out(2 * attain::n_case_fields);
  try {
    attain::case_tallies({unit, accepted, status, role, role, amount, {}}, 1, {2020, 1}, 2, cal, out);
    BOOST_FAIL("a status before acceptance must throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "case 1: its status month (2020-01) is before its acceptance (2020-02)");
  }
  status[1] = 24241;
  amount[1] = -1;
  BOOST_CHECK_THROW(attain::case_tallies({unit, accepted, status, role, role, amount, {}}, 1, {2020, 1}, 2, cal, out),
                    attain::invalid_argument);
  amount[1] = 5;
  std::vector<std::int64_t> executed{6, 0};
  BOOST_CHECK_THROW(
      attain::case_tallies({unit, accepted, status, role, role, amount, executed}, 1, {2020, 1}, 2, cal, out),
      attain::invalid_argument);
  unit[0] = 1;
  BOOST_CHECK_THROW(attain::case_tallies({unit, accepted, status, role, role, amount, {}}, 1, {2020, 1}, 2, cal, out),
                    attain::invalid_argument);
  unit[0] = 0;
  std::vector<std::int8_t> bad_role{0, 3};
  BOOST_CHECK_THROW(
      attain::case_tallies({unit, accepted, status, bad_role, role, amount, {}}, 1, {2020, 1}, 2, cal, out),
      attain::invalid_argument);
  std::vector<std::int32_t> short_unit{0};
  BOOST_CHECK_THROW(
      attain::case_tallies({short_unit, accepted, status, role, role, amount, {}}, 1, {2020, 1}, 2, cal, out),
      attain::length_mismatch);
}

BOOST_AUTO_TEST_CASE(money_totals_are_exact_or_overflow) {
  const attain::fiscal_calendar cal(1);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2 + 1;
  std::vector<std::int32_t> unit{0, 0}, month{24240, 24240};
  std::vector<std::int8_t> role{1, 1};
  std::vector<std::int64_t> amount{big, big}, out(attain::n_case_fields);
  BOOST_CHECK_THROW(attain::case_tallies({unit, month, month, role, role, amount, {}}, 1, {2020, 1}, 1, cal, out),
                    attain::overflow_error);
  // 2^53 + 1 is not a double; the integer total keeps the last unit.
  std::vector<std::int64_t> exact{(std::int64_t{1} << 53), 1};
  attain::case_tallies({unit, month, month, role, role, exact, {}}, 1, {2020, 1}, 1, cal, out);
  BOOST_TEST(out[attain::amount_accepted] == (std::int64_t{1} << 53) + 1);
}

BOOST_AUTO_TEST_CASE(status_form_sums_categories_by_role) {
  std::vector<std::int64_t> xong{5, 7}, dinh_chi{1, 0}, dang{10, 3}, chua_co{4, 4};
  std::vector<std::span<const std::int64_t>> categories{xong, dinh_chi, dang, chua_co};
  std::vector<status_role> roles{status_role::done, status_role::done, status_role::pending, status_role::excluded};
  std::vector<std::int64_t> done(2), eligible(2), accepted(2);
  attain::form_tallies(categories, roles, done, eligible, accepted);
  BOOST_TEST(done == (std::vector<std::int64_t>{6, 7}), boost::test_tools::per_element());
  BOOST_TEST(eligible == (std::vector<std::int64_t>{16, 10}), boost::test_tools::per_element());
  BOOST_TEST(accepted == (std::vector<std::int64_t>{20, 14}), boost::test_tools::per_element());
  dang[1] = -2;
  try {
    attain::form_tallies(categories, roles, done, eligible, accepted);
    BOOST_FAIL("a negative figure must throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "row 1: categories[2] = -2 is negative");
  }
}

BOOST_AUTO_TEST_CASE(role_codes) {
  const std::vector<int> codes{0, 2, 1};
  const auto roles = attain::roles_from_codes(codes);
  BOOST_TEST((roles[1] == attain::status_role::excluded));
  const std::vector<int> bad{0, 3};
  try {
    (void)attain::roles_from_codes(bad);
    BOOST_FAIL("no exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "roles[1] = 3 is not a status role (0..2)");
  }
}

BOOST_AUTO_TEST_SUITE_END()
