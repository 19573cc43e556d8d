#pragma once
// The compiled part of attain/stats/funnel.hpp (see attain/core/config.hpp).
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "attain/stats/detail/math.hpp"
#include "attain/stats/funnel.hpp"

namespace attain {

namespace detail {

inline void validate_level(double level, std::size_t l) {
  if (!(level > 0.0 && level < 1.0))
    fail<invalid_argument>(at("levels", l), " = ", level, " is not a coverage strictly between 0 and 1");
}

inline void validate_centre(double theta, std::size_t i, const char* name) {
  if (!(theta > 0.0 && theta < 1.0))
    fail<invalid_argument>(at(name, i), " = ", theta,
                           " is not strictly between 0 and 1: a funnel around 0 or 1 has no width");
}

inline void validate_spread(const funnel_spread& spread) {
  if (!(spread.phi > 0.0 && std::isfinite(spread.phi)))
    fail<invalid_argument>("phi = ", spread.phi, " is not a positive finite number");
  if (!(spread.tau2 >= 0.0 && std::isfinite(spread.tau2)))
    fail<invalid_argument>("tau2 = ", spread.tau2, " is not a non-negative finite number");
  if (!(spread.rho >= 0.0 && spread.rho < 1.0))
    fail<invalid_argument>("rho = ", spread.rho, " is not an intra-unit correlation in [0, 1)");
}

// A discrete distribution on 0..n kept where its mass is not negligible: pmf[j] = P(X = lo + j),
// cdf[j] = F(lo + j) summed from below, sf[j] = 1 - F(lo + j) summed from above (accurate when
// p is near 1).
struct truncated_pmf {
  std::int64_t n = 0, lo = 0;
  std::vector<double> pmf, cdf, sf;
};

// Spiegelhalter's interpolated limit for tail probability p.
inline double interpolated_limit(const truncated_pmf& d, double p) {
  const std::size_t last = d.pmf.size() - 1;
  std::size_t j = 0;
  if (p < 0.5) {
    j = std::min(last, static_cast<std::size_t>(std::lower_bound(d.cdf.begin(), d.cdf.end(), p) - d.cdf.begin()));
  } else {  // F(r) >= p  <=>  1 - F(r) <= 1 - p; sf is non-increasing
    const double q = 1.0 - p;
    while (j < last && d.sf[j] > q) ++j;
  }
  const double excess = p < 0.5 ? d.cdf[j] - p : (1.0 - p) - d.sf[j];  // F(r) - p
  const double a = d.pmf[j] > 0.0 ? excess / d.pmf[j] : 0.0;
  return std::max(0.0, (static_cast<double>(d.lo + static_cast<std::int64_t>(j)) - a) / static_cast<double>(d.n));
}

// The Beta-binomial(n, a, b) pmf with a = theta (1 - rho) / rho, b = (1 - theta) (1 - rho) / rho,
// from the ratio recurrence P(k + 1) / P(k) = (n - k)(k + a) / ((k + 1)(n - k - 1 + b)) walked
// from k = round(n theta) outwards and normalised (no lgamma of large arguments, no underflow of
// P(0)). The walk stops where a weight falls below 1e-22 of the largest so far: past the mode
// the weights fall at least geometrically, so the mass left out is below n 1e-22 of the total
// (1e-15 at n = 10^7), and a large unit costs O(its spread), not O(n).
inline truncated_pmf beta_binomial_pmf(std::int64_t n, double theta, double rho) {
  const double a = theta * (1.0 - rho) / rho, b = (1.0 - theta) * (1.0 - rho) / rho, nd = static_cast<double>(n);
  const auto ratio = [&](double k) {  // P(k + 1) / P(k)
    return ((nd - k) * (k + a)) / ((k + 1.0) * (nd - k - 1.0 + b));
  };
  constexpr double negligible = 1e-22, rescale = 1e250;
  const std::int64_t start = std::min(n, std::max<std::int64_t>(0, std::llround(nd * theta)));
  std::vector<double> up{1.0}, down;  // weights of start, start + 1, ... and start - 1, ...
  double top = 1.0;
  const auto shrink = [&](double factor) {  // keep the weights finite (J- or U-shaped pmfs)
    for (double& v : up) v *= factor;
    for (double& v : down) v *= factor;
    top *= factor;
  };
  for (std::int64_t k = start; k < n; ++k) {
    double w = up.back() * ratio(static_cast<double>(k));
    if (w > rescale) shrink(1.0 / rescale), w /= rescale;
    top = std::max(top, w);
    up.push_back(w);
    if (w < top * negligible) break;
  }
  double w = up.front();
  for (std::int64_t k = start; k > 0; --k) {
    w /= ratio(static_cast<double>(k - 1));
    if (w > rescale) shrink(1.0 / rescale), w /= rescale;
    top = std::max(top, w);
    down.push_back(w);
    if (w < top * negligible) break;
  }
  truncated_pmf d;
  d.n = n;
  d.lo = start - static_cast<std::int64_t>(down.size());
  d.pmf.assign(down.rbegin(), down.rend());
  d.pmf.insert(d.pmf.end(), up.begin(), up.end());
  double total = 0.0;
  for (double v : d.pmf) total += v;
  for (double& v : d.pmf) v /= total;
  d.cdf.resize(d.pmf.size()), d.sf.resize(d.pmf.size());
  double run = 0.0;
  for (std::size_t j = 0; j < d.pmf.size(); ++j) d.cdf[j] = (run += d.pmf[j]);
  run = 0.0;
  for (std::size_t j = d.pmf.size(); j-- > 0;) {
    d.sf[j] = run;  // P(X > lo + j)
    run += d.pmf[j];
  }
  return d;
}

// The beta-binomial cdf at one point without summing its pmf, for wide distributions (a large
// denominator n with a large n rho: the walk above then costs O(n)). With U ~ Beta(k + 1, n - k)
// and P ~ Beta(a, b) independent, P(Binomial(n, p) <= k) = P(U > p), so
//   F(k) = P(P < U) = E_U[I_U(a, b)],   1 - F(k) = E_U[1 - I_U(a, b)]
// (I the regularised incomplete beta, Boost's ibeta / ibetac). U is narrow (sd about
// sqrt(u (1 - u) / n)) next to P (sd sqrt(theta (1 - theta) rho)), so I_u(a, b) is smooth over U's
// spread and N-point Gauss quadrature with U's density as the weight (Gauss-Jacobi; nodes and
// weights by Golub-Welsch: the eigen-decomposition of the Jacobi matrix, Eigen's tridiagonal
// solver) converges like (sd_U / sd_P)^(2N). The caller checks N against N + 4 nodes.
class beta_binomial_cdf {
 public:
  static constexpr int max_nodes = 32;

