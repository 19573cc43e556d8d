#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "attain/stats/ci.hpp"
#include "attain/stats/detail/math.hpp"

// Expected values: statsmodels 0.15 proportion_confint / confint_proportions_2indep /
// proportions_ztest, and Newcombe (1998) Table I for 81 of 263 (rounded to 4 decimals there).

namespace {
bool close(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300); }
}  // namespace

BOOST_AUTO_TEST_SUITE(test_ci)

BOOST_AUTO_TEST_CASE(intervals_match_statsmodels_for_81_of_263) {
  using attain::ci_method;
  struct row {
    ci_method m;
    double low, high, tol;
  };
  const std::vector<row> rows{
      {ci_method::normal, 0.2521901262131072, 0.36377945553594226, 1e-12},
      {ci_method::wilson, 0.2552885198782742, 0.36620957698280004, 1e-12},
      {ci_method::agresti_coull, 0.25522066518999675, 0.3662774316710775, 1e-12},
      {ci_method::clopper_pearson, 0.25273674558527126, 0.3676219226013514, 1e-9},
      {ci_method::jeffreys, 0.2545219349910236, 0.36564749917408246, 1e-9},
      // Newcombe's continuity-corrected Wilson (not in statsmodels): scipy brentq inversion.
      {ci_method::wilson_cc, 0.25350868229518514, 0.36817620104300347, 1e-10},
  };
  for (const auto& r : rows) {
    const auto ci = attain::proportion_ci(81, 263, 0.05, r.m);
    BOOST_TEST(close(ci.low, r.low, r.tol));
    BOOST_TEST(close(ci.high, r.high, r.tol));
  }
  // Newcombe (1998), Table I: Wilson 0.2553-0.3662, with continuity correction 0.2535-0.3682.
  BOOST_TEST(std::round(attain::proportion_ci(81, 263, 0.05, ci_method::wilson_cc).low * 1e4) == 2535.0);
  BOOST_TEST(std::round(attain::proportion_ci(81, 263, 0.05, ci_method::wilson_cc).high * 1e4) == 3682.0);
}

BOOST_AUTO_TEST_CASE(zero_of_n_follows_statsmodels) {
  using attain::ci_method;
  BOOST_TEST(attain::proportion_ci(0, 10, 0.05, ci_method::clopper_pearson).low == 0.0);
  BOOST_TEST(close(attain::proportion_ci(0, 10, 0.05, ci_method::clopper_pearson).high, 0.30849710781876083, 1e-9));
  BOOST_TEST(close(attain::proportion_ci(0, 10, 0.05, ci_method::jeffreys).low, 4.7890433157581876e-05, 1e-8));
  BOOST_TEST(close(attain::proportion_ci(0, 10, 0.05, ci_method::wilson).high, 0.27753279986288926, 1e-12));
  BOOST_TEST(attain::proportion_ci(10, 10, 0.05, ci_method::clopper_pearson).high == 1.0);
  BOOST_TEST(attain::proportion_ci(10, 10, 0.05, ci_method::wilson_cc).high == 1.0);
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  using attain::ci_method;
  BOOST_CHECK_THROW(attain::proportion_ci(-1, 10), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::proportion_ci(11, 10), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::proportion_ci(0, 0), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::proportion_ci(1, 10, 0.0), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::proportion_ci(1, 10, 1.0), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::proportion_ci(1, 10, std::nan("")), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_ci_method("exact"), attain::invalid_argument);
  BOOST_TEST((attain::parse_ci_method("beta") == ci_method::clopper_pearson));
  std::vector<std::int64_t> c{1, 5}, n{2, 4};
  std::vector<double> lo(2), hi(2);
  try {
    attain::proportion_ci(c, n, 0.05, ci_method::wilson, lo, hi);
    BOOST_FAIL("no throw");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "count[1] = 5 is greater than nobs[1] = 4");
  }
}

