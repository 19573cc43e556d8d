#pragma once
// The compiled part of attain/report/narrative.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attain/report/money.hpp"
#include "attain/report/narrative.hpp"

namespace attain {

ATTAIN_FUNC std::string format_fixed(double value, int places, const number_style& style, bool grouping) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "∞" : "-∞";
  if (places < 0 || places > 12) detail::fail<invalid_argument>("decimal places = ", places, " is outside 0..12");
  long double scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const long double rounded = detail::round_magnitude(static_cast<long double>(value) * scale);
  if (rounded >= 9.2e18L) detail::fail<invalid_argument>("value ", value, " is too large to format");
  const auto units = static_cast<std::uint64_t>(rounded);
  std::string digits = std::to_string(units);
  if (static_cast<int>(digits.size()) <= places)
    digits.insert(0, static_cast<std::size_t>(places) + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - static_cast<std::size_t>(places));
  std::string frac = digits.substr(digits.size() - static_cast<std::size_t>(places));
  std::string out = grouping ? detail::group_digits(whole, style.thousands) : whole;
  if (places > 0) out += style.decimal_point + frac;
  return (value < 0 && units != 0 ? "-" : "") + out;
}

ATTAIN_FUNC std::string format_whole(std::int64_t value, const number_style& style, bool grouping) {
  const std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  const std::string digits = std::to_string(magnitude);
  return (value < 0 ? "-" : "") + (grouping ? detail::group_digits(digits, style.thousands) : digits);
}

ATTAIN_FUNC std::string format_shortest(double value, int max_places, const number_style& style) {
  std::string s = format_fixed(value, max_places, style);
  if (max_places == 0 || std::isnan(value) || std::isinf(value)) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (s.size() >= style.decimal_point.size() &&
      s.compare(s.size() - style.decimal_point.size(), style.decimal_point.size(), style.decimal_point) == 0)
    s.erase(s.size() - style.decimal_point.size());
  return s;
}

ATTAIN_FUNC std::string format_month(std::string_view period, const language& lang) {
  auto digit = [&](std::size_t i) { return period[i] >= '0' && period[i] <= '9'; };
  const bool year = period.size() == 7 && digit(0) && digit(1) && digit(2) && digit(3) && period[4] == '-';
  if (year && digit(5) && digit(6)) {
    const int month = (period[5] - '0') * 10 + (period[6] - '0');
    if (month >= 1 && month <= 12)
      return lang.months[static_cast<std::size_t>(month - 1)] + lang.month_year + std::string(period.substr(0, 4));
  }
  if (year && period[5] == 'Q' && period[6] >= '1' && period[6] <= '4')
    return lang.quarter + period[6] + lang.month_year + std::string(period.substr(0, 4));
  const std::string shown(period.substr(0, 40));
  fail<invalid_argument>("period '", shown, period.size() > 40 ? "…" : "",
                         "' is not a month YYYY-MM or a quarter YYYY-Qn");
}

ATTAIN_FUNC std::vector<std::string> narrative_template::fields() const {
  std::vector<std::string> out;
  std::set<std::string_view> seen;  // linear-logarithmic for templates with many fields
  auto add = [&](const std::string& name) {
    if (!name.empty() && seen.insert(name).second) out.push_back(name);
  };
  for (const auto& n : nodes_) {
    add(n.name);
    for (const auto& t : n.terms) {
      add(t.name);
      if (t.kind == operand::field) add(t.text);
    }
  }
  return out;
}

ATTAIN_FUNC const template_need* narrative_template::unmet_need(const field_map& fields) const {
  for (const auto& need : needs_) {
    if (fields.find(need.name) != fields.end()) continue;
    const std::string prefix = need.name + '.';
    const auto it = fields.lower_bound(prefix);
    if (it != fields.end() && it->first.compare(0, prefix.size(), prefix) == 0) continue;
    return &need;
  }
  return nullptr;
}