  beta_binomial_cdf(std::int64_t n, double a, double b) : n_(n), a_(a), b_(b), nd_(static_cast<double>(n)) {
    // lgamma(n + a + b) - lgamma(a + b): the part of ln pmf(k) that does not depend on k.
    log_norm_ = lgamma_ratio(a + b, nd_);
  }

  // F(k) (lower) or 1 - F(k) by Gauss-Jacobi quadrature with `nodes` nodes; k in [0, n - 1].
  double tail(std::int64_t k, int nodes, bool lower) const {
    nodes = std::clamp(nodes, 2, max_nodes);
    // Jacobi polynomials for the weight (1 - x)^al (1 + x)^be on [-1, 1], u = (1 + x) / 2:
    // U ~ Beta(k + 1, n - k) gives be = k, al = n - k - 1. Monic recurrence coefficients.
    const double al = nd_ - static_cast<double>(k) - 1.0, be = static_cast<double>(k), s = al + be;
    using vector = Eigen::Matrix<double, max_nodes, 1>;  // on the stack
    vector diag = vector::Zero(), sub = vector::Zero();
    for (int j = 0; j < nodes; ++j) {
      const double jj = j, t = 2.0 * jj + s;
      diag(j) = j == 0 ? (be - al) / (s + 2.0) : (be - al) * (be + al) / (t * (t + 2.0));
      if (j > 0) sub(j - 1) = std::sqrt(4.0 * jj * (jj + al) * (jj + be) * (jj + s) / (t * t * (t + 1.0) * (t - 1.0)));
    }
    // Nodes: the eigenvalues (Eigen, values only); weights from the orthonormal polynomials,
    // w = 1 / sum_i p_i(x)^2 (the Christoffel numbers; the same as Golub-Welsch's squared first
    // eigenvector components, without computing the eigenvectors).
    // The nodes cluster within a few sd of U around its mean: centre and scale the matrix by them
    // (the weights do not change), or QR struggles to resolve eigenvalues 1e-3 apart at norm 1.
    const double centre = diag(0), scale = sub(0);
    diag.head(nodes) = (diag.head(nodes).array() - centre) / scale, sub /= scale;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, max_nodes, max_nodes>> eig;
    eig.computeFromTridiagonal(diag.head(nodes), sub.head(nodes - 1), Eigen::EigenvaluesOnly);
    double sum = 0.0;
    for (int j = 0; j < nodes; ++j) {
      const double x = eig.eigenvalues()(j);
      double before = 0.0, now = 1.0, norm = 1.0;
      for (int i = 0; i + 1 < nodes; ++i) {
        const double next = ((x - diag(i)) * now - (i > 0 ? sub(i - 1) * before : 0.0)) / sub(i);
        before = now, now = next, norm += next * next;
      }
      const double w = 1.0 / norm, u = std::clamp(0.5 * (1.0 + centre + scale * x), 0.0, 1.0);
      sum += w * (lower ? boost::math::ibeta(a_, b_, u, math_policy()) : boost::math::ibetac(a_, b_, u, math_policy()));
    }
    return sum;
  }

