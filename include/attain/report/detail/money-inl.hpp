#pragma once
// The compiled part of attain/report/money.hpp (see attain/core/config.hpp).
#include <cstdint>
#include <string>
#include <string_view>

#include "attain/report/money.hpp"

namespace attain {

namespace detail {

inline std::uint64_t pow10_u64(int n) {
  std::uint64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

/// @brief @p magnitude / @p divisor with @p places decimals, rounded half away from zero (the
/// report layer's rule, here exact): the whole part's digits and the decimals' digits.
inline void divide_rounded(std::uint64_t magnitude, std::uint64_t divisor, int places, std::string& whole,
                           std::string& frac) {
  std::string digits = std::to_string(magnitude / divisor);
  const std::size_t whole_size = digits.size();
  std::uint64_t r = magnitude % divisor;  // r < divisor <= 10^18: 10 r and 2 r fit in 64 bits
  for (int i = 0; i < places; ++i) {
    r *= 10;
    digits += static_cast<char>('0' + r / divisor);
    r %= divisor;
  }
  std::size_t carry_into = whole_size;
  if (r >= divisor - r) {  // 2 r >= divisor: half or more, away from zero
    std::size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i == 0) {
      digits.insert(digits.begin(), '1');
      ++carry_into;
    } else {
      ++digits[i - 1];
    }
  }
  whole = digits.substr(0, carry_into);
  frac = digits.substr(carry_into);
}

ATTAIN_FUNC std::string format_money_magnitude(std::uint64_t magnitude, std::string_view sign,
                                               std::string_view currency, int minor_digits, const language& lang,
                                               int places) {
  if (minor_digits < 0 || minor_digits > max_minor_digits)
    fail<invalid_argument>("minor_digits = ", minor_digits, " is outside 0..", max_minor_digits);
  if (places < -1 || places > 9) fail<invalid_argument>("places = ", places, " is outside -1..9 (-1: automatic)");
  const std::string& point = lang.numbers.decimal_point;
  std::string whole, frac, scale;
  const std::uint64_t unit = pow10_u64(minor_digits);
  if (currency.empty() || magnitude < unit * 1'000'000) {  // exact, with every minor digit
    divide_rounded(magnitude, unit, minor_digits, whole, frac);
  } else {
    const int kept = places < 0 ? 1 : places;
    divide_rounded(magnitude, unit * 1'000'000, kept, whole, frac);
    scale = lang.million;
    if (whole.size() > 3) {  // 1000 millions or more, after rounding
      divide_rounded(magnitude, unit * 1'000'000'000, kept, whole, frac);
      scale = lang.billion;
    }
    if (places < 0 && frac == "0") frac.clear();
  }
  std::string figure = group_digits(whole, lang.numbers.thousands);
  if (!frac.empty()) figure += point + frac;
  if (!scale.empty()) figure += ' ' + scale;
  if (currency.empty()) return std::string(sign) + figure;
  for (const auto& c : lang.currencies)
    if (c.code == currency) return std::string(sign) + c.prefix + figure + c.suffix;
  return std::string(sign) + figure + ' ' + std::string(currency);
}

}  // namespace detail

ATTAIN_FUNC std::string format_money(std::int64_t minor_units, std::string_view currency, int minor_digits,
                                     const language& lang, int places) {
  const bool negative = minor_units < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(minor_units) : static_cast<std::uint64_t>(minor_units);
  return detail::format_money_magnitude(magnitude, negative ? "-" : "", currency, minor_digits, lang, places);
}

}  // namespace attain
