#pragma once
// The compiled part of attain/stats/shrinkage.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <array>
#include <bit>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/core/parallel.hpp"
#include "attain/core/tally.hpp"
#include "attain/stats/detail/math.hpp"
#include "attain/stats/shrinkage.hpp"

namespace attain {

namespace detail {

// Boost promotes double to long double by default; in double the special functions here are
// about 10 times faster (ibeta_inv: 1.5 us instead of 15 us) and still agree with scipy to 1e-13.
// (math_policy: all arguments here are doubles, so its promote_float<false> changes nothing.)
using shrinkage_policy = math_policy;

// lgamma(z) - [(z - 1/2) ln z - z + ln(2 pi) / 2], by its asymptotic series (z >= 15: the
// first omitted term is below 3e-14).
inline double stirling_remainder(double z) {
  const double r = 1.0 / z, r2 = r * r;
  return r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
}

// lgamma(a + y) - lgamma(a) without the cancellation of two large lgammas when a is large
// (a precision of 1e8 makes each lgamma about 2e9, and their difference lost 6 digits).
inline double lgamma_step(double a, double y) {
  if (y == 0.0) return 0.0;
  if (a < 15.0) return boost::math::lgamma(a + y, shrinkage_policy()) - boost::math::lgamma(a, shrinkage_policy());
  return (a - 0.5) * std::log1p(y / a) + y * std::log(a + y) - y + stirling_remainder(a + y) - stirling_remainder(a);
}

struct bb_sums {
  double loglik = 0.0, ga = 0.0, gb = 0.0, haa = 0.0, hbb = 0.0, hab = 0.0;
};

// Log-likelihood, gradient and Hessian in (a, b); units with n = 0 add nothing.
inline bb_sums bb_evaluate(std::span<const std::int64_t> y, std::span<const std::int64_t> n, double a, double b,
                           bool derivatives) {
  const shrinkage_policy pol;
  auto digamma = [&](double x) { return boost::math::digamma(x, pol); };
  auto trigamma = [&](double x) { return boost::math::trigamma(x, pol); };
  bb_sums s;
  const double dab = digamma(a + b), da = digamma(a), db = digamma(b);
  const double tab = trigamma(a + b), ta = trigamma(a), tb = trigamma(b);
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (n[i] == 0) continue;
    const double yi = static_cast<double>(y[i]), fi = static_cast<double>(n[i] - y[i]);
    const double ni = static_cast<double>(n[i]);
    s.loglik += lgamma_step(a, yi) + lgamma_step(b, fi) - lgamma_step(a + b, ni);
    if (!derivatives) continue;
    const double dn = digamma(a + b + ni), tn = trigamma(a + b + ni);
    s.ga += digamma(a + yi) - dn - da + dab;
    s.gb += digamma(b + fi) - dn - db + dab;
    s.haa += trigamma(a + yi) - tn - ta + tab;
    s.hbb += trigamma(b + fi) - tn - tb + tab;
    s.hab += tab - tn;
  }
  return s;
}

inline void validate_units(std::span<const std::int64_t> y, std::span<const std::int64_t> n, std::int64_t& sy,
                           std::int64_t& sn, std::size_t& units) {
  require_same_length("done", y.size(), "eligible", n.size());
  tally total;
  units = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    validate_tally(y[i], n[i], i);
    total += tally{y[i], n[i]};
    units += n[i] > 0 ? 1 : 0;
  }
  if (units < 2) fail<invalid_argument>("shrinkage needs at least 2 units with eligible > 0, got ", units);
  if (total.done == 0 || total.done == total.eligible)
    fail<invalid_argument>("done is ", total.done == 0 ? "0" : "equal to eligible",
                           " in every unit: there is no spread between units to estimate a prior from");
  sy = total.done, sn = total.eligible;
}

