#pragma once
/// @file attain/stats/detail/slope_selection.hpp
/// @brief (Internal, std only.) The k-th smallest pairwise slope of n points, exactly, in expected O(n log n) time
/// and O(n) memory: the engine behind Theil-Sen (and Sen's slope in Mann-Kendall).
///
/// The slopes are those of every pair of points with different x (within the same group, when
/// the points are split into groups, as the seasons of a seasonal Sen's slope), computed as
/// SciPy and pymannkendall compute them: s = (y_a - y_b) / (x_a - x_b) in double, with x_a > x_b.
/// The selection returns exactly the k-th smallest of these computed doubles.
///
/// How. For a threshold t, the pairs with slope <= t are the pairs whose order by
/// w = y - t x is the reverse of their order by x, so sorting the points by w (radix sort) and
/// counting the inversions of their x order (4-bit radix passes, permutation_inversions) counts
/// them in O(n log n). Every rank asked for at once (select_ranks: Theil-Sen's median and
/// interval ends, the median's two middle ranks) goes through select_fast:
/// 1. random pairs give one bracket (lo, hi] holding all the ranks: two orders;
/// 2. a second sample, drawn at stratified ranks among the inversions between the orders at lo
///    and at hi (picked up during the counting passes, pick_inversions), gives each cluster of
///    nearby ranks a bracket (a, b] of O(n) slopes;
/// 3. per cluster, one order at a counts the slopes below a, and an insertion sort of that order
///    under b's key swaps exactly the pairs of the band (a, b]: their slopes are listed in
///    O(n + band) and the ranks found with nth_element.
/// Between 1 and 2, for ranks close together (Sen's median up to n of a few 10^4), interpolate
/// places them by the two counts as if the slopes spread evenly over the bracket and tries one
/// order and an insertion pass around that place (a margin of max(n, band / 128) slopes): at
/// n = 10^4 this skips the band sample, and a miss leaves the ranks to step 2.
/// So the median costs three orders and Theil-Sen five (eight before: two per narrowing step,
/// then a merge pass to list the band, per rank). Any surprise (a rank outside its bracket, a
/// sample window filled by one tied value, a band past max(8n, 65536) pairs) leaves the rank to
/// the general path, select_large, which starts from step 1's bracket and narrows it step by
/// step with fresh samples (clusters of ties are resolved as below). After 200 steps (or a
/// sample that comes out empty) a deterministic fallback takes over, select_by_bisection: exact
/// bisection on the slope values, O(n log n + band) a step, at most 64 steps; so the selection
/// never fails on valid input (slope_selector_limits lets the tests force it). The random
/// numbers come from a fixed seed: the same input takes the same path every time.
///
/// Memory. The buffers (a dozen of O(n)) come from a per-thread cache (scratch_cache), so that
/// repeated calls do not map, fault in and unmap them each time.
///
/// Exactness. Sorting by w = y - t x in floating point classifies a pair correctly unless its
/// slope is within err(t) = 2u (max|y| + 2 |t| max|x|) / min gap(x) of t (u = 2^-53). The
/// orders are therefore taken at lo - delta and hi + delta, delta = 4 err + 16 u |t|, so that
/// every pair whose computed slope lies in (lo, hi] is listed, every pair counted below the
/// lower order has a computed slope <= lo, and the final answer compares the actual computed
/// slopes, never w. The counts used to choose brackets may be off near a threshold; only the
/// last step has to be exact, and it is, or the bracket is widened and the step repeated.
///
/// Ties. Many pairs can share one slope (integer data: slope 0 when y repeats, 1 when y = x +
/// an integer noise). When the sample says the k-th slope sits in such a cluster at v, and the
/// order at v itself is exact (v = 0, or integer points and a v of few significant bits; see
/// exact_at), the pairs below, at and above v are counted exactly in O(n log n). Otherwise the
/// bracket's pairs are streamed once and counted below, at and above v: the cost is then the
/// number of pairs in the bracket, and no memory.
///
/// Below max(8n, 65536) pairs every slope is listed and sorted once (O(n) memory still).

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "attain/core/error.hpp"

namespace attain {
namespace detail {

/// @brief Scratch blocks kept per thread between calls: the selection's buffers (O(n) each,
/// a dozen of them) would otherwise be mapped, zeroed by the kernel and unmapped on every call,
/// which at n = 10^4 took a quarter of the time (page faults and brk, measured with perf).
/// Blocks of 4 KiB and more are rounded up to a power of two and kept in per-size free lists,
/// up to 16 MiB per thread (what a selection of a few 10^5 points uses); smaller or surplus
/// blocks go back to operator delete. A block may be freed on another thread than the one that
/// took it (both_orders): it then joins that thread's lists. Not for objects that outlive their
/// thread's thread_local objects.
class scratch_cache {
 public:
  static constexpr std::size_t min_bytes = 4096, limit = std::size_t{16} << 20;

  static void* take(std::size_t bytes) {
    if (bytes < min_bytes) return ::operator new(bytes);
    const int c = std::bit_width(bytes - 1);
    scratch_cache& self = local();
    if (std::vector<void*>& list = self.free_[static_cast<std::size_t>(c)]; !list.empty()) {
      void* p = list.back();
      list.pop_back();
      self.cached_ -= std::size_t{1} << c;
      return p;
    }
    return ::operator new (std::size_t{1} << c);
  }

  static void give(void* p, std::size_t bytes) noexcept {
    if (bytes < min_bytes) {
      ::operator delete(p);
      return;
    }
    const int c = std::bit_width(bytes - 1);
    const std::size_t size = std::size_t{1} << c;
    scratch_cache& self = local();
    if (self.cached_ + size > limit) {
      ::operator delete(p);
      return;
    }
    try {
      self.free_[static_cast<std::size_t>(c)].push_back(p);
    } catch (...) {
      ::operator delete(p);
      return;
    }
    self.cached_ += size;
  }

  scratch_cache() = default;
  scratch_cache(const scratch_cache&) = delete;
  scratch_cache& operator=(const scratch_cache&) = delete;
  ~scratch_cache() {
    for (auto& list : free_)
      for (void* p : list) ::operator delete(p);
  }

