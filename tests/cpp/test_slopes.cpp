#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "attain/stats/detail/slope_selection.hpp"
#include "attain/stats/slopes.hpp"

// Oracles written here: every pairwise slope sorted (the definition), and hand-derived values.

namespace {

std::vector<double> all_slopes(const std::vector<double>& x, const std::vector<double>& y,
                               const std::vector<std::uint32_t>& group = {}) {
  std::vector<double> s;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      if (!group.empty() && group[i] != group[j]) continue;
      if (x[j] > x[i]) s.push_back((y[j] - y[i]) / (x[j] - x[i]));
      if (x[j] < x[i]) s.push_back((y[i] - y[j]) / (x[i] - x[j]));
    }
  std::sort(s.begin(), s.end());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_slopes)

BOOST_AUTO_TEST_CASE(fast_selection_equals_sorting_every_slope) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 400 + 37 * static_cast<std::size_t>(trial);  // past the list-everything size
    std::vector<double> x(n), y(n);
    std::vector<std::uint32_t> group;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = std::round(normal(rng)), d = static_cast<double>(i);
      switch (trial % 6) {
        case 0:
          x[i] = d, y[i] = normal(rng);
          break;  // floats
        case 1:
          x[i] = d, y[i] = std::round(2 * normal(rng));
          break;  // ties, slope 0
        case 2:
          x[i] = d, y[i] = r + d;
          break;  // exact cluster at 1
        case 3:
          x[i] = std::floor(d / 3), y[i] = std::round(normal(rng) * 4);
          break;  // repeated x
        case 4:
          x[i] = 2 * d, y[i] = r + d;
          break;  // exact cluster at 0.5
        default:
          x[i] = 3 * d, y[i] = r + d;  // 1/3: streamed cluster
      }
    }
    if (trial % 5 == 4) {
      for (std::size_t i = 0; i < n; ++i) group.push_back(static_cast<std::uint32_t>(i % 3));
    }
    const auto sorted = all_slopes(x, y, group);
    attain::detail::slope_selector sel(x, y, group);
    BOOST_TEST_REQUIRE(sel.pairs() == sorted.size());
    const std::size_t m = sorted.size();
    for (std::size_t k : {std::size_t{0}, m / 7, m / 2 - 1, m / 2, m - m / 5, m - 1}) {
      BOOST_TEST(sel.kth(k) == sorted[k], "trial " << trial << " rank " << k);
    }
    const double mid = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
    BOOST_TEST(sel.median() == mid);
  }
}

BOOST_AUTO_TEST_CASE(inversion_counts_equal_counting_every_pair) {
  std::mt19937_64 rng(5);
  for (std::size_t n : {0, 1, 2, 3, 15, 16, 17, 31, 100, 257, 1000, 4097}) {
    for (int shape = 0; shape < 3; ++shape) {
      std::vector<std::uint32_t> p(n);
      for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint32_t>(shape == 2 ? n - 1 - i : i);
      if (shape == 0) std::shuffle(p.begin(), p.end(), rng);
      std::uint64_t want = 0;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) want += p[j] < p[i];
      std::vector<std::uint32_t> a = p, tmp(n);
      BOOST_TEST(attain::detail::permutation_inversions(a.data(), tmp.data(), n) == want, "n " << n);
      BOOST_TEST(std::is_sorted(a.begin(), a.end()));
      // Every rank picked once: every inversion, each once (the sampler's ranks are a bijection).
      if (n <= 257) {
        std::vector<std::uint64_t> draws(want + 3);
        for (std::uint64_t r = 0; r < draws.size(); ++r) draws[r] = r;  // 3 ranks past the end pick nothing
        draws.push_back(std::numeric_limits<std::uint64_t>::max());
        std::vector<std::pair<std::uint32_t, std::uint32_t>> picks, all;
        a = p;
        attain::detail::pick_inversions(a.data(), tmp.data(), n, draws.data(), picks);
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = i + 1; j < n; ++j)
            if (p[j] < p[i]) all.emplace_back(p[i], p[j]);
        std::sort(picks.begin(), picks.end());
        std::sort(all.begin(), all.end());
        BOOST_TEST((picks == all), "n " << n);
      }
    }
    // Doubles with ties (equal values form no inversion), signed zeros and negatives.
    std::vector<double> v(n);
    for (auto& e : v) e = static_cast<double>(static_cast<int>(rng() % 7) - 3) * 0.5;
    if (n > 3) v[1] = -0.0, v[2] = 0.0;
    std::uint64_t want = 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) want += v[j] < v[i];
    std::vector<double> sorted;
    BOOST_TEST(attain::detail::value_inversions(v, sorted) == want, "n " << n);
    auto expect = v;
    std::stable_sort(expect.begin(), expect.end());
    BOOST_TEST(sorted == expect);
  }
}

