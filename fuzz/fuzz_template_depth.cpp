// Fuzzes the narrative template engine for depth and size: the input bytes build a template of
// nested {if} blocks, text, fields and bursts (up to 255 levels at once, long runs of text) whose
// rendering is known, so the oracle is exact. Parsing must throw exactly when the nesting
// passes narrative_template::max_depth, and otherwise render the expected text; any other
// exception, a crash or a stack overflow is a failure.
#include <attain/report/narrative.hpp>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t max_text = std::size_t{1} << 22;  // 4 MB of template at most per input
  std::string text, expected;
  std::vector<bool> live{true};  // whether the innermost open block renders
  std::size_t deepest = 0;
  auto open = [&](bool holds) {
    text += holds ? "{if a}" : "{if not a}";
    live.push_back(live.back() && holds);
    deepest = std::max(deepest, live.size() - 1);
  };
  for (std::size_t i = 0; i < size && text.size() < max_text; ++i) {
    const std::uint8_t b = data[i];
    switch (b % 6) {
      case 0:
        open((b & 8) != 0);
        break;
      case 1:
        if (live.size() > 1) {
          text += "{end}";
          live.pop_back();
        }
        break;
      case 2:
        text += "x{{";
        if (live.back()) expected += "x{";
        break;
      case 3:
        for (int k = 0; k < (b >> 3) + 1; ++k) open(true);  // a burst of nesting
        break;
      case 4: {
        const std::string run(static_cast<std::size_t>(b) * 64, 'y');  // a long run of text
        text += run;
        if (live.back()) expected += run;
        break;
      }
      default:
        text += "{n:int}";
        if (live.back()) expected += "16,623";
    }
  }
  while (live.size() > 1) {
    text += "{end}";
    live.pop_back();
  }
  static const attain::field_map fields{{"a", true}, {"n", std::int64_t{16623}}};
  try {
    const attain::narrative_template t(text);
    if (deepest > attain::narrative_template::max_depth) __builtin_trap();  // must have refused
    if (t.render(fields, attain::number_style::english()) != expected) __builtin_trap();
  } catch (const attain::invalid_argument& e) {
    if (deepest <= attain::narrative_template::max_depth) __builtin_trap();  // refused a valid one
    if (std::string(e.what()).find("nests deeper than") == std::string::npos) __builtin_trap();
  }
  return 0;
}
