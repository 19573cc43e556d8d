#pragma once
// The compiled part of attain/stats/ci.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <bit>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <span>
#include <utility>
#include <vector>

#include "attain/stats/ci.hpp"
#include "attain/stats/detail/beta_quantile-inl.hpp"
#include "attain/stats/detail/math.hpp"

namespace attain {

namespace detail {
#ifdef ATTAIN_HEADER_ONLY
inline bool wilson_kernel(const std::int64_t* count, const std::int64_t* nobs, double* low, double* high,
                          std::size_t size, double z) noexcept {
  return wilson_small_counts(count, nobs, low, high, size, z);
}
#else
// The vectorised Wilson loop compiled for AVX2 and for the baseline ISA; the dynamic loader
// picks one when the library is loaded (GCC/Clang function multi-versioning on x86-64 ELF).
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__)
__attribute__((target_clones("avx2", "default")))
#endif
static bool
wilson_kernel(const std::int64_t* __restrict count, const std::int64_t* __restrict nobs, double* __restrict low,
              double* __restrict high, std::size_t size, double z) noexcept {
  return wilson_small_counts(count, nobs, low, high, size, z);
}
#endif
}  // namespace detail

ATTAIN_FUNC double normal_upper_quantile(double tail) {
  return boost::math::quantile(
      boost::math::complement(boost::math::normal_distribution<double, detail::math_policy>(), tail));
}

ATTAIN_FUNC normal_tails normal_tail_probabilities(double z) {
  constexpr double inv_sqrt2 = 0.70710678118654752440;
  const double small = 0.5 * boost::math::erfc(std::abs(z) * inv_sqrt2, detail::math_policy());
  return z >= 0.0 ? normal_tails{small, 1.0 - small} : normal_tails{1.0 - small, small};
}

ATTAIN_FUNC proportion_interval::proportion_interval(double alpha, ci_method method)
    : method_(method), tail_(alpha / 2.0) {
  validate_alpha(alpha);
  z_ = normal_upper_quantile(tail_);
  z2_ = z_ * z_;
}

ATTAIN_FUNC interval proportion_interval::operator()(std::int64_t count, std::int64_t nobs) const {
  const double c = static_cast<double>(count), n = static_cast<double>(nobs);
  const double q = completion_ratio_unchecked(count, nobs);
  switch (method_) {
    case ci_method::normal:
      return wald(q, n);
    case ci_method::wilson:
      return wilson(count, nobs);
    case ci_method::wilson_cc:
      return wilson_cc(count, nobs, q, n);
    case ci_method::agresti_coull:
      return agresti_coull(c, n);
    case ci_method::clopper_pearson:
      return clopper_pearson(count, nobs);
    case ci_method::jeffreys:
      return jeffreys(c, n);
  }
  return {detail::nan(), detail::nan()};
}

namespace detail {
// The beta quantiles of one unit's exact interval: Clopper-Pearson's limits are quantiles of
// Beta(c, n - c + 1) and Beta(c + 1, n - c) (0 at c = 0, 1 at c = n); Jeffreys' of
// Beta(c + 1/2, n - c + 1/2). Appends the tasks; returns which limits have one.
inline std::pair<bool, bool> exact_interval_tasks(ci_method method, std::int64_t count, std::int64_t nobs,
                                                  std::vector<beta_quantile_task>& tasks) {
  const double c = static_cast<double>(count), n = static_cast<double>(nobs);
  if (method == ci_method::jeffreys) {
    tasks.push_back({c + 0.5, n - c + 0.5, false});
    tasks.push_back({c + 0.5, n - c + 0.5, true});
    return {true, true};
  }
  if (count > 0) tasks.push_back({c, n - c + 1.0, false});
  if (count < nobs) tasks.push_back({c + 1.0, n - c, true});
  return {count > 0, count < nobs};
}
}  // namespace detail

ATTAIN_FUNC interval proportion_interval::clopper_pearson(std::int64_t count, std::int64_t nobs) const {
  return exact(count, nobs);
}

ATTAIN_FUNC interval proportion_interval::jeffreys(double c, double n) const {
  return exact(static_cast<std::int64_t>(c), static_cast<std::int64_t>(n));
}

ATTAIN_FUNC interval proportion_interval::exact(std::int64_t count, std::int64_t nobs) const {
  std::vector<detail::beta_quantile_task> tasks;
  const auto [has_low, has_high] = detail::exact_interval_tasks(method_, count, nobs, tasks);
  double x[2] = {0.0, 1.0};
  try {
    detail::beta_quantile_solver(tail_, z_)(tasks, std::span<double>(x, tasks.size()));
  } catch (const std::exception& e) {
    beta_failed(method_ == ci_method::jeffreys ? "jeffreys" : "clopper_pearson", count, nobs, e);
  }
  interval out{0.0, 1.0};
  if (has_low) out.low = x[0];
  if (has_high) out.high = x[has_low ? 1 : 0];
  return ordered(out);
}

