// Fuzzes case tallies (cases.hpp) against the rules written out month by month: the bytes are
// case records (unit, months of acceptance and status, role per measure, amounts), including
// bad ones. Only attain::error may be thrown, and every accepted input must tally exactly as
// the plain rules say.
#include <attain/core/cases.hpp>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {
struct reader {
  const std::uint8_t* data;
  std::size_t size, pos = 0;
  std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader in{data, size};
  const std::size_t n_units = 1 + in.byte() % 4, n_periods = 1 + in.byte() % 30, n = in.byte() % 40;
  const attain::fiscal_calendar cal(1 + in.byte() % 12);
  const attain::year_month first{2019, 1 + in.byte() % 12};
  std::vector<std::int32_t> unit(n), accepted(n), status(n);
  std::vector<std::int8_t> count_role(n), amount_role(n);
  std::vector<std::int64_t> amount(n), executed(n);
  for (std::size_t i = 0; i < n; ++i) {
    unit[i] = static_cast<std::int32_t>(in.byte() % (n_units + 1));  // sometimes out of range
    accepted[i] = first.ordinal() - 20 + in.byte() % 60;
    status[i] = accepted[i] + in.byte() % 30 - 2;             // sometimes before acceptance
    count_role[i] = static_cast<std::int8_t>(in.byte() % 4);  // 3 is not a role
    amount_role[i] = static_cast<std::int8_t>(in.byte() % 3);
    amount[i] = static_cast<std::int64_t>(in.byte()) * 1'000'003 - 10;
    executed[i] = amount[i] - in.byte() % 3;
  }
  std::vector<std::int64_t> out(n_units * n_periods * attain::n_case_fields);
  try {
    attain::case_tallies({unit, accepted, status, count_role, amount_role, amount, executed}, n_units, first, n_periods,
                         cal, out);
  } catch (const attain::error&) {
    return 0;
  }
  std::vector<std::int64_t> expected(out.size(), 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t t = 0; t < n_periods; ++t) {
      const auto month = first.plus_months(static_cast<int>(t)).ordinal();
      const int year_start = cal.start(cal.fiscal_year(attain::year_month::from_ordinal(month))).ordinal();
      for (int m = 0; m < 2; ++m) {
        const int role = m == 0 ? count_role[i] : amount_role[i];
        if (accepted[i] > month || (role == 0 && status[i] < year_start)) continue;
        std::int64_t* cell =
            &expected[(static_cast<std::size_t>(unit[i]) * n_periods + t) * attain::n_case_fields + 3 * m];
        const std::int64_t value = m == 0 ? 1 : amount[i];
        cell[0] += value;
        if (!(role == 2 && status[i] <= month)) cell[1] += value;
        if (role == 0 && status[i] <= month) cell[2] += m == 0 ? 1 : executed[i];
      }
    }
  if (out != expected) std::abort();
  return 0;
}
