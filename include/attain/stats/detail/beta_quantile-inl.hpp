#pragma once
/// @file attain/stats/detail/beta_quantile-inl.hpp
/// @brief Many beta quantiles at once: the Clopper-Pearson and Jeffreys limits (not a public
/// header: included by attain/stats/detail/ci-inl.hpp only).
///
/// Each quantile solves I_x(a, b) = p (a lower limit) or 1 - I_x(a, b) = p (an upper limit).
/// Boost.Math's ibeta_inv evaluates the incomplete beta (a continued fraction whose every step
/// waits on a division) once per Halley step. Here:
///  * the start is the Cornish-Fisher expansion of the beta quantile (the normal quantile of p is
///    computed once for all the units);
///  * the tail at the start is DiDonato and Morris' continued fraction (Boost's
///    ibeta_fraction2) with the density in Loader's saddle-point form (accurate for large
///    parameters), evaluated by Wallis' recurrence on an equivalent fraction without divisions;
///    the fractions of two or four quantiles (SSE2, or AVX2 where the processor has it) run in
///    lockstep in one vector register;
///  * from that one value the root follows without another fraction: near x0 the tail is
///    T(x0) +- f(x0) * integral of exp(log f(x0 + s) - log f(x0)) ds, whose Taylor series in s
///    is explicit to any order, and that polynomial is solved by Newton's method. The step is
///    taken when the series' last terms are negligible; otherwise the fraction is evaluated
///    again at a new point (Newton on the log of the tail, inside a bracket).
/// Quantiles that do not settle in a few rounds, or whose fraction does not converge, are handed
/// to ibeta_inv / ibetac_inv. tests/cpp/test_ci.cpp compares the result with ibeta_inv over the
/// (count, nobs, alpha) range.

#include <algorithm>
#include <array>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "attain/stats/detail/math.hpp"

#if defined(__GNUC__) && defined(__x86_64__)
#define ATTAIN_BETA_AVX2 1
#else
#define ATTAIN_BETA_AVX2 0
#endif
// The solver's parts are inlined into its two instances (SSE2, and AVX2 with FMA): each is then
// compiled for its instruction set (std::fma one instruction, not a call).
#if defined(__GNUC__)
#define ATTAIN_BETA_INLINE __attribute__((always_inline)) inline
#else
#define ATTAIN_BETA_INLINE inline
#endif