// The ANOVA estimator of rho; <= 0 means no overdispersion.
inline double anova_rho(std::span<const std::int64_t> y, std::span<const std::int64_t> n, double mu, double N,
                        std::size_t k) {
  double msb = 0.0, msw = 0.0, sum_n2 = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (n[i] == 0) continue;
    const double ni = static_cast<double>(n[i]), p = static_cast<double>(y[i]) / ni;
    msb += ni * (p - mu) * (p - mu);
    msw += ni * p * (1.0 - p);
    sum_n2 += ni * ni;
  }
  const double kk = static_cast<double>(k);
  msb /= kk - 1.0;
  if (N - kk <= 0.0) fail<invalid_argument>("the moments estimator needs a unit with eligible > 1");
  msw /= N - kk;
  const double n0 = (N - sum_n2 / N) / (kk - 1.0);
  const double den = msb + (n0 - 1.0) * msw;
  return den > 0.0 ? (msb - msw) / den : 0.0;
}

inline void set_boundary(beta_prior& p, double mu) {
  p.mean = mu, p.boundary = true, p.rho = 0.0;
  p.precision = p.a = p.b = std::numeric_limits<double>::infinity();
}

// Precision above which the prior is treated as the boundary (no between-unit variation).
inline constexpr double max_precision = 1e12;
// Floor of a and b: below it the prior is a pair of spikes at 0 and 1 and nothing is pooled.
inline constexpr double min_shape = 1e-8;

// The binomial log-likelihood at the pooled ratio mu (without the binomial coefficients): the
// limit of the beta-binomial one as the precision grows.
inline double binomial_loglik(std::span<const std::int64_t> y, std::span<const std::int64_t> n, double mu) {
  double ll = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double yi = static_cast<double>(y[i]), fi = static_cast<double>(n[i] - y[i]);
    ll += (yi > 0.0 ? yi * std::log(mu) : 0.0) + (fi > 0.0 ? fi * std::log1p(-mu) : 0.0);
  }
  return ll;
}

inline beta_prior fit_ml(std::span<const std::int64_t> y, std::span<const std::int64_t> n, double mu0, double m0) {
  beta_prior p;
  double u = std::log(mu0 * m0), v = std::log((1.0 - mu0) * m0);  // (ln a, ln b)
  auto at = [&](double uu, double vv, bool d) { return bb_evaluate(y, n, std::exp(uu), std::exp(vv), d); };
  bb_sums s = at(u, v, true);
  for (p.iterations = 0; p.iterations < 200; ++p.iterations) {
    const double a = std::exp(u), b = std::exp(v);
    // Gradient and Hessian in (u, v) = (ln a, ln b).
    const double gu = a * s.ga, gv = b * s.gb;
    const double huu = a * a * s.haa + gu, hvv = b * b * s.hbb + gv, huv = a * b * s.hab;
    double du, dv;
    const double det = huu * hvv - huv * huv;
    if (huu < 0.0 && det > 0.0) {  // negative definite: the Newton step
      du = -(hvv * gu - huv * gv) / det;
      dv = -(huu * gv - huv * gu) / det;
    } else {  // otherwise a gradient step
      const double g = std::hypot(gu, gv);
      du = g > 0.0 ? gu / g : 0.0, dv = g > 0.0 ? gv / g : 0.0;
    }
    const double len = std::hypot(du, dv);
    if (len > 2.0) du *= 2.0 / len, dv *= 2.0 / len;  // at most a factor e^2 per step
    double step = 1.0;
    bb_sums next;
    for (int k = 0; k < 60; ++k, step /= 2.0) {
      next = at(u + step * du, v + step * dv, false);
      if (std::isfinite(next.loglik) && next.loglik >= s.loglik - 1e-12 * std::abs(s.loglik)) break;
    }
    // a and b stay at or above min_shape: units all at 0 % or 100 % drive them to 0 (no pooling).
    const double nu = std::max(u + step * du, std::log(min_shape)), nv = std::max(v + step * dv, std::log(min_shape));
    const bool moved = std::abs(nu - u) >= 1e-12 || std::abs(nv - v) >= 1e-12;
    u = nu, v = nv;
    s = at(u, v, true);
    if (std::exp(u) + std::exp(v) > max_precision || !moved) break;
  }
  p.a = std::exp(u), p.b = std::exp(v), p.precision = p.a + p.b, p.mean = p.a / p.precision;
  p.rho = 1.0 / (p.precision + 1.0), p.log_likelihood = s.loglik;
  return p;
}

