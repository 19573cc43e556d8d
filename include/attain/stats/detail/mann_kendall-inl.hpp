#pragma once
// The compiled part of attain/stats/mann_kendall.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "attain/core/checked.hpp"
#include "attain/core/parallel.hpp"
#include "attain/stats/detail/math.hpp"
#include "attain/stats/detail/series.hpp"
#include "attain/stats/detail/slope_selection.hpp"
#include "attain/stats/mann_kendall.hpp"

namespace attain {

namespace detail {

/// @brief S = pairs - tied pairs - 2 x inversions of @p n values: |S| < n^2 / 2 is exact in a
/// double for any n below 2^26.5 and rounded once beyond.
inline double score_from_counts(std::size_t n, std::uint64_t ties, std::uint64_t inversions) {
  const uint128 pairs = uint128{n} * (n - 1) / 2, positive = pairs - ties;
  const uint128 negative = 2 * uint128{inversions};
  return positive >= negative ? static_cast<double>(positive - negative) : -static_cast<double>(negative - positive);
}

/// @brief pymannkendall's variance of S, (n(n-1)(2n+5) - sum over ties of t(t-1)(2t+5)) / 18,
/// from the exact 128-bit numerator (the first term passes 2^63 at n = 1.66 million), as Python
/// computes it with its integers and one correctly rounded division.
inline double variance_from_counts(std::size_t n, uint128 tie_term) {
  const uint128 nn = n, total = nn * (nn - 1) * (2 * nn + 5);
  return exact_quotient(total - tie_term, 18);
}

/// @brief t(t-1)(2t+5) for a group of t tied values, exactly.
inline uint128 tie_variance_term(std::size_t t) {
  const uint128 tt = t;
  return tt * (tt - 1) * (2 * tt + 5);
}

/// @brief Mann-Kendall S = sum over i < j of sign(v_j - v_i). A NaN (only from a NaN
/// autocorrelation in pre-whitening) compares neither greater nor less, as in pymannkendall.
ATTAIN_FUNC double mk_score(std::span<const double> v) {
  std::vector<double> finite;
  if (v.size() > 64 && std::any_of(v.begin(), v.end(), [](double e) { return std::isnan(e); })) {
    for (double e : v)
      if (!std::isnan(e)) finite.push_back(e);
    v = finite;
  }
  const std::size_t n = v.size();
  if (n <= 64) {
    std::int64_t s = 0;
    for (std::size_t i = 0; i + 1 < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) s += (v[j] > v[i]) - (v[j] < v[i]);
    return static_cast<double>(s);
  }
  std::vector<double> a(v.begin(), v.end()), buf(n);
  const std::uint64_t inversions = merge_inversions(a.data(), buf.data(), n, no_emit{});
  std::uint64_t ties = 0;  // a is sorted now
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && a[j] == a[i]) ++j;
    ties += (j - i) * (j - i - 1) / 2;
    i = j;
  }
  return score_from_counts(n, ties, inversions);
}

/// @brief The non-NaN values of @p x, copied into @p small when they fit (short series: no
/// allocation), else into @p large; the span views whichever holds them.
inline std::span<double> non_missing(std::span<const double> x, std::array<double, 64>& small,
                                     std::vector<double>& large) {
  if (x.size() <= small.size()) {
    std::size_t k = 0;
    for (double e : x)
      if (!std::isnan(e)) small[k++] = e;
    return {small.data(), k};
  }
  for (double e : x)
    if (!std::isnan(e)) large.push_back(e);
  return large;
}

/// @brief pymannkendall's tie-corrected variance of S: (n(n-1)(2n+5) - sum t(t-1)(2t+5)) / 18
/// (NaNs, as mk_score, count in n and tie with nothing).
inline double mk_variance(std::span<const double> v) {
  const std::size_t n = v.size();
  std::array<double, 64> small;
  std::vector<double> large;
  const std::span<double> sorted = non_missing(v, small, large);
  const std::size_t k = sorted.size();
  std::sort(sorted.begin(), sorted.end());
  uint128 ties = 0;  // pymannkendall's np.unique puts all NaNs in one group (of count 0)
  for (std::size_t i = 0; i < k;) {
    std::size_t j = i + 1;
    while (j < k && sorted[j] == sorted[i]) ++j;
    ties += tie_variance_term(j - i);
    i = j;
  }
  return variance_from_counts(n, ties);
}