ATTAIN_FUNC std::string narrative_template::render(const field_map& fields, const language& lang) const {
  if (const template_need* need = unmet_need(fields))
    fail<invalid_argument>("the template needs ", need->describe(), " (declared at position ", need->position, ")");
  std::string out;
  render_range(0, nodes_.size(), fields, lang, out);
  return out;
}

ATTAIN_FUNC bool narrative_template::is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

ATTAIN_FUNC void narrative_template::check_name(std::string_view name, std::size_t pos) {
  if (name.empty()) fail<invalid_argument>("empty field name at position ", pos);
  for (char c : name)
    if (!is_name_char(c))
      fail<invalid_argument>("field name '", name, "' at position ", pos,
                             " has a character other than letters, digits, '_' and '.'");
}

ATTAIN_FUNC narrative_template::spec narrative_template::parse_spec(std::string_view text, std::string_view name,
                                                                    std::size_t pos) {
  auto bad = [&]() {
    fail<invalid_argument>("bad format spec '", text, "' for field '", name, "' at position ", pos,
                           " (expected int, raw, g, .N, rN, money, money.N, month or year; numbers may take a "
                           "leading + or abs)");
  };
  auto number = [&](std::string_view s) {
    if (s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      bad();
    return std::stoi(std::string(s));
  };
  spec sp;
  std::string_view s = text;
  auto modifier = [&](std::string_view word, bool& flag) {
    if (s.substr(0, word.size()) != word) return;
    flag = true;
    s.remove_prefix(word.size());
    if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  };
  modifier("+", sp.plus);
  modifier("abs", sp.abs);
  if (s.empty()) {
    sp.b = sp.plus || sp.abs ? base::shortest : base::none;
  } else if (s == "int") {
    sp.b = base::whole;
  } else if (s == "raw") {
    sp.b = base::raw;
  } else if (s == "g") {
    sp.b = base::shortest;
  } else if (s[0] == '.') {
    sp.b = base::fixed;
    sp.places = number(s.substr(1));
  } else if (s[0] == 'r') {
    sp.b = base::gap;
    sp.places = number(s.substr(1));
  } else if (s == "money") {
    sp.b = base::money;
    sp.places = -1;
  } else if (s.substr(0, 6) == "money.") {
    sp.b = base::money;
    sp.places = number(s.substr(6));
    if (sp.places > 9)
      fail<invalid_argument>("format spec '", text, "' for field '", name, "' at position ", pos,
                             ": money takes 0 to 9 decimals");
  } else if (s == "month" || s == "year") {
    if (sp.plus || sp.abs)
      fail<invalid_argument>("format spec '", text, "' for field '", name, "' at position ", pos,
                             ": + and abs apply to numbers, not to a ", s);
    sp.b = s == "month" ? base::month : base::year;
  } else {
    bad();
  }
  return sp;
}

ATTAIN_FUNC void narrative_template::parse(std::string_view t) {
  std::string text;
  std::vector<std::size_t> open;    // indices of if/elif/else nodes awaiting their jump
  std::vector<std::size_t> blocks;  // positions of open ifs, for messages
  char_counter char_position{t};
  auto flush = [&] {
    if (!text.empty()) nodes_.push_back({kind::text, std::move(text), {}, {}, 0, 0, {}});
    text.clear();
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '}') {
      if (i + 1 < t.size() && t[i + 1] == '}') {
        text += '}';
        ++i;
        continue;
      }
      fail<invalid_argument>("unmatched '}' at position ", char_position(i), " (write '}}' for a literal brace)");
    }
    if (c != '{') {
      text += c;
      continue;
    }
    if (i + 1 < t.size() && t[i + 1] == '{') {
      text += '{';
      ++i;
      continue;
    }
    if (i + 1 < t.size() && t[i + 1] == '#') {  // a comment runs to the next "#}"
      const std::size_t close = t.find("#}", i + 2);
      if (close == std::string_view::npos) fail<invalid_argument>("unclosed '{#' at position ", char_position(i));
      add_comment(t.substr(i + 2, close - i - 2), char_position(i));
      i = close + 1;
      continue;
    }
    const std::size_t close = t.find('}', i);
    if (close == std::string_view::npos) fail<invalid_argument>("unclosed '{' at position ", char_position(i));
    const std::string_view tag = t.substr(i + 1, close - i - 1);
    if (tag.find('{') != std::string_view::npos)
      fail<invalid_argument>("'{' inside a tag at position ", char_position(i));
    flush();
    add_tag(tag, char_position(i), open, blocks);
    i = close;
  }
  flush();
  if (!blocks.empty()) fail<invalid_argument>("'{if}' at position ", blocks.back(), " has no '{end}'");
}