BOOST_AUTO_TEST_CASE(bucket_sort_equals_radix_sort) {
  // sort_records: the same stable order as radix_sort, by buckets (a bell of values, uniform
  // values, ties kept in input order, signed zeros) and through its radix fallbacks (heavy
  // tails, a few distinct values, one value, a range past double's, fewer than 512 records).
  std::mt19937_64 rng(31);
  std::normal_distribution<double> normal;
  std::cauchy_distribution<double> cauchy;
  for (std::size_t n : {1, 2, 511, 512, 513, 10000}) {
    for (int shape = 0; shape < 7; ++shape) {
      std::vector<attain::detail::radix_record> a(n), b(n), tmp(n);
      for (std::size_t i = 0; i < n; ++i) {
        double w = 0.0;
        if (shape == 0) w = normal(rng);
        if (shape == 1) w = static_cast<double>(rng() % 1000000) / 7.0;
        if (shape == 2) w = std::round(normal(rng) * 50.0) / 4.0;  // ties
        if (shape == 3) w = i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : normal(rng));
        if (shape == 4) w = cauchy(rng);  // heavy tails
        if (shape == 5) w = 1.5;          // one value
        if (shape == 6) w = i % 2 ? 1e308 : -1e308;
        a[i] = {attain::detail::order_key(w + 0.0), static_cast<std::uint32_t>(i)};
      }
      b = a;
      attain::detail::radix_sort(b.data(), tmp.data(), n);
      attain::detail::sort_records(a.data(), tmp.data(), n);
      bool same = true;
      for (std::size_t i = 0; i < n; ++i) same = same && a[i].key == b[i].key && a[i].pos == b[i].pos;
      BOOST_TEST(same, "n " << n << " shape " << shape);
    }
  }
}

