#include "prelude.hpp"

#include <cmath>
#include <string>

#include "attain/stats/projection.hpp"

namespace ab = attain::bindings;

namespace {

py::dict path_to_dict(const attain::projected_path& p) {
  py::dict d;
  d["available"] = p.available;
  d["flow_done"] = p.flow_done;
  d["flow_eligible"] = p.flow_eligible;
  d["done"] = py::array_t<double>(static_cast<py::ssize_t>(p.done.size()), p.done.data());
  d["eligible"] = py::array_t<double>(static_cast<py::ssize_t>(p.eligible.size()), p.eligible.data());
  d["ratio"] = py::array_t<double>(static_cast<py::ssize_t>(p.ratio.size()), p.ratio.data());
  d["low"] = py::array_t<double>(static_cast<py::ssize_t>(p.low.size()), p.low.data());
  d["high"] = py::array_t<double>(static_cast<py::ssize_t>(p.high.size()), p.high.data());
  return d;
}

py::dict to_dict(const attain::year_end_projection& r) {
  py::dict d;
  d["months_elapsed"] = r.months_elapsed;
  d["months_remaining"] = r.months_remaining;
  d["target"] = r.target;
  d["done"] = r.now.done;
  d["eligible"] = r.now.eligible;
  d["current_pace"] = r.current_pace;
  d["required_pace"] = r.required_pace;
  d["reachable"] = r.reachable;
  d["pace"] = path_to_dict(r.pace);
  d["trend"] = path_to_dict(r.trend);
  return d;
}

}  // namespace

void register_projection(py::module_& m) {
  m.def(
      "project_year_end",
      [](const ab::int64_array& done, const ab::int64_array& eligible, double target, int window, double alpha) {
        return to_dict(attain::project_year_end(ab::view(done), ab::view(eligible), target, window, alpha));
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("window"), py::arg("alpha"),
      "Year-end projection from the year-to-date tallies of months 1..k of a fiscal year.");
  m.def(
      "project_panel",
      [](const attain::panel& p, const std::string& measure, const std::string& unit, std::int32_t as_of, int window,
         double alpha) {
        return to_dict(attain::project_year_end(p, p.measure_index(measure), p.units().index_of(unit),
                                                attain::year_month::from_ordinal(as_of), window, alpha));
      },
      py::arg("panel"), py::arg("measure"), py::arg("unit"), py::arg("as_of"), py::arg("window"), py::arg("alpha"),
      "Year-end projection of a unit and measure of a panel at a period.");
  m.def(
      "has_year_to_date",
      [](const attain::panel& p, std::int32_t as_of) {
        return attain::has_year_to_date(p, attain::year_month::from_ordinal(as_of));
      },
      py::arg("panel"), py::arg("as_of"), "Whether the panel holds every month of as_of's fiscal year up to it.");
}
