#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>
#include <vector>

#include "attain/core/rollup.hpp"

BOOST_AUTO_TEST_SUITE(test_rollup)

BOOST_AUTO_TEST_CASE(sums_by_group) {
  std::vector<std::int32_t> codes{0, 2, 0, 1, 2};
  std::vector<std::int64_t> a{1, 2, 3, 4, 5}, b{10, 20, 30, 40, 50};
  std::vector<std::span<const std::int64_t>> cols{a, b};
  std::vector<std::int64_t> out(6, -1);
  attain::group_sum(codes, 3, cols, out);
  BOOST_TEST(out == (std::vector<std::int64_t>{4, 40, 4, 40, 7, 70}), boost::test_tools::per_element());
  attain::merge_sums(out, out);
  BOOST_TEST(out[4] == 14);
}

BOOST_AUTO_TEST_CASE(bad_codes_and_overflow_throw) {
  std::vector<std::int32_t> codes{0, 3};
  std::vector<std::int64_t> a{1, 2};
  std::vector<std::span<const std::int64_t>> cols{a};
  std::vector<std::int64_t> out(3);
  BOOST_CHECK_THROW(attain::group_sum(codes, 3, cols, out), attain::invalid_argument);
  std::vector<std::int32_t> same{0, 0};
  std::vector<std::int64_t> big{std::numeric_limits<std::int64_t>::max(), 1};
  std::vector<std::span<const std::int64_t>> bigcols{big};
  BOOST_CHECK_THROW(attain::group_sum(same, 3, bigcols, out), attain::overflow_error);
}

BOOST_AUTO_TEST_CASE(cell_sums_match_group_sum_on_any_thread_count) {
  const std::size_t n = 200'000, n_units = 37, n_periods = 5;
  std::vector<std::int32_t> u(n), p(n), codes(n), rank{4, 3, 2, 1, 0};  // periods given in reverse order
  std::vector<std::int64_t> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) {
    u[i] = static_cast<std::int32_t>((i * 7919) % n_units);
    p[i] = static_cast<std::int32_t>((i * 104729) % n_periods);
    a[i] = static_cast<std::int64_t>(i % 1000);
    b[i] = -static_cast<std::int64_t>(i % 7);
    codes[i] = static_cast<std::int32_t>(static_cast<std::size_t>(u[i]) * n_periods +
                                         static_cast<std::size_t>(rank[static_cast<std::size_t>(p[i])]));
  }
  std::vector<std::span<const std::int64_t>> cols{a, b};
  std::vector<std::int64_t> expected(n_units * n_periods * 2);
  attain::group_sum(codes, n_units * n_periods, cols, expected);
  for (unsigned threads : {1u, 2u, 3u}) {
    std::vector<std::int64_t> sums(expected.size()), rows(n_units * n_periods);
    attain::cell_sum(u, p, rank, n_units, cols, sums, rows, threads);
    BOOST_TEST(sums == expected, boost::test_tools::per_element());
    std::int64_t total = 0;
    for (auto r : rows) total += r;
    BOOST_TEST(total == static_cast<std::int64_t>(n));
  }
}

BOOST_AUTO_TEST_CASE(narrow_codes_give_the_same_sums) {
  std::vector<std::int32_t> u{0, 2, 1, 2, 0}, p{1, 0, 1, 1, 0}, rank{1, 0};
  std::vector<std::int16_t> u16(u.begin(), u.end());
  std::vector<std::int8_t> p8(p.begin(), p.end());
  std::vector<std::int64_t> a{5, 6, 7, 8, 9};
  std::vector<std::span<const std::int64_t>> cols{a};
  std::vector<std::int64_t> wide(6), narrow(6), rows_wide(6), rows_narrow(6);
  attain::cell_sum(u, p, rank, 3, cols, wide, rows_wide);
  attain::cell_sum(std::span<const std::int16_t>(u16), std::span<const std::int8_t>(p8), rank, 3, cols, narrow,
                   rows_narrow);
  BOOST_TEST(wide == narrow, boost::test_tools::per_element());
  BOOST_TEST(rows_wide == rows_narrow, boost::test_tools::per_element());
  BOOST_TEST(wide == (std::vector<std::int64_t>{5, 9, 7, 0, 8, 6}), boost::test_tools::per_element());
  std::vector<std::int8_t> missing{0, -1, 1, 1, 0};  // a pandas missing category code
  try {
    attain::cell_sum(std::span<const std::int16_t>(u16), std::span<const std::int8_t>(missing), rank, 3, cols, narrow,
                     rows_narrow);
    BOOST_FAIL("a missing code must throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "row 1: period code -1 is missing or out of range (0..2)");
  }
}

BOOST_AUTO_TEST_CASE(cell_sum_errors_name_the_row) {
  std::vector<std::int32_t> u{0, 1, -1}, p{0, 0, 0}, rank{0};
  std::vector<std::int64_t> a{1, 2, 3};
  std::vector<std::span<const std::int64_t>> cols{a};
  std::vector<std::int64_t> sums(2), rows(2);
  try {
    attain::cell_sum(u, p, rank, 2, cols, sums, rows);
    BOOST_FAIL("expected an exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "row 2: unit code -1 is missing or out of range (0..2)");
  }
  std::vector<std::int32_t> ok{0, 0, 0};
  std::vector<std::int64_t> big{std::numeric_limits<std::int64_t>::max(), 1, 0};
  std::vector<std::span<const std::int64_t>> bigcols{big};
  BOOST_CHECK_THROW(attain::cell_sum(ok, p, rank, 2, bigcols, sums, rows, 2), attain::overflow_error);
}

BOOST_AUTO_TEST_SUITE_END()