namespace attain::detail {

/// @brief One beta quantile to find: x with I_x(a, b) = p, or 1 - I_x(a, b) = p if @p upper.
struct beta_quantile_task {
  double a = 1.0;
  double b = 1.0;
  bool upper = false;
};

/// @brief The quantile by Boost.Math alone (the reference, and the fallback).
inline double beta_quantile_boost(const beta_quantile_task& t, double p) {
  return t.upper ? boost::math::ibetac_inv(t.a, t.b, p, beta_policy())
                 : boost::math::ibeta_inv(t.a, t.b, p, beta_policy());
}

/// @brief lgamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2), Stirling's error.
ATTAIN_BETA_INLINE double stirling_error(double z) {
  if (z > 15.0) {  // the asymptotic series; its next term is below 2.2e-16 of it here
    const double r = 1.0 / z, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
  }
  return boost::math::lgamma(z, math_policy()) - (z - 0.5) * std::log(z) + z - 0.91893853320467274178;
}

/// @brief k log(k / m) + m - k for k, m > 0, given also diff = k - m, computed on its own (the
/// series of Loader's bd0, as R's dbinom, when m is near k; then diff must be accurate).
ATTAIN_BETA_INLINE double deviance_term(double k, double m, double diff) {
  if (std::abs(diff) < 0.1 * (k + m)) {
    // 1 / (2j + 1), so that the loop below has no division (|v| < 0.1: 17 terms at most).
    static constexpr auto inverse_odd = [] {
      std::array<double, 20> r{};
      for (std::size_t j = 0; j < r.size(); ++j) r[j] = 1.0 / static_cast<double>(2 * j + 1);
      return r;
    }();
    const double v = diff / (k + m), v2 = v * v;
    double sum = diff * v, term = 2.0 * k * v;
    for (std::size_t j = 1; j < inverse_odd.size(); ++j) {
      term *= v2;
      const double next = sum + term * inverse_odd[j];
      if (next == sum) break;
      sum = next;
    }
    return sum;
  }
  return k * std::log(k / m) - diff;
}

/// @brief The log of the Beta(a, b) density at x, with y = 1 - x, in the saddle-point form
/// (Loader 2000): no lgamma of a large argument, so it keeps its accuracy (about 1e-15
/// absolute) for parameters up to 2^50, where lgamma(a) + lgamma(b) - lgamma(a + b) loses
/// eight digits at 10^7.
ATTAIN_BETA_INLINE double log_beta_density(double a, double b, double x, double y) {
  const double s = a + b, diff = std::fma(-s, x, a);  // a - s x = s y - b, with one rounding
  const double log_x = std::log(x), log_y = x < 0.5 ? std::log1p(-x) : std::log(y);
  return -deviance_term(a, s * x, diff) - deviance_term(b, s * y, -diff) - log_x - log_y + 0.5 * std::log(a * (b / s)) -
         0.91893853320467274178 - stirling_error(a) - stirling_error(b) + stirling_error(s);
}

/// @brief GCC/Clang vector types of two and four doubles (one SSE2 or AVX2 register).
template <std::size_t Lanes>
struct lane_vector;
template <>
struct lane_vector<2> {
  typedef double vec __attribute__((vector_size(16)));
  typedef std::int64_t mask __attribute__((vector_size(16)));
};
template <>
struct lane_vector<4> {
  typedef double vec __attribute__((vector_size(32)));
  typedef std::int64_t mask __attribute__((vector_size(32)));
};

class beta_quantile_solver {
 public:
  /// @param p the tail probability of every task, in (0, 1/2]; @param z its normal quantile
  /// (P(Z > z) = p, so z >= 0).
  beta_quantile_solver(double p, double z) : p_(p), z_(z), log_p_(std::log(p)), log1m_p_(std::log1p(-p)) {}

  /// @brief out[i] = the quantile of tasks[i]; Boost.Math's exceptions propagate (from the fallback).
  void operator()(std::span<const beta_quantile_task> tasks, std::span<double> out) const {
#if ATTAIN_BETA_AVX2
    // Four lanes in one AVX2 register where the processor has it, else two in an SSE2 one.
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return solve_avx2(tasks, out);
#endif
    solve<2>(tasks, out);
  }

 private:
  static constexpr int max_rounds = 12;
  static constexpr int max_terms = 5000;
  static constexpr int taylor_terms = 24;

  struct lane {
    bool busy = false;
    std::size_t task = 0;
    int rounds = 0;
    double x = 0.5;                       // the current point
    double lo = 0.0, hi = 1.0;            // the bracket of the root
    bool direct = true;                   // fraction of I_x(a, b) (true) or of I_{1-x}(b, a)
    double fa = 1.0, fb = 1.0, fx = 0.5;  // the fraction's parameters and argument
    double first = 1.0;                   // 1 - (a + b) x / (a + 1) for its parameters and argument
    double dev = 0.0;                     // a - (a + b) x for its parameters and argument
    double h = 1.0;                       // its value (NaN: did not converge)
  };

  template <std::size_t Lanes>
  ATTAIN_BETA_INLINE void solve(std::span<const beta_quantile_task> tasks, std::span<double> out) const {
    std::array<lane, Lanes> lane_state{};
    std::size_t next = 0, busy = 0;
    for (;;) {
      // Fill the free lanes with the next tasks (closed forms are solved on the spot).
      for (auto& l : lane_state) {
        while (!l.busy && next < tasks.size()) {
          const std::size_t i = next++;
          if (const double x = closed_form(tasks[i]); x >= 0.0) {
            out[i] = x;
            continue;
          }
          start(l, tasks[i], i);
          ++busy;
        }
      }
      if (busy == 0) return;
      run_fractions(lane_state);
      for (auto& l : lane_state) {
        if (!l.busy) continue;
        double x = 0.0;
        if (!step(l, tasks[l.task], x)) continue;  // another round
        out[l.task] = x >= 0.0 ? x : beta_quantile_boost(tasks[l.task], p_);
        l.busy = false;
        --busy;
      }
    }
  }

