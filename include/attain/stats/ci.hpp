#pragma once
/// @file attain/stats/ci.hpp
/// @brief Confidence intervals for a completion ratio, the Newcombe interval for the change
/// between two ratios, and the two-proportion z test.
///
/// Conventions follow statsmodels.stats.proportion.proportion_confint (two-sided, alpha / 2
/// in each tail; "normal", "wilson" and "agresti_coull" clipped to [0, 1]; Clopper-Pearson
/// has low = 0 at count 0 and high = 1 at count nobs; Jeffreys is the equal-tailed
/// Beta(count + 1/2, nobs - count + 1/2) interval with no special case at 0 or nobs), except
/// that invalid input throws attain::invalid_argument instead of giving NaN: count < 0,
/// count > nobs, nobs == 0, alpha outside (0, 1).
/// Quantiles come from Boost.Math (the normal quantile) and, for the exact methods, from the beta
/// quantile solver of attain/stats/detail/beta_quantile-inl.hpp (checked against Boost.Math's
/// inverse incomplete beta, which it falls back on), in the compiled part
/// (attain/stats/detail/ci-inl.hpp).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/ratio.hpp"

namespace attain {

namespace detail {
/// Above 2^50 Boost 1.74's inverse incomplete beta loses accuracy (the two Clopper-Pearson
/// limits can cross), so the exact methods refuse such denominators.
inline constexpr std::int64_t exact_nobs_limit = std::int64_t{1} << 50;

inline double clip01(double x) noexcept { return std::min(1.0, std::max(0.0, x)); }

inline double nan() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

/// Counts below 2^52 convert to double exactly by placing them in the mantissa of 2^52; unlike
/// int64 -> double conversion before AVX-512, this vectorises with plain SSE2.
inline constexpr std::int64_t small_count_limit = std::int64_t{1} << 52;

inline double small_count_to_double(std::int64_t x) noexcept {
  return std::bit_cast<double>(static_cast<std::uint64_t>(x) | 0x4330000000000000ULL) - 4503599627370496.0;
}

// The Wilson interval of proportion_interval::wilson for arrays, in a loop without branches
// that the compiler vectorises (with -fno-math-errno, as src/ is compiled: see CMakeLists.txt); the
// arrays must not overlap. Returns false, with the outputs unspecified, unless every element
// has 0 <= count <= nobs and 1 <= nobs < 2^52: the caller then validates and falls back.
inline bool wilson_small_counts(const std::int64_t* __restrict count, const std::int64_t* __restrict nobs,
                                double* __restrict low, double* __restrict high, std::size_t size, double z) noexcept {
  const double z2 = z * z;
  std::uint64_t sign_bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    // Unsigned arithmetic wraps instead of overflowing; a set top bit in any term means the
    // element is outside the fast path: count < 0, nobs < count, nobs < 1 or nobs >= 2^52.
    const auto c_bits = static_cast<std::uint64_t>(count[i]), n_bits = static_cast<std::uint64_t>(nobs[i]);
    sign_bits |= c_bits | n_bits | (n_bits - c_bits) | (n_bits - 1) |
                 (static_cast<std::uint64_t>(small_count_limit - 1) - n_bits);
    const double c = small_count_to_double(count[i]), n = small_count_to_double(nobs[i]);
    // nobs - count in unsigned arithmetic: invalid elements must not overflow (they are rejected).
    const double rest = small_count_to_double(static_cast<std::int64_t>(n_bits - c_bits)), m = n + z2;
    const double u = 1.0 / (n * m), inv = n * u;
    const double centre = (c + 0.5 * z2) * inv, half = z * std::sqrt(c * rest * (m * u) + 0.25 * z2) * inv;
    low[i] = clip01(centre - half);
    high[i] = clip01(centre + half);
  }
  return (sign_bits >> 63) == 0;
}
}  // namespace detail

/// @brief The interval methods of proportion_ci.
enum class ci_method { normal, wilson, wilson_cc, agresti_coull, clopper_pearson, jeffreys };

/// @brief "normal", "wilson", "wilson_cc", "agresti_coull", "clopper_pearson" (alias "beta"),
/// "jeffreys"; anything else throws invalid_argument listing the choices.
inline ci_method parse_ci_method(std::string_view name) {
  if (name == "normal" || name == "wald") return ci_method::normal;
  if (name == "wilson") return ci_method::wilson;
  if (name == "wilson_cc") return ci_method::wilson_cc;
  if (name == "agresti_coull") return ci_method::agresti_coull;
  if (name == "clopper_pearson" || name == "beta") return ci_method::clopper_pearson;
  if (name == "jeffreys") return ci_method::jeffreys;
  detail::fail<invalid_argument>("method = '", name,
                                 "' is not one of 'normal', 'wilson', 'wilson_cc', 'agresti_coull', "
                                 "'clopper_pearson' (or 'beta'), 'jeffreys'");
}

/// @brief A confidence interval [low, high].
struct interval {
  double low = 0.0;
  double high = 0.0;
};

