#include "prelude.hpp"

#include <string>

#include "attain/report/fields.hpp"

void register_report(py::module_& m) {
  m.def(
      "report_fields",
      [](const attain::panel& p, std::int32_t as_of, const std::string& unit) {
        const auto s = p.at(attain::year_month::from_ordinal(as_of));
        return attain::report_fields(p, s, p.units().index_of(unit));
      },
      py::arg("panel"), py::arg("as_of"), py::arg("unit"),
      "Every narrative field (name -> bool, int, float or str) for a unit at a period of the panel.");
}
