// Fuzzes the narrative template language: parse any bytes, and render what parses with a
// fixed set of fields in both number styles. Only attain::error may be thrown.
#include <attain/report/narrative.hpp>
#include <cstdint>
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
                                        {"nan", std::nan("")}};
  try {
    const attain::narrative_template t(text);
    (void)t.fields();
    (void)t.render(fields, attain::number_style::vietnamese());
    (void)t.render(fields, attain::number_style::english());
  } catch (const attain::error&) {
  }
  return 0;
}
