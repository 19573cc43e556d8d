#pragma once
// The compiled part of attain/stats/change_point.hpp (see attain/core/config.hpp).
#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/stats/change_point.hpp"

namespace attain {

namespace detail {

inline void cp_require_finite(std::span<const double> x, const char* name) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i])) fail<invalid_argument>(at(name, i), " = ", x[i], " is not finite");
}

// Midranks (1-based; ties get the mean of their ranks), as scipy.stats.rankdata.
inline std::vector<double> cp_midranks(std::span<const double> x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double r = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

}  // namespace detail

ATTAIN_FUNC pettitt_result pettitt(std::span<const double> x) {
  detail::cp_require_finite(x, "x");
  const std::size_t n = x.size();
  if (n < 2) detail::fail<invalid_argument>("Pettitt's test needs at least 2 values, got ", n);
  const auto rank = detail::cp_midranks(x);
  pettitt_result r;
  // Ranks are multiples of 1/2, so U_t is exact in doubles up to about 2^52 / T.
  double cum = 0.0;
  const double T1 = static_cast<double>(n) + 1.0;
  for (std::size_t t = 1; t < n; ++t) {
    cum += rank[t - 1];
    const double u = 2.0 * cum - static_cast<double>(t) * T1;
    if (std::abs(u) > r.statistic || t == 1) r.statistic = std::abs(u), r.u = u, r.location = t;
  }
  const double T = static_cast<double>(n);
  r.p_value = std::min(1.0, 2.0 * std::exp(-6.0 * r.statistic * r.statistic / (T * T * T + T * T)));
  double before = 0.0, after = 0.0;
  for (std::size_t i = 0; i < n; ++i) (i < r.location ? before : after) += x[i];
  r.mean_before = before / static_cast<double>(r.location);
  r.mean_after = after / static_cast<double>(n - r.location);
  return r;
}

namespace detail {

// T_k = k zbar1^2 + (n - k) zbar2^2 over k = 1..n-1 for z = (x - mean) / sd (sd with n - 1);
// returns (max T_k, first k at the maximum). A constant series has T = 0 everywhere.
inline std::pair<double, std::size_t> snht_max(std::span<const double> x) {
  const std::size_t n = x.size();
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  std::pair<double, std::size_t> best{0.0, 1};
  if (!(sd > 0.0)) return best;
  double cum = 0.0;  // sum of z over the first k points; the rest sum to -cum
  for (std::size_t k = 1; k < n; ++k) {
    cum += (x[k - 1] - mean) / sd;
    const double kk = static_cast<double>(k), rest = static_cast<double>(n - k);
    const double t = cum * cum / kk + cum * cum / rest;
    if (t > best.first) best = {t, k};
  }
  return best;
}

}  // namespace detail

ATTAIN_FUNC std::vector<double> snht_null(std::size_t n, std::size_t simulations, std::uint64_t seed) {
  if (n < 3) detail::fail<invalid_argument>("the SNHT needs at least 3 values, got ", n);
  if (simulations == 0) detail::fail<invalid_argument>("simulations = 0; give at least 1");
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> z(n), null(simulations);
  for (auto& t : null) {
    for (auto& v : z) v = normal(rng);
    t = detail::snht_max(z).first;
  }
  std::sort(null.begin(), null.end());
  return null;
}

ATTAIN_FUNC snht_result snht(std::span<const double> x, std::span<const double> null_sorted) {
  detail::cp_require_finite(x, "x");
  const std::size_t n = x.size();
  if (n < 3) detail::fail<invalid_argument>("the SNHT needs at least 3 values, got ", n);
  if (null_sorted.empty()) detail::fail<invalid_argument>("the SNHT's null distribution is empty");
  snht_result r;
  std::tie(r.statistic, r.location) = detail::snht_max(x);
  r.simulations = null_sorted.size();
  // A simulated maximum equal to T0 up to rounding counts as "as large".
  const auto first = std::lower_bound(null_sorted.begin(), null_sorted.end(), r.statistic * (1.0 - 1e-12));
  const auto as_large = static_cast<std::size_t>(null_sorted.end() - first);
  r.p_value = static_cast<double>(1 + as_large) / static_cast<double>(1 + r.simulations);
  double before = 0.0, after = 0.0;
  for (std::size_t i = 0; i < n; ++i) (i < r.location ? before : after) += x[i];
  r.mean_before = before / static_cast<double>(r.location);
  r.mean_after = after / static_cast<double>(n - r.location);
  return r;
}

ATTAIN_FUNC snht_result snht(std::span<const double> x, std::size_t simulations, std::uint64_t seed) {
  detail::cp_require_finite(x, "x");
  return snht(x, snht_null(x.size(), simulations, seed));
}

