#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "attain/stats/mann_kendall.hpp"

// Oracles written here: S and the Kendall counts by brute force over all pairs, and hand values.

namespace {

double brute_s(const std::vector<double>& v) {
  double s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    for (std::size_t j = i + 1; j < v.size(); ++j) s += (v[j] > v[i]) - (v[j] < v[i]);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_mann_kendall)

BOOST_AUTO_TEST_CASE(score_by_merge_sort_equals_brute_force) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> v(65 + 50 * static_cast<std::size_t>(trial));
    for (auto& e : v) e = trial % 2 ? std::round(normal(rng) * 3) : normal(rng);
    BOOST_TEST(attain::detail::mk_score(v) == brute_s(v));
  }
}

BOOST_AUTO_TEST_CASE(hand_values) {
  // 1, 2, 2, 3: S = 5 (pairs 1<2, 1<2, 1<3, 2<3, 2<3; 2 = 2), var = (4*3*13 - 2*1*9) / 18 = 138 / 18.
  const std::vector<double> v{1.0, 2.0, 2.0, 3.0};
  const auto r = attain::mann_kendall(v);
  BOOST_TEST(r.s == 5.0);
  BOOST_TEST(std::abs(r.var_s - 138.0 / 18.0) < 1e-14);
  BOOST_TEST(std::abs(r.z - 4.0 / std::sqrt(138.0 / 18.0)) < 1e-14);
  BOOST_TEST(std::abs(r.tau - 5.0 / 6.0) < 1e-15);
  // Slopes 1, 0.5, 2/3, 0, 0.5, 1: sorted 0, 0.5, 0.5, 2/3, 1, 1, median (0.5 + 2/3) / 2.
  BOOST_TEST(r.slope == (0.5 + 2.0 / 3.0) / 2.0);
  BOOST_TEST(r.intercept == 2.0 - 1.5 * r.slope);
  BOOST_TEST((r.trend == attain::mk_trend::no_trend));
  // A missing value is skipped for S and keeps its index for Sen's slope.
  const std::vector<double> gap{1.0, std::nan(""), 3.0, 4.0};
  const auto g = attain::mann_kendall(gap);
  BOOST_TEST(g.s == 3.0);
  BOOST_TEST(g.slope == 1.0);
}

BOOST_AUTO_TEST_CASE(kendall_tau_counts_and_exact_p) {
  // x = 1..5, y = 3 1 4 5 9: 1 discordant pair of 10, tau = 0.8; exact two-sided p = 2 * 5 / 120.
  const std::vector<double> x{1, 2, 3, 4, 5}, y{3, 1, 4, 5, 9};
  const auto r = attain::kendall_tau(x, y);
  BOOST_TEST(std::abs(r.tau - 0.8) < 1e-15);
  BOOST_TEST(std::abs(r.pvalue - 10.0 / 120.0) < 1e-15);
  const std::vector<double> c{2, 2, 2, 2, 2};
  BOOST_TEST(std::isnan(attain::kendall_tau(x, c).tau));
}

