#include "prelude.hpp"

#include <vector>

#include "attain/core/period.hpp"

namespace ab = attain::bindings;

namespace {
std::vector<attain::year_month> months(const ab::int32_array& ordinals) {
  std::vector<attain::year_month> out;
  out.reserve(static_cast<std::size_t>(ordinals.size()));
  for (auto o : ab::view(ordinals)) out.push_back(attain::year_month::from_ordinal(o));
  return out;
}

template <class Convert>
py::array_t<std::int64_t> convert_series(const ab::int64_array& values, const ab::int32_array& periods, int first_month,
                                         Convert convert) {
  const attain::fiscal_calendar calendar(first_month);
  const auto ms = months(periods);
  auto out = ab::new_array<std::int64_t>(static_cast<std::size_t>(values.size()));
  convert(ab::view(values), std::span<const attain::year_month>(ms), calendar, ab::view_mut(out));
  return out;
}
}  // namespace

void register_period(py::module_& m) {
  m.def(
      "require_consecutive",
      [](const ab::int32_array& periods) {
        const auto ms = months(periods);
        attain::require_consecutive(ms);
      },
      py::arg("periods"), "Throws unless the month ordinals are consecutive, naming the first that is not.");
  m.def(
      "parse_period", [](const std::string& text) { return attain::year_month::parse(text).ordinal(); },
      py::arg("text"), "'YYYY-MM' or an ISO date 'YYYY-MM-DD[THH:MM...]' -> month ordinal.");
  m.def(
      "format_period", [](std::int32_t ordinal) { return attain::year_month::from_ordinal(ordinal).to_string(); },
      py::arg("ordinal"));
  m.def(
      "fiscal_year",
      [](std::int32_t ordinal, int first_month) {
        return attain::fiscal_calendar(first_month).fiscal_year(attain::year_month::from_ordinal(ordinal));
      },
      py::arg("ordinal"), py::arg("first_month"));
  m.def(
      "fiscal_year_start",
      [](int fiscal_year, int first_month) {
        return attain::fiscal_calendar(first_month).start(fiscal_year).ordinal();
      },
      py::arg("fiscal_year"), py::arg("first_month"));
  m.def(
      "months_elapsed",
      [](std::int32_t ordinal, int first_month) {
        return attain::fiscal_calendar(first_month).months_elapsed(attain::year_month::from_ordinal(ordinal));
      },
      py::arg("ordinal"), py::arg("first_month"));
  m.def(
      "months_remaining",
      [](std::int32_t ordinal, int first_month) {
        return attain::fiscal_calendar(first_month).months_remaining(attain::year_month::from_ordinal(ordinal));
      },
      py::arg("ordinal"), py::arg("first_month"));
  m.def(
      "period_of",
      [](int year, int month) {
        if (month < 1 || month > 12)
          attain::fail<attain::invalid_argument>("month = ", month, " is not a month (1..12)");
        return attain::year_month{year, month}.ordinal();
      },
      py::arg("year"), py::arg("month"), "(year, month 1..12) -> month ordinal.");
  m.def(
      "check_first_month", [](int first_month) { return attain::fiscal_calendar(first_month).first_month(); },
      py::arg("first_month"), "A fiscal year's first month, checked (1..12).");
  m.def(
      "ytd_to_monthly",
      [](const ab::int64_array& ytd, const ab::int32_array& periods, int first_month) {
        attain::require_same_length("values", ytd.size(), "periods", periods.size());
        return convert_series(ytd, periods, first_month,
                              [](auto v, auto p, const auto& c, auto o) { attain::ytd_to_monthly(v, p, c, o); });
      },
      py::arg("ytd"), py::arg("periods"), py::arg("first_month"));
  m.def(
      "monthly_to_ytd",
      [](const ab::int64_array& monthly, const ab::int32_array& periods, int first_month) {
        attain::require_same_length("values", monthly.size(), "periods", periods.size());
        return convert_series(monthly, periods, first_month,
                              [](auto v, auto p, const auto& c, auto o) { attain::monthly_to_ytd(v, p, c, o); });
      },
      py::arg("monthly"), py::arg("periods"), py::arg("first_month"));
  m.def(
      "open_at_start",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::int32_array& periods,
         int first_month) {
        attain::require_same_length("done", done.size(), "periods", periods.size());
        attain::require_same_length("eligible", eligible.size(), "periods", periods.size());
        const attain::fiscal_calendar calendar(first_month);
        const auto ms = months(periods);
        auto out = ab::new_array<std::int64_t>(static_cast<std::size_t>(done.size()));
        attain::open_at_start(ab::view(done), ab::view(eligible), std::span<const attain::year_month>(ms), calendar,
                              ab::view_mut(out));
        return out;
      },
      py::arg("done"), py::arg("eligible"), py::arg("periods"), py::arg("first_month"),
      "Year-to-date done and eligible -> the cases open at the start of each month.");
}
