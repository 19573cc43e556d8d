#pragma once
// The founding report's May and June 2021 figures (examples/data/ben-tre-2021.csv; synthetic
// below the province), as a C++ application would hold them in memory, and the panel they make.
#include <attain.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace founding {

inline const std::string province = "Cục THADS tỉnh Bến Tre";

struct row {
  const char* period;
  const char* unit;
  std::int64_t count_accepted, count_eligible, count_done, amount_accepted, amount_eligible, amount_done;
};

inline const std::vector<row> rows = {
    {"2021-05", "Cục THADS tỉnh Bến Tre", 2595, 1920, 1290, 605322431000, 404000000000, 157723304000},
    {"2021-05", "Chi cục THADS thành phố Bến Tre", 1731, 1203, 733, 63880824000, 45465021000, 16713579000},
    {"2021-05", "Chi cục THADS huyện Châu Thành", 1232, 898, 523, 157117090000, 128751113000, 48565293000},
    {"2021-05", "Chi cục THADS huyện Chợ Lách", 1571, 996, 583, 109820028000, 77552222000, 31485879000},
    {"2021-05", "Chi cục THADS huyện Mỏ Cày Nam", 1527, 1040, 596, 149285837000, 110232230000, 33830524000},
    {"2021-05", "Chi cục THADS huyện Mỏ Cày Bắc", 1183, 816, 464, 101033717000, 72420679000, 22519718000},
    {"2021-05", "Chi cục THADS huyện Giồng Trôm", 1156, 867, 486, 139123597000, 100731718000, 29625450000},
    {"2021-05", "Chi cục THADS huyện Bình Đại", 1692, 1219, 662, 179103315000, 119882371000, 35576558000},
    {"2021-05", "Chi cục THADS huyện Ba Tri", 1816, 1386, 717, 74636063000, 53453985000, 14182629000},
    {"2021-05", "Chi cục THADS huyện Thạnh Phú", 1661, 1225, 634, 62890548000, 45358654000, 12592383000},
    {"2021-06", "Cục THADS tỉnh Bến Tre", 2675, 2000, 1500, 611322431000, 410000000000, 182199067000},
    {"2021-06", "Chi cục THADS thành phố Bến Tre", 1791, 1263, 825, 67880824000, 49465021000, 20379589000},
    {"2021-06", "Chi cục THADS huyện Châu Thành", 1262, 928, 596, 160117090000, 131751113000, 57575236000},
    {"2021-06", "Chi cục THADS huyện Chợ Lách", 1629, 1054, 668, 112820028000, 80552222000, 37456783000},
    {"2021-06", "Chi cục THADS huyện Mỏ Cày Nam", 1562, 1075, 668, 153285837000, 114232230000, 42151693000},
    {"2021-06", "Chi cục THADS huyện Mỏ Cày Bắc", 1237, 870, 530, 105033717000, 76420679000, 27282182000},
    {"2021-06", "Chi cục THADS huyện Giồng Trôm", 1193, 904, 541, 141123597000, 102731718000, 35750638000},
    {"2021-06", "Chi cục THADS huyện Bình Đại", 1729, 1256, 732, 183103315000, 123882371000, 41500594000},
    {"2021-06", "Chi cục THADS huyện Ba Tri", 1854, 1424, 813, 77636063000, 56453985000, 18178183000},
    {"2021-06", "Chi cục THADS huyện Thạnh Phú", 1691, 1255, 702, 65890548000, 48358654000, 15184617000},
};

/// The province and its nine branches, targets 81.5 % (cases) and 40.1 % (money), a fiscal
/// year from October. Each unit declares its level (the CSV's `level` column): the province
/// "province", its branches "district"; the thads paragraph's level words come from these.
inline attain::panel make_panel() {
  std::vector<std::string> names{province}, parents{""}, levels{"province"};
  std::vector<std::int32_t> unit_of_row;
  std::vector<attain::year_month> period_of_row;
  std::vector<std::int64_t> columns[6];
  for (const auto& r : rows) {
    std::int32_t u = -1;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == r.unit) u = static_cast<std::int32_t>(i);
    if (u < 0) {
      u = static_cast<std::int32_t>(names.size());
      names.emplace_back(r.unit);
      parents.push_back(province);
      levels.emplace_back("district");
    }
    unit_of_row.push_back(u);
    period_of_row.push_back(attain::year_month::parse(r.period));
    const std::int64_t values[6] = {r.count_accepted,  r.count_eligible,  r.count_done,
                                    r.amount_accepted, r.amount_eligible, r.amount_done};
    for (int k = 0; k < 6; ++k) columns[k].push_back(values[k]);
  }
  // Declared kinds: the cases are counts (binomial intervals apply), the amounts money (none).
  std::vector<attain::measure_columns> measures{
      {"count", columns[2], columns[1], columns[0], {}, 0.815, attain::measure_kind::count},
      {"amount", columns[5], columns[4], columns[3], {}, 0.401, attain::measure_kind::money},
  };
  return attain::panel(attain::hierarchy(names, parents, levels), unit_of_row, period_of_row, measures,
                       attain::panel_options(attain::fiscal_calendar(10)));
}

}  // namespace founding
