#include "prelude.hpp"

#include <cmath>
#include <string>

#include "attain/stats/projection.hpp"
#include "attain/stats/target_probability.hpp"

namespace ab = attain::bindings;

namespace {

py::array read_only(const std::vector<double>& v, py::handle owner) {
  py::array_t<double> a(static_cast<py::ssize_t>(v.size()), v.data(), owner);
  a.attr("flags").attr("writeable") = false;
  return a;
}

}  // namespace

void register_projection(py::module_& m) {
  using attain::projected_path;
  using attain::year_end_projection;
  py::class_<projected_path>(m, "ProjectedPath")
      .def_readonly("available", &projected_path::available)
      .def_readonly("flow_done", &projected_path::flow_done)
      .def_readonly("flow_eligible", &projected_path::flow_eligible)
      .def_property_readonly("done",
                             [](py::object self) { return read_only(self.cast<const projected_path&>().done, self); })
      .def_property_readonly(
          "eligible", [](py::object self) { return read_only(self.cast<const projected_path&>().eligible, self); })
      .def_property_readonly("ratio",
                             [](py::object self) { return read_only(self.cast<const projected_path&>().ratio, self); })
      .def_property_readonly("low",
                             [](py::object self) { return read_only(self.cast<const projected_path&>().low, self); })
      .def_property_readonly("high",
                             [](py::object self) { return read_only(self.cast<const projected_path&>().high, self); });
  py::class_<year_end_projection>(m, "YearEndProjection")
      .def_readonly("months_elapsed", &year_end_projection::months_elapsed)
      .def_readonly("months_remaining", &year_end_projection::months_remaining)
      .def_readonly("target", &year_end_projection::target)
      .def_property_readonly("done", [](const year_end_projection& r) { return r.now.done; })
      .def_property_readonly("eligible", [](const year_end_projection& r) { return r.now.eligible; })
      .def_property_readonly(
          "ratio",
          [](const year_end_projection& r) { return attain::completion_ratio_unchecked(r.now.done, r.now.eligible); })
      .def_readonly("pace", &year_end_projection::pace, py::return_value_policy::reference_internal)
      .def_readonly("trend", &year_end_projection::trend, py::return_value_policy::reference_internal)
      .def_readonly("current_pace", &year_end_projection::current_pace)
      .def_readonly("required_pace", &year_end_projection::required_pace)
      .def_readonly("reachable", &year_end_projection::reachable);
  m.def(
      "project_year_end",
      [](const ab::int64_array& done, const ab::int64_array& eligible, double target, int window, double alpha) {
        return attain::project_year_end(ab::view(done), ab::view(eligible), target, window, alpha);
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("window"), py::arg("alpha"),
      "Year-end projection from the year-to-date tallies of months 1..k of a fiscal year.");
  m.def(
      "project_panel",
      [](const attain::panel& p, const std::string& measure, const std::string& unit, std::int32_t as_of, int window,
         double alpha) {
        return attain::project_year_end(p, p.measure_index(measure), p.unit_index(unit),
                                        attain::year_month::from_ordinal(as_of), window, alpha);
      },
      py::arg("panel"), py::arg("measure"), py::arg("unit"), py::arg("as_of"), py::arg("window"), py::arg("alpha"),
      "Year-end projection of a unit and measure of a panel at a period.");
  m.def(
      "meet_probability",
      [](const ab::int64_array& done, const ab::int64_array& eligible, double target, const std::string& model,
         const std::string& form, int window) {
        const auto d = ab::view(done), e = ab::view(eligible);
        if (attain::parse_target_model(model) == attain::target_model::trend) {
          if (attain::parse_measure_form(form) == attain::measure_form::quota) return std::nan("");
          return attain::trend_meet_probability(d, e, target);
        }
        return attain::pace_meet_probability(d, e, target, attain::parse_measure_form(form), window);
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("model"), py::arg("form"), py::arg("window"),
      "Probability that year-to-date tallies of months 1..k meet the target at the year end (model 'trend' or "
      "'pace').");
}
