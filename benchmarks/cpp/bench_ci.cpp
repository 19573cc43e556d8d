// Beta quantiles: the Clopper-Pearson and Jeffreys intervals (attain/stats/ci.hpp) against
// Boost.Math's inverse incomplete beta, which computed them before (two calls per unit).
#include <benchmark/benchmark.h>

#include <boost/math/special_functions/beta.hpp>
#include <cstdint>
#include <vector>

#include "attain/stats/ci.hpp"
#include "attain/stats/detail/math.hpp"
#include "data.hpp"

namespace {

void interval_per_unit(benchmark::State& state, attain::ci_method method) {
  const auto data = attain_bench::rare_tallies(static_cast<std::size_t>(state.range(0)));
  std::vector<double> low(data.count.size()), high(data.count.size());
  for (auto _ : state) {
    attain::proportion_ci(data.count, data.nobs, 0.05, method, low, high);
    benchmark::DoNotOptimize(low.data());
    benchmark::DoNotOptimize(high.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void clopper_pearson(benchmark::State& state) { interval_per_unit(state, attain::ci_method::clopper_pearson); }
void jeffreys(benchmark::State& state) { interval_per_unit(state, attain::ci_method::jeffreys); }
void wilson(benchmark::State& state) { interval_per_unit(state, attain::ci_method::wilson); }

// The reference: both Clopper-Pearson limits from Boost's ibeta_inv / ibetac_inv.
void boost_ibeta_inv_clopper_pearson(benchmark::State& state) {
  const auto data = attain_bench::rare_tallies(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    for (std::size_t i = 0; i < data.count.size(); ++i) {
      const double c = static_cast<double>(data.count[i]), n = static_cast<double>(data.nobs[i]);
      double low = 0.0, high = 1.0;
      if (c > 0) low = boost::math::ibeta_inv(c, n - c + 1.0, 0.025, attain::detail::beta_policy());
      if (c < n) high = boost::math::ibetac_inv(c + 1.0, n - c, 0.025, attain::detail::beta_policy());
      benchmark::DoNotOptimize(low);
      benchmark::DoNotOptimize(high);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

}  // namespace

BENCHMARK(clopper_pearson)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(jeffreys)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(wilson)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(boost_ibeta_inv_clopper_pearson)->Arg(10000)->Unit(benchmark::kMillisecond);
