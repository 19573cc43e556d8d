#pragma once
// The compiled part of attain/report/narrative.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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

ATTAIN_FUNC std::vector<std::string> narrative_template::fields() const {
  std::vector<std::string> out;
  for (const auto& n : nodes_)
    if (!n.name.empty() && std::find(out.begin(), out.end(), n.name) == out.end()) out.push_back(n.name);
  return out;
}

ATTAIN_FUNC std::string narrative_template::render(const field_map& fields, const number_style& style) const {
  std::string out;
  render_range(0, nodes_.size(), fields, style, out);
  return out;
}

ATTAIN_FUNC bool narrative_template::is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

ATTAIN_FUNC void narrative_template::check_name(std::string_view name, std::size_t pos) {
  if (name.empty()) detail::fail<invalid_argument>("empty field name at position ", pos);
  for (char c : name)
    if (!is_name_char(c))
      detail::fail<invalid_argument>("field name '", name, "' at position ", pos,
                                     " has a character other than letters, digits, '_' and '.'");
}

ATTAIN_FUNC void narrative_template::check_spec(std::string_view spec, std::string_view name, std::size_t pos) {
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool ok = spec.empty() || spec == "int" || spec == "raw" || spec == "g" ||
                  (spec.size() >= 2 && spec[0] == '.' && digits(spec.substr(1))) ||
                  (spec.size() >= 2 && spec[0] == 'r' && digits(spec.substr(1)));
  if (!ok)
    detail::fail<invalid_argument>("bad format spec '", spec, "' for field '", name, "' at position ", pos,
                                   " (expected int, raw, g, .N or rN)");
}

ATTAIN_FUNC std::size_t narrative_template::char_position(std::string_view t, std::size_t byte) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < byte && i < t.size(); ++i) chars += (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80;
  return chars;
}

ATTAIN_FUNC void narrative_template::parse(std::string_view t) {
  std::string text;
  std::vector<std::size_t> open;    // indices of if/elif/else nodes awaiting their jump
  std::vector<std::size_t> blocks;  // positions of open ifs, for messages
  auto flush = [&] {
    if (!text.empty()) nodes_.push_back({kind::text, std::move(text), {}, false, 0, 0});
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
      detail::fail<invalid_argument>("unmatched '}' at position ", char_position(t, i),
                                     " (write '}}' for a literal brace)");
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
    const std::size_t close = t.find('}', i);
    if (close == std::string_view::npos)
      detail::fail<invalid_argument>("unclosed '{' at position ", char_position(t, i));
    const std::string_view tag = t.substr(i + 1, close - i - 1);
    if (tag.find('{') != std::string_view::npos)
      detail::fail<invalid_argument>("'{' inside a tag at position ", char_position(t, i));
    flush();
    add_tag(tag, char_position(t, i), open, blocks);
    i = close;
  }
  flush();
  if (!blocks.empty()) detail::fail<invalid_argument>("'{if}' at position ", blocks.back(), " has no '{end}'");
}

