#include "prelude.hpp"

#include <string>

#include "attain/report/fields.hpp"
#include "snapshot.hpp"

namespace ab = attain::bindings;

namespace {
const char* type_name(attain::field_type t) {
  switch (t) {
    case attain::field_type::flag:
      return "bool";
    case attain::field_type::whole:
      return "int";
    case attain::field_type::real:
      return "float";
    case attain::field_type::text:
      return "str";
  }
  return "str";
}
}  // namespace

void register_report(py::module_& m) {
  m.def(
      "report_fields",
      [](const ab::bound_snapshot& s, std::int32_t unit) { return attain::report_fields(s.outlook, unit); },
      py::arg("snapshot"), py::arg("unit"),
      "Every narrative field (name -> bool, int, float or str) for a unit (index) of a snapshot; it reads the "
      "snapshot and its outlook and computes nothing.");
  // The one list of fields (include/attain/report/fields.hpp): (name, type, per measure, optional, meaning).
  py::list fields;
  for (const auto& f : attain::report_field_table)
    fields.append(
        py::make_tuple(std::string(f.name), type_name(f.type), f.per_measure, f.optional, std::string(f.meaning)));
  m.attr("REPORT_FIELDS") = fields;
}
