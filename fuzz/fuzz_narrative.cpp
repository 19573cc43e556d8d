// Fuzzes the narrative template language: parse any bytes, and render what parses with a
// fixed set of fields in both number styles and both languages (conditions, sign and money
// specs, months, comments and needs). Only attain::error may be thrown.
#include <attain/report/narrative.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const attain::field_map fields{{"n", std::int64_t{16623}},
                                        {"r", 62.97281},
                                        {"g", 0.085},
                                        {"up", true},
                                        {"down", false},
                                        {"name", std::string("Chi cục")},
                                        {"neg", std::int64_t{-5}},
                                        {"big", 1e300},
                                        {"nan", std::nan("")},
                                        {"period", std::string("2021-06")},
                                        {"quarter", std::string("2021-Q1")},
                                        {"level", std::string("province")},
                                        {"min", std::numeric_limits<std::int64_t>::min()},
                                        {"max", std::numeric_limits<std::int64_t>::max()},
                                        {"amount.done", std::int64_t{1193847993000}},
                                        {"amount.currency", std::string("VND")},
                                        {"amount.minor_digits", std::int64_t{0}},
                                        {"sales.done", std::numeric_limits<std::int64_t>::min()},
                                        {"sales.currency", std::string("USD")},
                                        {"sales.minor_digits", std::int64_t{2}},
                                        {"odd.done", std::int64_t{7}},
                                        {"odd.currency", std::string("XYZ")},
                                        {"odd.minor_digits", std::int64_t{12}}};
  try {
    const attain::narrative_template t(text);
    (void)t.fields();
    (void)t.render(fields, attain::number_style::vietnamese());
    (void)t.render(fields, attain::number_style::english());
    (void)t.unmet_need(fields);
    (void)t.render(fields, attain::language::vietnamese());
    (void)t.render(fields, attain::language::english());
  } catch (const attain::error&) {
  }
  return 0;
}