/// @brief S and its variance with one sort (long series without NaN), else mk_score and
/// mk_variance. @p median: where the sort gives it, the median of v (as median_inplace) goes
/// there (Sen's intercept needs it: no second selection over v).
inline void mk_score_and_variance(std::span<const double> v, double& s, double& var,
                                  std::optional<double>* median = nullptr) {
  const std::size_t n = v.size();
  if (n <= 64 || std::any_of(v.begin(), v.end(), [](double e) { return std::isnan(e); })) {
    s = mk_score(v);
    var = mk_variance(v);
    return;
  }
  std::vector<double> a;
  std::uint64_t inversions = 0;
  if (n < std::numeric_limits<std::uint32_t>::max()) {
    inversions = value_inversions(v, a);
  } else {
    a.assign(v.begin(), v.end());
    std::vector<double> buf(n);
    inversions = merge_inversions(a.data(), buf.data(), n, no_emit{});
  }
  std::uint64_t ties = 0;
  uint128 tie_term = 0;
  for (std::size_t i = 0; i < n;) {  // a is sorted now
    std::size_t j = i + 1;
    while (j < n && a[j] == a[i]) ++j;
    const std::uint64_t t = j - i;
    ties += t * (t - 1) / 2;
    tie_term += tie_variance_term(t);
    i = j;
  }
  s = score_from_counts(n, ties, inversions);
  var = variance_from_counts(n, tie_term);
  if (median) *median = n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
}

/// @brief z, p, h and the trend from S and its variance (pymannkendall's __z_score / __p_value),
/// for the alternative: two-sided p = 2 P(Z > |z|), h = |z| > z_(alpha/2); greater p = P(Z > z),
/// h = z > z_alpha (trend increasing or none); less p = P(Z < z), h = z < -z_alpha.
inline void mk_decide(mann_kendall_result& r, double alpha,
                      test_alternative alternative = test_alternative::two_sided) {
  if (r.s > 0)
    r.z = (r.s - 1.0) / std::sqrt(r.var_s);
  else if (r.s < 0)
    r.z = (r.s + 1.0) / std::sqrt(r.var_s);
  else
    r.z = 0.0;
  if (std::isnan(r.z)) {
    r.p = nan();
    r.h = false;
  } else if (alternative == test_alternative::two_sided) {
    r.p = 2.0 * normal_tail_probabilities(std::abs(r.z)).upper;
    r.h = std::abs(r.z) > normal_upper_quantile(alpha / 2.0);
  } else if (alternative == test_alternative::greater) {
    r.p = normal_tail_probabilities(r.z).upper;
    r.h = r.z > normal_upper_quantile(alpha);
  } else {
    r.p = normal_tail_probabilities(r.z).lower;
    r.h = r.z < -normal_upper_quantile(alpha);
  }
  r.trend = r.h ? (r.z < 0 ? mk_trend::decreasing : mk_trend::increasing) : mk_trend::no_trend;
}

/// @brief Checks the times of @p n values: as many, finite, strictly increasing.
inline void validate_times(std::span<const double> times, std::size_t n) {
  require_same_length("times", times.size(), "x", n);
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!std::isfinite(times[i]))
      fail<invalid_argument>(at("times", i), std::isnan(times[i]) ? " is NaN" : " is infinite",
                             "; every value needs a finite time (mark a missing value in x, not in times)");
    if (i > 0 && !(times[i] > times[i - 1]))
      fail<invalid_argument>(at("times", i), " = ", times[i], times[i] == times[i - 1] ? " repeats " : " comes before ",
                             at("times", i - 1), " = ", times[i - 1], ": times must be strictly increasing");
  }
}

/// @brief One step of splitmix64 (Steele, Lea and Flood 2014) on @p state.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// @brief numpy's pairwise summation (np.add.reduce of a contiguous float64 array), in its order.
inline double numpy_pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    std::array<double, 8> r;
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise_sum(a, n2) + numpy_pairwise_sum(a + n2, n - n2);
}

/// @brief OpenBLAS's ddot in its order of operations (kernel/x86_64/ddot.c with the SkylakeX
/// kernel, which numpy's wheels run on AVX-512 machines): blocks of 32 in 32 fused lanes, folded
/// to 16, then blocks of 16; the lanes summed ((a0 + a1) + a2) + a3, halves, pairs; the last
/// n mod 16 terms added in order with fused multiply-adds. (Its Haswell kernel, for AVX2-only
/// machines, sums the lanes in another order, so sums of 16 terms or more can differ there in
/// the last bit.)
inline double openblas_ddot(const double* x, const double* y, std::size_t n) {
  const std::size_t n16 = n & ~std::size_t{15}, n32 = n16 & ~std::size_t{31};
  double dot = 0.0;
  if (n16 > 0) {
    std::array<double, 16> acc{};  // four 4-lane accumulators
    if (n32 > 0) {
      std::array<double, 32> wide{};  // four 8-lane accumulators
      for (std::size_t i = 0; i < n32; i += 32)
        for (std::size_t l = 0; l < 32; ++l) wide[l] = std::fma(x[i + l], y[i + l], wide[l]);
      for (std::size_t k = 0; k < 4; ++k)
        for (std::size_t l = 0; l < 4; ++l) acc[4 * k + l] = wide[8 * k + l] + wide[8 * k + 4 + l];
    }
    for (std::size_t i = n32; i < n16; i += 16)
      for (std::size_t l = 0; l < 16; ++l) acc[l] = std::fma(x[i + l], y[i + l], acc[l]);
    std::array<double, 4> sum;
    for (std::size_t l = 0; l < 4; ++l) sum[l] = ((acc[l] + acc[4 + l]) + acc[8 + l]) + acc[12 + l];
    dot = (sum[0] + sum[2]) + (sum[1] + sum[3]);
  }
  for (std::size_t i = n16; i < n; ++i) dot = std::fma(y[i], x[i], dot);
  return dot;
}