namespace detail {

inline regression_coefficient cp_coefficient(double estimate, double variance, double df, double alpha) {
  regression_coefficient c;
  c.estimate = estimate;
  c.std_error = std::sqrt(std::max(0.0, variance));
  const boost::math::students_t dist(df);
  const double q = boost::math::quantile(boost::math::complement(dist, alpha / 2.0));
  if (c.std_error > 0.0) {
    c.t = estimate / c.std_error;
    c.p_value = 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(c.t)));
  } else {  // a perfect fit: no test
    c.t = c.p_value = std::numeric_limits<double>::quiet_NaN();
  }
  c.low = estimate - q * c.std_error, c.high = estimate + q * c.std_error;
  return c;
}

}  // namespace detail

ATTAIN_FUNC segmented_regression_result segmented_regression(std::span<const double> y, std::size_t start,
                                                             std::span<const double> time, double alpha) {
  const std::size_t n = y.size();
  detail::cp_require_finite(y, "y");
  if (!time.empty()) {
    detail::require_same_length("time", time.size(), "y", n);
    detail::cp_require_finite(time, "time");
    for (std::size_t i = 1; i < n; ++i)
      if (!(time[i] > time[i - 1]))
        detail::fail<invalid_argument>(detail::at("time", i), " = ", time[i], " is not after ",
                                       detail::at("time", i - 1), " = ", time[i - 1]);
  }
  if (!(alpha > 0.0 && alpha < 1.0)) detail::fail<invalid_argument>("alpha = ", alpha, " is outside (0, 1)");
  if (start < 2 || start + 2 > n)
    detail::fail<invalid_argument>("start = ", start, " leaves ", std::min(start, n), " points before and ",
                                   n > start ? n - start : 0,
                                   " from the campaign on; segmented regression needs at least 2 of each");
  if (n < 5) detail::fail<invalid_argument>("segmented regression needs at least 5 points, got ", n);
  auto t_of = [&](std::size_t i) { return time.empty() ? static_cast<double>(i) : time[i]; };
  const double ts = t_of(start);
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), 4);
  Eigen::VectorXd Y(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double dt = t_of(i) - ts, d = i >= start ? 1.0 : 0.0;
    X(r, 0) = 1.0, X(r, 1) = dt, X(r, 2) = d, X(r, 3) = dt * d;
    Y(r) = y[i];
  }
  // Householder QR: b = R^-1 Q'y and (X'X)^-1 = R^-1 R^-T, without forming X'X.
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(X);
  const Eigen::MatrixXd R = qr.matrixQR().topLeftCorner(4, 4).triangularView<Eigen::Upper>();
  const Eigen::VectorXd qty = (qr.householderQ().transpose() * Y).head(4);
  const Eigen::Vector4d b = R.triangularView<Eigen::Upper>().solve(qty);
  const Eigen::Matrix4d Rinv = R.triangularView<Eigen::Upper>().solve(Eigen::Matrix4d::Identity());
  const Eigen::Matrix4d xtx_inv = Rinv * Rinv.transpose();
  segmented_regression_result out;
  out.df = n - 4;
  const Eigen::VectorXd fit = X * b;
  double rss = (Y - fit).squaredNorm();
  // Residuals at rounding level (a series on a straight line, a constant series): an exact
  // fit, reported with zero standard errors and no test rather than with noise.
  if (rss <= 1e-26 * Y.squaredNorm()) rss = 0.0;
  const double mean = Y.mean();
  const double tss = (Y.array() - mean).square().sum();
  out.sigma = std::sqrt(rss / static_cast<double>(out.df));
  out.r_squared = tss > 0.0 ? 1.0 - rss / tss : std::numeric_limits<double>::quiet_NaN();
  out.fitted.assign(fit.data(), fit.data() + n);
  const double s2 = rss / static_cast<double>(out.df), df = static_cast<double>(out.df);
  regression_coefficient* c[4] = {&out.level_before, &out.slope_before, &out.level_change, &out.slope_change};
  for (int k = 0; k < 4; ++k) *c[k] = detail::cp_coefficient(b(k), s2 * xtx_inv(k, k), df, alpha);
  // One line through all the points (the model without the change terms).
  const Eigen::VectorXd dt = X.col(1);
  const double mx = dt.mean();
  const double sxx = (dt.array() - mx).square().sum(), sxy = ((dt.array() - mx) * (Y.array() - mean)).sum();
  const double rss_line = std::max(0.0, tss - sxy * sxy / sxx);
  if (rss > 0.0) {
    out.chow_f = (std::max(0.0, rss_line - rss) / 2.0) / s2;
    out.chow_p_value = boost::math::cdf(boost::math::complement(boost::math::fisher_f(2.0, df), out.chow_f));
  } else {
    out.chow_f = out.chow_p_value = std::numeric_limits<double>::quiet_NaN();
  }
  out.slope_after =
      detail::cp_coefficient(b(1) + b(3), s2 * (xtx_inv(1, 1) + xtx_inv(3, 3) + 2.0 * xtx_inv(1, 3)), df, alpha);
  return out;
}

}  // namespace attain