  // Quantiles with a formula: I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a. -1 if none.
  ATTAIN_BETA_INLINE double closed_form(const beta_quantile_task& t) const {
    if (t.a == 1.0) return -std::expm1((t.upper ? log_p_ : log1m_p_) / t.b);
    if (t.b == 1.0) return std::exp((t.upper ? log1m_p_ : log_p_) / t.a);
    return -1.0;
  }

  ATTAIN_BETA_INLINE void start(lane& l, const beta_quantile_task& t, std::size_t index) const {
    l = lane{};
    l.busy = true;
    l.task = index;
    const double a = t.a, b = t.b, s = a + b;
    const double mean = a / s, sd = std::sqrt(a * b / (s + 1.0)) / s;
    const double skew = 2.0 * (b - a) * std::sqrt(s + 1.0) / ((s + 2.0) * std::sqrt(a * b));
    const double kurt = 6.0 * ((a - b) * (a - b) * (s + 1.0) - a * b * (s + 2.0)) / (a * b * (s + 2.0) * (s + 3.0));
    const double w = t.upper ? z_ : -z_, w2 = w * w;
    double x = mean + sd * (w + skew * (w2 - 1.0) / 6.0 + kurt * w * (w2 - 3.0) / 24.0 -
                            skew * skew * w * (2.0 * w2 - 5.0) / 36.0);
    if (!(x > 0.0 && x < 1.0)) {
      // Far in a tail: the leading term, I_x(a, b) ~ x^a / (a B(a, b)) (and its mirror).
      const double log_beta = boost::math::lgamma(a, math_policy()) + boost::math::lgamma(b, math_policy()) -
                              boost::math::lgamma(s, math_policy());
      x = t.upper ? -std::expm1((log_p_ + std::log(b) + log_beta) / b)
                  : std::exp((log_p_ + std::log(a) + log_beta) / a);
      if (!(x > 0.0 && x < 1.0)) x = mean;
    }
    set_point(l, t, x, p_);
  }

  ATTAIN_BETA_INLINE static void set_point(lane& l, const beta_quantile_task& t, double x, double p) {
    l.x = x;
    // The fraction converges fast below the mean (NR: x < (a + 1) / (a + b + 2)); above it,
    // the mirror: I_x(a, b) = 1 - I_{1-x}(b, a). Near that point its first denominator,
    // 1 - (a + b) x / (a + 1), is near 0 and the value large and ill-conditioned (with a = 2,
    // b = 10^7 and x = 4e-7 the mirror's is 3e6, wrong in the tenth digit): if the other one's
    // is 10^4 / p times further from 0, that one is taken, when p >= 1e-3 (its complement 1 - T
    // loses the digits of 1 / p: with a = 4, b = 99997 and p = 0.005 a ratio of 1.5e4 cost the
    // upper limit 1e-12 of its value). Both come from x itself: 1 - x has lost the digits of a
    // small x (b + 1 - (a + b)(1 - x) = 1 - a + (a + b) x).
    const double s = t.a + t.b;
    const double direct_first = std::fma(-s, x, t.a + 1.0) / (t.a + 1.0);
    const double mirror_first = std::fma(s, x, 1.0 - t.a) / (t.b + 1.0);
    l.direct = direct_first > 0.0;
    if (p >= 1e-3 &&
        std::abs(l.direct ? direct_first : mirror_first) < 1e-4 * p * std::abs(l.direct ? mirror_first : direct_first))
      l.direct = !l.direct;
    l.fa = l.direct ? t.a : t.b;
    l.fb = l.direct ? t.b : t.a;
    l.fx = l.direct ? x : 1.0 - x;
    l.first = l.direct ? direct_first : mirror_first;
    l.dev = l.direct ? std::fma(-s, x, t.a) : std::fma(s, x, -t.a);  // fa y' - fb x' = fa - (a + b) x'
  }