/// @brief pymannkendall's __acf: autocorrelation at lags 0..nlags, acov_k = sum y_t y_{t+k} / n,
/// y = x - mean, in numpy's order of operations: the mean by numpy's pairwise sum; np.correlate's
/// lag-0 sum of up to 11 terms as a plain sum of products, and the other sums of lags 0 and 1
/// (all that pre-whitening uses) as OpenBLAS's ddot (openblas_ddot), so that S agrees with
/// pymannkendall to the last bit where numpy runs that kernel. The sums of higher lags
/// (hamed_rao, yue_wang) are taken in long double, as close to exact as the reference's allow.
inline std::vector<double> acf(std::span<const double> x, std::size_t nlags) {
  const std::size_t n = x.size();
  const double mean = numpy_pairwise_sum(x.data(), n) / static_cast<double>(n);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] - mean;
  auto lag_sum = [&](std::size_t k) {
    const std::size_t len = n - k;
    double c = 0.0;
    if (k == 0 && n <= 11) {  // numpy's small_correlate
      for (std::size_t t = 0; t < n; ++t) c += y[t] * y[t];
    } else if (k <= 1 || len < 16) {
      c = openblas_ddot(y.data() + k, y.data(), len);
    } else {
      long double l = 0.0L;
      for (std::size_t t = 0; t < len; ++t) l += static_cast<long double>(y[t]) * y[t + k];
      c = static_cast<double>(l);
    }
    return c;
  };
  std::vector<double> out(nlags + 1);
  const double dn = static_cast<double>(n);
  const double c0 = lag_sum(0) / dn;
  for (std::size_t k = 0; k <= nlags && k < n; ++k) out[k] = (lag_sum(k) / dn) / c0;
  return out;
}

/// @brief scipy.stats.rankdata (average ranks, 1-based).
inline std::vector<double> average_ranks(std::span<const double> v) {
  const std::size_t n = v.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && v[idx[j]] == v[idx[i]]) ++j;
    const double avg = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k) r[idx[k]] = avg;
    i = j;
  }
  return r;
}

/// @brief Rejects infinite values (NaN is a missing value in the Mann-Kendall family).
inline void require_no_inf(std::span<const double> x, const char* name) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isinf(x[i])) fail<invalid_argument>(at(name, i), " is infinite");
}

/// @brief pymannkendall's sens_slope over the series with missing values: the median slope of
/// pairs of non-missing values by original index; intercept = median(values) - median(index) * slope.
/// With @p times (validated, strictly increasing), the time of value i is times[i] in place of
/// i; the intercept is taken by @p rule (joint: median over non-missing values of x - slope t).
inline void sens_slope(std::span<const double> x, std::span<const std::uint32_t> season, std::size_t period,
                       double& slope, double& intercept, unsigned threads = 1, std::span<const double> times = {},
                       intercept_rule rule = intercept_rule::separate,
                       std::optional<double> median_of_values = std::nullopt) {
  const auto time = [&](std::size_t i) { return times.empty() ? static_cast<double>(i) : times[i]; };
  const auto joint = [&] {
    std::vector<double> resid;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) continue;
      const double fitted = slope * time(i);  // two roundings, as numpy
      resid.push_back(x[i] - fitted);
    }
    return median_inplace(resid);
  };
  if (season.empty() && x.size() <= 64) {  // fixed buffers, no allocation
    std::array<double, 64 * 63 / 2> slopes;
    std::array<double, 64> vals, pos;
    std::size_t m = 0, k = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) continue;
      vals[k] = x[i], pos[k++] = time(i);
      for (std::size_t j = i + 1; j < x.size(); ++j)
        if (!std::isnan(x[j]))
          slopes[m++] = (x[j] - x[i]) / (times.empty() ? static_cast<double>(j - i) : times[j] - times[i]);
    }
    if (m == 0) fail<invalid_argument>("no two non-missing values to compute Sen's slope from");
    slope = median_inplace({slopes.data(), m});
    intercept = rule == intercept_rule::joint
                    ? joint()
                    : median_inplace({vals.data(), k}) - median_inplace({pos.data(), k}) * slope;
    return;
  }
  std::vector<double> idx, val;
  std::vector<std::uint32_t> grp;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    // Within a season, pairs are taken by the year index (i / period), as pymannkendall does.
    idx.push_back(season.empty() ? time(i) : static_cast<double>(i / period));
    val.push_back(x[i]);
    if (!season.empty()) grp.push_back(season[i]);
  }
  slope_selector sel(idx, val, grp, threads);
  if (sel.pairs() == 0) fail<invalid_argument>("no two non-missing values to compute Sen's slope from");
  slope = sel.median();
  std::vector<double> pos;  // increasing: its median needs no selection
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) pos.push_back(time(i));
  const std::size_t k = pos.size();
  const double mid_pos = k % 2 ? pos[k / 2] : (pos[k / 2 - 1] + pos[k / 2]) / 2.0;
  const double mid_value = median_of_values ? *median_of_values : median_inplace(val);
  if (season.empty() && rule == intercept_rule::joint)
    intercept = joint();
  else
    intercept =
        season.empty() ? mid_value - mid_pos * slope : mid_value - mid_pos / static_cast<double>(period) * slope;
}

