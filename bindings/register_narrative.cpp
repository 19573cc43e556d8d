#include "prelude.hpp"

#include <string>

#include "attain/report/narrative.hpp"

void register_narrative(py::module_& m) {
  py::class_<attain::narrative_template>(m, "NarrativeTemplate")
      .def(py::init<std::string_view>(), py::arg("text"))
      .def_property_readonly("fields", &attain::narrative_template::fields)
      .def(
          "render",
          [](const attain::narrative_template& t, const attain::field_map& fields, const std::string& lang) {
            return t.render(fields, attain::number_style::for_language(lang));
          },
          py::arg("fields"), py::arg("lang"));
  m.def(
      "format_integer",
      [](std::int64_t value, const std::string& lang, bool grouping) {
        return attain::format_whole(value, attain::number_style::for_language(lang), grouping);
      },
      py::arg("value"), py::arg("lang"), py::arg("grouping") = true,
      "A whole number in a language's style (vi 16.623, en 16,623), exact for every int64.");
  m.def(
      "format_number",
      [](double value, int places, const std::string& lang, bool grouping) {
        return attain::format_fixed(value, places, attain::number_style::for_language(lang), grouping);
      },
      py::arg("value"), py::arg("places"), py::arg("lang"), py::arg("grouping") = true);
}
