// Slope selection (attain/stats/detail/slope_selection.hpp) and what runs on it: Theil-Sen with
// its interval (attain/stats/slopes.hpp), Mann-Kendall with and without Sen's slope
// (attain/stats/mann_kendall.hpp). The series are issue 15's: normal noise on a small trend,
// n = 10^4 and 10^6 (fixed seeds); one thread.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "attain/stats/detail/slope_selection.hpp"
#include "attain/stats/mann_kendall.hpp"
#include "attain/stats/slopes.hpp"

namespace {

std::vector<double> trend_series(std::size_t n, std::uint64_t seed = 2021) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = normal(rng) + 1e-6 * static_cast<double>(i);
  return y;
}

void set_items(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// The median of the n (n - 1) / 2 slopes of (i, y_i), alone.
void median_slope(benchmark::State& state) {
  const auto y = trend_series(static_cast<std::size_t>(state.range(0)));
  std::vector<double> x(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  for (auto _ : state) {
    attain::detail::slope_selector sel(x, y);
    benchmark::DoNotOptimize(sel.median());
  }
  set_items(state);
}

void theil_sen_with_interval(benchmark::State& state) {
  const auto y = trend_series(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(attain::theil_sen(y));
  set_items(state);
}

void mann_kendall_with_sens_slope(benchmark::State& state) {
  const auto y = trend_series(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(attain::mann_kendall(y));
  set_items(state);
}

void mann_kendall_test_only(benchmark::State& state) {
  const auto y = trend_series(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(attain::mann_kendall(y, 0.05, attain::mk_method::original, std::nullopt, 1, false));
  }
  set_items(state);
}

// Inversions of a random permutation (the counting step of every order the selection takes).
void permutation_inversions(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint32_t> p(n), a(n), tmp(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint32_t>(i);
  std::shuffle(p.begin(), p.end(), std::mt19937_64(7));
  for (auto _ : state) {
    a = p;
    benchmark::DoNotOptimize(attain::detail::permutation_inversions(a.data(), tmp.data(), n));
  }
  set_items(state);
}

}  // namespace

BENCHMARK(median_slope)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(theil_sen_with_interval)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(mann_kendall_with_sens_slope)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(mann_kendall_test_only)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(permutation_inversions)->Arg(1000000)->Unit(benchmark::kMillisecond);
