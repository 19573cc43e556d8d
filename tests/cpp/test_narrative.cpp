#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <limits>
#include <string>

#include "attain/report/narrative.hpp"

using attain::field_map;
using attain::narrative_template;
using attain::number_style;

namespace {
std::string error_of(const std::string& text) {
  try {
    narrative_template t(text);
  } catch (const attain::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(test_narrative)

BOOST_AUTO_TEST_CASE(locale_numbers) {
  const auto vi = number_style::vietnamese(), en = number_style::english();
  BOOST_TEST(attain::format_fixed(16623, 0, vi) == "16.623");
  BOOST_TEST(attain::format_fixed(1678213450000.0, 0, en) == "1,678,213,450,000");
  BOOST_TEST(attain::format_fixed(62.97281, 2, vi) == "62,97");
  BOOST_TEST(attain::format_fixed(0.085, 2, en) == "0.09");  // half up, although 0.085 is 0.08499... in binary
  BOOST_TEST(attain::format_fixed(18.5271, 0, vi) == "19");
  BOOST_TEST(attain::format_fixed(-0.004, 2, en) == "0.00");  // no "-0.00"
  BOOST_TEST(attain::format_fixed(2021, 0, vi, false) == "2021");
  BOOST_TEST(attain::format_shortest(81.5, 4, vi) == "81,5");
  BOOST_TEST(attain::format_shortest(80.0, 4, en) == "80");
}

BOOST_AUTO_TEST_CASE(fields_specs_and_conditions) {
  narrative_template t(
      "{n:int} việc, {r:.2}%, hụt {g:r2}% và {h:r2}%{if up}, tăng{elif down}, giảm{else}, không đổi{end}{if not "
      "up}!{end} {{ok}}");
  field_map f{{"n", std::int64_t{16623}}, {"r", 62.97281}, {"g", 18.53}, {"h", 0.0852}, {"up", true}, {"down", false}};
  BOOST_TEST(t.render(f, number_style::vietnamese()) == "16.623 việc, 62,97%, hụt 19% và 0,09%, tăng {ok}");
  f["up"] = false;
  f["down"] = true;
  BOOST_TEST(t.render(f, number_style::english()) == "16,623 việc, 62.97%, hụt 19% và 0.09%, giảm! {ok}");
  narrative_template nested("{if a}A{if b}B{else}b{end}{else}x{end}.");
  BOOST_TEST(nested.render({{"a", std::int64_t{1}}, {"b", std::string{}}}, number_style{}) == "Ab.");
  BOOST_TEST(nested.render({{"a", 0.0}, {"b", true}}, number_style{}) == "x.");
  BOOST_TEST((t.fields() == std::vector<std::string>{"n", "r", "g", "h", "up", "down"}));
}

BOOST_AUTO_TEST_CASE(errors_name_the_field_and_character_position) {
  BOOST_TEST(error_of("việc {x:q}") ==
             "bad format spec 'q' for field 'x' at position 5 (expected int, raw, g, .N or rN)");
  BOOST_TEST(error_of("tiền {x") == "unclosed '{' at position 5");
  BOOST_TEST(error_of("a } b") == "unmatched '}' at position 2 (write '}}' for a literal brace)");
  BOOST_TEST(error_of("{if a}x") == "'{if}' at position 0 has no '{end}'");
  BOOST_TEST(error_of("x{end}") == "'{end}' at position 1 has no '{if}'");
  BOOST_TEST(error_of("{if a}{else}{else}{end}") == "'{else}' at position 12 follows an '{else}'");
  BOOST_TEST(error_of("{}") == "empty field name at position 0");
  BOOST_TEST(error_of("{a-b}") ==
             "field name 'a-b' at position 0 has a character other than letters, digits, '_' and '.'");
  narrative_template t("đạt {missing}");
  try {
    (void)t.render({}, number_style{});
    BOOST_FAIL("expected an exception");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) == "unknown field 'missing' at position 4");
  }
}

BOOST_AUTO_TEST_CASE(number_styles_by_language) {
  BOOST_TEST(attain::format_fixed(9007199254740993.0, 0, attain::number_style::for_language("vi")) ==
             "9.007.199.254.740.992");
  BOOST_TEST(attain::format_fixed(1234.5, 1, attain::number_style::for_language("en")) == "1,234.5");
  BOOST_CHECK_THROW(attain::number_style::for_language("fr"), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(whole_numbers_are_exact_in_both_styles) {
  const auto vi = attain::number_style::vietnamese(), en = attain::number_style::english();
  BOOST_TEST(attain::format_whole(16623, vi) == "16.623");
  BOOST_TEST(attain::format_whole(16623, en) == "16,623");
  BOOST_TEST(attain::format_whole((std::int64_t{1} << 53) + 1, vi) == "9.007.199.254.740.993");
  BOOST_TEST(attain::format_whole(std::numeric_limits<std::int64_t>::min(), en) == "-9,223,372,036,854,775,808");
  BOOST_TEST(attain::format_whole(-1234567, vi, false) == "-1234567");
}

BOOST_AUTO_TEST_SUITE_END()