ATTAIN_FUNC void narrative_template::add_comment(std::string_view body, std::size_t pos) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || body.substr(first, 6) != "needs:") return;  // a plain comment
  std::string_view s = body.substr(first + 6);
  auto skip = [&] {
    while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) s.remove_prefix(1);
  };
  auto bad = [&](std::string_view what) {
    fail<invalid_argument>("'{# needs: ... #}' at position ", pos, ": ", what,
                           " (write {# needs: NAME (what it is), NAME ... #})");
  };
  skip();
  if (s.empty()) bad("no name");
  while (!s.empty()) {
    std::size_t n = 0;
    while (n < s.size() && is_name_char(s[n])) ++n;
    if (n == 0) bad("a field name is expected, found '" + std::string(s.substr(0, 20)) + "'");
    template_need need{std::string(s.substr(0, n)), {}, pos};
    s.remove_prefix(n);
    skip();
    if (!s.empty() && s[0] == '(') {
      const auto close = s.find(')');
      if (close == std::string_view::npos) bad("'(' has no ')'");
      need.what = std::string(s.substr(1, close - 1));
      s.remove_prefix(close + 1);
      skip();
    }
    needs_.push_back(std::move(need));
    if (s.empty()) break;
    if (s[0] != ',') bad("',' or the end is expected after '" + needs_.back().name + "'");
    s.remove_prefix(1);
    skip();
    if (s.empty()) bad("a name is expected after ','");
  }
}