  // pmf(k) = C(n, k) B(k + a, n - k + b) / B(a, b), from differences of lgamma that do not cancel.
  double pmf(std::int64_t k) const {
    const double kd = static_cast<double>(k), rest = nd_ - kd;
    return std::exp(lgamma_ratio(1.0, nd_) - lgamma_ratio(1.0, kd) - lgamma_ratio(1.0, rest) + lgamma_ratio(a_, kd) +
                    lgamma_ratio(b_, rest) - log_norm_);
  }

  // pmf(k + 1) / pmf(k).
  double ratio(std::int64_t k) const {
    const double kd = static_cast<double>(k);
    return ((nd_ - kd) * (kd + a_)) / ((kd + 1.0) * (nd_ - kd - 1.0 + b_));
  }

 private:
  // lgamma(z + y) - lgamma(z) (y >= 0) without cancelling two large lgammas.
  static double lgamma_ratio(double z, double y) {
    if (y == 0.0) return 0.0;
    if (z >= 15.0) {
      const auto rem = [](double x) {
        const double r = 1.0 / x, r2 = r * r;
        return r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
      };
      return (z - 0.5) * std::log1p(y / z) + y * std::log(z + y) - y + rem(z + y) - rem(z);
    }
    if (z + y < 15.0) return boost::math::lgamma(z + y, math_policy()) - boost::math::lgamma(z, math_policy());
    // z small, z + y large: split at 15 - z... lgamma(z + y) - lgamma(z) = [lgamma(z + y) - lgamma(w)]
    // + [lgamma(w) - lgamma(z)] with w = z + ceil(15 - z) (an integer step, exact via the recursion).
    double w = z, head = 0.0;
    while (w < 15.0) head += std::log(w), w += 1.0;  // lgamma(w) - lgamma(z) = sum ln(z + i)
    return head + lgamma_ratio(w, y - (w - z));
  }

