#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "attain/core/gap.hpp"

namespace {
// Exact reference: smallest k with (done + k) * 1000 >= t_permille * eligible (a decimal target
// with 3 digits, compared in integers).
std::int64_t exact_shortfall(std::int64_t done, std::int64_t eligible, std::int64_t t_permille) {
  std::int64_t k = 0;
  while ((done + k) * 1000 < t_permille * eligible) ++k;
  return k;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(test_gap)

BOOST_AUTO_TEST_CASE(boundary_is_met_exactly) {
  // 815 of 1000 meets 81.5 % although neither 0.815 nor 815/1000 is exact in binary.
  auto g = attain::target_gap(815, 1000, 0.815);
  BOOST_TEST(g.met);
  BOOST_TEST(g.shortfall == 0);
  g = attain::target_gap(814, 1000, 0.815);
  BOOST_TEST(!g.met);
  BOOST_TEST(g.shortfall == 1);
  // 0.401 rounds up in binary: 401 of 1000 must still meet it.
  BOOST_TEST(attain::target_gap(401, 1000, 0.401).met);
  BOOST_TEST(attain::target_gap(400, 1000, 0.401).shortfall == 1);
}

BOOST_AUTO_TEST_CASE(edges) {
  auto zero = attain::target_gap(0, 0, 0.5);  // 0 of 0: no ratio, nothing needed, not met
  BOOST_TEST(std::isnan(zero.ratio));
  BOOST_TEST(std::isnan(zero.gap));
  BOOST_TEST(zero.shortfall == 0);
  BOOST_TEST(!zero.met);
  auto all = attain::target_gap(7, 7, 1.0);  // n of n meets 100 %
  BOOST_TEST(all.met);
  BOOST_TEST(all.gap == 0.0);
  auto none = attain::target_gap(0, 7, 1.0);
  BOOST_TEST(none.shortfall == 7);
  BOOST_TEST(attain::target_gap(0, 7, 0.0).met);  // a zero target is always met
}

BOOST_AUTO_TEST_CASE(shortfall_matches_exact_integer_reference) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 20000; ++trial) {
    const std::int64_t eligible = std::uniform_int_distribution<std::int64_t>(1, 5000)(rng);
    const std::int64_t done = std::uniform_int_distribution<std::int64_t>(0, eligible)(rng);
    const std::int64_t permille = std::uniform_int_distribution<std::int64_t>(0, 1000)(rng);
    const double target = static_cast<double>(permille) / 1000.0;
    const auto g = attain::target_gap(done, eligible, target);
    BOOST_TEST_REQUIRE(g.shortfall == exact_shortfall(done, eligible, permille));
    BOOST_TEST_REQUIRE(g.met == (done * 1000 >= permille * eligible));
  }
}

BOOST_AUTO_TEST_CASE(large_denominators) {
  const std::int64_t eligible = 1'678'213'450'000;  // VND
  const auto g = attain::target_gap(0, eligible, 0.401);
  BOOST_TEST(g.shortfall == 672'963'593'450);  // 0.401 * eligible, exact
  BOOST_TEST(attain::target_gap(g.shortfall, eligible, 0.401).met);
  BOOST_TEST(!attain::target_gap(g.shortfall - 1, eligible, 0.401).met);
}

BOOST_AUTO_TEST_CASE(bad_input_throws_with_index) {
  BOOST_CHECK_THROW(attain::target_gap(1, 2, 1.5), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::target_gap(1, 2, -0.1), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::target_gap(1, 2, std::nan("")), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::target_gap(3, 2, 0.5), attain::invalid_argument);
  std::vector<std::int64_t> d{1, 5}, e{2, 4};
  std::vector<double> t{0.5, 0.5}, r(2), gp(2);
  std::vector<std::int64_t> s(2);
  std::unique_ptr<bool[]> met(new bool[2]);
  try {
    attain::target_gap(d, e, t, r, gp, s, std::span<bool>(met.get(), 2));
    BOOST_FAIL("expected an exception");
  } catch (const attain::invalid_argument& ex) {
    BOOST_TEST(std::string(ex.what()) == "done[1] = 5 is greater than eligible[1] = 4");
  }
}

BOOST_AUTO_TEST_SUITE_END()
