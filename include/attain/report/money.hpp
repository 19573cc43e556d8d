#pragma once
/// @file attain/report/money.hpp
/// @brief Money in words: a whole number of minor units (đồng, cents) written with its currency
/// and an automatic scale, once for every output (narratives, tables, HTML, Word).
///
/// The scale: an amount under a million major units is written exactly, with its minor digits
/// ("950.000 đồng", "$1,234.56"); from a million up it is written in millions, from a thousand
/// millions in billions (the largest scale: "1.193,8 tỷ đồng", "1,193.8 billion VND"), with one
/// decimal by default, a trailing zero dropped ("250 triệu đồng", "2,5 triệu đồng",
/// "$1.2 million"), or @p places decimals kept. A figure that rounds up to 1000 millions moves
/// to billions ("1 tỷ đồng", not "1.000 triệu đồng").
///
/// Words by language (language::currencies): VND is "đồng" in Vietnamese and "VND" in English;
/// USD is "$1,234.56" / "$1.2 million" in English and "1.234,56 USD" / "1,2 triệu USD" in
/// Vietnamese (as the Vietnamese press writes dollars); any other code follows the figure:
/// "1,234.56 EUR". An empty currency writes the grouped figure alone, exact, with no scale.
///
/// Exact: the whole and minor parts are split and rounded in integer arithmetic (every int64,
/// INT64_MIN included), with the report layer's one rounding rule, half away from zero.

#include <cstdint>
#include <string>
#include <string_view>

#include "attain/core/config.hpp"
#include "attain/core/measure.hpp"  // max_minor_digits: one definition, the measure model's
#include "attain/report/language.hpp"

namespace attain {

/// @brief @p minor_units of @p currency (whose unit has @p minor_digits decimals: VND 0, USD 2)
/// in @p lang's words and an automatic scale (see the file doc). @p places: decimals of a scaled
/// figure, -1 for the default (one, a trailing zero dropped), 0..9 to fix them. Throws
/// invalid_argument for minor_digits outside 0..max_minor_digits or places outside -1..9.
std::string format_money(std::int64_t minor_units, std::string_view currency, int minor_digits, const language& lang,
                         int places = -1);

namespace detail {
/// @brief format_money on a magnitude and a sign, so that |INT64_MIN| and abs are exact.
/// @p sign: "-", "+" or "" written before the currency's prefix.
std::string format_money_magnitude(std::uint64_t magnitude, std::string_view sign, std::string_view currency,
                                   int minor_digits, const language& lang, int places);
}  // namespace detail

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/report/detail/money-inl.hpp"
#endif