BOOST_AUTO_TEST_CASE(vectorised_intervals_equal_the_scalar_ones) {
  using attain::ci_method;
  const std::vector<std::int64_t> c{0, 1, 81, 263, 5, 5, 7}, n{1, 1, 263, 263, 10, 10, std::int64_t{1} << 53};
  std::vector<double> lo(c.size()), hi(c.size());
  for (auto m : {ci_method::normal, ci_method::wilson, ci_method::wilson_cc, ci_method::agresti_coull,
                 ci_method::clopper_pearson, ci_method::jeffreys}) {
    const bool exact = m == ci_method::clopper_pearson || m == ci_method::jeffreys;
    const std::size_t k = exact ? c.size() - 1 : c.size();  // exact methods refuse nobs > 2^50
    attain::proportion_ci(std::span(c).first(k), std::span(n).first(k), 0.05, m, std::span(lo).first(k),
                          std::span(hi).first(k));
    for (std::size_t i = 0; i < k; ++i) {
      const auto one = attain::proportion_ci(c[i], n[i], 0.05, m);
      BOOST_TEST(close(lo[i], one.low, 1e-14));
      BOOST_TEST(close(hi[i], one.high, 1e-14));
    }
  }
  BOOST_CHECK_THROW(attain::proportion_ci(c, n, 0.05, ci_method::jeffreys, lo, hi), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(newcombe_difference_and_z_test_match_statsmodels) {
  // Ben Tre, June 2021 YTD (10467 of 16623) against a month with 9600 of 16500.
  const auto r = attain::proportion_difference(10467, 16623, 9600, 16500);
  BOOST_TEST(close(r.low, 0.037331902235606174, 1e-10));
  BOOST_TEST(close(r.high, 0.05835663345980884, 1e-10));
  BOOST_TEST(close(r.z, 8.910688194003615, 1e-10));
  BOOST_TEST(close(r.p_value, 5.071676296743192e-19, 1e-9));
  BOOST_TEST(close(r.difference, 10467.0 / 16623 - 9600.0 / 16500, 1e-14));
  const auto same = attain::proportion_difference(0, 5, 0, 7);
  BOOST_TEST(std::isnan(same.z));
  BOOST_TEST(std::isnan(same.p_value));
}

BOOST_AUTO_TEST_CASE(element_wise_differences_equal_the_scalar_ones) {
  const std::vector<std::int64_t> c1{7575, 0, 5}, n1{12029, 10, 5}, c2{6688, 3, 0}, n2{11570, 10, 7};
  std::vector<attain::proportion_difference_result> out(3);
  attain::proportion_difference(c1, n1, c2, n2, 0.05, out);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto one = attain::proportion_difference(c1[i], n1[i], c2[i], n2[i]);
    BOOST_TEST(out[i].low == one.low);
    BOOST_TEST(out[i].high == one.high);
    BOOST_TEST(out[i].p_value == one.p_value);
  }
  const std::vector<std::int64_t> bad{6688, 11, 0};
  try {
    attain::proportion_difference(c1, n1, bad, n2, 0.05, out);
    BOOST_FAIL("no exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).rfind("count2[1] = 11", 0) == 0u);
  }
  BOOST_CHECK_THROW(attain::proportion_difference(c1, n1, c2, std::vector<std::int64_t>{1}, 0.05, out),
                    attain::length_mismatch);
}

// The exact intervals come from attain's own beta quantile solver (stats/detail/beta_quantile-inl.hpp);
// Boost.Math's ibeta_inv / ibetac_inv, which computed them before, is the reference: both limits
// over the whole (count, nobs, alpha) range, the vectorised path and the scalar one.
namespace {
struct beta_sweep_case {
  std::int64_t count, nobs;
  double alpha;
  attain::ci_method method;
};

std::vector<beta_sweep_case> beta_sweep() {
  std::vector<beta_sweep_case> cases;
  const std::int64_t sizes[] = {1, 2, 3, 5, 10, 17, 50, 100, 333, 1000, 5000, 10'000, 100'000, 1'000'000, 10'000'000};
  for (const double alpha : {1e-6, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.5})
    for (const auto method : {attain::ci_method::clopper_pearson, attain::ci_method::jeffreys})
      for (const std::int64_t n : sizes)
        for (const std::int64_t c : {std::int64_t{0}, std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, n / 7, n / 3,
                                     n / 2, n * 9 / 10, n - 3, n - 2, n - 1, n})
          if (c >= 0 && c <= n) cases.push_back({c, n, alpha, method});
  return cases;
}

// Boost.Math's limits, as the library computed them before.
attain::interval boost_interval(const beta_sweep_case& k) {
  using boost::math::ibeta_inv, boost::math::ibetac_inv;
  const double c = static_cast<double>(k.count), n = static_cast<double>(k.nobs), p = k.alpha / 2;
  const attain::detail::beta_policy pol;
  if (k.method == attain::ci_method::jeffreys)
    return {ibeta_inv(c + 0.5, n - c + 0.5, p, pol), ibetac_inv(c + 0.5, n - c + 0.5, p, pol)};
  return {k.count > 0 ? ibeta_inv(c, n - c + 1, p, pol) : 0.0,
          k.count < k.nobs ? ibetac_inv(c + 1, n - c, p, pol) : 1.0};
}

double relative(double ours, double reference) {
  return ours == reference ? 0.0 : std::abs(ours - reference) / std::abs(reference);
}
}  // namespace

BOOST_AUTO_TEST_CASE(exact_intervals_match_boost_ibeta_inv_over_the_range) {
  const auto cases = beta_sweep();
  double worst = 0.0, worst_large = 0.0;
  for (const auto& k : cases) {
    const attain::interval ours = attain::proportion_ci(k.count, k.nobs, k.alpha, k.method);
    const attain::interval ref = boost_interval(k);
    // Where one Beta parameter is below 5 and the other above 10^5 (a few counts out of millions),
    // Boost.Math's own result is off by up to 2e-10 (against the root of the exact binomial tail in
    // 40 digits; attain's Clopper-Pearson limits by at most 3.3e-13 there). Everywhere else: 1e-12.
    const double c = static_cast<double>(k.count), n = static_cast<double>(k.nobs);
    const bool lopsided_low = std::min(c, n - c) < 5 && n > 1e5;
    for (const auto& [o, r, lopsided] :
         {std::tuple{ours.low, ref.low, lopsided_low}, std::tuple{ours.high, ref.high, lopsided_low}}) {
      const double rel = relative(o, r);
      if (lopsided)
        worst_large = std::max(worst_large, rel);
      else
        worst = std::max(worst, rel);
      BOOST_TEST_CONTEXT("count " << k.count << " of " << k.nobs << ", alpha " << k.alpha << ", method "
                                  << static_cast<int>(k.method) << ": ours " << o << ", boost " << r) {
        BOOST_TEST(rel <= (lopsided ? 1e-9 : 1e-12));
      }
    }
  }
  BOOST_TEST_MESSAGE("exact intervals vs ibeta_inv: worst relative difference " << worst << " (" << worst_large
                                                                                << " lopsided)");
}

BOOST_AUTO_TEST_CASE(exact_limit_where_the_direct_fraction_is_near_its_switch) {
  // 3 of 100,000 at alpha 0.01: the upper limit's point lies just past the direct fraction's
  // switch (its mirror's first denominator 1.5e4 times nearer 0 than its own), and the
  // complement of the direct fraction loses the digits of 1 / 0.005 (it was 1.04e-12 off). The
  // references: roots of the exact binomial tails in 50 digits (mpmath).
  const attain::interval r = attain::proportion_ci(3, 100000, 0.01, attain::ci_method::clopper_pearson);
  BOOST_TEST(close(r.low, 3.378661966385012165104901e-06, 1e-14));
  BOOST_TEST(close(r.high, 1.097703964106520534716112e-04, 1e-14));
}

BOOST_AUTO_TEST_CASE(vectorised_exact_intervals_equal_the_scalar_ones) {
  // Many units at once (distinct tallies solved in one batch, repeats copied), with repeats.
  for (const auto method : {attain::ci_method::clopper_pearson, attain::ci_method::jeffreys}) {
    std::vector<std::int64_t> count, nobs;
    for (std::int64_t n = 1; n <= 3000; n += 7)
      for (const std::int64_t c : {std::int64_t{0}, n / 3, n / 2, n}) {
        count.push_back(c);
        nobs.push_back(n);
        count.push_back(c);  // a repeat
        nobs.push_back(n);
      }
    std::vector<double> low(count.size()), high(count.size());
    attain::proportion_ci(count, nobs, 0.05, method, low, high);
    for (std::size_t i = 0; i < count.size(); ++i) {
      const attain::interval one = attain::proportion_ci(count[i], nobs[i], 0.05, method);
      BOOST_TEST(low[i] == one.low);
      BOOST_TEST(high[i] == one.high);
    }
  }
}

BOOST_AUTO_TEST_CASE(vectorised_exact_intervals_in_any_order_and_size) {
  // The distinct tallies are found by a radix sort of packed (nobs, count, row) words when they fit
  // in 64 bits and by std::sort otherwise (nobs near 2^28 here: 2 x 29 bits and 10 of row number do not fit): rows in
  // scrambled order, repeats far apart, each row's interval the scalar one.
  for (const std::int64_t base : {std::int64_t{0}, std::int64_t{1} << 28})
    for (const auto method : {attain::ci_method::clopper_pearson, attain::ci_method::jeffreys}) {
      std::vector<std::int64_t> count, nobs;
      for (std::int64_t k = 0; k < 600; ++k) {
        const std::int64_t n = base + 1 + (k * 7919) % 2003, c = (k * 104729) % (n + 1 < 2003 ? n + 1 : 2003);
        count.push_back(c);
        nobs.push_back(n);
      }
      for (std::size_t i = 0; i < 200; ++i) {  // repeats, far from their first row
        count.push_back(count[i * 3]);
        nobs.push_back(nobs[i * 3]);
      }
      std::vector<double> low(count.size()), high(count.size());
      attain::proportion_ci(count, nobs, 0.05, method, low, high);
      for (std::size_t i = 0; i < count.size(); ++i) {
        const attain::interval one = attain::proportion_ci(count[i], nobs[i], 0.05, method);
        BOOST_TEST_CONTEXT("row " << i << ": " << count[i] << " of " << nobs[i]) {
          BOOST_TEST(low[i] == one.low);
          BOOST_TEST(high[i] == one.high);
        }
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()