BOOST_AUTO_TEST_CASE(narrowing_keeps_the_ranks_asked_for) {
  // narrow_to_ranks: the values kept hold ranks r1..r2 at r - below, for random values, sorted
  // and reversed ones, many ties, one value, and an order that fools the strided pilot (every
  // 16th value the smallest: the pilot misses and every value is kept); below the pilot's size
  // (4096) every value is kept.
  std::mt19937_64 rng(29);
  std::normal_distribution<double> normal;
  for (std::size_t m : {1, 2, 3, 100, 4095, 4096, 5000, 21024, 60000}) {
    for (int shape = 0; shape < 6; ++shape) {
      std::vector<double> v(m);
      for (std::size_t i = 0; i < m; ++i) {
        if (shape == 0 || shape == 1 || shape == 2) v[i] = normal(rng);
        if (shape == 3) v[i] = static_cast<double>(rng() % 5);  // ties
        if (shape == 4) v[i] = 2.5;                             // one value
        if (shape == 5) v[i] = i % 16 == 0 ? -1.0 - static_cast<double>(i) : static_cast<double>(rng() % 1000);
      }
      if (shape == 1) std::sort(v.begin(), v.end());
      if (shape == 2) std::sort(v.begin(), v.end(), std::greater<>());
      auto sorted = v;
      std::sort(sorted.begin(), sorted.end());
      for (const auto& [f1, f2] :
           {std::pair{0.0, 0.0}, {0.5, 0.5}, {0.45, 0.55}, {0.02, 0.03}, {0.99, 1.0}, {0.0, 1.0}}) {
        const auto r1 = static_cast<std::size_t>(f1 * static_cast<double>(m - 1)),
                   r2 = static_cast<std::size_t>(f2 * static_cast<double>(m - 1));
        attain::detail::scratch_vector<double> out;
        std::size_t below = 0;
        attain::detail::narrow_to_ranks(v, r1, r2, out, below);
        BOOST_TEST_REQUIRE(below <= r1);
        BOOST_TEST_REQUIRE(r2 - below < out.size());
        if (m < 4096 || (shape == 5 && f1 == 0.5)) BOOST_TEST(out.size() == m);
        std::vector<double> kept(out.begin(), out.end());
        std::sort(kept.begin(), kept.end());
        // The kept values are sorted[below, below + size): every rank in between is exact.
        BOOST_TEST(std::equal(kept.begin(), kept.end(), sorted.begin() + static_cast<std::ptrdiff_t>(below)),
                   "m " << m << " shape " << shape << " ranks " << r1 << ".." << r2);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(many_ranks_at_once_equal_sorting_every_slope) {
  // select_ranks: ranks near each other (one bracket), far apart (one each), repeated, at the
  // ends; the same data shapes as above, past the list-everything size.
  std::mt19937_64 rng(13);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 12; ++trial) {
    const std::size_t n = 600 + 53 * static_cast<std::size_t>(trial);
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(i);
      x[i] = trial % 3 == 2 ? std::floor(d / 2) : d;
      y[i] = trial % 4 == 1 ? std::round(3 * normal(rng)) : normal(rng) + 1e-3 * d;
    }
    const auto sorted = all_slopes(x, y);
    const std::uint64_t m = sorted.size();
    attain::detail::slope_selector sel(x, y);
    BOOST_TEST_REQUIRE(sel.pairs() == m);
    std::vector<std::uint64_t> ks{0, m / 40, m / 2 - 1, m / 2, m / 2, m / 2 + 3, m - m / 40, m - 1};
    if (trial % 2) ks = {m / 3, m / 3 + 1, m / 3 + 1000};
    std::vector<double> got(ks.size());
    sel.select_ranks(ks, got);
    for (std::size_t i = 0; i < ks.size(); ++i)
      BOOST_TEST(got[i] == sorted[ks[i]], "trial " << trial << " rank " << ks[i]);
  }
  std::vector<double> x{0, 1, 2}, y{0, 1, 3};
  attain::detail::slope_selector small(x, y);
  const std::vector<std::uint64_t> out_of_order{2, 1};
  std::vector<double> got(2);
  BOOST_CHECK_THROW(small.select_ranks(out_of_order, got), attain::invalid_argument);
}

// The deterministic fallback (exact bisection on slope values) forced: no randomised step at
// all (rounds 0), or a few before it takes over, with bands listed at once capped at the
// default, 16 or 1 pairs; on adversarial shapes (ties, constant, two-valued, huge and tiny
// magnitudes, repeated x, groups). Every rank it returns is the sorted slopes' own.
BOOST_AUTO_TEST_CASE(interpolated_median_equals_sorting_every_slope) {
  // n = 3000 (4.5 10^6 slopes, past the one-pass listing): the median's ranks from the counts
  // at the bracket's ends (slope_selector::interpolate), when its margin holds them (the
  // default) and when it misses (a margin of 1 slope: the band sample takes over); noise,
  // integer values with ties, heavy tails, two groups, and a pure trend plus rounding.
  std::mt19937_64 rng(37);
  std::normal_distribution<double> normal;
  std::cauchy_distribution<double> cauchy;
  const std::size_t n = 3000;
  for (int shape = 0; shape < 5; ++shape) {
    std::vector<double> x(n), y(n);
    std::vector<std::uint32_t> group;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(i);
      x[i] = d;
      if (shape == 0) y[i] = normal(rng) + 1e-3 * d;
      if (shape == 1) y[i] = std::round(2.0 * normal(rng)) + std::floor(d / 300.0);  // ties
      if (shape == 2) y[i] = cauchy(rng);
      if (shape == 3) y[i] = normal(rng), group.push_back(static_cast<std::uint32_t>(i % 2));
      if (shape == 4) y[i] = 0.1 * d + 1e-9 * normal(rng);
    }
    const auto sorted = all_slopes(x, y, group);
    const std::size_t m = sorted.size();
    const double want = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
    BOOST_TEST(attain::detail::slope_selector(x, y, group).median() == want, "shape " << shape);
    BOOST_TEST(attain::detail::slope_selector(x, y, group, 1, {.interpolation_margin = 1}).median() == want,
               "shape " << shape);
  }
}

BOOST_AUTO_TEST_CASE(deterministic_fallback_equals_sorting_every_slope) {
  std::mt19937_64 rng(29);
  std::normal_distribution<double> normal;
  for (const std::size_t n : {std::size_t{10}, std::size_t{100}, std::size_t{300}}) {
    for (int shape = 0; shape < 8; ++shape) {
      std::vector<double> x(n), y(n);
      std::vector<std::uint32_t> group;
      for (std::size_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(i);
        x[i] = d;
        switch (shape) {
          case 0:
            y[i] = normal(rng);
            break;
          case 1:
            y[i] = 3.0;  // constant: every slope 0
            break;
          case 2:
            y[i] = static_cast<double>(rng() % 2);  // two values
            break;
          case 3:
            y[i] = static_cast<double>(rng() % 5) + d;  // many ties, cluster at 1
            break;
          case 4:
            y[i] = normal(rng) * 1e150;
            break;
          case 5:
            y[i] = normal(rng) * 1e-150;
            break;
          case 6:
            x[i] = static_cast<double>(rng() % 7), y[i] = std::round(normal(rng));  // repeated x and ties
            break;
          default:
            y[i] = normal(rng), group.push_back(static_cast<std::uint32_t>(i % 3));
        }
      }
      const auto sorted = all_slopes(x, y, group);
      const std::uint64_t m = sorted.size();
      const std::vector<std::uint64_t> ks{0, m / 3, m / 2 - (m > 1), m / 2, m - 1};
      for (const int rounds : {0, 1, 3}) {
        for (const std::uint64_t cap : {std::uint64_t{0}, std::uint64_t{16}, std::uint64_t{1}}) {
          attain::detail::slope_selector sel(x, y, group, rounds % 2 ? 2 : 1, {rounds, cap});
          BOOST_TEST_REQUIRE(sel.pairs() == m);
          std::vector<double> got(ks.size());
          sel.select_ranks(ks, got);
          for (std::size_t i = 0; i < ks.size(); ++i)
            BOOST_TEST(got[i] == sorted[ks[i]],
                       "n " << n << " shape " << shape << " rounds " << rounds << " cap " << cap << " rank " << ks[i]);
          attain::detail::slope_selector one(x, y, group, 1, {rounds, cap});
          BOOST_TEST(one.kth(m / 2) == sorted[m / 2]);
          const double median = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
          attain::detail::slope_selector med(x, y, group, 1, {rounds, cap});
          BOOST_TEST(med.median() == median);
        }
      }
    }
  }
}

namespace {

// Sen's interval ranks as scipy.stats.theilslopes computes them (95 %, z = Phi^-1(0.025)).
std::pair<std::size_t, std::size_t> scipy_interval_ranks(const std::vector<double>& x, const std::vector<double>& y,
                                                         std::size_t nt) {
  auto tie_term = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double t = 0;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t j = i;
      while (j < v.size() && v[j] == v[i]) ++j;
      const double k = static_cast<double>(j - i);
      if (j - i > 1) t += k * (k - 1) * (2 * k + 5);
      i = j;
    }
    return t;
  };
  const double n = static_cast<double>(y.size()), z = -1.959963984540054;
  const double sigma = std::sqrt((n * (n - 1) * (2 * n + 5) - tie_term(x) - tie_term(y)) / 18.0);
  const double dnt = static_cast<double>(nt);
  const auto ru = static_cast<std::size_t>(std::min(std::nearbyint((dnt - z * sigma) / 2), dnt - 1));
  const auto rl = static_cast<std::size_t>(std::max(std::nearbyint((dnt + z * sigma) / 2) - 1, 0.0));
  return {rl, ru};
}

}  // namespace