ATTAIN_FUNC void proportion_interval::beta_failed(const char* method, std::int64_t count, std::int64_t nobs,
                                                  const std::exception& e) {
  detail::fail<error>("Boost.Math could not compute the ", method, " interval for count = ", count, " of nobs = ", nobs,
                      " (", e.what(), "); method 'wilson' has no such limit");
}

namespace detail {
/// One (nobs, count, row) in the sort of each_distinct_tally.
struct keyed_tally {
  std::int64_t nobs, count;
  std::size_t index;
};

/// Calls @p fn(key) with key(k) the k-th row (a keyed_tally) in the order of (nobs, count). When
/// nobs, count and the row number fit in one 64-bit word (the usual case: nobs below 2^22 for
/// 10^6 rows), each row becomes the word (nobs << c | count) << r | row, and those are sorted by
/// an LSD radix sort over the key bits only (three passes of 12 bits for nobs up to 10^5), about
/// eight times faster than std::sort of 24-byte records, and key(k) unpacks word k. Otherwise
/// std::sort of keyed_tally records. @p max_nobs bounds every nobs (and count <= nobs).
template <class Fn>
void with_sorted_tallies(std::span<const std::int64_t> count, std::span<const std::int64_t> nobs, std::int64_t max_nobs,
                         Fn&& fn) {
  const std::size_t n = count.size();
  const int value_bits = std::bit_width(static_cast<std::uint64_t>(max_nobs));
  const int row_bits = std::bit_width(static_cast<std::uint64_t>(n));
  if (2 * value_bits + row_bits <= 64 && n > 64) {
    std::vector<std::uint64_t> word(n), scratch(n);
    for (std::size_t i = 0; i < n; ++i)
      word[i] =
          (((static_cast<std::uint64_t>(nobs[i]) << value_bits) | static_cast<std::uint64_t>(count[i])) << row_bits) |
          i;
    // Digits of at most 12 bits (4,096 counters stay in the L1 cache), as few passes as that allows
    // and all of one width: 34 key bits (nobs up to 10^5) take three passes of 12, not four of 11.
    const int key_bits = 2 * value_bits, passes = (key_bits + 11) / 12, digit = (key_bits + passes - 1) / passes;
    std::vector<std::size_t> bucket(std::size_t{1} << digit);
    for (int shift = row_bits; shift < row_bits + key_bits; shift += digit) {
      std::fill(bucket.begin(), bucket.end(), 0);
      const std::uint64_t mask = (std::uint64_t{1} << digit) - 1;
      for (const std::uint64_t w : word) ++bucket[(w >> shift) & mask];
      std::size_t sum = 0;
      for (auto& b : bucket) sum += std::exchange(b, sum);
      for (const std::uint64_t w : word) scratch[bucket[(w >> shift) & mask]++] = w;
      word.swap(scratch);
    }
    scratch = {};
    const std::uint64_t row_mask = (std::uint64_t{1} << row_bits) - 1,
                        value_mask = (std::uint64_t{1} << value_bits) - 1;
    fn([&word, row_bits, value_bits, row_mask, value_mask](std::size_t k) {
      const std::uint64_t w = word[k], key = w >> row_bits;
      return keyed_tally{static_cast<std::int64_t>(key >> value_bits), static_cast<std::int64_t>(key & value_mask),
                         static_cast<std::size_t>(w & row_mask)};
    });
    return;
  }
  std::vector<keyed_tally> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = {nobs[i], count[i], i};
  std::sort(keys.begin(), keys.end(), [](const keyed_tally& a, const keyed_tally& b) {
    return a.nobs != b.nobs ? a.nobs < b.nobs : a.count < b.count;
  });
  fn([&keys](std::size_t k) { return keys[k]; });
}

/// Clopper-Pearson and Jeffreys cost two beta quantiles per unit; units and months often repeat
/// the same small tallies, so each distinct (count, nobs) is computed once and copied. Sorting
/// (with_sorted_tallies) costs a few percent when every pair is distinct; it also puts similar
/// parameters side by side in the lanes of the quantile solver, which runs on all the distinct
/// tallies at once. The tallies must be valid (validate_count); @p max_nobs bounds nobs.
inline void each_distinct_tally(std::span<const std::int64_t> count, std::span<const std::int64_t> nobs,
                                const proportion_interval& ci, std::span<double> low, std::span<double> high,
                                std::int64_t max_nobs) {
  const std::size_t n = count.size();
  with_sorted_tallies(count, nobs, max_nobs, [&](auto key) {
    // Counted first, so that each array is allocated once at its size (reserving 2 n tasks took
    // 48 MB for 10^6 rows, above glibc's mmap threshold: fresh pages, faulted in, every call).
    std::size_t distinct = 0;
    keyed_tally previous{-1, -1, 0};
    for (std::size_t k = 0; k < n; ++k) {
      const keyed_tally here = key(k);
      distinct += here.nobs != previous.nobs || here.count != previous.count;
      previous = here;
    }
    std::vector<std::size_t> first;  // the first key of each distinct tally
    first.reserve(distinct);
    std::vector<beta_quantile_task> tasks;
    tasks.reserve(2 * distinct);
    std::vector<std::pair<bool, bool>> limits;
    limits.reserve(distinct);
    previous = {-1, -1, 0};
    for (std::size_t k = 0; k < n; ++k) {
      const keyed_tally here = key(k);
      if (here.nobs == previous.nobs && here.count == previous.count) continue;
      first.push_back(k);
      limits.push_back(exact_interval_tasks(ci.method(), here.count, here.nobs, tasks));
      previous = here;
    }
    std::vector<double> x(tasks.size());
    try {
      beta_quantile_solver(ci.tail(), ci.z())(tasks, x);
    } catch (const std::exception&) {
      // Boost.Math gave up on one of them (its fallback): find which, one at a time, and name it.
      for (const std::size_t k : first) {
        const keyed_tally here = key(k);
        try {
          (void)ci(here.count, here.nobs);
        } catch (const error& e) {
          fail<error>(at("count", here.index), ": ", e.what());
        }
      }
      throw;
    }
    std::size_t t = 0;
    for (std::size_t d = 0; d < first.size(); ++d) {
      interval r{0.0, 1.0};
      if (limits[d].first) r.low = x[t++];
      if (limits[d].second) r.high = x[t++];
      if (r.low > r.high) r.low = r.high = 0.5 * (r.low + r.high);  // as proportion_interval::ordered
      const std::size_t end = d + 1 < first.size() ? first[d + 1] : n;
      for (std::size_t k = first[d]; k < end; ++k) {
        const std::size_t row = key(k).index;
        low[row] = r.low;
        high[row] = r.high;
      }
    }
  });
}
}  // namespace detail