/// @brief S of every moving-block bootstrap replicate of @p v (see mann_kendall(x, mk_options)).
/// The values are replaced by their dense ranks once; each replicate's S = pairs - tied pairs -
/// 2 inversions, the inversions counted with a Fenwick tree over the ranks (O(n log m) for m
/// distinct values, no sorting), the same integer S as mk_score.
inline std::vector<double> block_bootstrap_scores(std::span<const double> v, std::size_t block, std::size_t replicates,
                                                  std::uint64_t seed, unsigned threads) {
  const std::size_t n = v.size(), starts = n - block + 1;
  std::vector<std::uint32_t> rank(n);
  std::size_t m = 0;
  {
    std::vector<std::uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0u);
    std::sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) { return v[a] < v[b]; });
    for (std::size_t i = 0; i < n; ++i) {
      if (i == 0 || v[idx[i]] != v[idx[i - 1]]) ++m;
      rank[idx[i]] = static_cast<std::uint32_t>(m);  // 1 .. m
    }
  }
  std::vector<double> out(replicates);
  auto run = [&](std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> w(n), tree(m + 1), count(m + 1);
    for (std::size_t b = begin; b < end; ++b) {
      std::uint64_t mix = seed;
      std::uint64_t state = splitmix64(mix) + b;  // replicate b's own stream
      state = splitmix64(state);
      for (std::size_t i = 0; i < n;) {
        const auto start = static_cast<std::size_t>((uint128{splitmix64(state)} * starts) >> 64);
        for (std::size_t k = 0; k < block && i < n; ++k) w[i++] = rank[start + k];
      }
      std::fill(tree.begin(), tree.end(), 0u);
      std::fill(count.begin(), count.end(), 0u);
      std::uint64_t inversions = 0, ties = 0;
      for (std::size_t j = 0; j < n; ++j) {
        const std::uint32_t r = w[j];
        std::uint64_t at_most = 0;  // earlier values with rank <= r
        for (std::size_t i = r; i > 0; i &= i - 1) at_most += tree[i];
        inversions += j - at_most;
        for (std::size_t i = r; i <= m; i += i & (~i + 1)) ++tree[i];
        ties += count[r]++;
      }
      out[b] = score_from_counts(n, ties, inversions);
    }
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(replicates, 64))));
  if (threads == 1) {
    run(0, replicates);
    return out;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> failure(threads);
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        run(replicates * t / threads, replicates * (t + 1) / threads);
      } catch (...) {
        failure[t] = std::current_exception();
      }
    });
  for (auto& th : pool) th.join();
  for (auto& f : failure)
    if (f) std::rethrow_exception(f);
  return out;
}

}  // namespace detail

ATTAIN_FUNC std::pair<double, double> sens_slope(std::span<const double> x, std::span<const double> times,
                                                 intercept_rule rule) {
  if (!times.empty()) detail::validate_times(times, x.size());
  detail::require_no_inf(x, "x");
  double slope = 0.0, intercept = 0.0;
  detail::sens_slope(x, {}, 1, slope, intercept, 1, times, rule);
  return {slope, intercept};
}