  std::int64_t n_;
  double a_, b_, nd_, log_norm_ = 0.0;
};

// Spiegelhalter's interpolated beta-binomial limit for tail probability p without the whole pmf:
// h(k) = F(k) - p (lower tail) or (1 - p) - (1 - F(k)) (upper tail, accurate near p = 1) is
// found at a Cornish-Fisher start, refined by safeguarded Newton steps (each a quadrature,
// bracketed so it cannot diverge) and finished by a walk of the pmf recurrence to the smallest
// r with h(r) >= 0 (a hint, the limit as a ratio at a nearby denominator, replaces the
// Cornish-Fisher start). Returns NaN when the quadrature does not agree with itself to 1e-13
// (the caller then sums the pmf).
inline double quadrature_limit(const beta_binomial_cdf& cdf, std::int64_t n, double theta, double rho, double p,
                               int nodes, double hint) {
  const double nd = static_cast<double>(n), a = theta * (1.0 - rho) / rho, b = (1.0 - theta) * (1.0 - rho) / rho;
  const bool lower = p < 0.5;
  const double q = 1.0 - p;
  const auto h_at = [&](std::int64_t k, int m) {  // h(k) by the quadrature with m nodes
    if (k >= n) return lower ? 1.0 - p : q;
    return lower ? cdf.tail(k, m, true) - p : q - cdf.tail(k, m, false);
  };
  // Cornish-Fisher start from the beta-binomial's mean, variance and skewness.
  const double var = nd * theta * (1.0 - theta) * (1.0 + (nd - 1.0) * rho), sd = std::sqrt(var);
  const double skew =
      (a + b + 2.0 * nd) * (b - a) / (a + b + 2.0) * std::sqrt((1.0 + a + b) / (nd * a * b * (nd + a + b)));
  const double z = -normal_upper_quantile(p);
  const double x0 = nd * theta + sd * (z + (z * z - 1.0) * skew / 6.0);
  std::int64_t lo = -1, hi = n;  // h(lo) < 0 <= h(hi)
  // A hint (the limit at a neighbouring denominator, as a ratio) starts closer than Cornish-Fisher.
  auto k = std::clamp<std::int64_t>(std::llround(std::isnan(hint) ? x0 : hint * nd + 0.5), 0, n);
  double h = 0.0;
  for (int step = 0;; ++step) {
    if (step > 64) return std::numeric_limits<double>::quiet_NaN();
    h = h_at(k, nodes);
    (h >= 0.0 ? hi : lo) = k;
    if (hi - lo <= 1) break;
    const double pk = k < n ? cdf.pmf(k) : 0.0;
    double next = pk > 0.0 ? static_cast<double>(k) - h / pk : std::numeric_limits<double>::quiet_NaN();
    if (std::abs(next - static_cast<double>(k)) <= 64.0) break;  // close: walk the rest
    if (!(next > static_cast<double>(lo) && next < static_cast<double>(hi))) next = 0.5 * (lo + hi);
    k = std::clamp<std::int64_t>(std::llround(next), lo + 1, hi - 1);
  }
  // The quadrature must agree with 4 more nodes where the walk starts (else the caller sums).
  if (const double check = h_at(k, nodes + 4); std::abs(check - h) > 1e-13)
    return std::numeric_limits<double>::quiet_NaN();
  else
    h = check;
  // Walk: h(k + 1) = h(k) + pmf(k + 1), h(k - 1) = h(k) - pmf(k).
  double pk = cdf.pmf(k);
  while (h < 0.0 && k < n) {
    pk *= cdf.ratio(k), ++k;
    h += pk;
  }
  while (k > 0 && h - pk >= 0.0) {
    h -= pk, --k;
    pk /= cdf.ratio(k);
  }
  const double frac = pk > 0.0 ? h / pk : 0.0;
  return std::max(0.0, (static_cast<double>(k) - frac) / nd);
}

// The Gauss-Jacobi nodes needed for F to 1e-14 at denominator n (0: sum the pmf instead, which
// is cheaper when the distribution is narrow, or the only sure way when U is not much narrower
// than P).
inline int quadrature_nodes(std::int64_t n, double theta, double rho) {
  const double nd = static_cast<double>(n);
  const double sd = std::sqrt(nd * theta * (1.0 - theta) * (1.0 + (nd - 1.0) * rho));
  if (sd < 400.0) return 0;
  // I_u(a, b) changes over about sd_P / 4 in the tails where the limits lie.
  const double r = 4.0 * std::sqrt(theta * (1.0 - theta) / (nd + 2.0)) / std::sqrt(theta * (1.0 - theta) * rho);
  if (r > 0.5) return 0;
  return std::clamp(static_cast<int>(std::ceil(-14.0 * std::log(10.0) / (2.0 * std::log(r)))), 2, 24);
}

// @p hints: the limits at a nearby denominator with the same theta and rho (empty: none).
inline void beta_binomial_limits(std::int64_t n, double theta, double rho, std::span<const double> levels,
                                 std::span<interval> out, std::span<const interval> hints = {}) {
  if (const int nodes = quadrature_nodes(n, theta, rho); nodes > 0) {
    const double a = theta * (1.0 - rho) / rho, b = (1.0 - theta) * (1.0 - rho) / rho;
    const double none = std::numeric_limits<double>::quiet_NaN();
    const beta_binomial_cdf cdf(n, a, b);
    bool ok = true;
    for (std::size_t l = 0; l < levels.size() && ok; ++l) {
      const bool hinted = hints.size() == levels.size();
      out[l] = {quadrature_limit(cdf, n, theta, rho, (1.0 - levels[l]) / 2.0, nodes, hinted ? hints[l].low : none),
                quadrature_limit(cdf, n, theta, rho, (1.0 + levels[l]) / 2.0, nodes, hinted ? hints[l].high : none)};
      ok = !std::isnan(out[l].low) && !std::isnan(out[l].high);
    }
    if (ok) return;
  }
  const truncated_pmf d = beta_binomial_pmf(n, theta, rho);
  for (std::size_t l = 0; l < levels.size(); ++l)
    out[l] = {interpolated_limit(d, (1.0 - levels[l]) / 2.0), interpolated_limit(d, (1.0 + levels[l]) / 2.0)};
}

// REML tau^2 for deviations d with sampling variances v and an estimated mean: Fisher scoring
// (as metafor's rma.uni) with step halving at the boundary 0, from the DerSimonian-Laird
// estimate. Returns {tau2, steps}.
inline std::pair<double, int> reml_tau2(const std::vector<double>& d, const std::vector<double>& v) {
  const std::size_t k = d.size();
  const double vmin = *std::min_element(v.begin(), v.end());
  // DerSimonian-Laird start (mean estimated).
  double sw = 0.0, sw2 = 0.0, swd = 0.0;
  for (std::size_t i = 0; i < k; ++i) sw += 1.0 / v[i], sw2 += 1.0 / (v[i] * v[i]), swd += d[i] / v[i];
  double q = 0.0;
  for (std::size_t i = 0; i < k; ++i) q += (d[i] - swd / sw) * (d[i] - swd / sw) / v[i];
  const double c = sw - sw2 / sw;
  double tau2 = c > 0.0 ? std::max(0.0, (q - (static_cast<double>(k) - 1.0)) / c) : 0.0;
  for (int step = 1; step <= 1000; ++step) {
    double s1 = 0.0, s2 = 0.0, s3 = 0.0, m = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      const double w = 1.0 / (v[i] + tau2);
      s1 += w, s2 += w * w, s3 += w * w * w, m += w * d[i];
    }
    m /= s1;
    double pyy = 0.0;  // (P y)'(P y) with P = W - w w' / sum w: P y = w (d - m)
    for (std::size_t i = 0; i < k; ++i) {
      const double e = (d[i] - m) / (v[i] + tau2);
      pyy += e * e;
    }
    const double trace_p = s1 - s2 / s1, trace_pp = s2 - 2.0 * s3 / s1 + (s2 / s1) * (s2 / s1);
    if (!(trace_pp > 0.0)) return {tau2, step};
    double adj = (pyy - trace_p) / trace_pp;
    if (tau2 <= 0.0 && adj <= 0.0) return {0.0, step};  // the maximum is at the boundary
    while (tau2 + adj < 0.0) adj /= 2.0;
    tau2 += adj;
    if (std::abs(adj) <= 1e-10 * (tau2 + vmin)) return {tau2, step};
  }
  fail<error>("REML for tau2 did not converge in 1000 Fisher-scoring steps; use tau2_method = 'dersimonian_laird'");
}

// Spiegelhalter's interpolated binomial limit for tail probability p.
inline double exact_funnel_limit(std::int64_t n, double theta, double p) {
  using namespace boost::math;
  using quantile_policy = policies::policy<policies::promote_float<false>, policies::promote_double<false>,
                                           policies::discrete_quantile<policies::integer_round_up>>;
  const binomial_distribution<double, quantile_policy> dist(static_cast<double>(n), theta);
  double r = quantile(dist, p);
  // Make r exactly the smallest integer with F(r) >= p, whatever the root finder's rounding.
  while (r > 0.0 && cdf(dist, r - 1.0) >= p) r -= 1.0;
  while (r < static_cast<double>(n) && cdf(dist, r) < p) r += 1.0;
  const double f = cdf(dist, r), f_below = r > 0.0 ? cdf(dist, r - 1.0) : 0.0;
  const double a = f > f_below ? (f - p) / (f - f_below) : 0.0;
  return std::max(0.0, (r - a) / static_cast<double>(n));
}

inline double sampling_variance(std::int64_t n, double theta, funnel_scale scale) {
  const double nd = static_cast<double>(n);
  return scale == funnel_scale::proportion ? theta * (1.0 - theta) / nd : 1.0 / (4.0 * nd);
}

inline double to_scale(double y, funnel_scale scale) {
  return scale == funnel_scale::proportion ? y : std::asin(std::sqrt(y));
}

inline double from_scale(double y, funnel_scale scale) {
  if (scale == funnel_scale::proportion) return clip01(y);
  const double t = std::sin(std::min(std::max(y, 0.0), std::numbers::pi / 2.0));
  return t * t;
}

// R's type-7 quantile of sorted values (numpy's default "linear").
inline double type7_quantile(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

}  // namespace detail

ATTAIN_FUNC interval funnel_limit(std::int64_t n, double theta, double level, funnel_method method, funnel_scale scale,
                                  funnel_spread spread) {
  if (n <= 0) detail::fail<invalid_argument>("the denominator n = ", n, " is not positive");
  detail::validate_centre(theta, 0, "theta");
  detail::validate_level(level, 0);
  detail::validate_spread(spread);
  const double lo_p = (1.0 - level) / 2.0, hi_p = (1.0 + level) / 2.0;
  if (method == funnel_method::exact) {
    if (spread.phi != 1.0 || spread.tau2 != 0.0)
      detail::fail<invalid_argument>(
          "multiplicative or random-effects overdispersion needs normal limits (method = 'normal'), not exact ones");
    if (spread.rho > 0.0) {
      interval out;
      const double lv[1] = {level};
      detail::beta_binomial_limits(n, theta, spread.rho, lv, std::span<interval>(&out, 1));
      return out;
    }
    return {detail::exact_funnel_limit(n, theta, lo_p), detail::exact_funnel_limit(n, theta, hi_p)};
  }
  if (spread.rho != 0.0)
    detail::fail<invalid_argument>("beta-binomial overdispersion (rho) needs exact limits (method = 'exact')");
  const double z = normal_upper_quantile(lo_p);
  const double half = z * std::sqrt(spread.phi * detail::sampling_variance(n, theta, scale) + spread.tau2);
  const double y0 = detail::to_scale(theta, scale);
  return {detail::from_scale(y0 - half, scale), detail::from_scale(y0 + half, scale)};
}

ATTAIN_FUNC void funnel_curves(double theta, std::span<const std::int64_t> n, std::span<const double> levels,
                               funnel_method method, funnel_scale scale, funnel_spread spread, std::span<double> lower,
                               std::span<double> upper) {
  detail::require_same_length("lower", lower.size(), "levels x denominators", levels.size() * n.size());
  detail::require_same_length("upper", upper.size(), "levels x denominators", levels.size() * n.size());
  detail::validate_centre(theta, 0, "centre");
  detail::validate_spread(spread);
  for (std::size_t l = 0; l < levels.size(); ++l) detail::validate_level(levels[l], l);
  for (std::size_t j = 0; j < n.size(); ++j)
    if (n[j] <= 0) detail::fail<invalid_argument>(detail::at("denominators", j), " = ", n[j], " is not positive");
  for (std::size_t l = 0; l < levels.size(); ++l)
    for (std::size_t j = 0; j < n.size(); ++j) {
      const interval r = funnel_limit(n[j], theta, levels[l], method, scale, spread);
      lower[l * n.size() + j] = r.low;
      upper[l * n.size() + j] = r.high;
    }
}

ATTAIN_FUNC funnel_result funnel_limits(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                                        std::span<const double> target, const funnel_options& options) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  const std::size_t units = done.size(), nl = options.levels.size();
  if (target.size() > 1) detail::require_same_length("target", target.size(), "done", units);
  for (std::size_t l = 0; l < nl; ++l) detail::validate_level(options.levels[l], l);
  if (!(options.winsorise >= 0.0 && options.winsorise < 0.5))
    detail::fail<invalid_argument>("winsorise = ", options.winsorise, " is outside [0, 0.5)");
  const bool od = options.overdispersion != funnel_overdispersion::none;
  const bool bb = options.overdispersion == funnel_overdispersion::beta_binomial;
  if (od && !bb && options.method == funnel_method::exact)
    detail::fail<invalid_argument>(
        "multiplicative or random-effects overdispersion needs normal limits (method = 'normal'), not exact ones");
  if (bb && options.method != funnel_method::exact)
    detail::fail<invalid_argument>("beta-binomial overdispersion needs exact limits (method = 'exact')");
  if (od && units < 2) detail::fail<invalid_argument>("overdispersion needs at least 2 units, got ", units);