ATTAIN_FUNC interval proportion_ci(std::int64_t count, std::int64_t nobs, double alpha, ci_method method) {
  proportion_interval ci(alpha, method);
  validate_count(count, nobs, 0, method);
  return ci(count, nobs);
}

ATTAIN_FUNC void proportion_ci(std::span<const std::int64_t> count, std::span<const std::int64_t> nobs, double alpha,
                               ci_method method, std::span<double> low, std::span<double> high) {
  detail::require_same_length("count", count.size(), "nobs", nobs.size());
  detail::require_same_length("low", low.size(), "count", count.size());
  detail::require_same_length("high", high.size(), "count", count.size());
  const proportion_interval ci(alpha, method);
  // Wilson, the default, has a fused validating loop that vectorises; it reports elements it
  // cannot take (invalid ones, or nobs >= 2^52), and then the general path below runs.
  const bool disjoint = low.data() + low.size() <= high.data() || high.data() + high.size() <= low.data();
  if (method == ci_method::wilson && disjoint &&
      detail::wilson_kernel(count.data(), nobs.data(), low.data(), high.data(), count.size(), ci.z()))
    return;
  std::int64_t max_nobs = 0;
  for (std::size_t i = 0; i < count.size(); ++i) {
    validate_count(count[i], nobs[i], i, method);
    max_nobs = std::max(max_nobs, nobs[i]);
  }
  auto run = [&](auto&& one) {
    for (std::size_t i = 0; i < count.size(); ++i) {
      const interval r = one(count[i], nobs[i]);
      low[i] = r.low;
      high[i] = r.high;
    }
  };
  if (method == ci_method::clopper_pearson || method == ci_method::jeffreys)
    detail::each_distinct_tally(count, nobs, ci, low, high, max_nobs);
  else if (method == ci_method::wilson)
    run([&ci](std::int64_t c, std::int64_t n) { return ci.wilson(c, n); });
  else
    run(ci);
}

ATTAIN_FUNC proportion_difference_result proportion_difference(std::int64_t count1, std::int64_t nobs1,
                                                               std::int64_t count2, std::int64_t nobs2, double alpha) {
  const proportion_difference_test test(alpha);
  validate_count(count1, nobs1, 0, "count1", "nobs1");
  validate_count(count2, nobs2, 0, "count2", "nobs2");
  return test(count1, nobs1, count2, nobs2);
}

ATTAIN_FUNC void proportion_difference(std::span<const std::int64_t> count1, std::span<const std::int64_t> nobs1,
                                       std::span<const std::int64_t> count2, std::span<const std::int64_t> nobs2,
                                       double alpha, std::span<proportion_difference_result> out) {
  const std::size_t n = count1.size();
  require_same_length("nobs1", nobs1.size(), "count1", n);
  require_same_length("count2", count2.size(), "count1", n);
  require_same_length("nobs2", nobs2.size(), "count1", n);
  require_same_length("out", out.size(), "count1", n);
  const proportion_difference_test test(alpha);
  for (std::size_t i = 0; i < n; ++i) {
    validate_count(count1[i], nobs1[i], i, "count1", "nobs1");
    validate_count(count2[i], nobs2[i], i, "count2", "nobs2");
    out[i] = test(count1[i], nobs1[i], count2[i], nobs2[i]);
  }
}

}  // namespace attain
