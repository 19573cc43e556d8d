// The roll-up kernels (attain/core/rollup.hpp): cell_sum with pandas-like category codes
// (int16 units, int8 months) and group_sum with one dense int32 code per row.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "attain/core/rollup.hpp"

namespace {

struct rows_data {
  std::vector<std::int16_t> unit;
  std::vector<std::int8_t> period;
  std::vector<std::int32_t> group;
  std::vector<std::vector<std::int64_t>> columns;
};

// n rows over 10,000 units x 12 months with 2 int64 columns (eligible 0..999, done = eligible / 2).
rows_data make_rows(std::size_t n, std::size_t units = 10000) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> unit(0, static_cast<int>(units) - 1), month(0, 11), eligible(0, 999);
  rows_data d;
  d.unit.resize(n);
  d.period.resize(n);
  d.group.resize(n);
  d.columns.assign(2, std::vector<std::int64_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    d.unit[i] = static_cast<std::int16_t>(unit(rng));
    d.period[i] = static_cast<std::int8_t>(month(rng));
    d.group[i] = d.unit[i] * 12 + d.period[i];
    d.columns[1][i] = eligible(rng);
    d.columns[0][i] = d.columns[1][i] / 2;
  }
  return d;
}

std::int64_t input_bytes(const rows_data& d) {
  return static_cast<std::int64_t>(d.unit.size() * (sizeof(std::int16_t) + sizeof(std::int8_t)) +
                                   d.columns.size() * d.columns[0].size() * sizeof(std::int64_t));
}

void cell_sum(benchmark::State& state) {
  const auto d = make_rows(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::span<const std::int64_t>> cols(d.columns.begin(), d.columns.end());
  std::vector<std::int32_t> rank(12);
  for (int p = 0; p < 12; ++p) rank[static_cast<std::size_t>(p)] = p;
  const std::size_t cells = 10000 * 12;
  std::vector<std::int64_t> sums(cells * cols.size()), rows(cells);
  for (auto _ : state) {
    attain::cell_sum<std::int16_t, std::int8_t>(d.unit, d.period, rank, 10000, cols, sums, rows, 1);
    benchmark::DoNotOptimize(sums.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * input_bytes(d));
}

void group_sum(benchmark::State& state) {
  const auto d = make_rows(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::span<const std::int64_t>> cols(d.columns.begin(), d.columns.end());
  std::vector<std::int64_t> out(10000 * 12 * cols.size());
  for (auto _ : state) {
    attain::group_sum(d.group, 10000 * 12, cols, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// The memory-bandwidth floor: a plain sum over the same bytes.
void plain_sum(benchmark::State& state) {
  const auto d = make_rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t total = 0;
    for (const auto& c : d.columns)
      for (const std::int64_t v : c) total += v;
    for (const std::int16_t u : d.unit) total += u;
    for (const std::int8_t p : d.period) total += p;
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * input_bytes(d));
}

}  // namespace

BENCHMARK(cell_sum)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(group_sum)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(plain_sum)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
