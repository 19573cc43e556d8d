#include "prelude.hpp"

#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attain/stats/mann_kendall.hpp"
#include "attain/stats/slopes.hpp"

namespace ab = attain::bindings;

namespace {

// One series per row of a C-contiguous (rows x cols) array; x is empty (0..cols-1), one shared
// row of cols values, or one row per series.
struct series_view {
  const double* data = nullptr;
  std::size_t rows = 0, cols = 0;
  std::span<const double> row(std::size_t r) const { return {data + r * cols, cols}; }
};

series_view rows_of(const ab::double_array& a, std::size_t cols, const char* name) {
  const auto size = static_cast<std::size_t>(a.size());
  if (cols == 0 ? size != 0 : size % cols != 0)
    attain::detail::fail<attain::length_mismatch>(name, " has ", size, " values, not rows of ", cols);
  return {a.data(), cols == 0 ? 0 : size / cols, cols};
}

std::span<const double> x_row(const ab::double_array& x, std::size_t rows, std::size_t cols, std::size_t r) {
  const auto size = static_cast<std::size_t>(x.size());
  if (size == 0) return {};
  if (size == cols) return {x.data(), cols};
  (void)rows;
  return {x.data() + r * cols, cols};
}

void check_x(const ab::double_array& x, std::size_t rows, std::size_t cols, const char* name = "x") {
  const auto size = static_cast<std::size_t>(x.size());
  if (size != 0 && size != cols && size != rows * cols)
    attain::detail::fail<attain::length_mismatch>(name, " has ", size, " values; it must have ", cols,
                                                  " (shared by every series) or one row per series (", rows * cols,
                                                  ")");
}

// Rethrows a row's error with "row r: " in front, keeping its type (so Python gets the same class).
[[noreturn]] void rethrow_in_row(std::exception_ptr e, std::size_t row, bool batched) {
  if (!batched) std::rethrow_exception(e);
  const std::string where = "row " + std::to_string(row) + ": ";
  try {
    std::rethrow_exception(e);
  } catch (const attain::length_mismatch& x) {
    throw attain::length_mismatch(where + x.what());
  } catch (const attain::invalid_argument& x) {
    throw attain::invalid_argument(where + x.what());
  } catch (const attain::error& x) {
    throw attain::error(where + x.what());
  }
}

// Runs fn(r) for every row, over `threads` std::threads (contiguous blocks of rows). Each thread
// stops at its first failing row; the lowest failing row is reported, as a one-thread run would.
template <class Fn>
void for_rows(std::size_t rows, unsigned threads, bool batched, Fn&& fn) {
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, rows)));
  std::vector<std::exception_ptr> failure(threads);
  std::vector<std::size_t> failed_row(threads, rows);
  auto work = [&](unsigned t) {
    const std::size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    for (std::size_t r = begin; r < end; ++r) {
      try {
        fn(r);
      } catch (...) {
        failure[t] = std::current_exception();
        failed_row[t] = r;
        return;
      }
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  for (unsigned t = 0; t < threads; ++t)
    if (failure[t]) rethrow_in_row(failure[t], failed_row[t], batched);
}

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
        const auto s = rows_of(y, cols, "y");
        check_x(x, s.rows, cols);
        auto out = outputs(6, s.rows);
        auto o = pointers(out);
        {
          // Safe without the GIL: reads y and x and writes the new arrays above, all kept alive
          // by this frame; nothing touches Python objects.
          py::gil_scoped_release release;
          for_rows(s.rows, threads, batched, [&](std::size_t r) {
            const auto f = attain::linear_trend(s.row(r), x_row(x, s.rows, cols, r));
            o[0][r] = f.slope, o[1][r] = f.intercept, o[2][r] = f.rvalue, o[3][r] = f.pvalue;
            o[4][r] = f.slope_stderr, o[5][r] = f.intercept_stderr;
          });
        }
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("batched"), py::arg("threads"),
      "(slope, intercept, rvalue, pvalue, stderr, intercept_stderr) per row of `cols` values.");

  m.def(
      "theil_sen",
      [](const ab::double_array& y, std::size_t cols, const ab::double_array& x, double alpha, bool batched,
         unsigned threads) {
        attain::validate_alpha(alpha);
        const auto s = rows_of(y, cols, "y");
        check_x(x, s.rows, cols);
        auto out = outputs(4, s.rows);
        auto o = pointers(out);
        {
          py::gil_scoped_release release;                    // pure C++ over the buffers above (see linear_trend)
          const unsigned inner = s.rows == 1 ? threads : 1;  // one long series: threads inside it
          for_rows(s.rows, threads, batched, [&](std::size_t r) {
            const auto f = attain::theil_sen(s.row(r), x_row(x, s.rows, cols, r), alpha, inner);
            o[0][r] = f.slope, o[1][r] = f.intercept, o[2][r] = f.low_slope, o[3][r] = f.high_slope;
          });
        }
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("alpha"), py::arg("batched"), py::arg("threads"),
      "(slope, intercept, low_slope, high_slope) per row.");

  m.def(
      "siegel_slopes",
      [](const ab::double_array& y, std::size_t cols, const ab::double_array& x, bool batched, unsigned threads) {
        const auto s = rows_of(y, cols, "y");
        check_x(x, s.rows, cols);
        auto out = outputs(2, s.rows);
        auto o = pointers(out);
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above (see linear_trend)
          if (s.rows == 1) {               // one long series: its points over the threads
            const auto f = attain::siegel_slopes(s.row(0), x_row(x, s.rows, cols, 0), threads);
            o[0][0] = f.slope, o[1][0] = f.intercept;
          } else {
            for_rows(s.rows, threads, batched, [&](std::size_t r) {
              const auto f = attain::siegel_slopes(s.row(r), x_row(x, s.rows, cols, r));
              o[0][r] = f.slope, o[1][r] = f.intercept;
            });
          }
        }
        return as_tuple(out);
      },
      py::arg("y"), py::arg("cols"), py::arg("x"), py::arg("batched"), py::arg("threads"),
      "(slope, intercept) per row.");
}