 private:
  static scratch_cache& local() {
    thread_local scratch_cache cache;
    return cache;
  }
  std::array<std::vector<void*>, 64> free_;
  std::size_t cached_ = 0;
};

/// @brief The allocator of the selection's buffers: blocks from scratch_cache, and
/// default-initialisation (resize leaves numbers unset: every buffer is written before it is
/// read, so no memset of memory about to be overwritten).
template <class T>
struct scratch_allocator {
  using value_type = T;
  scratch_allocator() noexcept = default;
  template <class U>
  scratch_allocator(const scratch_allocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(std::size_t n) { return static_cast<T*>(scratch_cache::take(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { scratch_cache::give(p, n * sizeof(T)); }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0)
      ::new (static_cast<void*>(p)) U;
    else
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const scratch_allocator<U>&) const noexcept {
    return true;
  }
};

/// @brief A vector of the selection's scratch (see scratch_allocator).
template <class T>
using scratch_vector = std::vector<T, scratch_allocator<T>>;

/// @brief Sorts a[0, n) stably by operator< and returns the number of strict inversions
/// (p < q, a[q] < a[p]). During the merges, calls emit(lefts, count, right) for every element
/// taken: `count` is 0 when it comes from the left, else the elements lefts[0..count) all come
/// before `right` in the input and are greater than it (listing and sampling of inversions;
/// the merge itself stays branch-free). Insertion sort of short runs first, where emit gets
/// each inversion with count 1. buf holds n values.
template <class T, class Emit>
std::uint64_t merge_inversions(T* a, T* buf, std::size_t n, Emit&& emit) {
  constexpr std::size_t run = 16;
  std::uint64_t inv = 0;
  for (std::size_t lo = 0; lo < n; lo += run) {  // insertion sort of short runs
    const std::size_t hi = std::min(lo + run, n);
    for (std::size_t i = lo + 1; i < hi; ++i) {
      const T key = a[i];
      std::size_t j = i;
      for (; j > lo && key < a[j - 1]; --j) {
        emit(&a[j - 1], std::size_t{1}, key);
        a[j] = a[j - 1];
      }
      inv += i - j;
      a[j] = key;
    }
  }
  T *src = a, *dst = buf;
  for (std::size_t width = run; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, o = lo;
      if (mid >= hi || !(src[mid] < src[mid - 1])) {  // already in order
        std::copy(src + lo, src + hi, dst + lo);
        continue;
      }
      while (i < mid && j < hi) {
        const bool right = src[j] < src[i];
        const std::size_t jumped = right ? mid - i : 0;
        emit(src + i, jumped, src[j]);
        inv += jumped;
        dst[o++] = right ? src[j] : src[i];
        j += right;
        i += !right;
      }
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
    }
    std::swap(src, dst);
  }
  if (src != a) std::copy(src, src + n, a);
  return inv;
}

/// @brief radix_inversion_walk's picks among one element's inversions, ranks [from, to): the
/// draws in that range pick (the earlier value with a greater digit, @p v), the r-th of them in
/// the order of their slots of dst. Kept out of line, so that the walk's loop keeps its state
/// in registers. Returns the next draw.
template <class Picks>
[[gnu::noinline]] std::uint64_t pick_among(const std::uint64_t*& draws, std::uint64_t from, std::uint64_t to,
                                           std::uint32_t k, std::uint32_t v, const std::array<std::uint32_t, 16>& start,
                                           const std::array<std::uint32_t, 16>& next, const std::uint32_t* dst,
                                           Picks& picks) {
  for (; *draws < to; ++draws) {
    std::uint64_t r = *draws - from;
    for (std::uint32_t d = k + 1; d < 16; ++d) {
      const std::uint64_t c = next[d] - start[d];
      if (r < c) {
        picks.emplace_back(dst[start[d] + r], v);
        break;
      }
      r -= c;
    }
  }
  return *draws;
}

/// @brief The walk behind permutation_inversions and pick_inversions: sorts the permutation a of
/// 0..n-1 (tmp holds n values) and returns its inversions (p < q, a[q] < a[p]); with @p picks,
/// also picks the inversions of ranks @p draws (see pick_inversions). MSB radix sort by 4-bit
/// digits: values that share their higher digits occupy a known range of positions (their
/// values), and at each digit an element forms an inversion with every earlier element of its
/// range with a greater digit. ceil(log2(n) / 4) passes without comparisons: five for a million
/// values, where a merge sort makes twenty (three times the time, measured).
///
/// The 16 counts of earlier elements with a digit above each digit are kept as 16 bytes in one
/// vector register (one compare and one subtract an element, no dependent memory updates), added
/// into 32-bit counts every 255 elements; this took the walk from 15 cycles an element and pass
/// (scalar counters in memory, a chain of stores and loads) to a third of that (measured, perf).
template <class Picks>
std::uint64_t radix_inversion_walk(std::uint32_t* a, std::uint32_t* tmp, std::size_t n, const std::uint64_t* draws,
                                   Picks* picks) {
  if (n < 2) return 0;
  typedef std::int8_t bytes __attribute__((vector_size(16)));
  typedef std::uint8_t counts __attribute__((vector_size(16)));  // unsigned: wraps by definition
  const bytes digit_of = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  int shift = std::bit_width(n - 1);
  std::uint64_t inv = 0;  // also the rank of the next inversion met
  std::uint64_t next_draw = draws ? *draws : std::numeric_limits<std::uint64_t>::max();
  std::uint32_t *src = a, *dst = tmp;
  while (shift > 0) {
    // The first digit takes the bits beyond a multiple of 4, so that the ranges of the last
    // passes hold 16 values each, not 4 or 2.
    const int s = shift % 4 ? shift - shift % 4 : shift - 4;
    const std::uint32_t mask = (1u << (shift - s)) - 1;
    const std::size_t range = std::size_t{1} << shift;  // values sharing the digits above
    for (std::size_t b = 0; b < n; b += range) {
      const std::size_t e = std::min(n, b + range);
      std::array<std::uint32_t, 16> start, next;  // where each digit's values start / go next
      for (std::size_t k = 0; k < 16; ++k) start[k] = next[k] = static_cast<std::uint32_t>(std::min(e, b + (k << s)));
      std::array<std::uint32_t, 16> greater{};  // earlier values with a digit above k, flushed
      for (std::size_t i = b; i < e;) {
        counts recent = {};  // the same since the last flush (at most 255)
        for (const std::size_t chunk = std::min(e, i + 255); i < chunk; ++i) {
          const std::uint32_t v = src[i], k = (v >> s) & mask;
          const std::uint64_t g = greater[k] + static_cast<std::uint8_t>(recent[k]);
          if constexpr (!std::is_same_v<Picks, void>) {
            if (next_draw < inv + g) [[unlikely]]  // the picks among this element's inversions
              next_draw = pick_among(draws, inv, inv + g, k, v, start, next, dst, *picks);
          }
          inv += g;
          recent -= reinterpret_cast<counts>(digit_of < static_cast<std::int8_t>(k));  // true is all ones: + 1 below k
          dst[next[k]++] = v;
        }
        for (std::size_t k = 0; k < 16; ++k) greater[k] += static_cast<std::uint8_t>(recent[k]);
      }
    }
    std::swap(src, dst);
    shift = s;
  }
  if (src != a) std::copy(src, src + n, a);
  return inv;
}

/// @brief The number of inversions (p < q, a[q] < a[p]) of a permutation a of 0..n-1, which
/// it sorts (tmp holds n values); see radix_inversion_walk.
inline std::uint64_t permutation_inversions(std::uint32_t* a, std::uint32_t* tmp, std::size_t n) {
  return radix_inversion_walk<void>(a, tmp, n, nullptr, nullptr);
}

/// @brief Picks inversions of a permutation a of 0..n-1 (which it sorts; tmp holds n values) by
/// their ranks in the order permutation_inversions meets them: picks gets (greater earlier
/// value, smaller later value) for each rank of @p draws (ascending, ended by the sentinel
/// UINT64_MAX; ranks past the number of inversions pick nothing). When the walk counts an
/// element's inversions at a digit, they are its range's earlier values with a greater digit:
/// the values already placed in those digits' slots of tmp, so the r-th is found by walking the
/// 16 slots. The cost of counting them: a sample of the band between two orders.
template <class Picks>  // a vector of std::pair<std::uint32_t, std::uint32_t>
void pick_inversions(std::uint32_t* a, std::uint32_t* tmp, std::size_t n, const std::uint64_t* draws, Picks& picks) {
  radix_inversion_walk(a, tmp, n, draws, &picks);
}

struct no_emit {
  template <class T>
  void operator()(const T*, std::size_t, const T&) const noexcept {}
};

/// @brief The values of @p v that hold its ranks r1..r2 (0-based, r1 <= r2 < v.size()), in
/// any order, into @p out: rank r of v is rank r - below of out. A strided pilot of v
/// (every 16th value) gives a range [plo, phi] that holds the ranks with a margin of 4 sigma of
/// its quantiles, and one branch-free pass keeps the values inside it: about 4 sqrt(16 m) +
/// (r2 - r1) values for the selection that follows, instead of v's m (nth_element on the 2
/// 10^4-value samples and the band of Sen's slope at n = 10^4 took a fifth of the time, each
/// comparison a branch mispredicted half the time). When the pilot misses (v in an order that
/// fools the stride), out is the whole of v. v holds no NaN.
inline void narrow_to_ranks(std::span<const double> v, std::size_t r1, std::size_t r2, scratch_vector<double>& out,
                            std::size_t& below) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr std::size_t stride = 16;
  const std::size_t m = v.size();
  below = 0;
  out.resize(m);
  if (m >= 256 * stride) {
    const std::size_t p = m / stride;
    const auto margin = static_cast<std::ptrdiff_t>(2.0 * std::sqrt(static_cast<double>(p)) + 2.0);
    const auto q1 = static_cast<std::ptrdiff_t>(r1 / stride) - margin,
               q2 = static_cast<std::ptrdiff_t>(r2 / stride) + 1 + margin;
    for (std::size_t j = 0; j < p; ++j) out[j] = v[j * stride];
    const auto pilot = out.begin();
    double plo = -inf, phi = inf;
    if (q1 >= 0) {
      std::nth_element(pilot, pilot + q1, pilot + static_cast<std::ptrdiff_t>(p));
      plo = pilot[q1];
    }
    if (q2 < static_cast<std::ptrdiff_t>(p)) {
      std::nth_element(pilot + std::max<std::ptrdiff_t>(q1, 0), pilot + q2, pilot + static_cast<std::ptrdiff_t>(p));
      phi = pilot[q2];
    }
    std::size_t kept = 0, n_below = 0;
    for (const double s : v) {  // branch-free: a selection's compares are unpredictable
      const bool low = s<plo, high = s> phi;
      n_below += low;
      out[kept] = s;
      kept += static_cast<std::size_t>(!(low | high));
    }
    if (n_below <= r1 && r2 < n_below + kept) {
      out.resize(kept);
      below = n_below;
      return;
    }
  }
  std::copy(v.begin(), v.end(), out.begin());
}

/// @brief A double's order as an unsigned integer (-0.0 must be mapped to +0.0 first).
inline std::uint64_t order_key(double w) noexcept {
  const auto b = std::bit_cast<std::uint64_t>(w);
  return (b >> 63) ? ~b : b | (std::uint64_t{1} << 63);
}

/// @brief A sort key and the record's position in the input.
struct radix_record {
  std::uint64_t key;
  std::uint32_t pos;
};

/// @brief Stable LSD radix sort of a[0, n) by key (11-bit digits; digits all records share are
/// skipped). tmp holds n records.
inline void radix_sort(radix_record* a, radix_record* tmp, std::size_t n) {
  constexpr int digits = 6;
  std::array<std::array<std::uint32_t, 2048>, digits> count{};
  for (std::size_t i = 0; i < n; ++i) {  // every digit's histogram in one pass
    const std::uint64_t k = a[i].key;
    for (int d = 0; d < digits; ++d) ++count[d][(k >> (11 * d)) & 2047];
  }
  radix_record *src = a, *dst = tmp;
  for (int d = 0; d < digits; ++d) {
    auto& c = count[d];
    if (std::any_of(c.begin(), c.end(), [n](std::uint32_t v) { return v == n; })) continue;
    std::uint32_t sum = 0;
    for (auto& v : c) {
      const std::uint32_t t = v;
      v = sum;
      sum += t;
    }
    const int shift = 11 * d;
    for (std::size_t i = 0; i < n; ++i) dst[c[(src[i].key >> shift) & 2047]++] = src[i];
    std::swap(src, dst);
  }
  if (src != a) std::copy(src, src + n, a);
}

/// @brief The double whose order_key is @p key.
inline double key_value(std::uint64_t key) noexcept {
  return std::bit_cast<double>((key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key);
}

/// @brief Sorts a[0, n) by key as radix_sort does (stably), by value buckets when the values
/// spread evenly: n buckets of equal width between the smallest and the largest value (the
/// bucket of a value, floor((v - min) n / (max - min)), never decreases as v grows: each step
/// rounds monotonically), a stable scatter, then an insertion sort of what each bucket holds.
/// Three passes instead of radix_sort's seven at n = 10^4 (the orders of Sen's slope: w = y - t
/// x of a noisy series, a bell of values; measured 4x faster). Past 2n moves for the insertion
/// sort (values bunched: heavy tails, few distinct values), radix_sort. tmp holds n records.
inline void sort_records(radix_record* a, radix_record* tmp, std::size_t n) {
  if (n < 512) {
    radix_sort(a, tmp, n);
    return;
  }
  std::uint64_t kmin = std::numeric_limits<std::uint64_t>::max(), kmax = 0;
  for (std::size_t i = 0; i < n; ++i) kmin = std::min(kmin, a[i].key), kmax = std::max(kmax, a[i].key);
  const std::size_t nb = n;  // buckets
  const double lo = key_value(kmin), scale = static_cast<double>(nb) / (key_value(kmax) - lo);
  if (!(scale > 0.0 && scale < std::numeric_limits<double>::infinity())) {  // one value, or a range past double's
    radix_sort(a, tmp, n);
    return;
  }
  scratch_vector<std::uint32_t> bucket(n), start(nb + 1);
  std::fill(start.begin(), start.end(), 0u);
  const double top = static_cast<double>(nb - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = static_cast<std::uint32_t>(std::min((key_value(a[i].key) - lo) * scale, top));
    bucket[i] = b;
    ++start[b + 1];
  }
  std::uint64_t moves = 0;  // an insertion sort's moves are at most c (c - 1) / 2 per bucket of c
  std::uint32_t sum = 0;
  for (std::size_t b = 1; b <= nb; ++b) {
    const std::uint32_t c = start[b];
    moves += std::uint64_t{c} * (c - 1);
    sum += c;
    start[b] = sum;
  }
  moves /= 2;
  if (moves > 2 * static_cast<std::uint64_t>(n)) {
    radix_sort(a, tmp, n);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) tmp[start[bucket[i]]++] = a[i];
  for (std::size_t i = 0; i < n; ++i) {  // stable: a record moves past strictly greater keys only
    const radix_record r = tmp[i];
    std::size_t j = i;
    for (; j > 0 && r.key < a[j - 1].key; --j) a[j] = a[j - 1];
    a[j] = r;
  }
}

/// @brief The strict inversions (p < q, v[q] < v[p]) of n < 2^32 doubles without NaN, with the
/// values in ascending order into @p sorted: a stable radix sort (equal values keep their
/// order, so they form no inversion), then permutation_inversions of the positions.
inline std::uint64_t value_inversions(std::span<const double> v, std::vector<double>& sorted) {
  const std::size_t n = v.size();
  scratch_vector<radix_record> rec(n), tmp(n);
  for (std::size_t i = 0; i < n; ++i) rec[i] = {order_key(v[i] + 0.0), static_cast<std::uint32_t>(i)};
  sort_records(rec.data(), tmp.data(), n);
  sorted.resize(n);
  scratch_vector<std::uint32_t> a(n), buf(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = rec[i].pos, sorted[i] = v[rec[i].pos];
  return permutation_inversions(a.data(), buf.data(), n);
}

/// @brief Sorts doubles without NaN ascending (equal values, -0.0 and 0.0 among them, keep
/// their order): radix sort past a few thousand values, std::sort below.
inline void sort_values(std::vector<double>& v) {
  const std::size_t n = v.size();
  if (n <= 4096 || n >= std::numeric_limits<std::uint32_t>::max()) {
    std::sort(v.begin(), v.end());
    return;
  }
  scratch_vector<radix_record> rec(n), tmp(n);
  for (std::size_t i = 0; i < n; ++i) rec[i] = {order_key(v[i] + 0.0), static_cast<std::uint32_t>(i)};
  sort_records(rec.data(), tmp.data(), n);
  scratch_vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = v[rec[i].pos];
  std::copy(out.begin(), out.end(), v.begin());
}

/// @brief Limits of slope_selector's randomised selection (defaults for use; tests lower them
/// to force the deterministic fallback, see slope_selector::select_by_bisection).
struct slope_selector_limits {
  /// Narrowing steps of the randomised path before the deterministic fallback takes over; 0
  /// sends every rank to the fallback (the one-pass fast path is skipped too).
  int rounds = 200;
  /// Pairs listed at once (a band at most this large is listed and sorted); 0: max(8n, 65536).
  std::uint64_t cap = 0;
  /// Slopes on each side of the ranks' interpolated place (slope_selector::interpolate); 0:
  /// max(n, 1/128 of the band). Tests set it tiny to make it miss.
  std::uint64_t interpolation_margin = 0;
};

/// @brief Selects order statistics of the pairwise slopes of a fixed set of points (see the
/// file comment). Construct once, then ask for as many ranks as needed.
class slope_selector {
 public:
  /// @param x, y the points (finite; the caller validates).
  /// @param group optional group of each point (pairs are formed within a group only).
  /// @param threads 2 or more: the two orders of each narrowing step on two threads.
  slope_selector(std::span<const double> x, std::span<const double> y, std::span<const std::uint32_t> group = {},
                 unsigned threads = 1, slope_selector_limits limits = {})
      : n_(x.size()), threads_(threads), rounds_(limits.rounds), interpolation_margin_(limits.interpolation_margin) {
    if (n_ >= std::numeric_limits<std::uint32_t>::max())
      fail<invalid_argument>("slope selection supports fewer than 2^32 points, got ", n_);
    scratch_vector<std::uint32_t> idx(n_);
    for (std::size_t i = 0; i < n_; ++i) idx[i] = static_cast<std::uint32_t>(i);
    auto g = [&](std::uint32_t i) { return group.empty() ? 0u : group[i]; };
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
      if (g(a) != g(b)) return g(a) < g(b);
      if (x[a] != x[b]) return x[a] < x[b];
      return a < b;
    };
    if (!std::is_sorted(idx.begin(), idx.end(), before)) std::sort(idx.begin(), idx.end(), before);
    xs_.resize(n_), ys_.resize(n_), xr_.resize(n_), block_end_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) xs_[i] = x[idx[i]], ys_[i] = y[idx[i]];
    pt_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) pt_[i] = {xs_[i], ys_[i]};
    scratch_vector<std::uint32_t> gs(n_);
    for (std::size_t i = 0; i < n_; ++i) gs[i] = g(idx[i]);
    // Dense rank of (group, x); x-tie blocks; groups; pair counts; scales for the error bound.
    std::uint32_t rank = 0;
    dxmin_ = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n_; ++i) {
      const bool new_group = i == 0 || gs[i] != gs[i - 1];
      if (new_group) group_begin_.push_back(static_cast<std::uint32_t>(i));
      if (i > 0 && (new_group || xs_[i] != xs_[i - 1])) ++rank;
      if (i > 0 && !new_group && xs_[i] != xs_[i - 1]) dxmin_ = std::min(dxmin_, xs_[i] - xs_[i - 1]);
      xr_[i] = rank;
      xmax_ = std::max(xmax_, std::abs(xs_[i]));
      ymax_ = std::max(ymax_, std::abs(ys_[i]));
    }
    group_begin_.push_back(static_cast<std::uint32_t>(n_));
    for (std::size_t i = n_; i-- > 0;) {
      const bool last = i + 1 == n_ || xr_[i + 1] != xr_[i];
      block_end_[i] = last ? static_cast<std::uint32_t>(i + 1) : block_end_[i + 1];
    }
    all_pairs_ = 0;
    for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi) {
      const std::uint64_t b = group_begin_[gi], e = group_begin_[gi + 1];
      all_pairs_ += (e - b) * (e - b - 1) / 2;
      group_pairs_cum_.push_back(all_pairs_);
      for (std::uint64_t i = b; i < e; ++i) pairs_ += e - block_end_[i];
    }
    desc_.resize(n_), identity_.resize(n_);
    for (std::uint32_t i = 0; i < n_; ++i) identity_[i] = i;
    for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi) {
      std::uint32_t o = group_begin_[gi], e = group_begin_[gi + 1];
      while (e > group_begin_[gi]) {
        std::uint32_t b = e - 1;
        while (b > group_begin_[gi] && xr_[b - 1] == xr_[e - 1]) --b;
        for (std::uint32_t i = b; i < e; ++i) desc_[o++] = i;
        e = b;
      }
    }
    // x blocks of 2+ points (ranges of sorted indices).
    for (std::uint32_t q = 0; q < n_;) {
      std::uint32_t e = q + 1;
      while (e < n_ && xr_[e] == xr_[q]) ++e;
      if (e - q > 1) tie_blocks_.emplace_back(q, e);
      q = e;
    }
    // Slope 0 is exact (sign of y_b - y_a) unless a nonzero slope could underflow to 0.
    double ymin_nonzero = std::numeric_limits<double>::infinity();
    for (double v : ys_)
      if (v != 0.0) ymin_nonzero = std::min(ymin_nonzero, std::abs(v));
    zero_exact_ = ymin_nonzero >= 1e-150 && xmax_ <= 1e140;
    constexpr double exact_limit = 4503599627370496.0;  // 2^52: differences of such integers are exact
    integral_ = std::all_of(pt_.begin(), pt_.end(), [](const point& p) {
      return std::abs(p.x) <= exact_limit && std::abs(p.y) <= exact_limit && p.x == std::floor(p.x) &&
             p.y == std::floor(p.y);
    });
    xrange_ = n_ ? *std::max_element(xs_.begin(), xs_.end()) - *std::min_element(xs_.begin(), xs_.end()) : 0.0;
    cap_ = limits.cap ? limits.cap : std::max<std::uint64_t>(8 * static_cast<std::uint64_t>(n_), 65536);
    if (pairs_ <= cap_) list_all();
  }

  /// @brief Number of pairs with different x (within a group): the number of slopes.
  std::uint64_t pairs() const noexcept { return pairs_; }

  /// @brief The k-th smallest slope (0-based). @throws invalid_argument if k >= pairs().
  double kth(std::uint64_t k) { return select(k, k).first; }

  /// @brief The median slope (mean of the two middle ones for an even count, as numpy).
  double median() {
    if (pairs_ == 0) fail<invalid_argument>("there is no pair of points with different x");
    if (pairs_ % 2 == 1) {
      const std::uint64_t k = pairs_ / 2;
      double v = 0.0;
      select_ranks({&k, 1}, {&v, 1});
      return v;
    }
    const std::array<std::uint64_t, 2> ks{pairs_ / 2 - 1, pairs_ / 2};
    std::array<double, 2> v{};
    select_ranks(ks, v);
    return (v[0] + v[1]) / 2.0;
  }

  /// @brief The slopes of ranks @p ks (0-based, ascending) into @p out, all at once: one
  /// bracket shared by every rank, then one more order and one insertion pass per cluster of
  /// nearby ranks (see select_fast). @throws invalid_argument a rank out of range.
  void select_ranks(std::span<const std::uint64_t> ks, std::span<double> out) {
    for (std::size_t i = 0; i < ks.size(); ++i)
      if (ks[i] >= pairs_ || (i > 0 && ks[i] < ks[i - 1]))
        fail<invalid_argument>("slope rank ", ks[i], " is out of range (", pairs_, " slopes) or out of order");
    if (!all_.empty()) {
      for (std::size_t i = 0; i < ks.size(); ++i) out[i] = all_[ks[i]];
      return;
    }
    scratch_vector<char> done(ks.size(), 0);
    if (!ks.empty() && rounds_ > 0) select_fast(ks, out, done);
    for (std::size_t i = 0; i < ks.size(); ++i)  // the general selection for what is left
      if (!done[i]) out[i] = select_large(ks[i], ks[i]).first;
  }

  /// @brief Narrows once to a bracket holding ranks kmin..kmax and keeps it (and a sample of
  /// its slopes) for the selections that follow: Theil-Sen's median and interval ends share it.
  void prepare(std::uint64_t kmin, std::uint64_t kmax) {
    if (all_.empty() && kmin <= kmax && kmax < pairs_) select_large(kmin, kmax, true);
  }

  /// @brief The k1-th and k2-th smallest slopes, k2 == k1 or k1 + 1.
  std::pair<double, double> select(std::uint64_t k1, std::uint64_t k2) {
    if (k2 < k1 || k2 > k1 + 1 || k2 >= pairs_)
      fail<invalid_argument>("slope rank ", k2, " is out of range (", pairs_, " slopes)");
    if (!all_.empty()) return {all_[k1], all_[k2]};
    return select_large(k1, k2);
  }

 private:
  struct threshold {
    double t = 0.0;  // the bracket end (+-inf for none)
    scratch_vector<std::uint32_t> order;
    std::uint64_t count = 0;  // pairs classified at or below the order's point (approximate)
  };

  struct point {
    double x, y;
  };
  static double slope_of(const point& p, const point& q) noexcept {
    return p.x < q.x ? (q.y - p.y) / (q.x - p.x) : (p.y - q.y) / (p.x - q.x);
  }
  double slope(std::uint32_t a, std::uint32_t b) const noexcept { return slope_of(pt_[a], pt_[b]); }

  void list_all() {
    all_.reserve(pairs_);
    for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi) {
      const std::uint32_t e = group_begin_[gi + 1];
      for (std::uint32_t i = group_begin_[gi]; i < e; ++i)
        for (std::uint32_t j = block_end_[i]; j < e; ++j) all_.push_back((ys_[j] - ys_[i]) / (xs_[j] - xs_[i]));
    }
    std::sort(all_.begin(), all_.end());
  }

  /// The margin around a threshold (see the file comment); throws where it overflows.
  double delta(double t) const {
    constexpr double u = std::numeric_limits<double>::epsilon() / 2;
    const double scale = ymax_ + 2.0 * std::abs(t) * xmax_;
    const double err = 2.0 * u * scale * (1.0 + 1e-9) / (dxmin_ * (1.0 - 4.0 * u));
    const double d = 4.0 * err + 16.0 * u * std::abs(t) + std::numeric_limits<double>::denorm_min();
    if (!std::isfinite(d) || scale > 1e300)
      fail<invalid_argument>("the values are too large (or the x gaps too small) for exact slope selection: max|x| = ",
                             xmax_, ", max|y| = ", ymax_, ", smallest x gap = ", dxmin_);
    return d;
  }

  /// Points sorted within each group by w = y - at x (a stable merge sort), ties by x
  /// descending then index: a tied pair counts as "slope <= at"; with @p strict, ties by x
  /// ascending, so that it counts as above. Returns the number of pairs classified at or below
  /// (strictly below with @p strict): the inversions between x blocks.
  std::uint64_t order_at(double at, scratch_vector<std::uint32_t>& out, bool strict = false, int slot = 0) {
    out.resize(n_);
    scratch& sc = scratch_[slot];
    auto &rec_ = sc.rec, &rec_buf_ = sc.rec_buf;
    auto& w_ = sc.w;
    auto &a_ = sc.a, &buf_ = sc.buf;
    rec_.resize(n_), rec_buf_.resize(n_), w_.resize(n_), a_.resize(n_), buf_.resize(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      const double p = at * xs_[i];
      w_[i] = (ys_[i] - p) + 0.0;  // + 0.0 turns -0.0 into +0.0: equal doubles, equal keys
    }
    const scratch_vector<std::uint32_t>& input = strict ? identity_ : desc_;  // x ascending / descending
    std::uint64_t inv = 0;
    for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi) {
      const std::uint32_t b = group_begin_[gi], e = group_begin_[gi + 1];
      // Without repeated x the input orders are plain ranges (no gathers through memory).
      const bool plain = tie_blocks_.empty();
      for (std::uint32_t q = b; q < e; ++q) {
        const std::uint32_t i = plain ? (strict ? q : b + e - 1 - q) : input[q];
        rec_[q] = {order_key(w_[i]), q - b};
      }
      sort_records(rec_.data() + b, rec_buf_.data() + b, e - b);
      for (std::uint32_t q = b; q < e; ++q) {
        const std::uint32_t pos = rec_[q].pos;
        out[q] = plain ? (strict ? b + pos : e - 1 - pos) : input[b + pos];
        a_[q] = pos;
      }
      inv += permutation_inversions(a_.data() + b, buf_.data() + b, e - b);
    }
    // Inversions inside an x block (index ascending in both input orders) do not count.
    std::uint64_t within = 0;
    for (const auto& [b, e] : tie_blocks_) {
      if (e - b <= 32) {
        for (std::uint32_t p = b; p < e; ++p)
          for (std::uint32_t q = p + 1; q < e; ++q) within += w_[q] < w_[p];
      } else {
        scratch_vector<double> block(w_.begin() + b, w_.begin() + e), tmp(e - b);
        within += merge_inversions(block.data(), tmp.data(), block.size(), no_emit{});
      }
    }
    inv -= within;
    // Non-strict: the input runs x descending, so the pairs left in input order are the ones
    // classified at or below; strict: the input runs x ascending, the inversions are below.
    return strict ? inv : pairs_ - inv;
  }

  /// Exact thresholds at 0: w = y - 0 x = y exactly, so the order by y classifies every pair
  /// exactly: s <= 0 (ties low) or s < 0 (strict). Valid when no nonzero slope underflows to 0.
  threshold exact(double v, bool strict) {
    threshold th;
    th.t = v;
    th.count = order_at(v, th.order, strict);
    return th;
  }

  /// Whether sorting by w = y - v x classifies every pair's computed slope against v exactly:
  /// v = 0 (w = y), or integer points (exact differences, so s = fl(sigma)) with v x and
  /// y - v x exact for every point, and v of m significant bits with the x range below
  /// 2^(53 - m), so that no other slope p/q (q within the x range) rounds onto v.
  bool exact_at(double v) const {
    if (v == 0.0) return zero_exact_;
    if (!integral_) return false;
    // v = a 2^-e with a an odd integer of m bits, 2^E <= |v| < 2^(E+1): another slope p/q
    // differs from v by at least 1 / (q 2^max(e, 0)), more than half an ulp of v (2^(E-53))
    // when q < 2^(53 - E - max(e, 0)); one bit of margin below.
    int exponent = 0;
    const double mantissa = std::frexp(std::abs(v), &exponent);  // |v| = mantissa 2^exponent
    const auto bits = static_cast<std::uint64_t>(std::ldexp(mantissa, 53));
    const int m = 53 - std::countr_zero(bits), e_big = exponent - 1, e = m - 1 - e_big;
    if (!(xrange_ < std::ldexp(1.0, 52 - e_big - std::max(e, 0)))) return false;
    for (std::size_t i = 0; i < n_; ++i) {
      const double p = v * xs_[i];
      if (std::fma(v, xs_[i], -p) != 0.0) return false;  // the product is exact
      const double w = ys_[i] - p;
      const double back = w - ys_[i];
      if ((ys_[i] - (w - back)) + (-p - back) != 0.0) return false;  // so is the difference (TwoSum)
    }
    return true;
  }

  threshold lower(double t, int slot = 0) {
    threshold th;
    th.t = t;
    if (t == -std::numeric_limits<double>::infinity()) {
      th.order.resize(n_);
      for (std::size_t i = 0; i < n_; ++i) th.order[i] = static_cast<std::uint32_t>(i);
      return th;
    }
    th.count = order_at(t - delta(t), th.order, false, slot);
    return th;
  }

  threshold upper(double t, int slot = 0) {
    threshold th;
    th.t = t;
    if (t == std::numeric_limits<double>::infinity()) {
      th.order = desc_;
      th.count = pairs_;
      return th;
    }
    th.count = order_at(t + delta(t), th.order, false, slot);
    return th;
  }

  /// lo = lower(tlo) and hi = upper(thi): on two threads when threads_ > 1 (each with its own
  /// scratch slot; the helper's exception, if any, is rethrown here), else one after the other.
  void both_orders(double tlo, double thi, threshold& lo, threshold& hi) {
    if (threads_ < 2) {
      lo = lower(tlo), hi = upper(thi);
      return;
    }
    std::exception_ptr failure;
    std::thread helper([&] {
      try {
        lo = lower(tlo, 1);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      hi = upper(thi, 0);
    } catch (...) {
      helper.join();
      throw;
    }
    helper.join();
    if (failure) std::rethrow_exception(failure);
  }

  /// b[q] = position in lo.order of the q-th point of hi.order; the inversions of b are the
  /// pairs whose order differs at the two thresholds.
  void band_sequence(const threshold& lo, const threshold& hi) {
    pos_.resize(n_), a_.resize(n_), buf_.resize(n_);
    for (std::size_t q = 0; q < n_; ++q) pos_[lo.order[q]] = static_cast<std::uint32_t>(q);
    for (std::size_t q = 0; q < n_; ++q) a_[q] = pos_[hi.order[q]];
  }

  /// Calls f(slope) for every pair (with different x) of the band between lo and hi. The
  /// merge only records index pairs; the slopes are computed in batches afterwards, where the
  /// independent loads overlap instead of stalling the merge.
  template <class F>
  void for_each_in_band(const threshold& lo, const threshold& hi, F&& f) {
    band_sequence(lo, hi);
    points_in(lo);
    constexpr std::size_t batch = 4096;
    scratch_vector<std::pair<std::uint32_t, std::uint32_t>> pending;
    pending.reserve(batch + n_);
    auto flush = [&] {
      for (const auto& [p, q] : pending) {
        const point u = ordered_[p], v = ordered_[q];
        if (u.x != v.x) f(slope_of(u, v));
      }
      pending.clear();
    };
    merge_inversions(a_.data(), buf_.data(), n_, [&](const std::uint32_t* lefts, std::size_t count, std::uint32_t q) {
      for (std::size_t k = 0; k < count; ++k) pending.emplace_back(lefts[k], q);
      if (pending.size() >= batch) flush();
    });
    flush();
  }

  /// ordered_[q] = the q-th point of th.order (random access in the band walks becomes local).
  void points_in(const threshold& th) {
    ordered_.resize(n_);
    for (std::size_t q = 0; q < n_; ++q) ordered_[q] = pt_[th.order[q]];
  }

  /// splitmix64 (Steele, Lea and Flood 2014): a fixed seed, so the selection is deterministic.
  std::uint64_t next_random() noexcept {
    std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform01() { return static_cast<double>(next_random() >> 11) * 0x1.0p-53; }
  std::uint64_t uniform_below(std::uint64_t m) {
    return std::min<std::uint64_t>(m - 1, static_cast<std::uint64_t>(uniform01() * static_cast<double>(m)));
  }

  /// m slopes of pairs drawn uniformly from all pairs with different x.
  void sample_all(std::size_t m, scratch_vector<double>& out) {
    out.clear();
    const bool rejection = static_cast<double>(pairs_) >= 0.25 * static_cast<double>(all_pairs_);
    if (!rejection && cum_weight_.empty()) {
      cum_weight_.resize(n_ + 1, 0);
      for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi)
        for (std::uint32_t i = group_begin_[gi]; i < group_begin_[gi + 1]; ++i)
          cum_weight_[i + 1] = cum_weight_[i] + (group_begin_[gi + 1] - block_end_[i]);
    }
    while (out.size() < m) {
      if (rejection) {
        const std::uint64_t r = uniform_below(all_pairs_);
        const std::size_t gi =
            std::upper_bound(group_pairs_cum_.begin(), group_pairs_cum_.end(), r) - group_pairs_cum_.begin();
        const std::uint64_t b = group_begin_[gi], size = group_begin_[gi + 1] - b;
        const std::uint64_t i = uniform_below(size), j = uniform_below(size - 1);
        const auto u = static_cast<std::uint32_t>(b + i), v = static_cast<std::uint32_t>(b + (j >= i ? j + 1 : j));
        if (pt_[u].x != pt_[v].x) out.push_back(slope(u, v));
      } else {
        const std::uint64_t r = uniform_below(pairs_);
        const std::size_t i = std::upper_bound(cum_weight_.begin(), cum_weight_.end(), r) - cum_weight_.begin() - 1;
        const std::uint64_t j = block_end_[i] + (r - cum_weight_[i]);
        out.push_back(slope(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)));
      }
    }
  }

  /// About m slopes drawn uniformly from the band between lo and hi (pairs with equal x
  /// dropped): sorted random ranks among the band's inversions, picked up during one radix pass
  /// per digit (pick_inversions).
  void sample_band(const threshold& lo, const threshold& hi, std::uint64_t total, std::size_t m,
                   scratch_vector<double>& out) {
    out.clear();
    if (total == 0) return;
    // Stratified ranks: one uniform draw in each of m equal slices of [0, total), sorted by
    // construction (better sample quantiles than independent draws, and no sort).
    scratch_vector<std::uint64_t> draws(m);
    const double slice = static_cast<double>(total) / static_cast<double>(m);
    for (std::size_t k = 0; k < m; ++k)
      draws[k] = std::min(total - 1, static_cast<std::uint64_t>((static_cast<double>(k) + uniform01()) * slice));
    draws.push_back(std::numeric_limits<std::uint64_t>::max());  // the sentinel
    band_sequence(lo, hi);
    points_in(lo);
    scratch_vector<std::pair<std::uint32_t, std::uint32_t>> picks;  // slopes computed after the pass
    picks.reserve(m);
    pick_inversions(a_.data(), buf_.data(), n_, draws.data(), picks);
    out.reserve(picks.size());
    for (const auto& [p, q] : picks) {
      const point u = ordered_[p], v = ordered_[q];
      if (u.x != v.x) out.push_back(slope_of(u, v));
    }
  }

  /// Lists the band; returns the two order statistics if they lie inside (lo.t, hi.t].
  /// Otherwise returns nothing and sets @p below_bracket when k1 lies below.
  std::optional<std::pair<double, double>> finish(const threshold& lo, const threshold& hi, std::uint64_t k1,
                                                  std::uint64_t k2, bool& below_bracket) {
    scratch_vector<double> inside;
    std::uint64_t at_or_below = 0;
    for_each_in_band(lo, hi, [&](double s) {
      if (s <= lo.t)
        ++at_or_below;
      else if (s <= hi.t)
        inside.push_back(s);
    });
    const std::uint64_t first = lo.count + at_or_below;  // exact rank of the first slope above lo.t
    below_bracket = k1 < first;
    if (k1 < first || k2 >= first + inside.size()) return std::nullopt;
    const auto r1 = static_cast<std::ptrdiff_t>(k1 - first);
    std::nth_element(inside.begin(), inside.begin() + r1, inside.end());
    const double a = inside[static_cast<std::size_t>(r1)];
    const double b = k2 == k1 ? a : *std::min_element(inside.begin() + r1 + 1, inside.end());
    return std::make_pair(a, b);
  }

  /// The k-th slopes when the bracket is dominated by one value v: stream the band once.
  /// Returns a result, or narrows the bracket so that it excludes v.
  std::optional<std::pair<double, double>> resolve_cluster(threshold& lo, threshold& hi, double v, std::uint64_t k1,
                                                           std::uint64_t k2) {
    if (exact_at(v)) {
      threshold neg = exact(v, true), nonpos = exact(v, false);  // exact counts of s < v and s <= v
      const bool a0 = neg.count <= k1 && k1 < nonpos.count, b0 = neg.count <= k2 && k2 < nonpos.count;
      if (a0 && b0) return std::make_pair(v, v);
      if (a0) return std::make_pair(v, select_large(k2, k2).first);
      if (k1 < neg.count) {
        hi = std::move(neg);  // (lo, v): the slopes below v, exactly
      } else {
        lo = std::move(nonpos);  // (v, hi]: the ones above
      }
      return std::nullopt;
    }
    scratch_vector<double> below_v, above_v;
    std::uint64_t at_or_below = 0, lt = 0, eq = 0, gt = 0;
    bool complete = true;
    for_each_in_band(lo, hi, [&](double s) {
      if (s <= lo.t) {
        ++at_or_below;
      } else if (s <= hi.t) {
        if (s < v) {
          ++lt;
          if (complete) below_v.push_back(s);
        } else if (s > v) {
          ++gt;
          if (complete) above_v.push_back(s);
        } else {
          ++eq;
        }
        if (below_v.size() + above_v.size() > cap_) complete = false;
      }
    });
    const std::uint64_t first = lo.count + at_or_below;
    if (k1 < first) {  // the bracket missed: widen below
      lo = lower(-std::numeric_limits<double>::infinity());
      return std::nullopt;
    }
    if (k2 >= first + lt + eq + gt) {
      hi = upper(std::numeric_limits<double>::infinity());
      return std::nullopt;
    }
    auto pick = [&](std::uint64_t k) -> std::optional<double> {
      const std::uint64_t r = k - first;
      if (r >= lt && r < lt + eq) return v;
      if (!complete) return std::nullopt;
      auto& part = r < lt ? below_v : above_v;
      const auto i = static_cast<std::ptrdiff_t>(r < lt ? r : r - lt - eq);
      std::nth_element(part.begin(), part.begin() + i, part.end());
      return part[static_cast<std::size_t>(i)];
    };
    const auto a = pick(k1), b = pick(k2);
    if (a && b) return std::make_pair(*a, *b);
    // Too many other slopes to keep: narrow to the side of v that holds the ranks.
    const double gap = 16.0 * delta(v);
    if (k1 - first < lt) {
      hi = upper(v - gap);
    } else {
      lo = lower(v + gap);
    }
    return std::nullopt;
  }

  std::pair<double, double> select_large(std::uint64_t k1, std::uint64_t k2, bool preparing = false) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    threshold lo, hi;
    scratch_vector<double> sample;
    bool cached = false;
    if (shared_.valid && shared_.lo.count <= k1 && k2 < shared_.hi.count) {
      lo = shared_.lo, hi = shared_.hi, sample = shared_.sample;  // start from the shared bracket
      cached = !sample.empty();
    } else {
      lo = lower(-inf), hi = upper(inf);
    }
    std::uint64_t previous_band = std::numeric_limits<std::uint64_t>::max();
    for (int round = 0; round < rounds_; ++round) {
      // The band's size from the two counts (no extra pass); exact up to pairs within the
      // margins, and only used for the cap and to spread the sample's ranks.
      const std::uint64_t band = hi.count > lo.count ? hi.count - lo.count : 0;
      const bool first_band = lo.t != -inf || hi.t != inf;
      if (preparing && (first_band || band <= cap_)) {  // keep the bracket for the other ranks
        shared_.lo = std::move(lo), shared_.hi = std::move(hi), shared_.valid = true;
        if (band > cap_)
          sample_band(shared_.lo, shared_.hi, band, std::min<std::size_t>(2 * n_ + 1024, 1u << 24), shared_.sample);
        return {0.0, 0.0};
      }
      if (band <= cap_) {
        bool below = false;
        if (auto r = finish(lo, hi, k1, k2, below)) return *r;
        if (below)
          lo = lower(-inf);
        else
          hi = upper(inf);
        previous_band = std::numeric_limits<std::uint64_t>::max();
        continue;
      }
      const std::size_t m = std::min<std::size_t>(2 * n_ + 1024, 1u << 24);
      const std::size_t m_global = std::min<std::size_t>(n_ / 2 + 1024, 1u << 22);
      if (cached) {
        cached = false;  // the shared bracket's sample, drawn once for every rank
      } else if (lo.t == -inf && hi.t == inf) {
        if (global_sample_.empty()) sample_all(m_global, global_sample_);
        sample = global_sample_;
      } else {
        sample_band(lo, hi, band, m, sample);
      }
      if (sample.empty()) {
        bool below = false;
        if (auto r = finish(lo, hi, k1, k2, below)) return *r;
        break;  // the deterministic fallback below
      }
      const double msize = static_cast<double>(sample.size());
      const double base = static_cast<double>(lo.count),
                   width = static_cast<double>(std::max(hi.count, lo.count + 1) - lo.count);
      const double r1 = (static_cast<double>(k1) - base) / width * msize,
                   r2 = (static_cast<double>(k2) - base + 1.0) / width * msize;
      const double g = 1.25 * std::sqrt(msize) + 2.0;  // 2.5 sigma of a sample quantile
      const auto clampi = [&](double r) { return static_cast<std::ptrdiff_t>(std::clamp(r, 0.0, msize - 1.0)); };
      const std::ptrdiff_t ilo = clampi(std::floor(r1 - g)), ihi = clampi(std::ceil(r2 + g));
      const bool keep_lo = r1 - g <= 0.0, keep_hi = r2 + g >= msize - 1.0;
      std::nth_element(sample.begin(), sample.begin() + ilo, sample.end());
      const double vlo = sample[static_cast<std::size_t>(ilo)];
      std::nth_element(sample.begin() + ilo, sample.begin() + ihi, sample.end());
      const double vhi = sample[static_cast<std::size_t>(ihi)];
      const bool stalled = band > previous_band / 10 * 9;
      previous_band = band;
      if (vlo == vhi || stalled) {
        // One value fills the sample around the ranks: resolve it by streaming the bracket.
        const auto mid = clampi(0.5 * (r1 + r2));
        std::nth_element(sample.begin(), sample.begin() + mid, sample.end());
        if (auto r = resolve_cluster(lo, hi, sample[static_cast<std::size_t>(mid)], k1, k2)) return *r;
        previous_band = std::numeric_limits<std::uint64_t>::max();
        continue;
      }
      // Thresholds strictly between distinct sample values, away from simple fractions.
      double tlo = lo.t, thi = hi.t;
      if (!keep_lo) {
        double a = -inf;
        for (std::ptrdiff_t i = 0; i < ilo; ++i) {
          const double s = sample[static_cast<std::size_t>(i)];
          if (s < vlo) a = std::max(a, s);
        }
        if (a > -inf) tlo = std::max(lo.t, between(a, vlo, 0.38196601125010515));
      }
      if (!keep_hi) {
        double b = inf;
        for (std::size_t i = static_cast<std::size_t>(ihi) + 1; i < sample.size(); ++i)
          if (sample[i] > vhi) b = std::min(b, sample[i]);
        if (b < inf) thi = std::min(hi.t, between(vhi, b, 0.6180339887498949));
      }
      const bool new_lo = tlo != lo.t, new_hi = thi != hi.t;
      threshold nlo, nhi;
      if (new_lo && new_hi) {
        both_orders(tlo, thi, nlo, nhi);
      } else {
        if (new_lo) nlo = lower(tlo);
        if (new_hi) nhi = upper(thi);
      }
      if (new_lo && k1 < nlo.count) {
        hi = upper(tlo);  // the ranks lie in (lo, tlo]
      } else if (new_hi && k2 >= nhi.count) {
        lo = lower(thi);  // the ranks lie in (thi, hi]
      } else {
        if (new_lo) lo = std::move(nlo);
        if (new_hi) hi = std::move(nhi);
      }
    }
    if (preparing) return {0.0, 0.0};  // no shared bracket: each rank takes the fallback
    const double a = select_by_bisection(k1);
    return {a, k2 == k1 ? a : select_by_bisection(k2)};
  }

  /// The deterministic fallback: the k-th slope by bisection on slope values, each step exact
  /// and O(n log n + band) (one order at the split point, one pass over the band), so that the
  /// selection never fails on valid input whatever the random samples did. The k-th slope lies
  /// in (lo.t, hi.t] and in [vmin, vmax] (actual slopes seen in the last pass); the split t
  /// halves [vmin, vmax] in the order of the doubles' bits (at most 64 steps to a single value)
  /// and the band's part holding the rank becomes the new bracket. It ends when that part
  /// holds at most cap_ slopes (listed, nth_element) or a single value.
  double select_by_bisection(std::uint64_t k) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    threshold lo = lower(-inf), hi = upper(inf);
    double t = 0.0;  // the first split; later ones halve [vmin, vmax]
    for (;;) {
      std::uint64_t at_or_below = 0, n_lo = 0, n_hi = 0;
      double min_lo = inf, max_lo = -inf, min_hi = inf, max_hi = -inf;
      for_each_in_band(lo, hi, [&](double s) {
        if (s <= lo.t) {
          ++at_or_below;
        } else if (s <= t) {
          ++n_lo, min_lo = std::min(min_lo, s), max_lo = std::max(max_lo, s);
        } else if (s <= hi.t) {
          ++n_hi, min_hi = std::min(min_hi, s), max_hi = std::max(max_hi, s);
        }
      });
      const std::uint64_t first = lo.count + at_or_below;  // the exact rank of the band's first slope
      if (k < first || k - first >= n_lo + n_hi)
        fail<error>("slope selection lost rank ", k, " in its exact fallback; please report this input");
      const bool low = k - first < n_lo;
      const std::uint64_t part = low ? n_lo : n_hi;
      const double vmin = low ? min_lo : min_hi, vmax = low ? max_lo : max_hi;
      if (vmin == vmax) return vmax;                        // one value holds the rank
      const double a = low ? lo.t : t, b = low ? t : hi.t;  // the part: slopes in (a, b]
      if (part <= cap_) {
        scratch_vector<double> inside;
        inside.reserve(part);
        for_each_in_band(lo, hi, [&](double s) {
          if (s > a && s <= b) inside.push_back(s);
        });
        const std::uint64_t r = low ? k - first : k - first - n_lo;
        std::nth_element(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(r), inside.end());
        return inside[static_cast<std::size_t>(r)];
      }
      if (low) {
        if (t < hi.t) hi = upper(t);
      } else if (t > lo.t) {
        lo = lower(t);
      }
      t = key_midpoint(vmin, vmax);  // vmin <= t < vmax: both sides keep a slope
    }
  }

  /// The double halfway between a < b in the order of their bits (a <= result < b).
  static double key_midpoint(double a, double b) noexcept {
    const auto key = [](double v) {
      const auto u = std::bit_cast<std::uint64_t>(v + 0.0);
      return (u >> 63) ? ~u : u | (std::uint64_t{1} << 63);
    };
    const std::uint64_t ka = key(a), kb = key(b), m = ka + (kb - ka) / 2;
    const std::uint64_t u = (m >> 63) ? m & ~(std::uint64_t{1} << 63) : ~m;
    return std::bit_cast<double>(u);
  }

  /// The sample window around ranks k1..k2 of a bracket holding `width` slopes from rank `base`:
  /// thresholds strictly between distinct sample values, g = 3 sigma of a sample quantile on
  /// each side; tlo / thi keep their values where the window reaches the sample's end. Returns
  /// false when one value fills the window (a cluster of tied slopes: the general path). The
  /// sample is left as it is (narrow_to_ranks, then nth_element on what it keeps).
  bool window(const scratch_vector<double>& sample, double base, double width, std::uint64_t k1, std::uint64_t k2,
              double& tlo, double& thi) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (sample.empty()) return false;
    const double msize = static_cast<double>(sample.size());
    const double r1 = (static_cast<double>(k1) - base) / width * msize,
                 r2 = (static_cast<double>(k2) - base + 1.0) / width * msize;
    const double g = 1.5 * std::sqrt(msize) + 2.0;
    const auto clampi = [&](double r) { return static_cast<std::size_t>(std::clamp(r, 0.0, msize - 1.0)); };
    const std::size_t ilo = clampi(std::floor(r1 - g)), ihi = clampi(std::ceil(r2 + g));
    const bool keep_lo = r1 - g <= 0.0, keep_hi = r2 + g >= msize - 1.0;
    scratch_vector<double>& kept = window_;
    std::size_t below = 0;
    narrow_to_ranks(sample, ilo, ihi, kept, below);
    const auto lo_at = kept.begin() + static_cast<std::ptrdiff_t>(ilo - below),
               hi_at = kept.begin() + static_cast<std::ptrdiff_t>(ihi - below);
    std::nth_element(kept.begin(), lo_at, kept.end());
    const double vlo = *lo_at;
    std::nth_element(lo_at, hi_at, kept.end());
    const double vhi = *hi_at;
    if (vlo == vhi) return false;
    // The nearest sample values beyond vlo and vhi: among the kept ones, else (rarely, when
    // vlo or vhi is the kept values' extreme) in the whole sample.
    const auto nearest = [&](auto first, auto last, auto beyond, auto better, double none) {
      double best = none;
      for (auto it = first; it != last; ++it)
        if (beyond(*it)) best = better(best, *it);
      return best;
    };
    const auto below_lo = [vlo](double s) { return s < vlo; };
    const auto above_hi = [vhi](double s) { return s > vhi; };
    const auto larger = [](double p, double q) { return std::max(p, q); };
    const auto smaller = [](double p, double q) { return std::min(p, q); };
    if (!keep_lo) {
      double a = nearest(kept.begin(), lo_at, below_lo, larger, -inf);
      if (a == -inf && below > 0) a = nearest(sample.begin(), sample.end(), below_lo, larger, -inf);
      if (a > -inf) tlo = std::max(tlo, between(a, vlo, 0.38196601125010515));
    }
    if (!keep_hi) {
      double b = nearest(hi_at + 1, kept.end(), above_hi, smaller, inf);
      if (b == inf && below + kept.size() < sample.size())
        b = nearest(sample.begin(), sample.end(), above_hi, smaller, inf);
      if (b < inf) thi = std::min(thi, between(vhi, b, 0.6180339887498949));
    }
    return tlo < thi;
  }

  /// The ranks ks[i0..i1) from the slopes of a bracket: @p first is the exact rank of the
  /// bracket's first slope, @p all its slopes (any order). False if a rank lies outside.
  bool assign(const scratch_vector<double>& all, std::uint64_t first, std::span<const std::uint64_t> ks,
              std::span<double> out, scratch_vector<char>& done, std::size_t i0, std::size_t i1) {
    if (ks[i0] < first || ks[i1 - 1] >= first + all.size()) return false;
    scratch_vector<double>& inside = window_;  // the slopes around the ranks (narrow_to_ranks)
    std::size_t below = 0;
    narrow_to_ranks(all, static_cast<std::size_t>(ks[i0] - first), static_cast<std::size_t>(ks[i1 - 1] - first), inside,
                    below);
    first += below;
    auto from = inside.begin();
    for (std::size_t i = i0; i < i1; ++i) {
      const auto at = inside.begin() + static_cast<std::ptrdiff_t>(ks[i] - first);
      if (at == from) {  // the next rank after one just placed: the minimum of the rest
        std::iter_swap(at, std::min_element(from, inside.end()));
        from = at + 1;
      } else if (at > from) {
        std::nth_element(from, at, inside.end());
        from = at + 1;
      }
      out[i] = *at, done[i] = 1;
    }
    return true;
  }

  /// Record of the insertion pass: the sort key at the upper threshold, the position in the
  /// input order of order_at (its tie-break), and the point itself (so that a swap's slope
  /// reads adjacent memory).
  struct insertion_record {
    std::uint64_t key;
    std::uint64_t input;
    double x, y;
  };

  /// Lists the slopes of the pairs (with different x) ordered differently by @p from and by
  /// upper(t) into @p slopes: an insertion sort of from's order under upper(t)'s key, whose
  /// swaps are exactly those pairs (the same pairs for_each_in_band lists; O(n + pairs) instead
  /// of two O(n log n) sorts). The loop stores every slope without branching on it (a pair with
  /// equal x is overwritten by the next). Returns false past cap_ pairs.
  /// @p expect: the number of pairs the sample predicts (the buffer starts a little larger).
  bool insertion_band(const threshold& from, double t, scratch_vector<double>& slopes, double expect) {
    const double at = t + delta(t);
    if (desc_pos_.empty()) {
      desc_pos_.resize(n_);
      for (std::uint32_t q = 0; q < n_; ++q) desc_pos_[desc_[q]] = q;
    }
    scratch_vector<insertion_record>& rec = insertion_;
    rec.resize(n_);
    for (std::size_t q = 0; q < n_; ++q) {
      const std::uint32_t i = from.order[q];
      const point p = pt_[i];
      const double w = (p.y - at * p.x) + 0.0;  // as order_at
      rec[q] = {order_key(w), desc_pos_[i], p.x, p.y};
    }
    const double guess = std::min(1.25 * expect, static_cast<double>(cap_)) + static_cast<double>(n_);
    slopes.resize(static_cast<std::size_t>(guess));
    double* out = slopes.data();
    std::size_t listed = 0, swaps = 0;
    for (std::size_t gi = 0; gi + 1 < group_begin_.size(); ++gi) {
      const std::size_t b = group_begin_[gi], e = group_begin_[gi + 1];
      for (std::size_t q = b + 1; q < e; ++q) {
        if (listed + (q - b) > slopes.size()) {  // room for this element's moves
          slopes.resize(std::max(2 * slopes.size(), listed + (q - b)));
          out = slopes.data();
        }
        const insertion_record r = rec[q];
        std::size_t j = q;
        for (; j > b; --j) {
          const insertion_record& o = rec[j - 1];
          if (!(r.key < o.key || (r.key == o.key && r.input < o.input))) break;
          // slope_of(r, o), with the differences oriented as SciPy's (x ascending).
          const bool up = r.x < o.x;
          out[listed] = (up ? o.y - r.y : r.y - o.y) / (up ? o.x - r.x : r.x - o.x);
          listed += o.x != r.x;
          rec[j] = o;
        }
        swaps += q - j;
        if (swaps > cap_) return false;
        rec[j] = r;
      }
    }
    slopes.resize(listed);
    return true;
  }

  /// Lists the slopes of the band between @p lo and upper(hi_t) (by insertion) and assigns
  /// the ranks ks[i0..i1) that lie in (lo.t, hi_t]. False: too many pairs, or a rank outside.
  bool finish_by_insertion(const threshold& lo, double hi_t, double expect, std::span<const std::uint64_t> ks,
                           std::span<double> out, scratch_vector<char>& done, std::size_t i0, std::size_t i1) {
    scratch_vector<double> inside;
    if (!insertion_band(lo, hi_t, inside, expect)) return false;
    std::uint64_t at_or_below = 0;
    std::size_t k = 0;
    const double lo_t = lo.t;
    for (const double s : inside) {  // keep the slopes in (lo.t, hi_t], in place
      at_or_below += s <= lo_t;
      inside[k] = s;
      k += s > lo_t && s <= hi_t;
    }
    inside.resize(k);
    return assign(inside, lo.count + at_or_below, ks, out, done, i0, i1);
  }

  /// The ranks from where they fall between the counts at lo and hi if the slopes spread
  /// evenly over (lo.t, hi.t]: near the median of a trend with noise they do closely (there,
  /// at the centre of the slopes' distribution, their density is flat to second order), so a
  /// margin of 1/128 of the band (and at least n slopes) on each side holds the ranks (at n =
  /// 10^4, 20 series of five kinds of noise, a third of the time: 1.8 -> 1.1 ms). One order
  /// at a and the insertion pass under b then list the slopes of (a, b] and assign the ranks;
  /// false (nothing assigned) when a rank lies outside or the pairs pass cap_: that costs one
  /// order, and the band sample takes over. Only for ranks close together (Sen's median), where
  /// the margin is a sliver of the band: it saves the band sample's walk and selection.
  bool interpolate(const threshold& lo, const threshold& hi, std::span<const std::uint64_t> ks, std::span<double> out,
                   scratch_vector<char>& done) {
    const double width = static_cast<double>(hi.count - lo.count);
    const double margin = interpolation_margin_ ? static_cast<double>(interpolation_margin_)
                                                : std::max(static_cast<double>(n_), width / 128.0);
    const double r1 = static_cast<double>(ks.front() - lo.count) - margin,
                 r2 = static_cast<double>(ks.back() - lo.count) + 1.0 + margin;
    const double expect = std::min(r2, width) - std::max(r1, 0.0);
    if (!(expect <= 0.5 * static_cast<double>(cap_))) return false;
    const double span = hi.t - lo.t;
    const double a = r1 <= 0.0 ? lo.t : lo.t + span * (r1 / width), b = r2 >= width ? hi.t : lo.t + span * (r2 / width);
    if (!(a >= lo.t && a < b && b <= hi.t)) return false;
    if (a == lo.t) return finish_by_insertion(lo, b, expect, ks, out, done, 0, ks.size());
    const threshold from = lower(a);
    return from.count <= ks.front() && finish_by_insertion(from, b, expect, ks, out, done, 0, ks.size());
  }

  /// All ranks at once, or what it can (done[i] set); the rest goes to select_large.
  /// 1. Thresholds from a sample of all slopes bracket every rank; their two orders (radix sort
  ///    and merge) count the slopes below them, and a second sample is drawn from the band
  ///    between them (one merge pass). 2. Per cluster of nearby ranks, thresholds a < b from
  ///    that sample: one order at a counts the slopes below a, and an insertion sort of that
  ///    order under b's key lists the O(n) slopes in (a, b] (finish_by_insertion). So Theil-Sen's
  ///    three ranks cost five orders, the median three (the general path: four and eight, plus
  ///    a merge pass per rank to list the band). Any surprise (a rank outside its bracket, a
  ///    cluster of tied slopes, a band too large) leaves the rank to select_large, which starts
  ///    from the shared bracket of step 1.
  void select_fast(std::span<const std::uint64_t> ks, std::span<double> out, scratch_vector<char>& done) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::size_t m_global = std::min<std::size_t>(n_ / 2 + 1024, 1u << 22);
    if (global_sample_.empty()) sample_all(m_global, global_sample_);
    scratch_vector<double> sample = global_sample_;
    double tlo = -inf, thi = inf;
    if (!window(sample, 0.0, static_cast<double>(pairs_), ks.front(), ks.back(), tlo, thi) || tlo == -inf || thi == inf)
      return;
    threshold lo, hi;
    both_orders(tlo, thi, lo, hi);
    if (ks.front() < lo.count || ks.back() >= hi.count) return;
    const std::uint64_t band = hi.count - lo.count;
    if (band <= cap_) {  // list the band once for every rank
      scratch_vector<double> inside;
      std::uint64_t at_or_below = 0;
      for_each_in_band(lo, hi, [&](double s) {
        if (s <= lo.t)
          ++at_or_below;
        else if (s <= hi.t)
          inside.push_back(s);
      });
      assign(inside, lo.count + at_or_below, ks, out, done, 0, ks.size());
      return;
    }
    if (interpolate(lo, hi, ks, out, done)) return;
    sample_band(lo, hi, band, std::min<std::size_t>(2 * n_ + 1024, 1u << 24), sample);
    const double base = static_cast<double>(lo.count), width = static_cast<double>(band);
    const double msize = static_cast<double>(sample.size()), g = 1.5 * std::sqrt(msize) + 2.0;
    const auto position = [&](std::uint64_t k) { return (static_cast<double>(k) - base) / width * msize; };
    for (std::size_t i0 = 0; i0 < ks.size();) {
      std::size_t i1 = i0 + 1;  // ranks whose windows overlap share one
      while (i1 < ks.size() && position(ks[i1]) - g <= position(ks[i1 - 1]) + 1.0 + g) ++i1;
      double a = lo.t, b = hi.t;
      // The window's share of the band: 2g + 1 sample positions beyond the ranks' own.
      const double expect = (position(ks[i1 - 1]) - position(ks[i0]) + 2.0 * g + 2.0) / msize * width;
      if (window(sample, base, width, ks[i0], ks[i1 - 1], a, b)) {
        if (a == lo.t) {
          finish_by_insertion(lo, b, expect, ks, out, done, i0, i1);
        } else {
          const threshold from = lower(a);
          if (from.count <= ks[i0]) finish_by_insertion(from, b, expect, ks, out, done, i0, i1);
        }
      }
      i0 = i1;
    }
    if (std::find(done.begin(), done.end(), 0) != done.end()) {  // the general path starts here
      shared_.lo = std::move(lo), shared_.hi = std::move(hi), shared_.sample = std::move(sample);
      shared_.valid = true;
    }
  }

  static double between(double a, double b, double f) {
    double t = a + (b - a) * f;
    if (!(t > a && t < b)) t = a / 2 + b / 2;
    if (!(t > a && t < b)) t = b;
    return t;
  }

  std::size_t n_;
  scratch_vector<double> xs_, ys_;
  scratch_vector<point> pt_, ordered_;  // the same, interleaved for random access
  scratch_vector<std::uint32_t> xr_, block_end_, group_begin_;
  scratch_vector<std::uint64_t> group_pairs_cum_, cum_weight_;
  std::uint64_t pairs_ = 0, all_pairs_ = 0, cap_ = 0;
  double xmax_ = 0.0, ymax_ = 0.0, dxmin_ = 0.0;
  bool zero_exact_ = false, integral_ = false;
  double xrange_ = 0.0;
  scratch_vector<double> all_;
  struct scratch {  // one per concurrent order_at
    scratch_vector<radix_record> rec, rec_buf;
    scratch_vector<double> w;
    scratch_vector<std::uint32_t> a, buf;
  };
  std::array<scratch, 2> scratch_;
  unsigned threads_ = 1;
  int rounds_ = 200;  // randomised narrowing steps before the deterministic fallback
  scratch_vector<std::uint32_t> identity_;
  scratch_vector<std::uint32_t> desc_;  // per group: x descending, index ascending within an x block
  scratch_vector<std::pair<std::uint32_t, std::uint32_t>> tie_blocks_;  // x blocks of 2+ points
  scratch_vector<double> global_sample_;
  struct shared_bracket {
    threshold lo, hi;
    scratch_vector<double> sample;
    bool valid = false;
  } shared_;
  scratch_vector<std::uint32_t> a_, buf_, pos_, desc_pos_;
  scratch_vector<insertion_record> insertion_;
  scratch_vector<double> window_;  // narrow_to_ranks's values (window, assign)
  std::uint64_t rng_ = 0x5eed5eedULL;
  std::uint64_t interpolation_margin_ = 0;  // slope_selector_limits::interpolation_margin
};

}  // namespace detail
}  // namespace attain