inline void validate_rank_options(const rank_options& o, std::size_t units) {
  if (o.top < 1 || o.top > units)
    fail<invalid_argument>("top = ", o.top, " is outside [1, ", units, "] (the number of units ranked)");
  if (o.draws == 0) fail<invalid_argument>("draws = 0: at least one posterior draw is needed");
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) fail<invalid_argument>("alpha = ", o.alpha, " is outside (0, 1)");
}

// Gamma(shape, 1) draws by Marsaglia and Tsang (2000), "A simple method for generating gamma
// variables", ACM TOMS 26(3) 363-372: the method of libstdc++'s std::gamma_distribution and of
// numpy's Generator.gamma, written here over Boost.Random's own primitives (its ziggurat
// normal_distribution and uniform_01), so the stream stays the documented, portable one of
// Boost.Random's mt19937_64. Boost.Random's gamma_distribution (which its beta_distribution
// draws twice) tries a Cauchy proposal with tan(), log() and exp() per try: about 200 ns per beta
// draw, three quarters of the time of posterior_ranks at 10^4 units; this one takes one normal, one
// uniform and a cube per try (a logarithm only in the rare squeeze misses), about 30 ns per beta
// draw. Exact (rejection), not an approximation. A shape below 1 draws Gamma(shape + 1) times
// U^(1 / shape) (Marsaglia-Tsang, section 6), the power kept as its logarithm log(U) / shape so
// that a beta draw of two tiny shapes never divides 0 by 0. Why written here, not taken from a
// library: Boost.Random has no other gamma, and std::gamma_distribution's stream is left to each
// standard library (libstdc++ and libc++ differ), which would break "the same seed gives the same
// result on every platform"; this is the textbook algorithm over Boost.Random's portable parts.
class gamma_draw {
 public:
  explicit gamma_draw(double shape)
      : boosted_(shape < 1.0),
        inv_shape_(1.0 / shape),
        d_((boosted_ ? shape + 1.0 : shape) - 1.0 / 3.0),
        c_(1.0 / std::sqrt(9.0 * d_)) {}
  bool boosted() const { return boosted_; }
  // A Gamma(shape) draw; with a shape below 1, a Gamma(shape + 1) draw g and log_scale +=
  // log(U) / shape (the Gamma(shape) draw is g exp(log_scale)).
  template <class Engine>
  double operator()(Engine& engine, double& log_scale) const {
    boost::random::normal_distribution<double> normal;
    boost::random::uniform_01<double> uniform;
    double g = 0.0;
    for (;;) {
      double x = 0.0, v = 0.0;
      do {
        x = normal(engine);
        v = 1.0 + c_ * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = uniform(engine), x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d_ * (1.0 - v + std::log(v))) {
        g = d_ * v;
        break;
      }
    }
    if (boosted_) log_scale += std::log(1.0 - uniform(engine)) * inv_shape_;  // U in (0, 1]
    return g;
  }

 private:
  bool boosted_;
  double inv_shape_, d_, c_;
};

// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (X drawn first), in [0, 1].
class beta_draw {
 public:
  beta_draw(double a, double b) : x_(a), y_(b) {}
  template <class Engine>
  double operator()(Engine& engine) const {
    double sx = 0.0, sy = 0.0;
    const double gx = x_(engine, sx);
    const double gy = y_(engine, sy);
    if (!x_.boosted() && !y_.boosted()) return gx / (gx + gy);
    return 1.0 / (1.0 + gy / gx * std::exp(sy - sx));  // exp overflows to inf (0) or underflows to 0 (1)
  }

 private:
  gamma_draw x_, y_;
};

// The 1-based position k of the inverted empirical cdf (numpy's method="inverted_cdf") among
// size sorted values: the smallest k with k >= q * size, rounded up after removing rounding noise.
inline std::size_t inverted_cdf_position(std::size_t size, double q) {
  const double position = q * static_cast<double>(size);
  const auto k = static_cast<std::size_t>(std::ceil(position - 1e-9 * std::max(1.0, position)));
  return std::clamp<std::size_t>(k, 1, size);
}

// The value at 1-based sorted position k of values[from, end), all of values[0, from) being
// <= it (nth_element: linear, not a sort; reorders values).
inline std::int32_t nth_value(std::vector<std::int32_t>& values, std::size_t from, std::size_t k) {
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(k - 1);
  std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(from), at, values.end());
  return *at;
}