ATTAIN_FUNC std::size_t mk_default_block(std::span<const double> v) {
  const std::size_t n = v.size();
  if (n < 4) return 1;
  double mean = 0.0;
  for (double e : v) mean += e;
  mean /= static_cast<double>(n);
  long double c0 = 0.0L;
  for (double e : v) c0 += static_cast<long double>(e - mean) * (e - mean);
  if (!(c0 > 0.0L)) return 1;
  const double bound = 1.959963984540054 / std::sqrt(static_cast<double>(n));
  const auto rho = [&](std::size_t k) {
    long double c = 0.0L;
    for (std::size_t t = 0; t + k < n; ++t) c += static_cast<long double>(v[t] - mean) * (v[t + k] - mean);
    return static_cast<double>(c / c0);
  };
  std::size_t k = 1;
  while (k < n / 2 && rho(k) > bound) ++k;
  const auto half_root = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(n)) / 2.0));
  return std::min(2 * k + half_root, n / 2);
}

ATTAIN_FUNC mann_kendall_result mann_kendall(std::span<const double> x, double alpha, mk_method method,
                                             std::optional<std::size_t> lag, unsigned threads, bool with_slope) {
  mk_options o;
  o.alpha = alpha, o.method = method, o.lag = lag, o.threads = threads, o.with_slope = with_slope;
  return mann_kendall(x, o);
}

