// Fuzzes the exact slope selection (slope_selection.hpp) against sorting every slope: the bytes
// choose how many points (past the brute-force cut-off, so the randomised path runs), how x and
// y are drawn (integers with many ties, repeated x, clusters of equal slopes, tiny and huge
// magnitudes) and which ranks to ask for. Any disagreement aborts.
#include <algorithm>
#include <attain/stats/detail/slope_selection.hpp>
#include <attain/stats/slopes.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed = seed * 256 + data[i];
  std::mt19937_64 rng(seed);
  const std::uint8_t shape = size > 8 ? data[8] : 0;
  const std::size_t n = 380 + (size > 9 ? data[9] : 0) % 256;  // 380..635 points: 72k..200k pairs
  const double scale = std::ldexp(1.0, static_cast<int>(size > 10 ? data[10] % 64 : 0) - 32);
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (shape % 5) {
      case 0:  // continuous
        x[i] = static_cast<double>(i), y[i] = std::normal_distribution<double>(0, 1)(rng) * scale;
        break;
      case 1:  // small integers: many tied slopes (0, 1, 1/2 ...)
        x[i] = static_cast<double>(i), y[i] = static_cast<double>(i + rng() % 5);
        break;
      case 2:  // repeated x
        x[i] = static_cast<double>(rng() % 40), y[i] = static_cast<double>(rng() % 9) * scale;
        break;
      case 3:  // a line with a few outliers: one huge cluster of equal slopes at 1/3
        x[i] = static_cast<double>(3 * i),
        y[i] = rng() % 17 == 0 ? static_cast<double>(rng() % 1000) : static_cast<double>(i);
        break;
      default:  // mixed magnitudes
        x[i] = static_cast<double>(rng() % 1000) * scale,
        y[i] = std::ldexp(static_cast<double>(rng() % 1000), static_cast<int>(rng() % 40) - 20);
    }
  }
  std::vector<double> slopes;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (x[a] > x[b]) slopes.push_back((y[a] - y[b]) / (x[a] - x[b]));
  if (slopes.empty()) return 0;
  std::sort(slopes.begin(), slopes.end());
  try {
    attain::detail::slope_selector select(x, y);
    if (select.pairs() != slopes.size()) std::abort();
    for (std::size_t r = 11; r + 1 < size && r < 16; ++r) {
      const std::uint64_t k = (static_cast<std::uint64_t>(data[r]) * 256 + data[r + 1]) % slopes.size();
      if (select.kth(k) != slopes[k]) std::abort();
    }
    const auto ts = attain::theil_sen(y, x);
    const std::size_t m = slopes.size();
    const double median = m % 2 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    if (ts.slope != median) std::abort();
  } catch (const attain::error&) {
    // extreme magnitudes may be refused with a clear error; that is allowed
  }
  return 0;
}