// Sorts the draws x (values in [0, 1], so their IEEE bits order as unsigned integers) from the
// highest down, with their unit indices: LSD radix sort by bytes of the upper 32 bits, skipping
// the bytes all values share (most of the exponent), then each run of equal upper bits (rare:
// 2^-20 apart relative) by the whole key, so the order is exact. About 10 times faster than
// std::sort at 10^4 units.
inline void sort_draws_descending(std::vector<std::uint64_t>& key, std::vector<std::int32_t>& unit,
                                  std::vector<std::uint64_t>& key_tmp, std::vector<std::int32_t>& unit_tmp) {
  const std::size_t m = key.size();
  key_tmp.resize(m), unit_tmp.resize(m);
  for (int shift = 32; shift < 64; shift += 8) {
    std::array<std::size_t, 257> count{};
    for (std::size_t i = 0; i < m; ++i) ++count[255 - ((key[i] >> shift) & 0xFF) + 1];  // descending
    if (std::any_of(count.begin() + 1, count.end(), [&](std::size_t c) { return c == m; })) continue;
    for (std::size_t b = 1; b < 257; ++b) count[b] += count[b - 1];
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t to = count[255 - ((key[i] >> shift) & 0xFF)]++;
      key_tmp[to] = key[i], unit_tmp[to] = unit[i];
    }
    key.swap(key_tmp), unit.swap(unit_tmp);
  }
  std::vector<std::pair<std::uint64_t, std::int32_t>> run;
  for (std::size_t j = 0; j < m;) {
    std::size_t e = j + 1;
    while (e < m && (key[e] >> 32) == (key[j] >> 32)) ++e;
    if (e - j > 1) {  // as the radix passes, an exact tie keeps the units in index order
      run.clear();
      for (std::size_t t = j; t < e; ++t) run.emplace_back(key[t], unit[t]);
      std::sort(run.begin(), run.end(), [](const auto& x, const auto& y) {
        return x.first > y.first || (x.first == y.first && x.second < y.second);
      });
      for (std::size_t t = j; t < e; ++t) key[t] = run[t - j].first, unit[t] = run[t - j].second;
    }
    j = e;
  }
}

// Fills the per-unit summaries from the draws' lowest ranks (unit-major, low[i * draws + d]) and
// the ties (unit, draw, highest rank; sorted), the rare draws where a unit shares its value.
// Units are summarised in chunks over the threads (each unit's result depends on it alone).
inline rank_result summarise_ranks(std::size_t units, const rank_options& o, const std::vector<std::int32_t>& low,
                                   const std::vector<std::array<std::int32_t, 3>>& ties) {
  rank_result r;
  r.top = o.top, r.draws = o.draws, r.ranked = units;
  r.mean.resize(units), r.low.resize(units), r.high.resize(units), r.p_top.resize(units), r.p_bottom.resize(units);
  const auto m = static_cast<std::int32_t>(units), k = static_cast<std::int32_t>(o.top);
  const auto draws = static_cast<double>(o.draws);
  const std::size_t k_low = inverted_cdf_position(o.draws, o.alpha / 2.0);
  const std::size_t k_high = inverted_cdf_position(o.draws, 1.0 - o.alpha / 2.0);
  constexpr std::size_t chunk = 256;
  attain::for_rows((units + chunk - 1) / chunk, std::max(1u, o.threads),
                   [&](std::size_t c) {
                     std::vector<std::int32_t> lo(o.draws), hi;
                     const std::size_t first = c * chunk;
                     auto t = static_cast<std::size_t>(
                         std::lower_bound(ties.begin(), ties.end(),
                                          std::array<std::int32_t, 3>{static_cast<std::int32_t>(first), 0, 0}) -
                         ties.begin());
                     for (std::size_t i = first; i < std::min(units, first + chunk); ++i) {
                       std::copy_n(low.begin() + static_cast<std::ptrdiff_t>(i * o.draws), o.draws, lo.begin());
                       const bool tied = t < ties.size() && static_cast<std::size_t>(ties[t][0]) == i;
                       if (tied) hi = lo;
                       for (; t < ties.size() && static_cast<std::size_t>(ties[t][0]) == i; ++t)
                         hi[static_cast<std::size_t>(ties[t][1])] = ties[t][2];
                       const std::vector<std::int32_t>& h = tied ? hi : lo;
                       double sum = 0.0, top = 0.0, bottom = 0.0;
                       for (std::size_t d = 0; d < o.draws; ++d) {
                         sum += 0.5 * (lo[d] + h[d]);
                         top += h[d] <= k ? 1.0 : 0.0;
                         bottom += lo[d] >= m - k + 1 ? 1.0 : 0.0;
                       }
                       r.mean[i] = sum / draws, r.p_top[i] = top / draws, r.p_bottom[i] = bottom / draws;
                       r.low[i] = nth_value(lo, 0, k_low);
                       // Without ties the upper end is in the part of lo that nth_element left above k_low.
                       r.high[i] = tied ? nth_value(hi, 0, k_high) : nth_value(lo, std::min(k_low, k_high - 1), k_high);
                     }
                   },
                   false);
  return r;
}

}  // namespace detail

