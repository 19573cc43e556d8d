#include <vector>

#include "attain/rollup.hpp"
#include "prelude.hpp"

namespace ab = attain::bindings;

void register_rollup(py::module_& m) {
  m.def(
      "group_sum",
      [](const ab::int32_array& codes, std::size_t n_groups, const std::vector<ab::int64_array>& columns,
         unsigned threads) {
        std::vector<std::span<const std::int64_t>> views;
        for (const auto& c : columns) views.push_back(ab::view(c));
        py::array_t<std::int64_t> out({n_groups, columns.size()});
        std::span<std::int64_t> o(out.mutable_data(), n_groups * columns.size());
        auto k = ab::view(codes);
        {
          // Safe: reads the arrays held above and writes `out`; no Python object is touched.
          py::gil_scoped_release release;
          attain::group_sum_parallel(k, n_groups, views, o, threads);
        }
        return out;
      },
      py::arg("codes"), py::arg("n_groups"), py::arg("columns"), py::arg("threads") = 1,
      "Exact int64 sums of each column by group code: an (n_groups, n_columns) array.");
  m.def(
      "cell_sum",
      [](const ab::int32_array& unit_codes, const ab::int32_array& period_codes, const ab::int32_array& period_rank,
         std::size_t n_units, const std::vector<ab::int64_array>& columns, unsigned threads) {
        std::vector<std::span<const std::int64_t>> views;
        for (const auto& c : columns) views.push_back(ab::view(c));
        const std::size_t cells = n_units * static_cast<std::size_t>(period_rank.size());
        py::array_t<std::int64_t> sums({cells, columns.size()});
        auto rows = ab::new_array<std::int64_t>(cells);
        std::span<std::int64_t> s(sums.mutable_data(), cells * columns.size());
        auto r = ab::view_mut(rows);
        auto u = ab::view(unit_codes), p = ab::view(period_codes), k = ab::view(period_rank);
        {
          py::gil_scoped_release release;  // reads the arrays held above, writes sums and rows
          attain::cell_sum(u, p, k, n_units, views, s, r, threads);
        }
        return py::make_tuple(sums, rows);
      },
      py::arg("unit_codes"), py::arg("period_codes"), py::arg("period_rank"), py::arg("n_units"), py::arg("columns"),
      py::arg("threads") = 1, "(sums per cell and column, rows per cell) for unit x period cells.");
}