  tally total;
  for (std::size_t i = 0; i < units; ++i) {
    validate_tally(done[i], eligible[i], i);
    if (eligible[i] == 0)
      detail::fail<invalid_argument>(detail::at("eligible", i),
                                     " = 0: a unit with nothing eligible has no place on a funnel");
    total += tally{done[i], eligible[i]};
  }
  funnel_result r;
  r.levels = options.levels;
  r.centre.resize(units);
  if (target.empty()) {
    const double overall = completion_ratio_unchecked(total.done, total.eligible);
    if (units > 0) detail::validate_centre(overall, 0, "overall ratio (sum done / sum eligible)");
    std::fill(r.centre.begin(), r.centre.end(), overall);
  } else {
    for (std::size_t i = 0; i < units; ++i) {
      r.centre[i] = target.size() == 1 ? target[0] : target[i];
      detail::validate_centre(r.centre[i], target.size() == 1 ? 0 : i, "target");
    }
  }

  // z-scores, winsorised, then phi and the DerSimonian-Laird tau^2.
  r.ratio.resize(units), r.z.resize(units), r.z_winsorised.resize(units);
  double sum_w = 0.0, sum_w2 = 0.0, sum_n1 = 0.0;
  std::vector<double> s2s(units);
  for (std::size_t i = 0; i < units; ++i) {
    r.ratio[i] = completion_ratio_unchecked(done[i], eligible[i]);
    const double s2 = detail::sampling_variance(eligible[i], r.centre[i], options.scale);
    r.z[i] =
        (detail::to_scale(r.ratio[i], options.scale) - detail::to_scale(r.centre[i], options.scale)) / std::sqrt(s2);
    sum_w += 1.0 / s2, sum_w2 += 1.0 / (s2 * s2);
    sum_n1 += static_cast<double>(eligible[i] - 1);
    s2s[i] = s2;
  }
  if (units > 0) {
    std::vector<double> sorted(r.z);
    std::sort(sorted.begin(), sorted.end());
    const double lo = detail::type7_quantile(sorted, options.winsorise);
    const double hi = detail::type7_quantile(sorted, 1.0 - options.winsorise);
    double q = 0.0;
    for (std::size_t i = 0; i < units; ++i) {
      r.z_winsorised[i] = std::min(std::max(r.z[i], lo), hi);
      q += r.z_winsorised[i] * r.z_winsorised[i];
    }
    const double count = static_cast<double>(units);
    r.phi = q / count;
    const double denom = sum_w - sum_w2 / sum_w;
    r.tau2 = (q <= count - 1.0 || !(denom > 0.0)) ? 0.0 : (q - (count - 1.0)) / denom;
    if (options.tau2_method == funnel_tau2::reml && units >= 2) {
      std::vector<double> dev(units);
      for (std::size_t i = 0; i < units; ++i) dev[i] = r.z_winsorised[i] * std::sqrt(s2s[i]);
      std::tie(r.tau2, r.tau2_iterations) = detail::reml_tau2(dev, s2s);
    }
    // E z^2 = 1 + (n - 1) rho under a beta-binomial; kept below 1 (rho = 1 has no spread left).
    r.rho = sum_n1 > 0.0 ? std::min(std::max(0.0, (q - count) / sum_n1), 1.0 - 1e-9) : 0.0;
  }
  if (options.overdispersion == funnel_overdispersion::multiplicative) r.used.phi = std::max(r.phi, 1.0);
  if (options.overdispersion == funnel_overdispersion::random_effects) r.used.tau2 = r.tau2;
  if (bb) r.used.rho = r.rho;

