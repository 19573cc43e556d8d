#include "prelude.hpp"

#include <optional>
#include <string>
#include <utility>

#include "attain/report/money.hpp"
#include "attain/report/narrative.hpp"

void register_narrative(py::module_& m) {
  py::class_<attain::narrative_template>(m, "NarrativeTemplate")
      .def(py::init<std::string_view>(), py::arg("text"))
      .def_property_readonly("fields", &attain::narrative_template::fields)
      .def_property_readonly(
          "needs",
          [](const attain::narrative_template& t) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& n : t.needs()) out.emplace_back(n.name, n.what);
            return out;
          },
          "The declared needs ({# needs: NAME (what) #}) as (name, what) pairs.")
      .def(
          "unmet_need",
          [](const attain::narrative_template& t,
             const attain::field_map& fields) -> std::optional<std::pair<std::string, std::string>> {
            if (const auto* n = t.unmet_need(fields)) return std::make_pair(n->name, n->what);
            return std::nullopt;
          },
          py::arg("fields"), "The first declared need the fields do not meet, as (name, what), or None.")
      .def(
          "describe_unmet",
          [](const attain::narrative_template& t, const attain::field_map& fields) -> std::optional<std::string> {
            if (const auto* n = t.unmet_need(fields)) return n->describe();
            return std::nullopt;
          },
          py::arg("fields"),
          "The first unmet need in words: \"field 'count.ratio_pct' (what)\" or \"fields 'count.*' (what)\", or None.")
      .def(
          "render",
          [](const attain::narrative_template& t, const attain::field_map& fields, const std::string& lang) {
            return t.render(fields, attain::language::for_code(lang));
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
  m.def(
      "format_money",
      [](std::int64_t value, const std::string& currency, int minor_digits, const std::string& lang, int places) {
        return attain::format_money(value, currency, minor_digits, attain::language::for_code(lang), places);
      },
      py::arg("value"), py::arg("currency"), py::arg("minor_digits"), py::arg("lang"), py::arg("places") = -1,
      "Money: whole minor units with its currency and an automatic scale (vi 1.193,8 tỷ đồng, en $1.2 million).");
  m.def(
      "format_month",
      [](const std::string& period, const std::string& lang) {
        return attain::format_month(period, attain::language::for_code(lang));
      },
      py::arg("period"), py::arg("lang"), "A period in words: 2021-06 is vi 'tháng 6/2021', en 'June 2021'.");
}
