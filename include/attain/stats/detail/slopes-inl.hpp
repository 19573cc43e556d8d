#pragma once
// The compiled part of attain/stats/slopes.hpp (see attain/core/config.hpp).
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <span>
#include <thread>
#include <vector>

#include "attain/core/parallel.hpp"
#include "attain/stats/detail/math.hpp"
#include "attain/stats/detail/series.hpp"
#include "attain/stats/detail/slope_selection.hpp"
#include "attain/stats/slopes.hpp"

namespace attain {

ATTAIN_FUNC linear_fit linear_trend(std::span<const double> y, std::span<const double> x) {
  detail::validate_series(y, x, 2, "linear_trend");
  const auto n = static_cast<Eigen::Index>(y.size());
  const Eigen::Map<const Eigen::ArrayXd> ya(y.data(), n);
  Eigen::ArrayXd xa = x.empty() ? Eigen::ArrayXd::LinSpaced(n, 0.0, static_cast<double>(n - 1))
                                : Eigen::ArrayXd(Eigen::Map<const Eigen::ArrayXd>(x.data(), n));
  linear_fit f;
  f.n = y.size();
  // Corrected two-pass means (the mean of the first pass's residuals added back), so that the
  // centred values sum to zero up to rounding even for x offset by 1e8; a constant y is centred
  // exactly (its rounded mean can differ from its value, which gave r = 0 instead of NaN).
  f.mean_x = xa.mean();
  f.mean_x += (xa - f.mean_x).mean();
  const bool constant_y = (ya == ya(0)).all();
  f.mean_y = constant_y ? ya(0) : ya.mean();
  if (!constant_y) f.mean_y += (ya - f.mean_y).mean();
  // Centred sums (the least-squares normal equation of the centred design, Eigen reductions).
  const Eigen::ArrayXd dx = xa - f.mean_x, dy = ya - f.mean_y;
  f.sxx = dx.square().sum();
  f.syy = dy.square().sum();
  f.sxy = (dx * dy).sum();
  // linregress works with the means of the sums (np.cov(bias=1)) multiplied by 1 / n.
  const double inv_n = 1.0 / static_cast<double>(n);
  const double ssxm = f.sxx * inv_n, ssym = f.syy * inv_n, ssxym = f.sxy * inv_n;
  if (ssxm == 0.0 || ssym == 0.0) {
    f.rvalue = ssxym == 0.0 ? detail::nan() : 0.0;
  } else {
    f.rvalue = std::clamp(ssxym / std::sqrt(ssxm * ssym), -1.0, 1.0);
  }
  f.slope = ssxym / ssxm;
  f.intercept = f.mean_y - f.slope * f.mean_x;
  if (n == 2) {
    f.pvalue = y[0] == y[1] ? 1.0 : 0.0;
    f.slope_stderr = f.intercept_stderr = 0.0;
    f.residual_variance = detail::nan();
    return f;
  }
  const double df = static_cast<double>(n - 2);
  constexpr double tiny = 1.0e-20;
  const double r = f.rvalue;
  const double t = r * std::sqrt(df / ((1.0 - r + tiny) * (1.0 + r + tiny)));
  if (std::isnan(t)) {
    f.pvalue = detail::nan();
  } else {
    const boost::math::students_t_distribution<double, detail::math_policy> dist(df);
    f.pvalue = 2.0 * boost::math::cdf(dist, -std::abs(t));
  }
  // SSE from the residuals themselves, not syy (1 - r^2), which cancels when the fit is close
  // (linregress's formula lost 6 digits of the standard error there); each residual with one
  // rounding, and centred (the means' rounding shifts them all alike, and the true residuals
  // sum to zero).
  Eigen::ArrayXd e(n);
  for (Eigen::Index i = 0; i < n; ++i) e(i) = std::fma(-f.slope, dx(i), dy(i));
  const double sse = (e - e.mean()).square().sum();
  f.slope_stderr = std::isnan(r) ? detail::nan() : std::sqrt(sse / df / f.sxx);
  f.intercept_stderr = f.slope_stderr * std::sqrt(ssxm + f.mean_x * f.mean_x);
  f.residual_variance = sse / df;
  return f;
}

namespace detail {

/// @brief The ranks of Sen's (1968, eq. 2.6) interval, exactly as SciPy rounds and clamps them.
/// Returns false when the variance is negative (heavy ties in x and y): SciPy gives NaN there.
inline bool sen_interval_ranks(std::uint64_t pairs, std::span<const double> sorted_x, std::span<const double> sorted_y,
                               double alpha, std::uint64_t& rl, std::uint64_t& ru) {
  const double a = alpha > 0.5 ? 1.0 - alpha : alpha;
  const double z = boost::math::quantile(boost::math::normal_distribution<double, math_policy>(), a / 2.0);
  const auto n = static_cast<std::int64_t>(sorted_y.size());
  // n (n-1) (2n+5) fits in int64 up to n ~ 1.6e6; past that, long double carries 64 bits.
  const long double total =
      static_cast<long double>(n) * static_cast<long double>(n - 1) * static_cast<long double>(2 * n + 5) -
      tie_term(sorted_x) - tie_term(sorted_y);
  const double sigsq = 1.0 / 18.0 * static_cast<double>(total);
  const double sigma = std::sqrt(sigsq);
  if (!(sigma >= 0.0)) return false;
  const double nt = static_cast<double>(pairs);
  const double up = std::nearbyint((nt - z * sigma) / 2.0), low = std::nearbyint((nt + z * sigma) / 2.0) - 1.0;
  ru = static_cast<std::uint64_t>(std::clamp(up, 0.0, nt - 1.0));
  rl = static_cast<std::uint64_t>(std::clamp(low, 0.0, nt - 1.0));
  return true;
}

/// @brief median(y - slope * x) (x empty: 0, 1, ...), each point with numpy's two roundings
/// (no fused multiply-add): scipy's theilslopes(method="joint") intercept.
inline double joint_intercept(std::span<const double> y, std::span<const double> x, double slope) {
  std::vector<double> resid(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double fitted = slope * (x.empty() ? static_cast<double>(i) : x[i]);
    resid[i] = y[i] - fitted;
  }
  return median_inplace(resid);
}

/// @brief Theil-Sen for at most 64 points: every slope in a fixed buffer, no allocation.
inline theil_sen_result theil_sen_small(std::span<const double> y, std::span<const double> x, double alpha,
                                        intercept_rule rule) {
  const std::size_t n = y.size();
  std::array<double, 64 * 63 / 2> slopes;
  std::array<double, 64> xs, ys;
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = x.empty() ? static_cast<double>(i) : x[i];
    xs[i] = xi, ys[i] = y[i];
    for (std::size_t j = i + 1; j < n; ++j) {
      const double xj = x.empty() ? static_cast<double>(j) : x[j];
      if (xj > xi)
        slopes[m++] = (y[j] - y[i]) / (xj - xi);
      else if (xj < xi)
        slopes[m++] = (y[i] - y[j]) / (xi - xj);
    }
  }
  std::sort(slopes.begin(), slopes.begin() + static_cast<std::ptrdiff_t>(m));
  std::sort(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n));
  std::sort(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(n));
  const auto mid = [](const double* v, std::size_t k) { return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2.0; };
  theil_sen_result r;
  r.slope = mid(slopes.data(), m);
  r.intercept =
      rule == intercept_rule::joint ? joint_intercept(y, x, r.slope) : mid(ys.data(), n) - r.slope * mid(xs.data(), n);
  std::uint64_t rl = 0, ru = 0;
  if (sen_interval_ranks(m, {xs.data(), n}, {ys.data(), n}, alpha, rl, ru)) {
    r.low_slope = slopes[rl], r.high_slope = slopes[ru];
  } else {
    r.low_slope = r.high_slope = nan();
  }
  return r;
}

}  // namespace detail

