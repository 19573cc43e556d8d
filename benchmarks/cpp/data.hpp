#pragma once
// Synthetic inputs shared by the C++ benchmarks (fixed seeds: every run times the same data).
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace attain_bench {

/// Tallies with denominators log-uniform from 10 to 100,000 and ratios from 30 % to 90 %: the
/// "rarely repeating denominators" of issue 15 (as benchmarks/bench_issue15.py).
struct tallies {
  std::vector<std::int64_t> count, nobs;
};

inline tallies rare_tallies(std::size_t n, std::uint64_t seed = 2021) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> log_n(std::log(10.0), std::log(100000.0)), ratio(0.3, 0.9);
  tallies t;
  t.count.resize(n);
  t.nobs.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    t.nobs[i] = static_cast<std::int64_t>(std::exp(log_n(rng)));
    std::binomial_distribution<std::int64_t> draw(t.nobs[i], ratio(rng));
    t.count[i] = draw(rng);
  }
  return t;
}

}  // namespace attain_bench