  // The continued fractions of the busy lanes, in lockstep (one vector register).
  template <std::size_t Lanes>
  __attribute__((always_inline)) static inline void fraction_lanes(std::array<lane, Lanes>& ls) {
    constexpr std::size_t lanes = Lanes;
    // GCC/Clang vector extensions: one register of lanes.
    using vec = typename lane_vector<Lanes>::vec;
    using mask = typename lane_vector<Lanes>::mask;
    vec a, b, x, first, dev;
    for (std::size_t k = 0; k < lanes; ++k) {
      const bool busy = ls[k].busy;
      a[k] = busy ? ls[k].fa : 2.0;  // an idle lane gets a fraction that ends at once
      b[k] = busy ? ls[k].fb : 1.0;
      x[k] = busy ? ls[k].fx : 0.0;
      first[k] = busy ? ls[k].first : 1.0;
      dev[k] = busy ? ls[k].dev : 2.0;
    }
    const vec one = a - a + 1.0, zero = one - one, s = a + b;
    const vec eps = one * std::numeric_limits<double>::epsilon();
    const mask magnitude = mask{} + 0x7FFFFFFFFFFFFFFF, exponent = mask{} + 0x7FF0000000000000,
               exponent_max = mask{} + 0x7FE0000000000000;
    // A power of two near 1 / |v| (for v normal and finite), and |v|.
#define ATTAIN_NEAR_INVERSE(v) reinterpret_cast<vec>(exponent_max - (reinterpret_cast<mask>(v) & exponent))
#define ATTAIN_ABS(v) reinterpret_cast<vec>(reinterpret_cast<mask>(v) & magnitude)
    // DiDonato and Morris' fraction (Boost's ibeta_fraction2): I_x(a, b) = x^a y^b / (B(a, b) f),
    // f = b_0 + a_1 / (b_1 + a_2 / (b_2 + ...)), b_0 = a (a + 1 - (a + b) x) / (a + 1), with
    //   a_m = (a + m - 1)(a + b + m - 1) m (b - m) x^2 / lo_m^2,
    //   b_m = m + m (b - m) x / lo_m + (a + m)(a y - b x + 1 + m (2 - x)) / hi_m,
    // lo_m = a + 2m - 1, hi_m = a + 2m + 1 = lo_{m+1}. It is evaluated by Wallis' recurrence
    // A_m = b_m A_{m-1} + a_m A_{m-2} (B likewise; f_m = A_m / B_m) on the equivalent fraction
    // with b_m and a_m multiplied by l_m and l_m l_{m-1}, l_m = g_m lo_m hi_m (g_m a power of two
    // near 1 / (lo_m hi_m), l_0 = 1): its terms have no division, and the recurrence's chain is
    // one fused multiply-add per term (Lentz's method waits on two divisions per term). A and B
    // are rescaled by a power of two every other term. It stops, as Lentz's, at the first m with
    // |f_m / f_{m-1} - 1| <= eps, that is |W_m| <= eps |A_{m-1} B_m| for the determinant
    // W_m = A_m B_{m-1} - A_{m-1} B_m = -a_m W_{m-1}, W_0 = -1.
    vec a_prev = a * first, b_prev = one, a_prev2 = one, b_prev2 = zero, w = one;
    vec top = a_prev, bottom = one;  // A_m and B_m where each lane stopped
    vec prev = one / (a + 1.0);      // g_{m-1} lo_{m-1} with the l_0 = 1 convention: 1 / lo_1
    mask done = mask{} == 1;         // all false
    for (int m = 1; m <= max_terms; ++m) {
      const double mm = m;
      const vec lo = a + (2.0 * mm - 1.0), hi = a + (2.0 * mm + 1.0), g = ATTAIN_NEAR_INVERSE(lo * hi);
      const vec bm = mm * (b - mm) * x;
      const vec an = g * prev * ((a + (mm - 1.0)) * (s + (mm - 1.0)) * bm * x * hi);
      const vec bn = g * (mm * lo * hi + bm * hi + (a + mm) * (dev + (1.0 + 2.0 * mm) - mm * x) * lo);
      prev = g * lo;
      const vec a_next = bn * a_prev + an * a_prev2, b_next = bn * b_prev + an * b_prev2;
      w = -an * w;
      // An infinity or NaN (a zero denominator) never counts as converged: that quantile goes to Boost.
      const mask stop = ATTAIN_ABS(w) <= eps * ATTAIN_ABS(a_prev * b_next);
      top = done ? top : a_next;
      bottom = done ? bottom : b_next;
      done = done | stop;
      a_prev2 = a_prev, b_prev2 = b_prev, a_prev = a_next, b_prev = b_next;
      if (m % 2 != 0) continue;
      const vec scale = ATTAIN_NEAR_INVERSE(b_prev);
      a_prev *= scale, b_prev *= scale, a_prev2 *= scale, b_prev2 *= scale, w *= scale * scale;
      // Whether every lane has stopped, every fourth term (reading the lanes is slow).
      if (m % 4 != 0) continue;
      bool all = true;
      for (std::size_t k = 0; k < lanes; ++k) all = all && done[k] != 0;
      if (all) break;
    }
#undef ATTAIN_NEAR_INVERSE
#undef ATTAIN_ABS
    const vec h = top / bottom;
    for (std::size_t k = 0; k < lanes; ++k)
      if (ls[k].busy) ls[k].h = done[k] != 0 && std::isfinite(h[k]) ? h[k] : std::numeric_limits<double>::quiet_NaN();
  }