ATTAIN_FUNC theil_sen_result theil_sen(std::span<const double> y, std::span<const double> x, double alpha,
                                       unsigned threads, intercept_rule intercept) {
  detail::validate_series(y, x, 2, "theil_sen");
  validate_alpha(alpha);
  if (y.size() <= 64) return detail::theil_sen_small(y, x, alpha, intercept);
  const std::size_t n = y.size();
  std::vector<double> xs(n), ys(y.begin(), y.end());
  for (std::size_t i = 0; i < n; ++i) xs[i] = x.empty() ? static_cast<double>(i) : x[i];
  detail::slope_selector sel(xs, ys, {}, threads);
  if (!std::is_sorted(xs.begin(), xs.end())) detail::sort_values(xs);
  detail::sort_values(ys);
  std::uint64_t rl = 0, ru = 0;
  const bool interval = detail::sen_interval_ranks(sel.pairs(), xs, ys, alpha, rl, ru);
  // The median's one or two ranks and the interval's two, selected together (rl <= ru).
  const std::uint64_t pairs = sel.pairs(), half = pairs / 2;
  if (pairs == 0) detail::fail<invalid_argument>("there is no pair of points with different x");
  std::array<std::uint64_t, 4> ks{};
  std::size_t nk = 0;
  if (pairs % 2 == 0) ks[nk++] = half - 1;
  ks[nk++] = half;
  if (interval) ks[nk++] = rl, ks[nk++] = ru;
  for (std::size_t i = 1; i < nk; ++i)  // insertion sort (std::sort here trips GCC 12's -Warray-bounds)
    for (std::size_t j = i; j > 0 && ks[j] < ks[j - 1]; --j) std::swap(ks[j], ks[j - 1]);
  std::array<double, 4> values{};
  sel.select_ranks({ks.data(), nk}, {values.data(), nk});
  const auto value_of = [&](std::uint64_t k) {
    return values[static_cast<std::size_t>(std::find(ks.begin(), ks.begin() + static_cast<std::ptrdiff_t>(nk), k) -
                                           ks.begin())];
  };
  theil_sen_result r;
  r.slope = pairs % 2 ? value_of(half) : (value_of(half - 1) + value_of(half)) / 2.0;
  const auto mid = [](const std::vector<double>& v) {
    const std::size_t k = v.size();
    return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2.0;
  };
  r.intercept =
      intercept == intercept_rule::joint ? detail::joint_intercept(y, x, r.slope) : mid(ys) - r.slope * mid(xs);
  if (interval) {
    r.low_slope = value_of(rl);
    r.high_slope = value_of(ru);
  } else {
    r.low_slope = r.high_slope = detail::nan();
  }
  return r;
}