BOOST_AUTO_TEST_CASE(theil_sen_equals_sorted_slopes_bit_for_bit) {
  // Shapes that stress the sampled brackets: ties (integer y, slope-0 and slope-1 clusters),
  // repeated x, a constant series, a convex curve (all slopes distinct and ordered by x),
  // outliers, a large offset, a sawtooth; n = 2 and n past the list-everything size.
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal;
  const std::size_t n = 2500;
  for (int shape = 0; shape < 9; ++shape) {
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(i);
      x[i] = d;
      switch (shape) {
        case 0:
          y[i] = normal(rng) + 0.01 * d;
          break;
        case 1:
          y[i] = std::round(2 * normal(rng));
          break;
        case 2:
          y[i] = std::round(normal(rng)) + d;
          break;
        case 3:
          x[i] = std::floor(d / 5), y[i] = normal(rng);
          break;
        case 4:
          y[i] = 7.0;
          break;
        case 5:
          y[i] = d * d;
          break;
        case 6:
          y[i] = i % 97 == 0 ? 1e9 : normal(rng);
          break;
        case 7:
          x[i] = 1e6 + d, y[i] = 1e8 + normal(rng);
          break;
        default:
          y[i] = static_cast<double>(i % 10);
          break;
      }
    }
    const auto sorted = all_slopes(x, y);
    const std::size_t m = sorted.size();
    const auto r = attain::theil_sen(y, x);
    const double mid = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
    BOOST_TEST(r.slope == mid, "shape " << shape);
    const auto [rl, ru] = scipy_interval_ranks(x, y, m);
    BOOST_TEST(r.low_slope == sorted[rl], "shape " << shape);
    BOOST_TEST(r.high_slope == sorted[ru], "shape " << shape);
    BOOST_TEST(attain::theil_sen(y, x).slope == r.slope);  // deterministic (fixed seed)
  }
  const auto two = attain::theil_sen(std::vector<double>{1.0, 4.0}, std::vector<double>{2.0, 5.0});
  BOOST_TEST(two.slope == 1.0);
  BOOST_TEST(two.low_slope == 1.0);
  BOOST_TEST(two.high_slope == 1.0);
}