ATTAIN_FUNC std::vector<narrative_template::term> narrative_template::parse_condition(std::string_view text,
                                                                                      std::size_t pos) {
  // Tokens: words (names, numbers, and / or / not), 'quoted text' and the operators.
  struct token {
    enum { word, quoted, oper } k;
    std::string_view s;
  };
  auto bad = [&](std::string_view what) {
    const std::string shown(text.substr(0, 80));
    fail<invalid_argument>("condition '", shown, text.size() > 80 ? "…" : "", "' at position ", pos, ": ", what);
  };
  auto is_op = [](char c) { return c == '>' || c == '<' || c == '=' || c == '!'; };
  std::vector<token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '\'') {
      const auto close = text.find('\'', i + 1);
      if (close == std::string_view::npos) bad("a quote (') is not closed");
      tokens.push_back({token::quoted, text.substr(i + 1, close - i - 1)});
      i = close + 1;
    } else if (is_op(c)) {
      const bool two = i + 1 < text.size() && text[i + 1] == '=';
      if (!two && (c == '=' || c == '!')) bad(c == '=' ? "write '==' to compare" : "write '!=' or 'not'");
      tokens.push_back({token::oper, text.substr(i, two ? 2 : 1)});
      i += two ? 2 : 1;
    } else {
      std::size_t j = i;
      while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\n' && text[j] != '\r' &&
             text[j] != '\'' && !is_op(text[j]))
        ++j;
      tokens.push_back({token::word, text.substr(i, j - i)});
      i = j;
    }
  }
  auto keyword = [](const token& k) { return k.k == token::word && (k.s == "and" || k.s == "or" || k.s == "not"); };
  auto is_number = [](std::string_view w) {
    return !w.empty() && ((w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.');
  };
  auto name_at = [&](std::size_t k, std::string_view after) -> std::string_view {
    if (k >= tokens.size()) bad("a field name is expected after " + std::string(after));
    const token& tk = tokens[k];
    if (tk.k != token::word || keyword(tk) || is_number(tk.s))
      bad("a field name is expected after " + std::string(after) + ", found " +
          (tk.k == token::quoted ? "'" + std::string(tk.s) + "'" : std::string(tk.s)));
    check_name(tk.s, pos);
    return tk.s;
  };
  std::vector<term> terms;
  bool or_before = false;
  for (std::size_t k = 0;;) {
    term t;
    t.or_before = or_before;
    t.position = pos;
    if (k < tokens.size() && tokens[k].k == token::word && tokens[k].s == "not") {
      t.negate = true;
      t.name = std::string(name_at(k + 1, "'not'"));
      k += 2;
      if (k < tokens.size() && tokens[k].k == token::oper)
        bad("'not' takes a field, not a comparison: write the opposite operator");
    } else {
      t.name = std::string(name_at(k, terms.empty() ? "'if'" : "'and' / 'or'"));
      ++k;
    }
    if (k < tokens.size() && tokens[k].k == token::oper) {
      const std::string_view o = tokens[k].s;
      t.o = o == ">"    ? op::gt
            : o == ">=" ? op::ge
            : o == "<"  ? op::lt
            : o == "<=" ? op::le
            : o == "==" ? op::eq
                        : op::ne;
      if (k + 1 >= tokens.size()) bad("a value is expected after '" + std::string(o) + "'");
      const token& v = tokens[k + 1];
      if (v.k == token::quoted) {
        t.kind = operand::text;
        t.text = std::string(v.s);
      } else if (v.k == token::oper || keyword(v)) {
        bad("a value is expected after '" + std::string(o) + "', found '" + std::string(v.s) + "'");
      } else if (is_number(v.s)) {
        const char* first = v.s.data() + (v.s[0] == '+' ? 1 : 0);
        const char* last = v.s.data() + v.s.size();
        const bool real = v.s.find_first_of(".eE") != std::string_view::npos;
        std::from_chars_result r{};
        if (real) {
          t.kind = operand::real;
          r = std::from_chars(first, last, t.real);
        } else {
          t.kind = operand::whole;
          r = std::from_chars(first, last, t.whole);
        }
        if (r.ec == std::errc::result_out_of_range) bad("the number " + std::string(v.s) + " is out of range");
        if (r.ec != std::errc{} || r.ptr != last || (real && !std::isfinite(t.real)))
          bad("'" + std::string(v.s) + "' is not a number");
      } else {
        t.kind = operand::field;
        check_name(v.s, pos);
        t.text = std::string(v.s);
      }
      k += 2;
    }
    terms.push_back(std::move(t));
    if (k >= tokens.size()) break;
    const token& joint = tokens[k];
    if (joint.k != token::word || (joint.s != "and" && joint.s != "or"))
      bad("'and' or 'or' is expected, found '" + std::string(joint.s) + "'");
    or_before = joint.s == "or";
    ++k;
    if (k >= tokens.size()) bad("a term is expected after '" + std::string(joint.s) + "'");
  }
  return terms;
}

ATTAIN_FUNC void narrative_template::add_tag(std::string_view tag, std::size_t pos, std::vector<std::size_t>& open,
                                             std::vector<std::size_t>& blocks) {
  auto starts = [&](std::string_view word) {
    return tag.size() > word.size() && tag.substr(0, word.size()) == word && tag[word.size()] == ' ';
  };
  const std::size_t here = nodes_.size();
  if (starts("if")) {
    if (blocks.size() >= max_depth)
      fail<invalid_argument>("'{if}' at position ", pos, " nests deeper than ", max_depth, " blocks");
    node n{kind::if_, {}, {}, {}, pos, 0, parse_condition(tag.substr(3), pos)};
    nodes_.push_back(std::move(n));
    open.push_back(here);
    blocks.push_back(pos);
  } else if (starts("elif") || tag == "else") {
    if (blocks.empty()) fail<invalid_argument>("'{", tag, "}' at position ", pos, " is outside an '{if}'");
    if (nodes_[open.back()].k == kind::else_)
      fail<invalid_argument>("'{", tag, "}' at position ", pos, " follows an '{else}'");
    node n{tag == "else" ? kind::else_ : kind::elif_, {}, {}, {}, pos, 0, {}};
    if (n.k == kind::elif_) n.terms = parse_condition(tag.substr(5), pos);
    nodes_[open.back()].jump = here;
    open.back() = here;
    nodes_.push_back(std::move(n));
  } else if (tag == "end") {
    if (blocks.empty()) fail<invalid_argument>("'{end}' at position ", pos, " has no '{if}'");
    nodes_[open.back()].jump = here;
    open.pop_back();
    blocks.pop_back();
    nodes_.push_back({kind::end_, {}, {}, {}, pos, 0, {}});
  } else {
    const std::size_t colon = tag.find(':');
    const std::string_view name = tag.substr(0, colon);
    const std::string_view spec_text = colon == std::string_view::npos ? std::string_view{} : tag.substr(colon + 1);
    check_name(name, pos);
    const spec sp = parse_spec(spec_text, name, pos);
    nodes_.push_back({kind::field, std::string(spec_text), std::string(name), sp, pos, 0, {}});
  }
}

ATTAIN_FUNC const field_value& narrative_template::lookup(const field_map& fields, const std::string& name,
                                                          std::size_t position) {
  auto it = fields.find(name);
  if (it == fields.end()) fail<unknown_key>("unknown field '", name, "' at position ", position);
  return it->second;
}

ATTAIN_FUNC bool narrative_template::truthy(const field_value& v) {
  if (auto b = std::get_if<bool>(&v)) return *b;
  if (auto i = std::get_if<std::int64_t>(&v)) return *i != 0;
  if (auto d = std::get_if<double>(&v)) return *d != 0.0 && !std::isnan(*d);
  return !std::get<std::string>(v).empty();
}

namespace detail {
/// @brief -1, 0 or 1 as @p i is below, equal to or above @p d (not NaN), exactly.
inline int compare_exact(std::int64_t i, double d) {
  constexpr double two63 = 9223372036854775808.0;  // 2^63: every int64 is below it
  if (d >= two63) return -1;
  if (d < -two63) return 1;
  const double whole = std::trunc(d);  // in [-2^63, 2^63): an exact int64
  const auto w = static_cast<std::int64_t>(whole);
  if (i != w) return i < w ? -1 : 1;
  return d > whole ? -1 : (d < whole ? 1 : 0);
}
}  // namespace detail

ATTAIN_FUNC bool narrative_template::holds(const term& t, const field_map& fields) {
  const field_value& left = lookup(fields, t.name, t.position);
  if (t.o == op::truth) return truthy(left) != t.negate;
  field_value right_literal;
  const field_value* right = &right_literal;
  std::string right_name;  // for messages: "the text 'x'", "the number 0" or "field 'y'"
  switch (t.kind) {
    case operand::whole:
      right_literal = t.whole;
      break;
    case operand::real:
      right_literal = t.real;
      break;
    case operand::text:
      right_literal = t.text;
      break;
    default:
      right = &lookup(fields, t.text, t.position);
  }
  const bool left_text = std::holds_alternative<std::string>(left);
  const bool right_text = std::holds_alternative<std::string>(*right);
  auto decide = [&](int c) {
    switch (t.o) {
      case op::gt:
        return c > 0;
      case op::ge:
        return c >= 0;
      case op::lt:
        return c < 0;
      case op::le:
        return c <= 0;
      case op::eq:
        return c == 0;
      default:
        return c != 0;
    }
  };
  if (left_text != right_text) {
    const std::string other = t.kind == operand::field  ? "field '" + t.text + "'"
                              : t.kind == operand::text ? "the text '" + t.text + "'"
                                                        : "a number";
    fail<invalid_argument>("field '", t.name, "' at position ", t.position, " is ", left_text ? "text" : "a number",
                           ", compared with ", other, right_text ? " (text)" : " (a number)");
  }
  if (left_text) {
    const int c = std::get<std::string>(left).compare(std::get<std::string>(*right));
    return decide(c < 0 ? -1 : (c > 0 ? 1 : 0));
  }
  auto as_whole = [](const field_value& v, std::int64_t& out) {
    if (auto b = std::get_if<bool>(&v)) {
      out = *b ? 1 : 0;
      return true;
    }
    if (auto i = std::get_if<std::int64_t>(&v)) {
      out = *i;
      return true;
    }
    return false;
  };
  std::int64_t a = 0, b = 0;
  const bool a_whole = as_whole(left, a), b_whole = as_whole(*right, b);
  if (a_whole && b_whole) return decide(a < b ? -1 : (a > b ? 1 : 0));
  if (a_whole) {
    const double y = std::get<double>(*right);
    return std::isnan(y) ? t.o == op::ne : decide(detail::compare_exact(a, y));
  }
  const double x = std::get<double>(left);
  if (std::isnan(x)) return t.o == op::ne;
  if (b_whole) return decide(-detail::compare_exact(b, x));
  const double y = std::get<double>(*right);
  if (std::isnan(y)) return t.o == op::ne;
  return decide(x < y ? -1 : (x > y ? 1 : 0));
}

ATTAIN_FUNC bool narrative_template::holds(const std::vector<term>& terms, const field_map& fields) {
  // OR of AND-groups, left to right, stopping as soon as the result is known.
  bool group = true;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    if (terms[k].or_before) {
      if (group) return true;
      group = true;
    }
    if (group) group = holds(terms[k], fields);
  }
  return group;
}

