#include "prelude.hpp"

#include <string>
#include <vector>

#include "attain/stats/change_point.hpp"

namespace ab = attain::bindings;

namespace {

py::dict coefficient_dict(const attain::regression_coefficient& c) {
  py::dict d;
  d["estimate"] = c.estimate, d["std_error"] = c.std_error, d["t"] = c.t, d["p_value"] = c.p_value;
  d["low"] = c.low, d["high"] = c.high;
  return d;
}

}  // namespace

void register_change_points(py::module_& m) {
  m.def(
      "pettitt",
      [](const ab::double_array& x, std::size_t cols) {
        const auto size = static_cast<std::size_t>(x.size());
        if (cols == 0 || size % cols != 0)
          attain::fail<attain::length_mismatch>("x has ", size, " values, not rows of ", cols);
        const std::size_t rows = size / cols;
        auto stat = ab::new_array<double>(rows), u = ab::new_array<double>(rows), p = ab::new_array<double>(rows);
        auto before = ab::new_array<double>(rows), after = ab::new_array<double>(rows);
        auto loc = ab::new_array<std::int64_t>(rows);
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          for (std::size_t r = 0; r < rows; ++r) {
            attain::pettitt_result f;
            try {
              f = attain::pettitt(std::span<const double>(x.data() + r * cols, cols));
            } catch (const attain::invalid_argument& e) {
              if (rows == 1) throw;
              throw attain::invalid_argument("row " + std::to_string(r) + ": " + e.what());
            }
            stat.mutable_data()[r] = f.statistic, u.mutable_data()[r] = f.u, p.mutable_data()[r] = f.p_value;
            loc.mutable_data()[r] = static_cast<std::int64_t>(f.location);
            before.mutable_data()[r] = f.mean_before, after.mutable_data()[r] = f.mean_after;
          }
        }
        return py::make_tuple(stat, u, loc, p, before, after);
      },
      py::arg("x"), py::arg("cols"),
      "(statistic, u, location, p_value, mean_before, mean_after) per row of `cols` values.");
  m.def(
      "snht",
      [](const ab::double_array& x, std::size_t cols, std::size_t simulations, std::uint64_t seed) {
        const auto size = static_cast<std::size_t>(x.size());
        if (cols == 0 || size % cols != 0)
          attain::fail<attain::length_mismatch>("x has ", size, " values, not rows of ", cols);
        const std::size_t rows = size / cols;
        auto stat = ab::new_array<double>(rows), p = ab::new_array<double>(rows);
        auto before = ab::new_array<double>(rows), after = ab::new_array<double>(rows);
        auto loc = ab::new_array<std::int64_t>(rows);
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          const auto null = attain::snht_null(cols, simulations, seed);  // one null for every row
          for (std::size_t r = 0; r < rows; ++r) {
            attain::snht_result f;
            try {
              f = attain::snht(std::span<const double>(x.data() + r * cols, cols), null);
            } catch (const attain::invalid_argument& e) {
              if (rows == 1) throw;
              throw attain::invalid_argument("row " + std::to_string(r) + ": " + e.what());
            }
            stat.mutable_data()[r] = f.statistic, p.mutable_data()[r] = f.p_value;
            loc.mutable_data()[r] = static_cast<std::int64_t>(f.location);
            before.mutable_data()[r] = f.mean_before, after.mutable_data()[r] = f.mean_after;
          }
        }
        return py::make_tuple(stat, loc, p, before, after);
      },
      py::arg("x"), py::arg("cols"), py::arg("simulations"), py::arg("seed"),
      "(statistic, location, p_value, mean_before, mean_after) per row of `cols` values.");
  m.def(
      "segmented_regression",
      [](const ab::double_array& y, std::size_t start, const ab::double_array& time, double alpha) {
        attain::segmented_regression_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above
          r = attain::segmented_regression(ab::view(y), start, ab::view(time), alpha);
        }
        py::dict out;
        out["level_before"] = coefficient_dict(r.level_before);
        out["slope_before"] = coefficient_dict(r.slope_before);
        out["level_change"] = coefficient_dict(r.level_change);
        out["slope_change"] = coefficient_dict(r.slope_change);
        out["slope_after"] = coefficient_dict(r.slope_after);
        out["sigma"] = r.sigma, out["r_squared"] = r.r_squared, out["df"] = r.df;
        out["chow_f"] = r.chow_f, out["chow_p_value"] = r.chow_p_value;
        auto fitted = ab::new_array<double>(r.fitted.size());
        std::copy(r.fitted.begin(), r.fitted.end(), fitted.mutable_data());
        out["fitted"] = fitted;
        return out;
      },
      py::arg("y"), py::arg("start"), py::arg("time"), py::arg("alpha"),
      "OLS y = b0 + b1 (t - t_s) + b2 D + b3 (t - t_s) D; time empty means 0..n-1.");
}