BOOST_AUTO_TEST_CASE(two_threads_give_the_same_selection) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  std::vector<double> y(3000);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = normal(rng) + 0.01 * static_cast<double>(i);
  const auto one = attain::theil_sen(y), two = attain::theil_sen(y, {}, 0.95, 2);
  BOOST_TEST(one.slope == two.slope);
  BOOST_TEST(one.low_slope == two.low_slope);
  BOOST_TEST(one.high_slope == two.high_slope);
}

BOOST_AUTO_TEST_CASE(theil_sen_small_and_large_paths_agree_with_the_definition) {
  // y = 2x + noise; Sen's interval ranks for n = 10, no ties: sigma^2 = 10*9*25/18 = 125.
  const std::vector<double> y{1.0, 2.9, 5.2, 7.1, 8.8, 11.3, 12.9, 15.2, 16.8, 19.1};
  const auto r = attain::theil_sen(y);
  std::vector<double> x(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  const auto s = all_slopes(x, y);  // 45 slopes
  BOOST_TEST(r.slope == s[22]);
  BOOST_TEST(r.intercept == (y[4] + y[5]) / 2 - r.slope * 4.5);
  // z = -1.959964; Ru = round((45 + 1.959964 * 11.1803) / 2) = round(33.456) = 33, Rl = round(11.54) - 1 = 11.
  BOOST_TEST(r.low_slope == s[11]);
  BOOST_TEST(r.high_slope == s[33]);
}

BOOST_AUTO_TEST_CASE(linear_trend_hand_values_and_prediction_sums) {
  const std::vector<double> y{1.0, 3.0, 2.0, 5.0}, x{0.0, 1.0, 2.0, 3.0};
  const auto f = attain::linear_trend(y, x);
  // sxx = 5, sxy = 5.5, syy = 8.75: slope 1.1, intercept 2.75 - 1.1 * 1.5 = 1.1.
  BOOST_TEST(std::abs(f.slope - 1.1) < 1e-15);
  BOOST_TEST(std::abs(f.intercept - 1.1) < 1e-15);
  BOOST_TEST(std::abs(f.rvalue - 5.5 / std::sqrt(5 * 8.75)) < 1e-15);
  BOOST_TEST(f.n == 4u);
  BOOST_TEST(std::abs(f.residual_variance - (8.75 - 5.5 * 5.5 / 5) / 2) < 1e-14);
  BOOST_TEST(std::abs(f.prediction_variance(4.0) - f.residual_variance * (1 + 0.25 + 6.25 / 5)) < 1e-14);
  BOOST_TEST(std::abs(f.slope_stderr - std::sqrt(f.residual_variance / 5)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(siegel_hand_value) {
  // Points (0,0), (1,1), (2,4): row medians 1.5 (0: 1, 2), 2 (1: 1, 3), 2.5 (2: 2, 3); slope 2,
  // intercept median(0, -1, 0) = 0.
  const auto r = attain::siegel_slopes(std::vector<double>{0.0, 1.0, 4.0});
  BOOST_TEST(r.slope == 2.0);
  BOOST_TEST(r.intercept == 0.0);
  BOOST_TEST(attain::siegel_slopes(std::vector<double>{0.0, 1.0, 4.0}, {}, 2).slope == 2.0);
}

BOOST_AUTO_TEST_CASE(invalid_input) {
  const std::vector<double> one{1.0}, nan_y{1.0, std::nan(""), 2.0}, y{1.0, 2.0, 3.0}, same{4.0, 4.0, 4.0},
      two{1.0, 2.0};
  BOOST_CHECK_THROW(attain::theil_sen(one), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::theil_sen(nan_y), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::theil_sen(y, same), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::theil_sen(y, two), attain::length_mismatch);
  BOOST_CHECK_THROW(attain::theil_sen(y, {}, 1.0), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::linear_trend(y, same), attain::invalid_argument);
  BOOST_CHECK_THROW(attain::siegel_slopes(nan_y), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(batches_equal_one_series_at_a_time) {
  // 5 series of 9 points, row after row; x shared, then one row per series.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  const std::size_t rows = 5, cols = 9;
  std::vector<double> y(rows * cols), x_rows(rows * cols), x_shared(cols);
  for (auto& v : y) v = normal(rng);
  for (std::size_t j = 0; j < cols; ++j) x_shared[j] = static_cast<double>(j * j);
  for (auto& v : x_rows) v = normal(rng);
  for (unsigned threads : {1u, 3u}) {
    for (const auto* x : {&x_shared, &x_rows}) {
      const attain::series_batch batch(y, cols, *x);
      const auto ols = attain::linear_trend(batch, threads);
      const auto ts = attain::theil_sen(batch, 0.9, threads);
      const auto rm = attain::siegel_slopes(batch, threads);
      BOOST_TEST_REQUIRE(ols.size() == rows);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::span<const double> yr(y.data() + r * cols, cols);
        const std::span<const double> xr = x == &x_shared ? std::span<const double>(x_shared)
                                                          : std::span<const double>(x_rows.data() + r * cols, cols);
        BOOST_TEST(ols[r].slope == attain::linear_trend(yr, xr).slope);
        BOOST_TEST(ols[r].pvalue == attain::linear_trend(yr, xr).pvalue);
        BOOST_TEST(ts[r].low_slope == attain::theil_sen(yr, xr, 0.9).low_slope);
        BOOST_TEST(rm[r].intercept == attain::siegel_slopes(yr, xr).intercept);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(batch_shapes_and_row_errors) {
  const std::vector<double> y{1, 2, 3, 4, 5, 6};
  BOOST_CHECK_THROW(attain::series_batch(y, 4), attain::length_mismatch);
  BOOST_CHECK_THROW(attain::series_batch(y, 3, std::vector<double>{1, 2}), attain::length_mismatch);
  BOOST_TEST(attain::series_batch(y, 3).rows() == 2u);
  BOOST_TEST(attain::series_batch({}, 0).rows() == 0u);
  // Row 1 holds a NaN: the error names it, keeps its type, on any thread count; a single
  // series (name_rows false) names no row.
  const std::vector<double> bad{1, 2, 3, 4, std::nan(""), 6};
  for (unsigned threads : {1u, 2u}) {
    try {
      (void)attain::linear_trend(attain::series_batch(bad, 3), threads);
      BOOST_FAIL("no exception");
    } catch (const attain::invalid_argument& e) {
      BOOST_TEST(std::string(e.what()).rfind("row 1: y[1] is NaN", 0) == 0u);
    }
  }
  try {
    (void)attain::linear_trend(attain::series_batch(std::span<const double>(bad).subspan(3), 3, {}, false));
    BOOST_FAIL("no exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).rfind("y[1] is NaN", 0) == 0u);
  }
  BOOST_CHECK_THROW(attain::theil_sen(attain::series_batch(y, 3), 1.5), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
