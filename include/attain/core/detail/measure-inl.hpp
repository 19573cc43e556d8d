#pragma once
// The compiled part of attain/core/measure.hpp (see attain/core/config.hpp).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "attain/core/measure.hpp"
#include "attain/core/tally.hpp"

namespace attain {

ATTAIN_FUNC void validate_target(double target, measure_form f, std::string_view name) {
  if (f == measure_form::completion) return validate_target(target, name);
  if (!(target >= 0.0 && target <= max_quota_target))
    detail::fail<invalid_argument>(name, " = ", target,
                                   std::isnan(target) ? " is NaN" : " is outside [0, 10] (a quota target, x plan)");
}

ATTAIN_FUNC int default_minor_digits(std::string_view currency) noexcept {
  // ISO 4217 exponents of the common currencies; any other code: 0 unless declared.
  constexpr std::string_view two[] = {"USD", "EUR", "GBP", "AUD", "CAD", "CHF", "CNY", "HKD", "INR", "MYR",
                                      "NZD", "PHP", "SGD", "THB", "TWD", "SEK", "NOK", "DKK", "MXN", "BRL"};
  constexpr std::string_view three[] = {"BHD", "KWD", "OMR", "JOD", "TND"};
  for (auto c : two)
    if (currency == c) return 2;
  for (auto c : three)
    if (currency == c) return 3;
  return 0;  // VND, JPY, KRW and unknown codes
}

ATTAIN_FUNC std::string normalize_currency(std::string_view code, std::string_view measure) {
  std::string out(code);
  if (out.empty()) return out;
  bool ok = out.size() == 3;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    ok = ok && c >= 'A' && c <= 'Z';
  }
  if (!ok)
    detail::fail<invalid_argument>("measure '", measure, "': currency '", code,
                                   "' is not a three-letter ISO 4217 code (such as VND, USD, EUR)");
  return out;
}

ATTAIN_FUNC void validate_name_text(std::string_view text, std::string_view what) {
  if (text.empty()) return;
  if (text.size() > max_name_bytes)
    detail::fail<invalid_argument>(what, " '", text.substr(0, 20), "...' is ", text.size(), " bytes long; at most ",
                                   max_name_bytes, " are allowed");
  bool blank = true;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) detail::fail<invalid_argument>(what, ": byte ", i, " is not valid UTF-8");
    std::uint32_t cp = len == 1 ? b : b & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c >> 6) != 0x2) detail::fail<invalid_argument>(what, ": byte ", i + k, " is not valid UTF-8");
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
      detail::fail<invalid_argument>(what, " has a control character (code ", cp, ") at byte ", i);
    if (cp != ' ' && cp != 0xA0) blank = false;
    i += len;
  }
  if (blank) detail::fail<invalid_argument>(what, " is only blanks");
}

}  // namespace attain