ATTAIN_FUNC rank_result posterior_ranks(std::span<const double> a, std::span<const double> b,
                                        const rank_options& options) {
  detail::require_same_length("a", a.size(), "b", b.size());
  const std::size_t m = a.size();
  for (std::size_t i = 0; i < m; ++i) {
    if (!(a[i] > 0.0 && std::isfinite(a[i])))
      detail::fail<invalid_argument>(detail::at("a", i), " = ", a[i], " is not a positive finite number");
    if (!(b[i] > 0.0 && std::isfinite(b[i])))
      detail::fail<invalid_argument>(detail::at("b", i), " = ", b[i], " is not a positive finite number");
  }
  detail::validate_rank_options(options, m);
  const std::size_t draws = options.draws;
  // low[i * draws + d]: unit i's rank in draw d (the lowest of its tie). Draws run in blocks of
  // 32, each with its own engine seeded from (seed, block), so the result does not depend on
  // the threads. A block keeps its ranks draw-major (rank[k * m + i], written in the order of
  // the sort) and copies them to low in tiles at its end, not scattered over low's m * draws.
  std::vector<detail::beta_draw> posterior;
  posterior.reserve(m);
  for (std::size_t i = 0; i < m; ++i) posterior.emplace_back(a[i], b[i]);
  std::vector<std::int32_t> low(m * draws);
  constexpr std::size_t block = 32, tile = 16;
  const std::size_t blocks = (draws + block - 1) / block;
  std::vector<std::vector<std::array<std::int32_t, 3>>> block_ties(blocks);
  for_rows(
      blocks, std::max(1u, options.threads),
      [&](std::size_t blk) {
        boost::random::mt19937_64 engine(options.seed ^ (0x9E3779B97F4A7C15ULL * (blk + 1)));
        const std::size_t first = blk * block, count = std::min(draws, first + block) - first;
        std::vector<std::uint64_t> key(m), key_tmp;
        std::vector<std::int32_t> unit(m), unit_tmp, rank(count * m);
        for (std::size_t k = 0; k < count; ++k) {
          for (std::size_t i = 0; i < m; ++i) {
            const double x = posterior[i](engine) + 0.0;  // no -0
            key[i] = std::bit_cast<std::uint64_t>(x), unit[i] = static_cast<std::int32_t>(i);
          }
          detail::sort_draws_descending(key, unit, key_tmp, unit_tmp);
          std::int32_t* row = rank.data() + k * m;
          for (std::size_t j = 0; j < m;) {  // key[j .. e) tie: ranks j + 1 .. e
            std::size_t e = j + 1;
            while (e < m && key[e] == key[j]) ++e;
            for (std::size_t t = j; t < e; ++t) {
              row[unit[t]] = static_cast<std::int32_t>(j + 1);
              if (e - j > 1)
                block_ties[blk].push_back(
                    {unit[t], static_cast<std::int32_t>(first + k), static_cast<std::int32_t>(e)});
            }
            j = e;
          }
        }
        for (std::size_t i0 = 0; i0 < m; i0 += tile)
          for (std::size_t k = 0; k < count; ++k)
            for (std::size_t i = i0; i < std::min(m, i0 + tile); ++i) low[i * draws + first + k] = rank[k * m + i];
      },
      false);
  std::vector<std::array<std::int32_t, 3>> ties;
  for (auto& t : block_ties) ties.insert(ties.end(), t.begin(), t.end());
  std::sort(ties.begin(), ties.end());
  return detail::summarise_ranks(m, options, low, ties);
}