/// @brief Throws invalid_argument unless 0 < alpha < 1.
inline void validate_alpha(double alpha, const char* name = "alpha") {
  if (!(alpha > 0.0 && alpha < 1.0))
    detail::fail<invalid_argument>(name, " = ", alpha, std::isnan(alpha) ? " is NaN" : " is outside (0, 1)");
}

/// @brief Throws invalid_argument unless 0 <= count <= nobs and nobs > 0; names element @p i.
inline void validate_count(std::int64_t count, std::int64_t nobs, std::size_t i, const char* count_name = "count",
                           const char* nobs_name = "nobs") {
  validate_tally(count, nobs, i, count_name, nobs_name);
  if (nobs == 0)
    detail::fail<invalid_argument>(detail::at(nobs_name, i),
                                   " = 0: a proportion of nothing has no confidence interval");
}

/// @brief validate_count, and for the exact methods (Clopper-Pearson, Jeffreys) nobs <= 2^50.
inline void validate_count(std::int64_t count, std::int64_t nobs, std::size_t i, ci_method method) {
  validate_count(count, nobs, i);
  if ((method == ci_method::clopper_pearson || method == ci_method::jeffreys) && nobs > detail::exact_nobs_limit)
    detail::fail<invalid_argument>(detail::at("nobs", i), " = ", nobs,
                                   " is above 2^50, where Boost.Math's inverse incomplete beta is no longer "
                                   "accurate; use method 'wilson' (indistinguishable at this size)");
}

/// @brief z such that P(Z > z) = tail for a standard normal Z (Boost.Math quantile).
double normal_upper_quantile(double tail);

/// @brief P(Z > z) and P(Z < z) for a standard normal Z, each accurate in its own tail.
struct normal_tails {
  double upper = 0.0;
  double lower = 0.0;
};

/// @brief Both tails of the standard normal at @p z from one Boost.Math erfc: the smaller tail
/// is computed directly (full relative precision), the larger one as its complement.
normal_tails normal_tail_probabilities(double z);

/// @brief Computes intervals of one method and level for many units: the normal quantile is
/// computed once. Construct, then call operator() per unit (validated by the caller).
class proportion_interval {
 public:
  proportion_interval(double alpha, ci_method method);

  /// @brief The interval for count of nobs; no validation (see validate_count).
  interval operator()(std::int64_t count, std::int64_t nobs) const;

  /// @brief The two-sided normal critical value z_{1 - alpha/2}.
  double z() const noexcept { return z_; }

  /// @brief The Wilson score interval, written with one division and one square root:
  /// centre = (c + z^2/2) / (n + z^2), half = z sqrt(c (n - c) / n + z^2 / 4) / (n + z^2),
  /// with u = 1 / (n (n + z^2)) giving both 1 / n and 1 / (n + z^2) (algebraically the
  /// statsmodels formula; no validation).
  interval wilson(std::int64_t count, std::int64_t nobs) const noexcept {
    const double c = static_cast<double>(count), n = static_cast<double>(nobs), m = n + z2_;
    const double u = 1.0 / (n * m), inv = n * u;
    const double spread = c * static_cast<double>(nobs - count) * (m * u);
    const double centre = (c + 0.5 * z2_) * inv, half = z_ * std::sqrt(spread + 0.25 * z2_) * inv;
    return {detail::clip01(centre - half), detail::clip01(centre + half)};
  }

  /// @brief The method this object computes.
  ci_method method() const noexcept { return method_; }

  /// @brief alpha / 2, the probability in each tail.
  double tail() const noexcept { return tail_; }

 private:
  interval wald(double q, double n) const {
    const double half = z_ * std::sqrt(q * (1.0 - q) / n);
    return {detail::clip01(q - half), detail::clip01(q + half)};
  }

  // Newcombe (1998) method 4: Wilson's interval with continuity correction; the formula's
  // square roots are only defined away from the ends, where the limits are 0 and 1 by definition.
  interval wilson_cc(std::int64_t count, std::int64_t nobs, double q, double n) const {
    const double z2 = z_ * z_, denom = 2.0 * (n + z2), np = 2.0 * n * q;
    double low = 0.0, high = 1.0;
    if (count > 0) low = (np + z2 - 1.0 - z_ * std::sqrt(z2 - 2.0 - 1.0 / n + 4.0 * q * (n * (1.0 - q) + 1.0))) / denom;
    if (count < nobs)
      high = (np + z2 + 1.0 + z_ * std::sqrt(z2 + 2.0 - 1.0 / n + 4.0 * q * (n * (1.0 - q) - 1.0))) / denom;
    return {detail::clip01(low), detail::clip01(high)};
  }

  interval agresti_coull(double c, double n) const {
    const double z2 = z_ * z_, nc = n + z2, qc = (c + z2 / 2.0) / nc;
    const double half = z_ * std::sqrt(qc * (1.0 - qc) / nc);
    return {detail::clip01(qc - half), detail::clip01(qc + half)};
  }