ATTAIN_FUNC mann_kendall_result mann_kendall(std::span<const double> x, const mk_options& options) {
  const double alpha = options.alpha;
  const mk_method method = options.method;
  const std::optional<std::size_t> lag = options.lag;
  const unsigned threads = options.threads;
  const bool with_slope = options.with_slope;
  const std::span<const double> times = options.times;
  validate_alpha(alpha);
  const bool bootstrap = method == mk_method::block_bootstrap;
  if (!times.empty()) {
    if (method != mk_method::original && !bootstrap)
      detail::fail<invalid_argument>(
          "times apply to methods 'original' and 'block_bootstrap' only: the other methods "
          "use autocorrelations of equally spaced values");
    detail::validate_times(times, x.size());
  }
  if (bootstrap && options.replicates == 0)
    detail::fail<invalid_argument>("replicates = 0: the block bootstrap needs at least 1 replicate");
  detail::require_no_inf(x, "x");
  std::array<double, 64> small;  // short series: no allocation for the values
  std::vector<double> large;
  const std::span<double> v = detail::non_missing(x, small, large);
  const bool needs3 = method == mk_method::hamed_rao || method == mk_method::pre_whitening ||
                      method == mk_method::trend_free_pre_whitening;
  const std::size_t min_n = needs3 ? 3 : 2;
  if (v.size() < min_n)
    detail::fail<invalid_argument>("the Mann-Kendall test", needs3 ? " (this method)" : "", " needs at least ", min_n,
                                   " non-missing values, got ", v.size());
  const std::size_t n = v.size();
  if (lag && *lag >= n)
    detail::fail<invalid_argument>("lag = ", *lag, " must be less than the ", n, " non-missing values");
  mann_kendall_result r;
  const double dn = static_cast<double>(n);
  // Sen's slope (the bulk of the work for long series) and S with its variance are independent.
  if (bootstrap && options.block > n)
    detail::fail<invalid_argument>("block = ", options.block, " is longer than the ", n, " non-missing values");
  const bool plain =
      method == mk_method::original || method == mk_method::hamed_rao || method == mk_method::yue_wang || bootstrap;
  const bool slope_needed = with_slope || method == mk_method::hamed_rao || method == mk_method::yue_wang ||
                            method == mk_method::trend_free_pre_whitening;
  if (!slope_needed) {
    r.slope = r.intercept = std::numeric_limits<double>::quiet_NaN();
    if (plain) detail::mk_score_and_variance(v, r.s, r.var_s);
  } else if (threads > 1 && plain && n > 4096) {
    std::exception_ptr failure;
    std::thread helper([&] {
      try {
        detail::mk_score_and_variance(v, r.s, r.var_s);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      detail::sens_slope(x, {}, 1, r.slope, r.intercept, threads, times, options.intercept);
    } catch (...) {
      helper.join();
      throw;
    }
    helper.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    std::optional<double> median;  // of v, from the sort that counts S (Sen's intercept)
    if (plain) detail::mk_score_and_variance(v, r.s, r.var_s, &median);
    detail::sens_slope(x, {}, 1, r.slope, r.intercept, threads, times, options.intercept, median);
  }
  auto detrended = [&] {
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double trend = static_cast<double>(i + 1) * r.slope;
      d[i] = v[i] - trend;
    }
    return d;
  };
  switch (method) {
    case mk_method::block_bootstrap: {
      r.tau = r.s / (0.5 * dn * (dn - 1.0));
      const std::size_t block = options.block ? options.block : mk_default_block(v);
      const auto sb = detail::block_bootstrap_scores(v, block, options.replicates, options.seed, threads);
      std::size_t extreme = 0;
      double mean = 0.0;
      for (double e : sb) {
        mean += e;
        switch (options.alternative) {
          case test_alternative::two_sided:
            extreme += std::abs(e) >= std::abs(r.s);
            break;
          case test_alternative::greater:
            extreme += e >= r.s;
            break;
          case test_alternative::less:
            extreme += e <= r.s;
            break;
        }
      }
      const double b = static_cast<double>(sb.size());
      mean /= b;
      double ss = 0.0;
      for (double e : sb) ss += (e - mean) * (e - mean);
      r.var_s = sb.size() > 1 ? ss / (b - 1.0) : detail::nan();
      r.z = r.s > 0 ? (r.s - 1.0) / std::sqrt(r.var_s) : r.s < 0 ? (r.s + 1.0) / std::sqrt(r.var_s) : 0.0;
      r.p = (1.0 + static_cast<double>(extreme)) / (b + 1.0);
      r.h = r.p <= alpha;
      r.trend = !r.h                                               ? mk_trend::no_trend
                : options.alternative == test_alternative::greater ? mk_trend::increasing
                : options.alternative == test_alternative::less    ? mk_trend::decreasing
                : r.s < 0                                          ? mk_trend::decreasing
                                                                   : mk_trend::increasing;
      return r;
    }
    case mk_method::original:
    case mk_method::hamed_rao:
    case mk_method::yue_wang: {
      r.tau = r.s / (0.5 * dn * (dn - 1.0));
      const std::size_t lags = lag ? *lag : n - 1;  // pymannkendall: lag + 1 terms, or n
      if (method == mk_method::hamed_rao) {
        const auto ranks = detail::average_ranks(detrended());
        const auto rho = detail::acf(ranks, lags);
        const double bound =
            boost::math::quantile(boost::math::normal_distribution<double, detail::math_policy>(), 1.0 - alpha / 2.0) /
            std::sqrt(dn);
        long double sni = 0.0L;
        // k (k - 1) (k - 2) exactly (it passes 2^63 at n = 2.1 million), then one rounding, as
        // Python's integers.
        auto falling3 = [](std::size_t k) { return static_cast<double>(uint128{k} * (k - 1) * (k - 2)); };
        for (std::size_t i = 1; i <= lags; ++i) {
          if (rho[i] <= bound && rho[i] >= -bound) continue;
          sni += falling3(n - i) * rho[i];
        }
        const double n_ns = 1.0 + (2.0 / falling3(n)) * static_cast<double>(sni);
        r.var_s *= n_ns;
      } else if (method == mk_method::yue_wang) {
        const auto rho = detail::acf(detrended(), lags);
        long double sni = 0.0L;
        for (std::size_t i = 1; i <= lags; ++i) sni += (1.0 - static_cast<double>(i) / dn) * rho[i];
        r.var_s *= 1.0 + 2.0 * static_cast<double>(sni);
      }
      break;
    }
    case mk_method::pre_whitening:
    case mk_method::trend_free_pre_whitening: {
      const bool free = method == mk_method::trend_free_pre_whitening;
      const std::vector<double> base = free ? detrended() : std::vector<double>(v.begin(), v.end());
      const double rho1 = detail::acf(base, 1)[1];
      std::vector<double> w(n - 1);
      for (std::size_t i = 0; i + 1 < n; ++i) {
        const double carried = base[i] * rho1;
        w[i] = base[i + 1] - carried;
      }
      if (free)
        for (std::size_t i = 0; i + 1 < n; ++i) {
          const double trend = static_cast<double>(i + 1) * r.slope;
          w[i] = w[i] + trend;
        }
      const double m = dn - 1.0;
      detail::mk_score_and_variance(w, r.s, r.var_s);
      r.tau = r.s / (0.5 * m * (m - 1.0));
      break;
    }
  }
  detail::mk_decide(r, alpha, options.alternative);
  return r;
}

ATTAIN_FUNC mann_kendall_result seasonal_mann_kendall(std::span<const double> x, std::size_t period, double alpha,
                                                      test_alternative alternative) {
  validate_alpha(alpha);
  if (period == 0) detail::fail<invalid_argument>("period must be at least 1");
  detail::require_no_inf(x, "x");
  mann_kendall_result r;
  double denom = 0.0;
  std::vector<double> season_values;
  for (std::size_t c = 0; c < period; ++c) {
    season_values.clear();
    for (std::size_t i = c; i < x.size(); i += period)
      if (!std::isnan(x[i])) season_values.push_back(x[i]);
    const double m = static_cast<double>(season_values.size());
    if (season_values.size() >= 2) {
      r.s += detail::mk_score(season_values);
      r.var_s += detail::mk_variance(season_values);
    }
    denom += 0.5 * m * (m - 1.0);
  }
  if (!(denom > 0.0))
    detail::fail<invalid_argument>("the seasonal Mann-Kendall test needs a season with at least 2 non-missing values");
  r.tau = r.s / denom;
  std::vector<std::uint32_t> season(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) season[i] = static_cast<std::uint32_t>(i % period);
  detail::sens_slope(x, season, period, r.slope, r.intercept);
  detail::mk_decide(r, alpha, alternative);
  return r;
}

namespace detail {

/// @brief The two-sided exact p of c <= n (n - 1) / 4 concordant pairs (c >= 2, n >= 3) by
/// Kendall's recurrence, and in @p mass the probability of exactly c.
inline double kendall_p_recurrence(std::int64_t n, std::int64_t c, double& mass) {
  // Number of permutations of j elements with at most c inversions, by recurrence (Kendall 1970).
  std::vector<double> f(static_cast<std::size_t>(c) + 1, 0.0);
  f[0] = f[1] = 1.0;
  const bool scaled = n >= 171;
  for (std::int64_t j = 3; j <= n; ++j) {
    for (std::size_t i = 1; i < f.size(); ++i) f[i] += f[i - 1];
    if (scaled)
      for (double& e : f) e /= static_cast<double>(j);
    if (j <= c)
      for (std::size_t i = f.size() - 1; i >= static_cast<std::size_t>(j); --i)
        f[i] -= f[i - static_cast<std::size_t>(j)];
  }
  double sum = 0.0;
  for (double e : f) sum += e;
  const double n_factorial = std::tgamma(static_cast<double>(n) + 1.0);
  mass = scaled ? f.back() / 2.0 : f.back() / n_factorial;
  return scaled ? sum : 2.0 * sum / n_factorial;
}

/// @brief scipy.stats._mstats_basic._kendall_p_exact: n values, c concordant pairs. One-sided:
/// half the two-sided p when c lies on the alternative's side, else 1 - p / 2 + P(C = c).
inline double kendall_p_exact(std::int64_t n, std::int64_t c, test_alternative alternative) {
  const std::int64_t total = n * (n - 1) / 2;
  const bool in_right_tail = c >= total - c;
  c = std::min(c, total - c);
  double prob = 1.0, mass = 1.0;
  const double n_factorial =
      n < 171 ? std::tgamma(static_cast<double>(n) + 1.0) : std::numeric_limits<double>::infinity();
  if (n == 1) {
    prob = mass = 1.0;
  } else if (n == 2) {
    prob = 1.0, mass = 0.5;
  } else if (c == 0) {
    prob = n < 171 ? 2.0 / n_factorial : 0.0;
    mass = prob / 2.0;
  } else if (c == 1) {
    prob = n < 172 ? 2.0 / std::tgamma(static_cast<double>(n)) : 0.0;
    mass = static_cast<double>(n - 1) / n_factorial;
  } else if (4 * c == n * (n - 1) && alternative == test_alternative::two_sided) {
    prob = 1.0;
  } else {
    prob = kendall_p_recurrence(n, c, mass);
  }
  if (alternative != test_alternative::two_sided) {
    if (in_right_tail == (alternative == test_alternative::greater))
      prob /= 2.0;
    else
      prob = 1.0 - prob / 2.0 + mass;
  }
  return std::clamp(prob, 0.0, 1.0);
}

struct tie_sums {
  std::int64_t pairs = 0;  // sum t (t - 1) / 2
  double v0 = 0.0;         // sum t (t - 1) (t - 2)
  double v1 = 0.0;         // sum t (t - 1) (2 t + 5)
};

inline tie_sums tie_sums_of_sorted(std::span<const double> sorted) {
  tie_sums s;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto t = static_cast<std::int64_t>(j - i);
    if (t > 1) {
      const double d = static_cast<double>(t);
      s.pairs += t * (t - 1) / 2;
      s.v0 += d * (d - 1.0) * (d - 2.0);
      s.v1 += d * (d - 1.0) * (2.0 * d + 5.0);
    }
    i = j;
  }
  return s;
}

}  // namespace detail