BOOST_AUTO_TEST_CASE(seasonal_and_errors) {
  std::vector<double> v;
  for (int year = 0; year < 4; ++year)
    for (int m = 0; m < 12; ++m) v.push_back(m % 5 + 0.5 * year);
  const auto r = attain::seasonal_mann_kendall(v, 12);
  BOOST_TEST(r.s == 12.0 * 6.0);
  BOOST_TEST(r.slope == 0.5);
  const std::vector<double> inf{1.0, INFINITY, 2.0}, short_series{1.0, 2.0};
  BOOST_CHECK_THROW(attain::mann_kendall(inf), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::mann_kendall(short_series, 0.05, attain::mk_method::hamed_rao), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_mk_method("sen"), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::seasonal_mann_kendall(short_series, 12), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(test_without_sens_slope) {
  std::vector<double> v;
  for (int i = 0; i < 5000; ++i) v.push_back(std::sin(0.37 * i) + 0.001 * i);
  const auto full = attain::mann_kendall(v);
  const auto bare = attain::mann_kendall(v, 0.05, attain::mk_method::original, std::nullopt, 1, false);
  BOOST_TEST(bare.s == full.s);
  BOOST_TEST(bare.var_s == full.var_s);
  BOOST_TEST(bare.p == full.p);
  BOOST_TEST(std::isnan(bare.slope));
  const auto detrending = attain::mann_kendall(v, 0.05, attain::mk_method::yue_wang, std::size_t{20}, 1, false);
  BOOST_TEST(detrending.slope == attain::mann_kendall(v, 0.05, attain::mk_method::yue_wang, std::size_t{20}).slope);
}

BOOST_AUTO_TEST_CASE(batches_equal_one_series_at_a_time) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  const std::size_t rows = 4, cols = 30;
  std::vector<double> v(rows * cols), x(cols);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::round(3 * normal(rng)) + static_cast<double>(i % cols) / 8;
  for (std::size_t j = 0; j < cols; ++j) x[j] = static_cast<double>(j);
  for (unsigned threads : {1u, 2u}) {
    const attain::series_batch batch(v, cols, x, true, "x");
    const auto mk = attain::mann_kendall(batch, 0.05, attain::mk_method::hamed_rao, std::nullopt, threads);
    const auto seasonal = attain::seasonal_mann_kendall(batch, 6, 0.05, threads);
    const auto tau = attain::kendall_tau(batch, threads);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::span<const double> row(v.data() + r * cols, cols);
      const auto one = attain::mann_kendall(row, 0.05, attain::mk_method::hamed_rao);
      BOOST_TEST(mk[r].p == one.p);
      BOOST_TEST(mk[r].slope == one.slope);
      BOOST_TEST(seasonal[r].var_s == attain::seasonal_mann_kendall(row, 6).var_s);
      BOOST_TEST(tau[r].tau == attain::kendall_tau(x, row).tau);
    }
  }
  BOOST_CHECK_THROW(attain::mann_kendall(attain::series_batch(v, cols), 0.0), attain::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Messy monthly series (issue 14, section 7)

namespace {

/// The median of every pairwise slope over (t, y), by brute force.
double brute_slope(const std::vector<double>& y, const std::vector<double>& t) {
  std::vector<double> s;
  for (std::size_t i = 0; i < y.size(); ++i)
    for (std::size_t j = i + 1; j < y.size(); ++j) s.push_back((y[j] - y[i]) / (t[j] - t[i]));
  std::sort(s.begin(), s.end());
  const std::size_t m = s.size();
  return m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2.0;
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const attain::error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(times_with_gaps) {
  // Months 0, 1, 4, 5, 9 (2, 3, 6, 7, 8 missing): S over the order, the slope per month.
  const std::vector<double> y{1.0, 2.0, 2.5, 4.0, 6.0}, t{0.0, 1.0, 4.0, 5.0, 9.0};
  attain::mk_options o;
  o.times = t;
  const auto r = attain::mann_kendall(y, o);
  BOOST_TEST(r.s == 10.0);
  BOOST_TEST(r.slope == brute_slope(y, t));
  BOOST_TEST(r.intercept == 2.5 - r.slope * 4.0);  // median(y) - slope median(t)
  o.intercept = attain::intercept_rule::joint;
  std::vector<double> resid;
  for (std::size_t i = 0; i < y.size(); ++i) resid.push_back(y[i] - r.slope * t[i]);
  std::sort(resid.begin(), resid.end());
  BOOST_TEST(attain::mann_kendall(y, o).intercept == resid[2]);
  // Long series (past the fixed buffers): the slope selection with real times.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::vector<double> ly, lt;
  for (int m = 0; m < 400; ++m)
    if (rng() % 4 != 0) lt.push_back(m), ly.push_back(normal(rng) + 0.01 * m);
  o.times = lt;
  o.intercept = attain::intercept_rule::separate;
  const auto lr = attain::mann_kendall(ly, o);
  BOOST_TEST(lr.slope == brute_slope(ly, lt));
  BOOST_TEST(lr.s == brute_s(ly));
  const auto [slope, intercept] = attain::sens_slope(ly, lt);
  BOOST_TEST(slope == lr.slope);
  BOOST_TEST(intercept == lr.intercept);
}

BOOST_AUTO_TEST_CASE(one_sided_p_is_half_the_two_sided) {
  const std::vector<double> v{1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0, 12.0};
  const auto two = attain::mann_kendall(v);
  attain::mk_options o;
  o.alternative = attain::test_alternative::greater;
  const auto up = attain::mann_kendall(v, o);
  o.alternative = attain::test_alternative::less;
  const auto down = attain::mann_kendall(v, o);
  BOOST_TEST(std::abs(up.p - two.p / 2) < 1e-15);
  BOOST_TEST(std::abs(down.p - (1 - two.p / 2)) < 1e-15);
  BOOST_TEST(up.h);
  BOOST_TEST(!down.h);
  BOOST_TEST((up.trend == attain::mk_trend::increasing));
  BOOST_TEST((down.trend == attain::mk_trend::no_trend));
  BOOST_TEST((attain::parse_alternative("decreasing") == attain::test_alternative::less));
}

BOOST_AUTO_TEST_CASE(block_bootstrap_is_deterministic) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> normal;
  std::vector<double> v(200);
  double prev = 0;
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = prev = 0.6 * prev + normal(rng) + 0.02 * static_cast<double>(i);
  attain::mk_options o;
  o.method = attain::mk_method::block_bootstrap;
  o.replicates = 199;
  o.seed = 42;
  const auto a = attain::mann_kendall(v, o);
  o.threads = 2;
  const auto b = attain::mann_kendall(v, o);
  BOOST_TEST(a.p == b.p);
  BOOST_TEST(a.var_s == b.var_s);
  BOOST_TEST(a.s == brute_s(v));
  BOOST_TEST(a.p * 200 == std::round(a.p * 200));
  BOOST_TEST(attain::mk_default_block(v) >= 2u);
  BOOST_TEST(attain::mk_default_block(v) <= 100u);
}

BOOST_AUTO_TEST_CASE(bad_times_and_options) {
  const std::vector<double> y{1.0, 2.0, 3.0, 4.0};
  attain::mk_options o;
  const std::vector<double> dup{0.0, 1.0, 1.0, 2.0}, nan_t{0.0, 1.0, std::nan(""), 3.0}, short_t{0.0, 1.0, 2.0};
  o.times = dup;
  BOOST_TEST(message_of([&] { attain::mann_kendall(y, o); }).find("times[2] = 1 repeats times[1] = 1") !=
             std::string::npos);
  o.times = nan_t;
  BOOST_TEST(message_of([&] { attain::mann_kendall(y, o); }).find("times[2] is NaN") != std::string::npos);
  o.times = short_t;
  BOOST_CHECK_THROW(attain::mann_kendall(y, o), attain::length_mismatch);
  o.times = {};
  o.method = attain::mk_method::block_bootstrap;
  o.block = 5;
  BOOST_TEST(message_of([&] { attain::mann_kendall(y, o); }).find("block = 5") != std::string::npos);
  BOOST_CHECK_THROW(attain::parse_alternative("up"), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::parse_intercept_rule("mean"), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