ATTAIN_FUNC rank_result rank_intervals(const shrinkage_result& fit, std::span<const std::int64_t> done,
                                       std::span<const std::int64_t> eligible, const rank_options& options) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  detail::require_same_length("fit", fit.ratio.size(), "done", done.size());
  std::vector<std::size_t> ranked;
  std::vector<double> pa, pb;
  for (std::size_t i = 0; i < done.size(); ++i) {
    validate_tally(done[i], eligible[i], i);
    if (eligible[i] == 0) continue;
    ranked.push_back(i);
    pa.push_back(fit.prior.a + static_cast<double>(done[i]));
    pb.push_back(fit.prior.b + static_cast<double>(eligible[i] - done[i]));
  }
  const std::size_t m = ranked.size();
  rank_result sub;
  if (fit.prior.boundary) {  // one posterior point for all: every draw is one tie of all m units
    detail::validate_rank_options(options, m);
    sub.top = options.top, sub.draws = options.draws, sub.ranked = m;
    const double all_top = options.top == m ? 1.0 : 0.0;
    sub.mean.assign(m, 0.5 * (1.0 + static_cast<double>(m)));
    sub.low.assign(m, 1), sub.high.assign(m, static_cast<std::int64_t>(m));
    sub.p_top.assign(m, all_top), sub.p_bottom.assign(m, all_top);
  } else {
    sub = posterior_ranks(pa, pb, options);
  }
  rank_result r;
  r.top = sub.top, r.draws = sub.draws, r.ranked = m;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = done.size();
  r.mean.assign(n, nan), r.p_top.assign(n, nan), r.p_bottom.assign(n, nan), r.low.assign(n, 0), r.high.assign(n, 0);
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t i = ranked[j];
    r.mean[i] = sub.mean[j], r.low[i] = sub.low[j], r.high[i] = sub.high[j];
    r.p_top[i] = sub.p_top[j], r.p_bottom[i] = sub.p_bottom[j];
  }
  return r;
}

ATTAIN_FUNC target_test_result target_flags(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                            std::span<const double> target, double fdr) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  const std::size_t n = done.size();
  if (target.size() != 1) detail::require_same_length("target", target.size(), "done", n);
  if (!(fdr > 0.0 && fdr < 1.0)) detail::fail<invalid_argument>("fdr = ", fdr, " is outside (0, 1)");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  target_test_result r;
  r.p_below.assign(n, nan), r.p_above.assign(n, nan), r.q.assign(n, nan), r.flag.assign(n, 0);
  std::vector<std::size_t> tested;
  std::vector<double> p;
  for (std::size_t i = 0; i < n; ++i) {
    validate_tally(done[i], eligible[i], i);
    const double t = target.size() == 1 ? target[0] : target[i];
    if (std::isnan(t)) continue;
    if (!(t >= 0.0 && t <= 1.0))
      detail::fail<invalid_argument>(detail::at("target", target.size() == 1 ? 0 : i), " = ", t,
                                     " is not a ratio in [0, 1]");
    if (eligible[i] == 0) continue;
    const boost::math::binomial_distribution<double, detail::shrinkage_policy> dist(static_cast<double>(eligible[i]),
                                                                                    t);
    const auto y = static_cast<double>(done[i]);
    r.p_below[i] = boost::math::cdf(dist, y);
    r.p_above[i] = done[i] == 0 ? 1.0 : boost::math::cdf(boost::math::complement(dist, y - 1.0));
    tested.push_back(i);
    p.push_back(std::min(1.0, 2.0 * std::min(r.p_below[i], r.p_above[i])));
  }
  const std::vector<double> q = benjamini_hochberg(p);
  for (std::size_t j = 0; j < tested.size(); ++j) {
    const std::size_t i = tested[j];
    r.q[i] = q[j];
    if (q[j] <= fdr) r.flag[i] = r.p_below[i] < r.p_above[i] ? -1 : 1;
  }
  return r;
}