ATTAIN_FUNC std::string narrative_template::format_number(const field_value& v, const node& n,
                                                          const number_style& style) {
  const spec& sp = n.sp;
  const double x =
      std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v);
  switch (sp.b) {
    case base::raw:
      if (auto i = std::get_if<std::int64_t>(&v)) return format_whole(*i, style, false);
      return format_fixed(x, 0, style, false);
    case base::whole:
      if (auto i = std::get_if<std::int64_t>(&v)) return format_whole(*i, style);
      return format_fixed(x, 0, style);
    case base::fixed:
      return format_fixed(x, sp.places, style);
    case base::gap:
      return format_fixed(x, std::fabs(x) >= 1.0 ? 0 : sp.places, style);
    default:  // none, g
      if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
      return format_shortest(x, 4, style);
  }
}

ATTAIN_FUNC std::string narrative_template::format_money_field(const field_value& v, const node& n,
                                                               const field_map& fields, const language& lang) {
  std::uint64_t magnitude = 0;
  bool negative = false;
  if (auto i = std::get_if<std::int64_t>(&v)) {
    negative = *i < 0;
    magnitude = negative ? 0 - static_cast<std::uint64_t>(*i) : static_cast<std::uint64_t>(*i);
  } else if (auto d = std::get_if<double>(&v); d && std::isfinite(*d) && std::fabs(*d) < 9.2e18) {
    // A real amount (a pace, a projection) is rounded to whole minor units by the one rule.
    negative = *d < 0;
    magnitude = static_cast<std::uint64_t>(detail::round_magnitude(*d));
    negative = negative && magnitude != 0;
  } else {
    fail<invalid_argument>("field '", n.name, "' at position ", n.position, " is ",
                           std::holds_alternative<bool>(v) ? "a flag" : "NaN, infinite or beyond 64 bits",
                           ", not an amount of minor units (đồng, cents) for 'money'");
  }
  const auto dot = n.name.rfind('.');
  const std::string prefix = dot == std::string::npos ? std::string{} : n.name.substr(0, dot + 1);
  std::string currency;
  if (auto it = fields.find(prefix + "currency"); it != fields.end()) {
    auto s = std::get_if<std::string>(&it->second);
    if (!s) fail<invalid_argument>("field '", prefix, "currency' (the currency of '", n.name, "') is not text");
    currency = *s;
  }
  int minor_digits = 0;
  if (auto it = fields.find(prefix + "minor_digits"); it != fields.end()) {
    auto i = std::get_if<std::int64_t>(&it->second);
    if (!i || *i < 0 || *i > max_minor_digits)
      fail<invalid_argument>("field '", prefix, "minor_digits' (of '", n.name, "') is not a whole number in 0..",
                             max_minor_digits);
    minor_digits = static_cast<int>(*i);
  } else if (!currency.empty()) {
    fail<unknown_key>("field '", n.name, "' at position ", n.position, " is money in ", currency,
                      " but there is no field '", prefix, "minor_digits' to say how many decimals its unit has");
  }
  const bool shown = magnitude != 0;
  const bool minus = negative && !n.sp.abs && shown;
  const bool plus = n.sp.plus && shown && !minus;
  return detail::format_money_magnitude(magnitude, minus ? "-" : (plus ? "+" : ""), currency, minor_digits, lang,
                                        n.sp.places);
}

