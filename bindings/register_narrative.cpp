#include "prelude.hpp"

#include <string>

#include "attain/report/narrative.hpp"

namespace {
attain::number_style style_of(const std::string& lang) {
  if (lang == "vi") return attain::number_style::vietnamese();
  if (lang == "en") return attain::number_style::english();
  attain::detail::fail<attain::invalid_argument>("lang = '", lang, "' is not a built-in number style (vi, en)");
}
}  // namespace

void register_narrative(py::module_& m) {
  py::class_<attain::narrative_template>(m, "NarrativeTemplate")
      .def(py::init<std::string_view>(), py::arg("text"))
      .def_property_readonly("fields", &attain::narrative_template::fields)
      .def(
          "render",
          [](const attain::narrative_template& t, const attain::field_map& fields, const std::string& lang) {
            return t.render(fields, style_of(lang));
          },
          py::arg("fields"), py::arg("lang"));
  m.def(
      "format_integer",
      [](std::int64_t value, const std::string& lang, bool grouping) {
        return attain::format_whole(value, style_of(lang), grouping);
      },
      py::arg("value"), py::arg("lang"), py::arg("grouping") = true,
      "A whole number in a language's style (vi 16.623, en 16,623), exact for every int64.");
  m.def(
      "format_number",
      [](double value, int places, const std::string& lang, bool grouping) {
        return attain::format_fixed(value, places, style_of(lang), grouping);
      },
      py::arg("value"), py::arg("places"), py::arg("lang"), py::arg("grouping") = true);
}