ATTAIN_FUNC void narrative_template::add_tag(std::string_view tag, std::size_t pos, std::vector<std::size_t>& open,
                                             std::vector<std::size_t>& blocks) {
  auto starts = [&](std::string_view word) {
    return tag.size() > word.size() && tag.substr(0, word.size()) == word && tag[word.size()] == ' ';
  };
  auto condition = [&](std::string_view rest, node& n) {
    if (rest.substr(0, 4) == "not ") {
      n.negate = true;
      rest.remove_prefix(4);
    }
    check_name(rest, pos);
    n.name = std::string(rest);
  };
  const std::size_t here = nodes_.size();
  if (starts("if")) {
    node n{kind::if_, {}, {}, false, pos, 0};
    condition(tag.substr(3), n);
    nodes_.push_back(n);
    open.push_back(here);
    blocks.push_back(pos);
  } else if (starts("elif") || tag == "else") {
    if (blocks.empty()) detail::fail<invalid_argument>("'{", tag, "}' at position ", pos, " is outside an '{if}'");
    if (nodes_[open.back()].k == kind::else_)
      detail::fail<invalid_argument>("'{", tag, "}' at position ", pos, " follows an '{else}'");
    node n{tag == "else" ? kind::else_ : kind::elif_, {}, {}, false, pos, 0};
    if (n.k == kind::elif_) condition(tag.substr(5), n);
    nodes_[open.back()].jump = here;
    open.back() = here;
    nodes_.push_back(n);
  } else if (tag == "end") {
    if (blocks.empty()) detail::fail<invalid_argument>("'{end}' at position ", pos, " has no '{if}'");
    nodes_[open.back()].jump = here;
    open.pop_back();
    blocks.pop_back();
    nodes_.push_back({kind::end_, {}, {}, false, pos, 0});
  } else {
    const std::size_t colon = tag.find(':');
    const std::string_view name = tag.substr(0, colon);
    const std::string_view spec = colon == std::string_view::npos ? std::string_view{} : tag.substr(colon + 1);
    check_name(name, pos);
    check_spec(spec, name, pos);
    nodes_.push_back({kind::field, std::string(spec), std::string(name), false, pos, 0});
  }
}

ATTAIN_FUNC const field_value& narrative_template::lookup(const field_map& fields, const node& n) {
  auto it = fields.find(n.name);
  if (it == fields.end()) detail::fail<unknown_key>("unknown field '", n.name, "' at position ", n.position);
  return it->second;
}

ATTAIN_FUNC bool narrative_template::truthy(const field_value& v) {
  if (auto b = std::get_if<bool>(&v)) return *b;
  if (auto i = std::get_if<std::int64_t>(&v)) return *i != 0;
  if (auto d = std::get_if<double>(&v)) return *d != 0.0 && !std::isnan(*d);
  return !std::get<std::string>(v).empty();
}

ATTAIN_FUNC std::string narrative_template::format(const field_value& v, const node& n, const number_style& style) {
  const std::string& spec = n.text;
  if (auto s = std::get_if<std::string>(&v)) {
    if (!spec.empty())
      detail::fail<invalid_argument>("field '", n.name, "' at position ", n.position,
                                     " is text; it takes no format spec");
    return *s;
  }
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  const double x =
      std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v);
  if (spec == "raw") {
    if (auto i = std::get_if<std::int64_t>(&v)) return format_whole(*i, style, false);
    return format_fixed(x, 0, style, false);
  }
  if (spec == "int") {
    if (auto i = std::get_if<std::int64_t>(&v)) return format_whole(*i, style);
    return format_fixed(x, 0, style);
  }
  if (spec.empty() || spec == "g") {
    if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return format_shortest(x, 4, style);
  }
  const int places = std::stoi(spec.substr(1));
  if (spec[0] == '.') return format_fixed(x, places, style);
  return format_fixed(x, std::fabs(x) >= 1.0 ? 0 : places, style);  // rN
}

ATTAIN_FUNC void narrative_template::render_range(std::size_t from, std::size_t to, const field_map& fields,
                                                  const number_style& style, std::string& out) const {
  for (std::size_t i = from; i < to;) {
    const node& n = nodes_[i];
    switch (n.k) {
      case kind::text:
        out += n.text;
        ++i;
        break;
      case kind::field:
        out += format(lookup(fields, n), n, style);
        ++i;
        break;
      case kind::if_: {
        // Walk the chain if / elif / else to its end; render the first branch that holds.
        std::size_t branch = i, end = i;
        while (nodes_[end].k != kind::end_) end = nodes_[end].jump;
        bool done = false;
        while (branch != end && !done) {
          const node& b = nodes_[branch];
          const bool holds = b.k == kind::else_ || (truthy(lookup(fields, b)) != b.negate);
          if (holds) {
            render_range(branch + 1, b.jump, fields, style, out);
            done = true;
          }
          branch = b.jump;
        }
        i = end + 1;
        break;
      }
      default:
        detail::fail<invalid_argument>("internal template error at position ", n.position);
    }
  }
}

}  // namespace attain