ATTAIN_FUNC kendall_tau_result kendall_tau(std::span<const double> x, std::span<const double> y,
                                           test_alternative alternative) {
  detail::require_same_length("y", y.size(), "x", x.size());
  if (x.size() < 2) detail::fail<invalid_argument>("kendall_tau needs at least 2 points, got ", x.size());
  detail::require_finite(x, "x");
  detail::require_finite(y, "y");
  const std::size_t n = x.size();
  std::vector<std::uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) { return y[a] < y[b]; });
  std::vector<std::uint32_t> yrank(n);
  std::vector<double> ys(n);
  for (std::size_t i = 0; i < n; ++i) ys[i] = y[idx[i]];
  std::uint32_t rank = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && ys[i] != ys[i - 1]) ++rank;
    yrank[idx[i]] = rank;
  }
  std::sort(idx.begin(), idx.end(),
            [&](std::uint32_t a, std::uint32_t b) { return x[a] != x[b] ? x[a] < x[b] : yrank[a] < yrank[b]; });
  std::vector<double> xs(n);
  std::vector<std::uint32_t> seq(n), buf(n);
  std::int64_t joint = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && x[idx[j]] == x[idx[i]] && yrank[idx[j]] == yrank[idx[i]]) ++j;
    joint += static_cast<std::int64_t>((j - i) * (j - i - 1) / 2);
    i = j;
  }
  for (std::size_t i = 0; i < n; ++i) xs[i] = x[idx[i]], seq[i] = yrank[idx[i]];
  const auto dis = static_cast<std::int64_t>(detail::merge_inversions(seq.data(), buf.data(), n, detail::no_emit{}));
  const detail::tie_sums tx = detail::tie_sums_of_sorted(xs), ty = detail::tie_sums_of_sorted(ys);
  const auto nn = static_cast<std::int64_t>(n);
  const std::int64_t tot = nn * (nn - 1) / 2;
  kendall_tau_result r;
  if (tx.pairs == tot || ty.pairs == tot) {
    r.tau = r.pvalue = detail::nan();
    return r;
  }
  const std::int64_t con_minus_dis = tot - tx.pairs - ty.pairs + joint - 2 * dis;
  r.tau = static_cast<double>(con_minus_dis) / std::sqrt(static_cast<double>(tot - tx.pairs)) /
          std::sqrt(static_cast<double>(tot - ty.pairs));
  r.tau = std::clamp(r.tau, -1.0, 1.0);
  if (tx.pairs == 0 && ty.pairs == 0 && (n <= 33 || std::min(dis, tot - dis) <= 1)) {
    r.pvalue = detail::kendall_p_exact(nn, tot - dis, alternative);
    return r;
  }
  const double m = static_cast<double>(n) * (static_cast<double>(n) - 1.0);
  const double dn = static_cast<double>(n);
  const double var = (m * (2.0 * dn + 5.0) - tx.v1 - ty.v1) / 18.0 +
                     (2.0 * static_cast<double>(tx.pairs) * static_cast<double>(ty.pairs)) / m +
                     tx.v0 * ty.v0 / (9.0 * m * (dn - 2.0));
  const double z = static_cast<double>(con_minus_dis) / std::sqrt(var);
  if (std::isnan(z))
    r.pvalue = detail::nan();
  else if (alternative == test_alternative::two_sided)
    r.pvalue = 2.0 * normal_tail_probabilities(std::abs(z)).upper;
  else
    r.pvalue = alternative == test_alternative::greater ? normal_tail_probabilities(z).upper
                                                        : normal_tail_probabilities(z).lower;
  return r;
}

