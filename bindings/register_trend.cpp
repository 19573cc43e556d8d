#include "prelude.hpp"

#include <optional>
#include <string>
#include <vector>

#include "attain/stats/mann_kendall.hpp"
#include "attain/stats/slopes.hpp"

namespace ab = attain::bindings;

namespace {

// Each function takes a C-contiguous (rows x cols) array as one series per row (attain::series_batch),
// runs the batched C++ function without the GIL and copies the result fields into numpy arrays.

std::vector<py::array_t<double>> outputs(std::size_t k, std::size_t rows) {
  std::vector<py::array_t<double>> out;
  for (std::size_t i = 0; i < k; ++i) out.push_back(ab::new_array<double>(rows));
  return out;
}

std::vector<double*> pointers(std::vector<py::array_t<double>>& out) {
  std::vector<double*> p;
  for (auto& a : out) p.push_back(a.mutable_data());
  return p;
}

py::tuple as_tuple(const std::vector<py::array_t<double>>& out) {
  py::tuple t(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) t[i] = out[i];
  return t;
}

void register_slopes(py::module_& m) {
  m.def(
      "linear_trend",
      [](const ab::double_array& y, std::size_t cols, const ab::double_array& x, bool batched, unsigned threads) {
        const attain::series_batch batch(ab::view(y), cols, ab::view(x), batched);
        std::vector<attain::linear_fit> fits;
        {
          // Safe without the GIL: reads y and x, kept alive by this frame; touches no Python object.
          py::gil_scoped_release release;
          fits = attain::linear_trend(batch, threads);
        }
        auto out = outputs(6, fits.size());
        auto o = pointers(out);
        for (std::size_t r = 0; r < fits.size(); ++r) {
          const auto& f = fits[r];
          o[0][r] = f.slope, o[1][r] = f.intercept, o[2][r] = f.rvalue, o[3][r] = f.pvalue;
          o[4][r] = f.slope_stderr, o[5][r] = f.intercept_stderr;
        }
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("batched"), py::arg("threads"),
      "(slope, intercept, rvalue, pvalue, stderr, intercept_stderr) per row of `cols` values.");

  m.def(
      "theil_sen",
      [](const ab::double_array& y, std::size_t cols, const ab::double_array& x, double alpha, bool batched,
         unsigned threads, const std::string& intercept) {
        attain::validate_alpha(alpha);
        const auto rule = attain::parse_intercept_rule(intercept);
        const attain::series_batch batch(ab::view(y), cols, ab::view(x), batched);
        std::vector<attain::theil_sen_result> fits;
        {
          py::gil_scoped_release release;  // reads y and x only (see linear_trend)
          fits = attain::theil_sen(batch, alpha, threads, rule);
        }
        auto out = outputs(4, fits.size());
        auto o = pointers(out);
        for (std::size_t r = 0; r < fits.size(); ++r) {
          const auto& f = fits[r];
          o[0][r] = f.slope, o[1][r] = f.intercept, o[2][r] = f.low_slope, o[3][r] = f.high_slope;
        }
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("alpha"), py::arg("batched"), py::arg("threads"),
      py::arg("intercept") = "separate",
      "(slope, intercept, low_slope, high_slope) per row; intercept 'separate' or 'joint'.");

  m.def(
      "siegel_slopes",
      [](const ab::double_array& y, std::size_t cols, const ab::double_array& x, bool batched, unsigned threads) {
        const attain::series_batch batch(ab::view(y), cols, ab::view(x), batched);
        std::vector<attain::siegel_result> fits;
        {
          py::gil_scoped_release release;  // reads y and x only (see linear_trend)
          fits = attain::siegel_slopes(batch, threads);
        }
        auto out = outputs(2, fits.size());
        auto o = pointers(out);
        for (std::size_t r = 0; r < fits.size(); ++r) o[0][r] = fits[r].slope, o[1][r] = fits[r].intercept;
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("batched"), py::arg("threads"),
      "(slope, intercept) per row.");
}

// (trend, h, p, z, Tau, s, var_s, slope, intercept), as pymannkendall names them.
py::tuple mk_outputs(const std::vector<attain::mann_kendall_result>& fits) {
  const std::size_t rows = fits.size();
  auto out = outputs(7, rows);
  auto o = pointers(out);
  auto trend = ab::new_array<std::int8_t>(rows);
  auto h = ab::new_array<bool>(rows);
  std::int8_t* tp = trend.mutable_data();
  bool* hp = h.mutable_data();
  for (std::size_t r = 0; r < rows; ++r) {
    const auto& f = fits[r];
    tp[r] = static_cast<std::int8_t>(f.trend), hp[r] = f.h;
    o[0][r] = f.p, o[1][r] = f.z, o[2][r] = f.tau, o[3][r] = f.s, o[4][r] = f.var_s, o[5][r] = f.slope;
    o[6][r] = f.intercept;
  }
  return py::make_tuple(trend, h, out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
}

void register_mann_kendall(py::module_& m) {
  m.def(
      "mann_kendall",
      [](const ab::double_array& x, std::size_t cols, double alpha, const std::string& method, std::int64_t lag,
         bool batched, unsigned threads, bool slope, const std::optional<ab::double_array>& times,
         const std::string& alternative, const std::string& intercept, std::size_t block, std::size_t replicates,
         std::uint64_t seed) {
        attain::mk_options o;
        o.alpha = alpha;
        attain::validate_alpha(alpha);
        o.method = attain::parse_mk_method(method);
        o.alternative = attain::parse_alternative(alternative);
        o.intercept = attain::parse_intercept_rule(intercept);
        o.lag = lag < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(lag));
        o.threads = threads, o.with_slope = slope, o.block = block, o.replicates = replicates, o.seed = seed;
        const attain::series_batch batch(ab::view(x), cols, times ? ab::view(*times) : std::span<const double>{},
                                         batched, "x", "times");
        std::vector<attain::mann_kendall_result> fits;
        {
          py::gil_scoped_release release;  // reads x and times only (see linear_trend)
          fits = attain::mann_kendall(batch, o);
        }
        return mk_outputs(fits);
      },
      py::arg("x"), py::arg("cols"), py::arg("alpha"), py::arg("method"), py::arg("lag"), py::arg("batched"),
      py::arg("threads"), py::arg("slope") = true, py::arg("times") = py::none(), py::arg("alternative") = "two-sided",
      py::arg("intercept") = "separate", py::arg("block") = 0, py::arg("replicates") = 1000, py::arg("seed") = 0,
      "(trend, h, p, z, Tau, s, var_s, slope, intercept) per row; lag < 0 means all lags; slope false skips Sen's "
      "slope where the method does not need it; times: one shared row or one per series; block 0: automatic.");

  m.def(
      "seasonal_mann_kendall",
      [](const ab::double_array& x, std::size_t cols, std::size_t period, double alpha, bool batched, unsigned threads,
         const std::string& alternative) {
        attain::validate_alpha(alpha);
        const auto alt = attain::parse_alternative(alternative);
        const attain::series_batch batch(ab::view(x), cols, {}, batched, "x");
        std::vector<attain::mann_kendall_result> fits;
        {
          py::gil_scoped_release release;  // reads x only (see linear_trend)
          fits = attain::seasonal_mann_kendall(batch, period, alpha, threads, alt);
        }
        return mk_outputs(fits);
      },
      py::arg("x"), py::arg("cols"), py::arg("period"), py::arg("alpha"), py::arg("batched"), py::arg("threads"),
      py::arg("alternative") = "two-sided",
      "Seasonal Mann-Kendall per row: (trend, h, p, z, Tau, s, var_s, slope, intercept).");

  m.def(
      "kendall_tau",
      [](const ab::double_array& x, const ab::double_array& y, std::size_t cols, bool batched, unsigned threads,
         const std::string& alternative) {
        const auto alt = attain::parse_alternative(alternative);
        const attain::series_batch batch(ab::view(y), cols, ab::view(x), batched);
        std::vector<attain::kendall_tau_result> fits;
        {
          py::gil_scoped_release release;  // reads x and y only (see linear_trend)
          fits = attain::kendall_tau(batch, threads, alt);
        }
        auto out = outputs(2, fits.size());
        auto o = pointers(out);
        for (std::size_t r = 0; r < fits.size(); ++r) o[0][r] = fits[r].tau, o[1][r] = fits[r].pvalue;
        return as_tuple(out);
      },
      py::arg("x"), py::arg("y"), py::arg("cols"), py::arg("batched"), py::arg("threads"),
      py::arg("alternative") = "two-sided", "(tau, pvalue) per row; x is one shared row or one row per series.");
}

}  // namespace

void register_trend(py::module_& m) {
  register_slopes(m);
  register_mann_kendall(m);
}
