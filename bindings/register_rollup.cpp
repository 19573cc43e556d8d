#include "prelude.hpp"

#include <vector>

#include "attain/rollup.hpp"

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
}