ATTAIN_FUNC shrinkage_result beta_binomial_shrinkage(std::span<const std::int64_t> done,
                                                     std::span<const std::int64_t> eligible, shrinkage_method method,
                                                     double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) detail::fail<invalid_argument>("alpha = ", alpha, " is outside (0, 1)");
  std::int64_t sy = 0, sn = 0;
  std::size_t k = 0;
  detail::validate_units(done, eligible, sy, sn, k);
  const double mu = static_cast<double>(sy) / static_cast<double>(sn);
  shrinkage_result r;
  const double rho = detail::anova_rho(done, eligible, mu, static_cast<double>(sn), k);
  if (method == shrinkage_method::moments) {
    if (rho <= 0.0 || (1.0 - rho) / rho > detail::max_precision) {
      detail::set_boundary(r.prior, mu);
      r.prior.log_likelihood = detail::binomial_loglik(done, eligible, mu);
    } else {
      r.prior.rho = rho, r.prior.mean = mu, r.prior.precision = (1.0 - rho) / rho;
      r.prior.a = mu * r.prior.precision, r.prior.b = (1.0 - mu) * r.prior.precision;
    }
  } else {
    // Start from the moments estimate (or a mildly dispersed prior when it is at the boundary).
    const double m0 = rho > 0.0 ? std::clamp((1.0 - rho) / rho, 1e-3, 1e6) : 1e3;
    r.prior = detail::fit_ml(done, eligible, mu, m0);
    // As M grows the likelihood tends to the binomial one at the pooled ratio; when the fit does
    // no better than that limit, the maximum is at the boundary (the likelihood is flat there,
    // so Newton stops at some large, meaningless M).
    const double binomial = detail::binomial_loglik(done, eligible, mu);
    if (r.prior.precision > detail::max_precision || r.prior.log_likelihood <= binomial + 1e-9 * std::abs(binomial)) {
      const std::size_t iterations = r.prior.iterations;
      detail::set_boundary(r.prior, mu);
      r.prior.iterations = iterations, r.prior.log_likelihood = binomial;
    }
  }
  if (method == shrinkage_method::moments && !r.prior.boundary)
    r.prior.log_likelihood = detail::bb_evaluate(done, eligible, r.prior.a, r.prior.b, false).loglik;
  const std::size_t n = done.size();
  r.ratio.resize(n), r.shrunk.resize(n), r.low.resize(n), r.high.resize(n);
  // At the boundary every unit's true ratio is the one common ratio; its interval is the
  // common ratio's own (Jeffreys: Beta(sum y + 1/2, sum (n - y) + 1/2)), not a zero width.
  double common_low = mu, common_high = mu;
  if (r.prior.boundary) {
    const double ca = static_cast<double>(sy) + 0.5, cb = static_cast<double>(sn - sy) + 0.5;
    common_low = boost::math::ibeta_inv(ca, cb, alpha / 2.0, detail::shrinkage_policy());
    common_high = boost::math::ibetac_inv(ca, cb, alpha / 2.0, detail::shrinkage_policy());
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double yi = static_cast<double>(done[i]), ni = static_cast<double>(eligible[i]);
    r.ratio[i] = eligible[i] > 0 ? yi / ni : std::numeric_limits<double>::quiet_NaN();
    if (r.prior.boundary) {
      r.shrunk[i] = mu, r.low[i] = common_low, r.high[i] = common_high;
      continue;
    }
    const double pa = r.prior.a + yi, pb = r.prior.b + ni - yi;
    r.shrunk[i] = pa / (pa + pb);
    r.low[i] = boost::math::ibeta_inv(pa, pb, alpha / 2.0, detail::shrinkage_policy());
    r.high[i] = boost::math::ibetac_inv(pa, pb, alpha / 2.0, detail::shrinkage_policy());
  }
  return r;
}

ATTAIN_FUNC std::vector<double> benjamini_hochberg(std::span<const double> p) {
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0.0 && p[i] <= 1.0))
      detail::fail<invalid_argument>(detail::at("p", i), " = ", p[i],
                                     std::isnan(p[i]) ? " is NaN" : " is outside [0, 1]");
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> q(m);
  double running = 1.0;
  for (std::size_t j = m; j-- > 0;) {
    const std::size_t i = order[j];
    running = std::min(running, p[i] / (static_cast<double>(j + 1) / static_cast<double>(m)));  // as statsmodels
    q[i] = running;
  }
  return q;
}

}  // namespace attain