  interval clopper_pearson(std::int64_t count, std::int64_t nobs) const;

  // With alpha near 1 both limits approach the median, and the two inversions' rounding (about
  // 1e-12 relative for nobs near 2^31) can cross them; the exact limits satisfy low <= high, so a
  // crossing is collapsed to its midpoint (found by the hypothesis property test).
  static interval ordered(interval out) {
    if (out.low > out.high) out.low = out.high = 0.5 * (out.low + out.high);
    return out;
  }

  interval jeffreys(double c, double n) const;

  // Clopper-Pearson or Jeffreys (method_): the two beta quantiles of one unit, solved together.
  interval exact(std::int64_t count, std::int64_t nobs) const;

  [[noreturn]] static void beta_failed(const char* method, std::int64_t count, std::int64_t nobs,
                                       const std::exception& e);

  ci_method method_;
  double tail_;
  double z_ = 0.0;
  double z2_ = 0.0;
};

/// @brief Two-sided (1 - alpha) confidence interval for the proportion count / nobs.
/// @throws invalid_argument for count < 0, count > nobs, nobs == 0, alpha outside (0, 1).
interval proportion_ci(std::int64_t count, std::int64_t nobs, double alpha = 0.05,
                       ci_method method = ci_method::wilson);

/// @brief Element-wise proportion_ci into @p low and @p high (all of one length); throws on the
/// first invalid element, naming it.
void proportion_ci(std::span<const std::int64_t> count, std::span<const std::int64_t> nobs, double alpha,
                   ci_method method, std::span<double> low, std::span<double> high);

/// @brief The change p1 - p2 between two proportions (two periods or two units), with its
/// Newcombe hybrid-score interval and the pooled two-proportion z test.
struct proportion_difference_result {
  double difference = 0.0;  ///< p1 - p2
  double low = 0.0;         ///< Newcombe (1998, method 10) lower limit for p1 - p2
  double high = 0.0;        ///< Newcombe upper limit
  double z = 0.0;           ///< (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)), p pooled; NaN if p is 0 or 1
  double p_value = 0.0;     ///< two-sided: H1 p1 != p2
  double p_larger = 0.0;    ///< one-sided: H1 p1 > p2
  double p_smaller = 0.0;   ///< one-sided: H1 p1 < p2
};

/// @brief Computes proportion_difference for many pairs with one alpha (quantile computed once).
class proportion_difference_test {
 public:
  explicit proportion_difference_test(double alpha) : wilson_(alpha, ci_method::wilson) {}

  /// @brief The result for count1 / nobs1 versus count2 / nobs2; no validation.
  proportion_difference_result operator()(std::int64_t count1, std::int64_t nobs1, std::int64_t count2,
                                          std::int64_t nobs2) const {
    proportion_difference_result r;
    const double p1 = completion_ratio_unchecked(count1, nobs1), p2 = completion_ratio_unchecked(count2, nobs2);
    r.difference = p1 - p2;
    // Newcombe's hybrid score interval: Wilson limits of each proportion combined in quadrature.
    const interval w1 = wilson_.wilson(count1, nobs1), w2 = wilson_.wilson(count2, nobs2);
    r.low = r.difference - std::hypot(p1 - w1.low, w2.high - p2);
    r.high = r.difference + std::hypot(p2 - w2.low, w1.high - p1);
    // Pooled z test, as statsmodels.stats.proportion.proportions_ztest.
    const double n1 = static_cast<double>(nobs1), n2 = static_cast<double>(nobs2);
    const double pooled = (static_cast<double>(count1) + static_cast<double>(count2)) / (n1 + n2);
    const double sd = std::sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (sd > 0.0) {
      r.z = r.difference / sd;
      const normal_tails tails = normal_tail_probabilities(r.z);
      r.p_larger = tails.upper;
      r.p_smaller = tails.lower;
      r.p_value = 2.0 * std::min(tails.upper, tails.lower);
    } else {  // both proportions 0 or both 1: no variation, the test is undefined
      r.z = r.p_value = r.p_larger = r.p_smaller = detail::nan();
    }
    return r;
  }

 private:
  proportion_interval wilson_;
};

/// @brief p1 - p2 for count1/nobs1 and count2/nobs2 with its (1 - alpha) Newcombe interval and
/// the two-proportion z test. @throws invalid_argument on invalid counts or alpha.
proportion_difference_result proportion_difference(std::int64_t count1, std::int64_t nobs1, std::int64_t count2,
                                                   std::int64_t nobs2, double alpha = 0.05);

/// @brief Element-wise proportion_difference (one alpha) into @p out (every span of one length);
/// throws on the first invalid pair, naming it (count1[i], nobs2[i], ...).
void proportion_difference(std::span<const std::int64_t> count1, std::span<const std::int64_t> nobs1,
                           std::span<const std::int64_t> count2, std::span<const std::int64_t> nobs2, double alpha,
                           std::span<proportion_difference_result> out);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/stats/detail/ci-inl.hpp"
#endif
