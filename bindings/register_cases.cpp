#include "prelude.hpp"

#include <string>
#include <vector>

#include "attain/core/cases.hpp"

namespace ab = attain::bindings;
using int8_array = py::array_t<std::int8_t, py::array::c_style>;

void register_cases(py::module_& m) {
  m.def(
      "case_tallies",
      [](const ab::int32_array& unit, const ab::int32_array& accepted, const ab::int32_array& status_month,
         const int8_array& count_role, const int8_array& amount_role, const ab::int64_array& amount,
         const std::optional<ab::int64_array>& done_amount, std::size_t n_units, std::int32_t first,
         std::size_t n_periods, int fiscal_year_start) {
        attain::case_columns c{ab::view(unit),
                               ab::view(accepted),
                               ab::view(status_month),
                               ab::view(count_role),
                               ab::view(amount_role),
                               ab::view(amount),
                               done_amount ? ab::view(*done_amount) : std::span<const std::int64_t>{}};
        const attain::fiscal_calendar calendar(fiscal_year_start);
        attain::validate_case_span(n_periods);  // before allocating units x months
        py::array_t<std::int64_t> out({n_units, n_periods, static_cast<std::size_t>(attain::n_case_fields)});
        std::span<std::int64_t> o(out.mutable_data(), n_units * n_periods * attain::n_case_fields);
        {
          py::gil_scoped_release release;  // reads the case arrays held above, writes `out`
          attain::case_tallies(c, n_units, attain::year_month::from_ordinal(first), n_periods, calendar, o);
        }
        return out;
      },
      py::arg("unit"), py::arg("accepted"), py::arg("status_month"), py::arg("count_role"), py::arg("amount_role"),
      py::arg("amount"), py::arg("done_amount"), py::arg("n_units"), py::arg("first"), py::arg("n_periods"),
      py::arg("fiscal_year_start"),
      "Year-to-date (count_accepted, count_eligible, count_done, amount_accepted, amount_eligible, amount_done) per "
      "unit x month.");
  m.attr("max_case_periods") = attain::max_case_periods;
  m.def(
      "form_tallies",
      [](const std::vector<ab::int64_array>& categories, const std::vector<int>& roles,
         const std::vector<std::string>& names) {
        std::vector<std::span<const std::int64_t>> cols;
        for (const auto& c : categories) cols.push_back(ab::view(c));
        std::vector<attain::status_role> r;
        for (std::size_t k = 0; k < roles.size(); ++k) {
          if (roles[k] < 0 || roles[k] > 2)
            attain::detail::fail<attain::invalid_argument>("roles[", k, "] = ", roles[k],
                                                           " is not a status role (0..2)");
          r.push_back(static_cast<attain::status_role>(roles[k]));
        }
        const std::size_t n = categories.empty() ? 0 : static_cast<std::size_t>(categories[0].size());
        auto done = ab::new_array<std::int64_t>(n), eligible = ab::new_array<std::int64_t>(n),
             accepted = ab::new_array<std::int64_t>(n);
        {
          py::gil_scoped_release release;  // reads the category arrays held by the caller, writes the new arrays
          attain::form_tallies(cols, r, ab::view_mut(done), ab::view_mut(eligible), ab::view_mut(accepted), names);
        }
        return py::make_tuple(done, eligible, accepted);
      },
      py::arg("categories"), py::arg("roles"), py::arg("names") = std::vector<std::string>{},
      "(done, eligible, accepted) per row of the status form; names[k] names category k in errors.");
}
