#include "prelude.hpp"

#include <optional>
#include <string>
#include <vector>

#include "attain/core/panel.hpp"

namespace ab = attain::bindings;

namespace {

// One measure's columns as handed over from Python; the arrays stay alive while the panel is
// built (the panel copies what it needs).
struct measure_arrays {
  std::string name;
  ab::int64_array done, eligible;
  std::optional<ab::int64_array> accepted;
  std::optional<ab::double_array> target;
  double default_target;
};

template <class T, class F>
py::array_t<T> per_unit(std::size_t n, F&& value) {
  auto out = ab::new_array<T>(n);
  auto o = ab::view_mut(out);
  for (std::size_t u = 0; u < n; ++u) o[u] = value(static_cast<std::int32_t>(u));
  return out;
}

py::dict snapshot_to_dict(const attain::snapshot& s) {
  py::dict out;
  out["as_of"] = s.as_of.ordinal();
  out["months_elapsed"] = s.months_elapsed;
  out["months_remaining"] = s.months_remaining;
  py::dict measures;
  const std::size_t n = s.n_units;
  for (std::size_t m = 0; m < s.measures.size(); ++m) {
    auto r = [&](std::int32_t u) -> const attain::unit_result& { return s.at(m, u); };
    auto c = [&](std::int32_t u) -> const attain::children_summary& { return s.children_of(m, u); };
    py::dict f;
    f["done"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).total.done; });
    f["eligible"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).total.eligible; });
    f["accepted"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).accepted; });
    f["ratio"] = per_unit<double>(n, [&](auto u) { return r(u).gap.ratio; });
    f["has_target"] = per_unit<bool>(n, [&](auto u) { return r(u).has_target; });
    f["target"] = per_unit<double>(n, [&](auto u) { return r(u).target; });
    f["gap"] = per_unit<double>(n, [&](auto u) { return r(u).gap.gap; });
    f["shortfall"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).gap.shortfall; });
    f["met"] = per_unit<bool>(n, [&](auto u) { return r(u).gap.met; });
    f["ratio_prev"] = per_unit<double>(n, [&](auto u) { return r(u).ratio_prev; });
    f["change_prev"] = per_unit<double>(n, [&](auto u) { return r(u).change_prev; });
    f["ratio_year_ago"] = per_unit<double>(n, [&](auto u) { return r(u).ratio_year_ago; });
    f["change_year"] = per_unit<double>(n, [&](auto u) { return r(u).change_year; });
    f["rank"] = per_unit<std::int32_t>(n, [&](auto u) { return r(u).rank; });
    f["pace_needed"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).pace.needed; });
    f["pace_per_month"] = per_unit<double>(n, [&](auto u) { return r(u).pace.per_month; });
    f["pace_eligible_projected"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).pace.eligible_projected; });
    f["pace_needed_projected"] = per_unit<std::int64_t>(n, [&](auto u) { return r(u).pace.needed_projected; });
    f["pace_per_month_projected"] = per_unit<double>(n, [&](auto u) { return r(u).pace.per_month_projected; });
    f["schedule_expected"] = per_unit<double>(n, [&](auto u) { return r(u).schedule_expected; });
    f["schedule_ahead"] = per_unit<double>(n, [&](auto u) { return r(u).schedule_ahead; });
    f["children_n"] = per_unit<std::int32_t>(n, [&](auto u) { return c(u).n; });
    f["children_met"] = per_unit<std::int32_t>(n, [&](auto u) { return c(u).n_met; });
    f["children_short"] = per_unit<std::int32_t>(n, [&](auto u) { return c(u).n_short; });
    f["children_unrated"] = per_unit<std::int32_t>(n, [&](auto u) { return c(u).n_unrated; });
    f["children_min_gap"] = per_unit<double>(n, [&](auto u) { return c(u).min_gap; });
    f["children_max_gap"] = per_unit<double>(n, [&](auto u) { return c(u).max_gap; });
    measures[py::str(s.measures[m])] = f;
  }
  out["measures"] = measures;
  return out;
}

}  // namespace

