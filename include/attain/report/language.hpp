#pragma once
/// @file attain/report/language.hpp
/// @brief What the report layer writes differently by language: the number style, month
/// words, money scale words and currency words; and the one rounding rule of the report layer.

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "attain/core/error.hpp"

namespace attain {

/// @brief How numbers are written in a language.
struct number_style {
  std::string decimal_point = ".";
  std::string thousands = ",";  ///< between groups of three digits in the whole part

  static number_style english() { return {".", ","}; }
  static number_style vietnamese() { return {",", "."}; }
  /// @brief The built-in style of a language: "vi" or "en"; anything else throws invalid_argument.
  static number_style for_language(std::string_view lang) {
    if (lang == "vi") return vietnamese();
    if (lang == "en") return english();
    fail<invalid_argument>("lang = '", lang, "' is not a built-in number style (vi, en)");
  }
};

/// @brief How a currency is written in a language: `prefix` before the figure, `suffix` after.
struct currency_words {
  std::string code;    ///< ISO 4217 code: "VND", "USD"
  std::string prefix;  ///< "$" (en USD)
  std::string suffix;  ///< " đồng" (vi VND), " VND" (en VND), " USD" (vi USD)
};

/// @brief What rendering needs of a language: its number style, month words, money scale words
/// and currency words. Built in: vietnamese(), english(); a caller may fill in another.
struct language {
  std::string code = "en";
  number_style numbers;
  std::array<std::string, 12> months{};    ///< "tháng 1" ... "tháng 12" / "January" ... "December"
  std::string month_year = " ";            ///< between month and year: "/" (tháng 6/2021), " " (June 2021)
  std::string quarter = "Q";               ///< before a quarter's number: "quý " (quý 1/2021), "Q" (Q1 2021)
  std::string million = "million";         ///< money scale words: "triệu" / "million"
  std::string billion = "billion";         ///< "tỷ" / "billion"
  std::vector<currency_words> currencies;  ///< codes not listed are written "1,234.56 EUR"

  static language vietnamese() {
    language l;
    l.code = "vi";
    l.numbers = number_style::vietnamese();
    for (std::size_t i = 0; i < 12; ++i) l.months[i] = "tháng " + std::to_string(i + 1);
    l.month_year = "/";
    l.quarter = "quý ";
    l.million = "triệu";
    l.billion = "tỷ";
    l.currencies = {{"VND", "", " đồng"}, {"USD", "", " USD"}};
    return l;
  }
  static language english() {
    language l;
    l.code = "en";
    l.numbers = number_style::english();
    l.months = {"January", "February", "March",     "April",   "May",      "June",
                "July",    "August",   "September", "October", "November", "December"};
    l.currencies = {{"VND", "", " VND"}, {"USD", "$", ""}};
    return l;
  }
  /// @brief The built-in language "vi" or "en"; anything else throws invalid_argument.
  static language for_code(std::string_view code) {
    if (code == "vi") return vietnamese();
    if (code == "en") return english();
    fail<invalid_argument>("lang = '", code, "' is not a built-in language (vi, en)");
  }
  /// @brief The built-in language whose numbers look like @p style (Vietnamese for a decimal
  /// comma, else English), with @p style's numbers: what render(fields, number_style) uses.
  static language for_style(const number_style& style) {
    language l = style.decimal_point == "," ? vietnamese() : english();
    l.numbers = style;
    return l;
  }
};

namespace detail {

inline std::string group_digits(std::string digits, const std::string& sep) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

/// @brief |@p scaled| rounded half away from zero, with a tolerance of 1e-9 so that binary noise
/// (18.52999999...) does not decide it: the one rounding rule of the report layer. Money
/// (money.hpp) applies the same rule, half away from zero, exactly on its integers.
inline long double round_magnitude(long double scaled) { return std::floor(std::fabs(scaled) + 0.5L + 1e-9L); }

}  // namespace detail

}  // namespace attain