py::tuple mk_outputs(std::vector<py::array_t<double>>& out, py::array_t<std::int8_t>& trend, py::array_t<bool>& h) {
  return py::make_tuple(trend, h, out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
}

void write_mk(const attain::mann_kendall_result& f, std::size_t r, std::int8_t* trend, bool* h,
              const std::vector<double*>& o) {
  trend[r] = static_cast<std::int8_t>(f.trend), h[r] = f.h;
  o[0][r] = f.p, o[1][r] = f.z, o[2][r] = f.tau, o[3][r] = f.s, o[4][r] = f.var_s, o[5][r] = f.slope;
  o[6][r] = f.intercept;
}

void register_mann_kendall(py::module_& m) {
  m.def(
      "mann_kendall",
      [](const ab::double_array& x, std::size_t cols, double alpha, const std::string& method, std::int64_t lag,
         bool batched, unsigned threads, bool slope) {
        attain::validate_alpha(alpha);
        const auto kind = attain::parse_mk_method(method);
        const auto s = rows_of(x, cols, "x");
        auto out = outputs(7, s.rows);
        auto o = pointers(out);
        auto trend = ab::new_array<std::int8_t>(s.rows);
        auto h = ab::new_array<bool>(s.rows);
        std::int8_t* tp = trend.mutable_data();
        bool* hp = h.mutable_data();
        const std::optional<std::size_t> lags =
            lag < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(lag));
        {
          py::gil_scoped_release release;                    // pure C++ over the buffers above (see linear_trend)
          const unsigned inner = s.rows == 1 ? threads : 1;  // one long series: threads inside it
          for_rows(s.rows, threads, batched, [&](std::size_t r) {
            write_mk(attain::mann_kendall(s.row(r), alpha, kind, lags, inner, slope), r, tp, hp, o);
          });
        }
        return mk_outputs(out, trend, h);
      },
      py::arg("x"), py::arg("cols"), py::arg("alpha"), py::arg("method"), py::arg("lag"), py::arg("batched"),
      py::arg("threads"), py::arg("slope") = true,
      "(trend, h, p, z, Tau, s, var_s, slope, intercept) per row; lag < 0 means all lags; slope false skips Sen's "
      "slope where the method does not need it.");

  m.def(
      "seasonal_mann_kendall",
      [](const ab::double_array& x, std::size_t cols, std::size_t period, double alpha, bool batched,
         unsigned threads) {
        attain::validate_alpha(alpha);
        const auto s = rows_of(x, cols, "x");
        auto out = outputs(7, s.rows);
        auto o = pointers(out);
        auto trend = ab::new_array<std::int8_t>(s.rows);
        auto h = ab::new_array<bool>(s.rows);
        std::int8_t* tp = trend.mutable_data();
        bool* hp = h.mutable_data();
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above (see linear_trend)
          for_rows(s.rows, threads, batched, [&](std::size_t r) {
            write_mk(attain::seasonal_mann_kendall(s.row(r), period, alpha), r, tp, hp, o);
          });
        }
        return mk_outputs(out, trend, h);
      },
      py::arg("x"), py::arg("cols"), py::arg("period"), py::arg("alpha"), py::arg("batched"), py::arg("threads"),
      "Seasonal Mann-Kendall per row: (trend, h, p, z, Tau, s, var_s, slope, intercept).");

  m.def(
      "kendall_tau",
      [](const ab::double_array& x, const ab::double_array& y, std::size_t cols, bool batched, unsigned threads) {
        const auto s = rows_of(y, cols, "y");
        check_x(x, s.rows, cols);
        auto out = outputs(2, s.rows);
        auto o = pointers(out);
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above (see linear_trend)
          for_rows(s.rows, threads, batched, [&](std::size_t r) {
            const auto f = attain::kendall_tau(x_row(x, s.rows, cols, r), s.row(r));
            o[0][r] = f.tau, o[1][r] = f.pvalue;
          });
        }
        return as_tuple(out);
      },
      py::arg("x"), py::arg("y"), py::arg("cols"), py::arg("batched"), py::arg("threads"),
      "(tau, pvalue) per row; x is one shared row or one row per series.");
}

}  // namespace

void register_trend(py::module_& m) {
  register_slopes(m);
  register_mann_kendall(m);
}