void register_panel(py::module_& m) {
  py::class_<attain::panel>(m, "Panel")
      .def(py::init([](std::vector<std::string> units, const std::vector<std::string>& parents,
                       const ab::int32_array& unit_of_row, const ab::int32_array& period_of_row,
                       const std::vector<py::dict>& measures, int fiscal_year_start, bool monthly_flows,
                       std::string row_label, std::int64_t first_row_number, std::vector<double> schedule_profile,
                       std::vector<std::int64_t> row_numbers) {
             attain::detail::require_same_length("periods", period_of_row.size(), "units", unit_of_row.size());
             std::vector<attain::year_month> periods;
             periods.reserve(static_cast<std::size_t>(period_of_row.size()));
             for (auto o : ab::view(period_of_row)) periods.push_back(attain::year_month::from_ordinal(o));
             std::vector<measure_arrays> arrays;
             for (const auto& d : measures) {
               measure_arrays a{d["name"].cast<std::string>(),
                                d["done"].cast<ab::int64_array>(),
                                d["eligible"].cast<ab::int64_array>(),
                                std::nullopt,
                                std::nullopt,
                                d["default_target"].cast<double>()};
               if (!d["accepted"].is_none()) a.accepted = d["accepted"].cast<ab::int64_array>();
               if (!d["target"].is_none()) a.target = d["target"].cast<ab::double_array>();
               arrays.push_back(std::move(a));
             }
             std::vector<attain::measure_columns> columns;
             for (const auto& a : arrays)
               columns.push_back({a.name, ab::view(a.done), ab::view(a.eligible),
                                  a.accepted ? ab::view(*a.accepted) : std::span<const std::int64_t>{},
                                  a.target ? ab::view(*a.target) : std::span<const double>{}, a.default_target});
             attain::panel_options options{attain::fiscal_calendar(fiscal_year_start), monthly_flows,
                                           std::move(row_label), first_row_number, std::move(schedule_profile)};
             options.row_numbers = std::move(row_numbers);
             attain::hierarchy h(std::move(units), parents);
             py::gil_scoped_release release;  // builds C++ objects only; the arrays are kept alive above
             return attain::panel(std::move(h), ab::view(unit_of_row), periods, columns, std::move(options));
           }),
           py::arg("units"), py::arg("parents"), py::arg("unit_of_row"), py::arg("period_of_row"), py::arg("measures"),
           py::arg("fiscal_year_start") = 1, py::arg("monthly_flows") = false, py::arg("row_label") = "row",
           py::arg("first_row_number") = 0, py::arg("schedule_profile") = std::vector<double>{},
           py::arg("row_numbers") = std::vector<std::int64_t>{})
      .def_property_readonly("units", [](const attain::panel& p) { return p.units().names(); })
      .def_property_readonly("parents", [](const attain::panel& p) { return p.units().parents(); })
      .def_property_readonly("depths",
                             [](const attain::panel& p) {
                               return per_unit<std::int32_t>(p.units().size(),
                                                             [&](auto u) { return p.units().depth(u); });
                             })
      .def_property_readonly("periods",
                             [](const attain::panel& p) {
                               std::vector<std::int32_t> out;
                               for (auto ym : p.periods()) out.push_back(ym.ordinal());
                               return out;
                             })
      .def_property_readonly("measures",
                             [](const attain::panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i) out.push_back(p.measure_name(i));
                               return out;
                             })
      .def_property_readonly("fiscal_year_start", [](const attain::panel& p) { return p.calendar().first_month(); })
      .def("has_accepted",
           [](const attain::panel& p, const std::string& measure) { return p.has_accepted(p.measure_index(measure)); })
      .def(
          "totals",
          [](const attain::panel& p, const std::string& measure) {
            // Rolled-up (done, eligible, accepted, target) as unit x period matrices.
            const std::size_t mi = p.measure_index(measure), U = p.units().size(), P = p.periods().size();
            py::array_t<std::int64_t> done({U, P}), eligible({U, P}), accepted({U, P});
            py::array_t<double> target({U, P});
            auto d = done.mutable_unchecked<2>(), e = eligible.mutable_unchecked<2>(),
                 a = accepted.mutable_unchecked<2>();
            auto t = target.mutable_unchecked<2>();
            for (std::size_t u = 0; u < U; ++u)
              for (std::size_t k = 0; k < P; ++k) {
                const auto unit = static_cast<std::int32_t>(u);
                const auto tl = p.total(mi, unit, k);
                d(u, k) = tl.done, e(u, k) = tl.eligible, a(u, k) = p.accepted(mi, unit, k),
                     t(u, k) = p.target(mi, unit, k);
              }
            return py::make_tuple(done, eligible, accepted, target);
          },
          py::arg("measure"))
      .def(
          "snapshot",
          [](const attain::panel& p, std::int32_t as_of) {
            return snapshot_to_dict(p.at(attain::year_month::from_ordinal(as_of)));
          },
          py::arg("as_of"));
}
