// Fuzzes year_month::parse: any bytes either parse to a valid month that formats back, or
// throw attain::invalid_argument. Nothing else (no crash, no other exception).
#include <attain/core/period.hpp>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto m = attain::year_month::parse(text);
    if (m.month < 1 || m.month > 12) std::abort();
    if (attain::year_month::parse(m.to_string()) != m) std::abort();
    const attain::fiscal_calendar calendar(1 + static_cast<int>(size % 12));
    const int elapsed = calendar.months_elapsed(m);
    if (elapsed < 1 || elapsed > 12) std::abort();
  } catch (const attain::invalid_argument&) {
  }
  return 0;
}