  ATTAIN_BETA_INLINE static void run_fractions(std::array<lane, 2>& ls) { fraction_lanes<2>(ls); }
#if ATTAIN_BETA_AVX2
  ATTAIN_BETA_INLINE static void run_fractions(std::array<lane, 4>& ls) { fraction_lanes<4>(ls); }
  __attribute__((target("avx2,fma"))) void solve_avx2(std::span<const beta_quantile_task> tasks,
                                                      std::span<double> out) const {
    solve<4>(tasks, out);
  }
#endif

  // After a lane's fraction: either the root (true, x set; x = -1 asks for the fallback) or a
  // new point for another round (false).
  ATTAIN_BETA_INLINE bool step(lane& l, const beta_quantile_task& t, double& root) const {
    const double a = t.a, b = t.b, x0 = l.x, y0 = 1.0 - x0;
    root = -1.0;
    if (!(l.h > 0.0) || ++l.rounds > max_rounds) return true;
    const double f0 = std::exp(log_beta_density(a, b, x0, y0));
    if (!(f0 > 0.0 && std::isfinite(f0))) return true;
    // I_x(a, b) = f x y / fraction(a, b, x) and I_y(b, a) = f x y / fraction(b, a, y).
    const double side = f0 * x0 * y0 / l.h;
    // The tail of the task at x0: increasing in x for a lower limit, decreasing for an upper one.
    const double tail = t.upper ? (l.direct ? 1.0 - side : side) : (l.direct ? side : 1.0 - side);
    const bool root_above = t.upper ? tail > p_ : tail < p_;
    if (root_above)
      l.lo = x0;
    else
      l.hi = x0;
    // Solve integral_0^s f(x0 + u) du = (p - tail) (lower) or (tail - p) (upper).
    const double target = (t.upper ? tail - p_ : p_ - tail) / f0;
    double s = 0.0;
    if (taylor(a, b, x0, y0, target, s)) {
      root = x0 + s;
      if (root > l.lo && root < l.hi) return true;
      if (root == l.lo || root == l.hi) return true;  // adjacent doubles: either is the root
    }
    // Newton on the log of the tail (log-concave: well behaved far out), within the bracket,
    // then another fraction.
    const double log_step = (log_p_ - std::log(tail)) * tail / f0;
    double x1 = x0 + (t.upper ? -log_step : log_step);
    if (!(x1 > l.lo && x1 < l.hi))
      x1 = l.lo > 0.0 ? (l.hi < 1.0 ? 0.5 * (l.lo + l.hi) : 1.0 - 0.5 * (1.0 - l.lo)) : 0.5 * l.hi;
    if (x1 == x0) return true;  // nowhere left to go: the fallback decides
    set_point(l, t, x1, p_);
    root = -1.0;
    return false;
  }