ATTAIN_FUNC siegel_result siegel_slopes(std::span<const double> y, std::span<const double> x, unsigned threads) {
  detail::validate_series(y, x, 2, "siegel_slopes");
  const std::size_t n = y.size();
  std::vector<double> xs(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = x.empty() ? static_cast<double>(i) : x[i];
  std::vector<double> row_median(n);
  auto rows = [&](std::size_t begin, std::size_t end) {
    std::vector<double> row;
    row.reserve(n);
    for (std::size_t j = begin; j < end; ++j) {
      row.clear();
      for (std::size_t i = 0; i < n; ++i)
        if (xs[i] != xs[j]) row.push_back((y[j] - y[i]) / (xs[j] - xs[i]));
      row_median[j] = detail::median_inplace(row);  // never empty: not all x are equal
    }
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(n, 1024))));
  if (threads == 1) {
    rows(0, n);
  } else {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> failure(threads);
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        try {
          rows(n * t / threads, n * (t + 1) / threads);
        } catch (...) {
          failure[t] = std::current_exception();
        }
      });
    for (auto& th : pool) th.join();
    for (auto& f : failure)
      if (f) std::rethrow_exception(f);
  }
  siegel_result r;
  r.slope = detail::median_inplace(row_median);
  std::vector<double> resid(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double fitted = r.slope * xs[i];  // two roundings, as numpy (no fused multiply-add)
    resid[i] = y[i] - fitted;
  }
  r.intercept = detail::median_inplace(resid);
  return r;
}

ATTAIN_FUNC std::vector<linear_fit> linear_trend(const series_batch& batch, unsigned threads) {
  std::vector<linear_fit> out(batch.rows());
  for_rows(
      batch.rows(), threads, [&](std::size_t r) { out[r] = linear_trend(batch.values(r), batch.x(r)); },
      batch.name_rows());
  return out;
}

ATTAIN_FUNC std::vector<theil_sen_result> theil_sen(const series_batch& batch, double alpha, unsigned threads,
                                                    intercept_rule intercept) {
  validate_alpha(alpha);
  std::vector<theil_sen_result> out(batch.rows());
  const unsigned inner = batch.rows() == 1 ? threads : 1;  // one long series: threads inside it
  for_rows(
      batch.rows(), threads,
      [&](std::size_t r) { out[r] = theil_sen(batch.values(r), batch.x(r), alpha, inner, intercept); },
      batch.name_rows());
  return out;
}

ATTAIN_FUNC std::vector<siegel_result> siegel_slopes(const series_batch& batch, unsigned threads) {
  std::vector<siegel_result> out(batch.rows());
  if (batch.rows() == 1) {  // one long series: its points over the threads
    out[0] = siegel_slopes(batch.values(0), batch.x(0), threads);
    return out;
  }
  for_rows(
      batch.rows(), threads, [&](std::size_t r) { out[r] = siegel_slopes(batch.values(r), batch.x(r)); },
      batch.name_rows());
  return out;
}

}  // namespace attain
