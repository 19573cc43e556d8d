#include "prelude.hpp"

#include <vector>

#include "attain/core/rollup.hpp"

namespace ab = attain::bindings;

namespace {

// Calls f with a span over @p codes, a C-contiguous int8, int16 or int32 array (a view, no copy).
template <class F>
void with_codes(const py::array& codes, const char* name, F&& f) {
  if (!(codes.flags() & py::array::c_style)) attain::fail<attain::invalid_argument>(name, " must be C-contiguous");
  const auto n = static_cast<std::size_t>(codes.size());
  if (py::isinstance<py::array_t<std::int8_t>>(codes))
    return f(std::span(static_cast<const std::int8_t*>(codes.data()), n));
  if (py::isinstance<py::array_t<std::int16_t>>(codes))
    return f(std::span(static_cast<const std::int16_t*>(codes.data()), n));
  if (py::isinstance<py::array_t<std::int32_t>>(codes))
    return f(std::span(static_cast<const std::int32_t*>(codes.data()), n));
  attain::fail<attain::invalid_argument>(name, " must be int8, int16 or int32 codes");
}

}  // namespace

void register_rollup(py::module_& m) {
  m.def(
      "merge_sums",
      [](py::array into, const ab::int64_array& addend) {
        // In place: `into` itself must be a writeable C-contiguous int64 array (no converted copy).
        if (!py::isinstance<py::array_t<std::int64_t>>(into) || !(into.flags() & py::array::c_style) ||
            !into.writeable())
          attain::fail<attain::invalid_argument>("into must be a writeable C-contiguous int64 array");
        attain::merge_sums(std::span<std::int64_t>(static_cast<std::int64_t*>(into.mutable_data()),
                                                   static_cast<std::size_t>(into.size())),
                           ab::view(addend));
      },
      py::arg("into"), py::arg("addend"),
      "into += addend, element-wise and exact (int64, C-contiguous, of one size); an overflow raises.");
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
      [](const py::array& unit_codes, const py::array& period_codes, const ab::int32_array& period_rank,
         std::size_t n_units, const std::vector<ab::int64_array>& columns, unsigned threads) {
        std::vector<std::span<const std::int64_t>> views;
        for (const auto& c : columns) views.push_back(ab::view(c));
        const std::size_t cells = n_units * static_cast<std::size_t>(period_rank.size());
        py::array_t<std::int64_t> sums({cells, columns.size()});
        auto rows = ab::new_array<std::int64_t>(cells);
        std::span<std::int64_t> s(sums.mutable_data(), cells * columns.size());
        auto r = ab::view_mut(rows);
        auto k = ab::view(period_rank);
        // Category codes come as int8, int16 or int32: read them as they are.
        with_codes(unit_codes, "unit_codes", [&](auto u) {
          with_codes(period_codes, "period_codes", [&](auto p) {
            py::gil_scoped_release release;  // reads the arrays held above, writes sums and rows
            attain::cell_sum(u, p, k, n_units, views, s, r, threads);
          });
        });
        return py::make_tuple(sums, rows);
      },
      py::arg("unit_codes"), py::arg("period_codes"), py::arg("period_rank"), py::arg("n_units"), py::arg("columns"),
      py::arg("threads") = 1,
      "(sums per cell and column, rows per cell) for unit x period cells; codes int8, int16 or int32.");
}