  // The Taylor series of the density around x0: f(x0 + s) / f(x0) = sum_k e_k s^k. The density
  // solves x (1 - x) f' = ((a - 1)(1 - x) - (b - 1) x) f, so with L = (a - 1) y0 - (b - 1) x0 its
  // coefficients follow from e_{-1} = 0, e_0 = 1 and the three-term recurrence
  //   x0 y0 (k + 1) e_{k+1} = (L - (y0 - x0) k) e_k - (a + b - 1 - k) e_{k-1};
  // they are taken until two in a row are below 1e-18 at |s| = 2 |target| (the series converges
  // geometrically inside a quarter of the distance to the singularities 0 and 1). Solves
  // sum_k e_k s^(k+1) / (k+1) = target for s by Newton's method; false if the series or the
  // solution cannot be trusted (then the caller evaluates the fraction again, at a new point).
  ATTAIN_BETA_INLINE static bool taylor(double a, double b, double x0, double y0, double target, double& s) {
    constexpr int n = taylor_terms;
    const double reach = 2.0 * std::abs(target);
    if (!(reach < 0.25 * std::min(x0, y0))) return false;
    // 1 / k, so that the loop below has no division.
    static constexpr auto inverse = [] {
      std::array<double, n + 2> r{};
      for (std::size_t k = 1; k < r.size(); ++k) r[k] = 1.0 / static_cast<double>(k);
      return r;
    }();
    std::array<double, n + 1> e, c;
    // L = a - 1 - (a + b - 2) x0 with one rounding (y0 = 1 - x0 has lost digits of a small x0).
    const double inv_xy = 1.0 / (x0 * y0), level = std::fma(-(a + b - 2.0), x0, a - 1.0), slope = y0 - x0;
    double power = 1.0, before = 0.0;  // e_{k-2}
    e[0] = c[0] = 1.0;
    int last = 0;
    for (int k = 1; k <= n && last == 0; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      const double j = k - 1;
      e[kk] = ((level - slope * j) * e[kk - 1] - (a + b - 1.0 - j) * before) * (inv_xy * inverse[kk]);
      before = e[kk - 1];
      c[kk] = e[kk] * inverse[kk + 1];
      const double previous = std::abs(e[kk - 1]) * power;
      power *= reach;
      if (k >= 2 && std::abs(e[kk]) * power <= 1e-18 && previous <= 1e-18) last = k;
    }
    if (last == 0) return false;
    // Third-order reversion of q(s) = s + c1 s^2 + c2 s^3 + ... = target, then Newton's method,
    // which stops once the next correction (quadratic: e1 ds^2) is below 1e-17 of s.
    const double c1 = c[1], c2 = last >= 2 ? c[2] : 0.0;
    s = target * (1.0 - target * (c1 - target * (2.0 * c1 * c1 - c2)));
    for (int it = 0;; ++it) {
      double q = 0.0, dq = 0.0;  // Horner: q = sum c_k s^(k+1), dq = sum e_k s^k
      for (int k = last; k >= 0; --k) {
        q = q * s + c[static_cast<std::size_t>(k)];
        dq = dq * s + e[static_cast<std::size_t>(k)];
      }
      q *= s;
      if (!(dq > 0.0)) return false;
      const double ds = (q - target) / dq;
      s -= ds;
      if (std::abs(e[1]) * ds * ds <= 1e-17 * std::abs(s) || std::abs(ds) <= 2e-16 * std::abs(s)) break;
      if (it == 8) return false;
    }
    return std::abs(s) <= reach;
  }

  double p_, z_, log_p_, log1m_p_;
};

}  // namespace attain::detail

#undef ATTAIN_BETA_INLINE
