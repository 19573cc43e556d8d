#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "attain/stats/cochran_armitage.hpp"

// Expected values: statsmodels 0.15 Table(...).test_ordinal_association() on the 4 x 2 table
// [[7, 3], [6, 6], [4, 11], [1, 8]] (not done, done per period): statistic 52, z 2.8804961894191594,
// p 0.003970497517994833 (the N - 1 convention).

BOOST_AUTO_TEST_SUITE(test_cochran_armitage)

BOOST_AUTO_TEST_CASE(matches_statsmodels_and_the_n_convention) {
  const std::vector<std::int64_t> done{3, 6, 11, 8}, eligible{10, 12, 15, 9};
  const auto r = attain::cochran_armitage(done, eligible);
  BOOST_TEST(r.statistic == 52.0);
  BOOST_TEST(std::abs(r.z / 2.8804961894191594 - 1.0) < 1e-12);
  BOOST_TEST(std::abs(r.p_value / 0.003970497517994833 - 1.0) < 1e-10);
  BOOST_TEST(std::abs(r.p_increasing + r.p_decreasing - 1.0) < 1e-14);
  // The N convention differs by exactly sqrt(N / (N - 1)) in the standard deviation (N = 46).
  const auto a = attain::cochran_armitage(done, eligible, {}, attain::trend_variance::n);
  BOOST_TEST(std::abs(a.z / (r.z * std::sqrt(46.0 / 45.0)) - 1.0) < 1e-13);
}

BOOST_AUTO_TEST_CASE(degenerate_and_invalid) {
  const std::vector<std::int64_t> all{5, 5}, e{5, 5};
  BOOST_TEST(std::isnan(attain::cochran_armitage(all, e).z));
  const std::vector<std::int64_t> one{1};
  BOOST_CHECK_THROW(attain::cochran_armitage(one, one), attain::invalid_argument);
  const std::vector<std::int64_t> bad{6, 1};
  BOOST_CHECK_THROW(attain::cochran_armitage(bad, e), attain::invalid_argument);
  const std::vector<double> scores{1.0};
  BOOST_CHECK_THROW(attain::cochran_armitage(all, e, scores), attain::length_mismatch);
}

BOOST_AUTO_TEST_CASE(rows_equal_one_test_at_a_time) {
  const std::vector<std::int64_t> done{10, 12, 15, 20, 4, 4, 3, 1}, eligible{40, 40, 40, 40, 10, 10, 10, 10};
  const auto rows = attain::cochran_armitage_rows(done, eligible, 4);
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  for (std::size_t r = 0; r < 2; ++r) {
    const auto one = attain::cochran_armitage(std::span<const std::int64_t>(done).subspan(4 * r, 4),
                                              std::span<const std::int64_t>(eligible).subspan(4 * r, 4));
    BOOST_TEST(rows[r].z == one.z);
    BOOST_TEST(rows[r].p_value == one.p_value);
  }
  BOOST_CHECK_THROW(attain::cochran_armitage_rows(done, eligible, 3), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::cochran_armitage_rows(done, eligible, 0), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