ATTAIN_FUNC std::vector<mann_kendall_result> mann_kendall(const series_batch& batch, double alpha, mk_method method,
                                                          std::optional<std::size_t> lag, unsigned threads,
                                                          bool with_slope) {
  validate_alpha(alpha);
  std::vector<mann_kendall_result> out(batch.rows());
  const unsigned inner = batch.rows() == 1 ? threads : 1;  // one long series: threads inside it
  for_rows(
      batch.rows(), threads,
      [&](std::size_t r) { out[r] = mann_kendall(batch.values(r), alpha, method, lag, inner, with_slope); },
      batch.name_rows());
  return out;
}

ATTAIN_FUNC std::vector<mann_kendall_result> mann_kendall(const series_batch& batch, const mk_options& options) {
  validate_alpha(options.alpha);
  std::vector<mann_kendall_result> out(batch.rows());
  mk_options inner = options;
  inner.threads = batch.rows() == 1 ? options.threads : 1;  // one long series: threads inside it
  for_rows(
      batch.rows(), options.threads,
      [&](std::size_t r) {
        mk_options o = inner;
        o.times = batch.x(r);
        out[r] = mann_kendall(batch.values(r), o);
      },
      batch.name_rows());
  return out;
}

ATTAIN_FUNC std::vector<mann_kendall_result> seasonal_mann_kendall(const series_batch& batch, std::size_t period,
                                                                   double alpha, unsigned threads,
                                                                   test_alternative alternative) {
  validate_alpha(alpha);
  std::vector<mann_kendall_result> out(batch.rows());
  for_rows(
      batch.rows(), threads,
      [&](std::size_t r) { out[r] = seasonal_mann_kendall(batch.values(r), period, alpha, alternative); },
      batch.name_rows());
  return out;
}

ATTAIN_FUNC std::vector<kendall_tau_result> kendall_tau(const series_batch& batch, unsigned threads,
                                                        test_alternative alternative) {
  std::vector<kendall_tau_result> out(batch.rows());
  for_rows(
      batch.rows(), threads, [&](std::size_t r) { out[r] = kendall_tau(batch.x(r), batch.values(r), alternative); },
      batch.name_rows());
  return out;
}

}  // namespace attain