  // The limits depend on (eligible, centre) only: visit the units in that order and compute each
  // distinct pair once (exact limits cost several binomial quantiles per level).
  std::vector<std::size_t> order(units);
  for (std::size_t i = 0; i < units; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return eligible[a] != eligible[b] ? eligible[a] < eligible[b] : r.centre[a] < r.centre[b];
  });
  r.lower.resize(units * nl), r.upper.resize(units * nl), r.flag.resize(units * nl);
  std::vector<interval> limits(nl), hints;
  for (std::size_t j = 0; j < units; ++j) {
    const std::size_t i = order[j], prev = j > 0 ? order[j - 1] : i;
    if (j == 0 || eligible[i] != eligible[prev] || r.centre[i] != r.centre[prev]) {
      if (r.used.rho > 0.0) {  // one pmf for all levels; the previous denominator's limits start the search
        if (j == 0 || r.centre[i] != r.centre[prev]) hints.clear();
        detail::beta_binomial_limits(eligible[i], r.centre[i], r.used.rho, options.levels, limits, hints);
        hints = limits;
      } else {
        for (std::size_t l = 0; l < nl; ++l)
          limits[l] = funnel_limit(eligible[i], r.centre[i], options.levels[l], options.method, options.scale, r.used);
      }
    }
    for (std::size_t l = 0; l < nl; ++l) {
      const std::size_t k = i * nl + l;
      r.lower[k] = limits[l].low, r.upper[k] = limits[l].high;
      r.flag[k] = r.ratio[i] > limits[l].high ? 1 : (r.ratio[i] < limits[l].low ? -1 : 0);
    }
  }
  return r;
}

}  // namespace attain
