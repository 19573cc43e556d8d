#include "prelude.hpp"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "attain/core/cases.hpp"
#include "attain/core/scheme.hpp"

namespace ab = attain::bindings;
using int8_array = py::array_t<std::int8_t, py::array::c_style>;

void register_cases(py::module_& m) {
  // The fields of case_tallies()' output, in its order (the C++ enum case_field): (measure, field).
  m.attr("CASE_FIELDS") = py::make_tuple(py::make_tuple("count", "accepted"), py::make_tuple("count", "eligible"),
                                         py::make_tuple("count", "done"), py::make_tuple("amount", "accepted"),
                                         py::make_tuple("amount", "eligible"), py::make_tuple("amount", "done"));
  static_assert(attain::n_case_fields == 6);
  m.attr("STATUS_ROLES") =
      py::make_tuple(attain::role_name(attain::status_role::done), attain::role_name(attain::status_role::pending),
                     attain::role_name(attain::status_role::excluded));
  py::class_<attain::status_scheme>(m, "StatusScheme")
      .def(py::init([](const std::vector<std::tuple<std::string, std::string, std::string>>& statuses,
                       const std::optional<std::string>& unknown) {
             attain::status_scheme s;
             for (const auto& [status, count, amount] : statuses)
               s.statuses.push_back({status, attain::parse_role(count, status), attain::parse_role(amount, status)});
             if (unknown) s.unknown = attain::parse_role(*unknown, "<unknown statuses>");
             return s;
           }),
           py::arg("statuses"), py::arg("unknown") = std::nullopt,
           "statuses: (status, count role, amount role); roles are done, pending, excluded.")
      .def(
          "role_codes",
          [](const attain::status_scheme& s, const std::vector<std::string>& statuses, const std::string& measure) {
            const auto cm = attain::parse_case_measure(measure);
            auto out = ab::new_array<std::int8_t>(statuses.size());
            auto o = ab::view_mut(out);
            for (std::size_t k = 0; k < statuses.size(); ++k) {
              const auto role = s.find(statuses[k], cm);
              o[k] = role ? static_cast<std::int8_t>(*role) : std::int8_t{-1};
            }
            return out;
          },
          py::arg("statuses"), py::arg("measure"),
          "Role code (0 done, 1 pending, 2 excluded) of each status for measure 'count' or 'amount'; -1 for a "
          "status the scheme neither lists nor covers with an unknown role.");
  // Both case tallies functions: the tallies, and with `moments` the amount measure's case moments.
  const auto tally_cases =
      [](const ab::int32_array& unit, const ab::int32_array& accepted, const ab::int32_array& status_month,
         const int8_array& count_role, const int8_array& amount_role, const ab::int64_array& amount,
         const std::optional<ab::int64_array>& done_amount, std::size_t n_units, std::int32_t first,
         std::size_t n_periods, int fiscal_year_start, std::vector<attain::case_moments>* moments) {
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
        if (moments) moments->resize(n_units * n_periods);
        {
          py::gil_scoped_release release;  // reads the case arrays held above, writes `out`
          attain::case_tallies(c, n_units, attain::year_month::from_ordinal(first), n_periods, calendar, o,
                               moments ? std::span<attain::case_moments>(*moments) : std::span<attain::case_moments>{});
        }
        return out;
      };
  m.def(
      "case_tallies",
      [tally_cases](const ab::int32_array& unit, const ab::int32_array& accepted, const ab::int32_array& status_month,
                    const int8_array& count_role, const int8_array& amount_role, const ab::int64_array& amount,
                    const std::optional<ab::int64_array>& done_amount, std::size_t n_units, std::int32_t first,
                    std::size_t n_periods, int fiscal_year_start) {
        return tally_cases(unit, accepted, status_month, count_role, amount_role, amount, done_amount, n_units, first,
                           n_periods, fiscal_year_start, nullptr);
      },
      py::arg("unit"), py::arg("accepted"), py::arg("status_month"), py::arg("count_role"), py::arg("amount_role"),
      py::arg("amount"), py::arg("done_amount"), py::arg("n_units"), py::arg("first"), py::arg("n_periods"),
      py::arg("fiscal_year_start"),
      "Year-to-date (count_accepted, count_eligible, count_done, amount_accepted, amount_eligible, amount_done) per "
      "unit x month.");
  m.def(
      "case_tallies_with_moments",
      [tally_cases](const ab::int32_array& unit, const ab::int32_array& accepted, const ab::int32_array& status_month,
                    const int8_array& count_role, const int8_array& amount_role, const ab::int64_array& amount,
                    const std::optional<ab::int64_array>& done_amount, std::size_t n_units, std::int32_t first,
                    std::size_t n_periods, int fiscal_year_start) {
        std::vector<attain::case_moments> moments;
        auto out = tally_cases(unit, accepted, status_month, count_role, amount_role, amount, done_amount, n_units,
                               first, n_periods, fiscal_year_start, &moments);
        py::array_t<std::int64_t> cases({n_units, n_periods});
        py::array_t<double> sums({n_units, n_periods, std::size_t{3}});
        auto* n = cases.mutable_data();
        auto* s = sums.mutable_data();
        for (std::size_t k = 0; k < moments.size(); ++k) {
          n[k] = moments[k].cases;
          s[3 * k] = moments[k].xx, s[3 * k + 1] = moments[k].xy, s[3 * k + 2] = moments[k].yy;
        }
        return py::make_tuple(out, cases, sums);
      },
      py::arg("unit"), py::arg("accepted"), py::arg("status_month"), py::arg("count_role"), py::arg("amount_role"),
      py::arg("amount"), py::arg("done_amount"), py::arg("n_units"), py::arg("first"), py::arg("n_periods"),
      py::arg("fiscal_year_start"),
      "case_tallies' output, and the amount measure's case moments per unit x month: (tallies, cases, "
      "[sum x^2, sum xy, sum y^2]) over the cases in its eligible figures (x amount, y done amount).");
  m.attr("max_case_periods") = attain::max_case_periods;
  m.def(
      "form_tallies",
      [](const std::vector<ab::int64_array>& categories, const std::vector<int>& roles,
         const std::vector<std::string>& names) {
        std::vector<std::span<const std::int64_t>> cols;
        for (const auto& c : categories) cols.push_back(ab::view(c));
        const auto r = attain::roles_from_codes(roles);
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
