// Fuzzes hierarchy and panel construction from bytes: unit names and parents (cycles, unknown
// parents, duplicates), rows (units, months, counts, targets). Only attain::error may be
// thrown, and a panel that builds gives a snapshot whose roll-ups are consistent.
#include <attain/core/panel.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {
struct reader {
  const std::uint8_t* data;
  std::size_t size, pos = 0;
  std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
  std::int64_t number() {
    std::int64_t v = 0;
    for (int i = 0; i < 3; ++i) v = v * 256 + byte();
    return (byte() & 1) ? -v : v;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader in{data, size};
  const int n_units = 1 + in.byte() % 6;
  std::vector<std::string> names, parents;
  for (int u = 0; u < n_units; ++u) {
    names.push_back(std::string(1, static_cast<char>('a' + in.byte() % 8)));
    const std::uint8_t p = in.byte() % 9;
    parents.push_back(p == 8 ? "" : std::string(1, static_cast<char>('a' + p)));
  }
  const int n_rows = in.byte() % 24;
  std::vector<std::int32_t> unit;
  std::vector<attain::year_month> period;
  std::vector<std::int64_t> done, eligible, accepted;
  std::vector<double> target;
  for (int r = 0; r < n_rows; ++r) {
    unit.push_back(static_cast<std::int32_t>(in.byte() % (n_units + 1)) - (in.byte() % 5 == 0 ? 1 : 0));
    period.push_back(attain::year_month{2020 + in.byte() % 3, 1 + in.byte() % 12});
    done.push_back(in.number());
    eligible.push_back(in.number());
    accepted.push_back(in.number());
    target.push_back(in.byte() % 4 == 0 ? std::nan("") : (in.byte() - 20) / 200.0);
  }
  try {
    attain::hierarchy h(names, parents);
    attain::panel p(h, unit, period, {attain::measure_columns("count", done, eligible, accepted, target, 0.5)},
                    {attain::fiscal_calendar(1 + in.byte() % 12), (in.byte() & 1) != 0});
    for (const auto& m : p.periods()) {
      const auto s = p.at(m);
      for (std::size_t u = 0; u < p.units().size(); ++u) {
        const auto& r = s.at(0, static_cast<std::int32_t>(u));
        if (r.total.done < 0 || r.total.done > r.total.eligible) std::abort();
        if (r.gap.met && r.gap.shortfall != 0) std::abort();
      }
    }
  } catch (const attain::error&) {
  }
  return 0;
}