ATTAIN_FUNC std::string narrative_template::format(const field_value& v, const node& n, const field_map& fields,
                                                   const language& lang) {
  const spec& sp = n.sp;
  if (auto s = std::get_if<std::string>(&v)) {
    if (sp.b == base::month) return format_month(*s, lang);
    if (sp.b == base::year) {
      (void)format_month(*s, lang);  // checks the period
      return s->substr(0, 4);
    }
    if (sp.b != base::none)
      fail<invalid_argument>("field '", n.name, "' at position ", n.position, " is text; it takes no format spec",
                             " other than month and year");
    return *s;
  }
  if (sp.b == base::month || sp.b == base::year)
    fail<invalid_argument>("field '", n.name, "' at position ", n.position, " is not a period text (YYYY-MM); '",
                           n.text, "' applies to periods");
  if (sp.b == base::money) return format_money_field(v, n, fields, lang);
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  std::string text = format_number(v, n, lang.numbers);
  if (!sp.plus && !sp.abs) return text;
  // The sign is that of the written digits: a figure written as zero has none.
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  const bool shown = text == "∞" || std::any_of(text.begin(), text.end(), [](char c) { return c >= '1' && c <= '9'; });
  if (!shown) return text;
  if (negative && !sp.abs) return "-" + text;
  return sp.plus ? "+" + text : text;
}

ATTAIN_FUNC void narrative_template::render_range(std::size_t from, std::size_t to, const field_map& fields,
                                                  const language& lang, std::string& out) const {
  for (std::size_t i = from; i < to;) {
    const node& n = nodes_[i];
    switch (n.k) {
      case kind::text:
        out += n.text;
        ++i;
        break;
      case kind::field:
        out += format(lookup(fields, n.name, n.position), n, fields, lang);
        ++i;
        break;
      case kind::if_: {
        // Walk the chain if / elif / else to its end; render the first branch that holds.
        std::size_t branch = i, end = i;
        while (nodes_[end].k != kind::end_) end = nodes_[end].jump;
        bool done = false;
        while (branch != end && !done) {
          const node& b = nodes_[branch];
          if (b.k == kind::else_ || holds(b.terms, fields)) {
            render_range(branch + 1, b.jump, fields, lang, out);
            done = true;
          }
          branch = b.jump;
        }
        i = end + 1;
        break;
      }
      default:
        fail<invalid_argument>("internal template error at position ", n.position);
    }
  }
}

}  // namespace attain
