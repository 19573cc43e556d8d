#include <boost/test/unit_test.hpp>

#include <limits>
#include <vector>

#include "attain/rollup.hpp"

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

BOOST_AUTO_TEST_SUITE_END()
