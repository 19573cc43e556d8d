#pragma once
/// @file attain/core/period.hpp
/// @brief Months, fiscal years and the conversion between year-to-date and monthly figures.
///
/// A fiscal year has a configurable first month (January by default; the founding report's
/// enforcement year runs 1 October to 30 September). A fiscal year is labelled by the
/// calendar year in which it ends: October 2020 - September 2021 is fiscal year 2021.

#include <charconv>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "attain/core/checked.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief A calendar month.
struct year_month {
  int year = 1970;
  int month = 1;  ///< 1..12

  /// @brief Months since year 0: a dense, ordered integer code.
  [[nodiscard]] constexpr std::int32_t ordinal() const noexcept { return year * 12 + (month - 1); }
  [[nodiscard]] static constexpr year_month from_ordinal(std::int32_t ordinal) noexcept {
    const int year = ordinal >= 0 ? ordinal / 12 : -((-ordinal + 11) / 12);
    return {year, ordinal - year * 12 + 1};
  }
  [[nodiscard]] constexpr year_month plus_months(int months) const noexcept { return from_ordinal(ordinal() + months); }
  friend constexpr auto operator<=>(const year_month& a, const year_month& b) noexcept {
    return a.ordinal() <=> b.ordinal();
  }
  friend constexpr bool operator==(const year_month&, const year_month&) = default;

  /// @brief "YYYY-MM".
  [[nodiscard]] std::string to_string() const {
    std::string mm = std::to_string(month);
    return std::to_string(year) + (month < 10 ? "-0" : "-") + mm;
  }

  /// @brief Parses a month: "YYYY-MM" (also "YYYY-M"); an ISO date "YYYY-MM-DD", which stands
  /// for its month, optionally followed by a time of day after 'T' or ' ' ("2021-06-30T08:00");
  /// "MM/YYYY" (also "M/YYYY", a four-digit year); or a quarter "YYYY-Qn" (n in 1..4, 'q' too),
  /// which stands for its last month: "2021-Q1" is 2021-03 (quarterly figures are year-to-date at
  /// the quarter's end). Throws attain::invalid_argument otherwise (a day the month does not have
  /// is an error).
  static year_month parse(std::string_view text) {
    const bool date_like = text.size() >= 10 && text[4] == '-' && text[7] == '-';
    if (date_like) return parse_date(text);
    if (text.find('/') != std::string_view::npos) return parse_month_slash_year(text);
    if (text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')) return parse_quarter(text);
    const auto dash = text.find('-');
    int y = 0, m = 0;
    const bool ok =
        dash != std::string_view::npos && dash > 0 &&
        std::from_chars(text.data(), text.data() + dash, y).ptr == text.data() + dash &&
        std::from_chars(text.data() + dash + 1, text.data() + text.size(), m).ptr == text.data() + text.size() &&
        dash + 1 < text.size();
    if (!ok || m < 1 || m > 12)
      detail::fail<invalid_argument>("period '", text,
                                     "' is not a month of the form YYYY-MM (or a date YYYY-MM-DD, MM/YYYY or a "
                                     "quarter YYYY-Qn)");
    if (y < 1 || y > 9999) detail::fail<invalid_argument>("period '", text, "' has a year outside 1..9999");
    return {y, m};
  }

 private:
  /// @brief The value of the decimal digits text[from, from + n), or -1 if one is not a digit.
  static constexpr int digits(std::string_view text, std::size_t from, std::size_t n) noexcept {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  }
  /// @brief "MM/YYYY" or "M/YYYY".
  static year_month parse_month_slash_year(std::string_view text) {
    const auto slash = text.find('/');
    const bool shape = (slash == 1 || slash == 2) && text.size() == slash + 5;
    const int m = shape ? digits(text, 0, slash) : -1, y = shape ? digits(text, slash + 1, 4) : -1;
    if (m < 1 || m > 12 || y < 1)
      detail::fail<invalid_argument>("period '", text,
                                     "' is not a month of the form MM/YYYY (a day-first date DD/MM/YYYY is not read: "
                                     "write YYYY-MM-DD)");
    return {y, m};
  }
  /// @brief "YYYY-Qn" -> the quarter's last month.
  static year_month parse_quarter(std::string_view text) {
    const int y = digits(text, 0, 4), q = digits(text, 6, 1);
    if (y < 1 || q < 1 || q > 4)
      detail::fail<invalid_argument>("period '", text, "' is not a quarter of the form YYYY-Qn (n in 1..4)");
    return {y, 3 * q};
  }
  static year_month parse_date(std::string_view text) {
    const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    const bool time_ok = text.size() == 10 || text[10] == 'T' || text[10] == ' ';
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || !time_ok)
      detail::fail<invalid_argument>("period '", text, "' is not a date of the form YYYY-MM-DD");
    return {y, m};
  }
  static constexpr int days_in_month(int y, int m) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
  }
};

/// @brief A fiscal calendar: which month a fiscal year starts in.
class fiscal_calendar {
 public:
  /// @brief @p first_month in 1..12 (1 = calendar year, 10 = October to September).
  explicit constexpr fiscal_calendar(int first_month = 1) : first_month_(first_month) {
    if (first_month < 1 || first_month > 12)
      detail::fail<invalid_argument>("fiscal_year_start = ", first_month, " is not a month (1..12)");
  }
  [[nodiscard]] constexpr int first_month() const noexcept { return first_month_; }

  /// @brief The fiscal year containing @p m, labelled by the calendar year in which it ends.
  [[nodiscard]] constexpr int fiscal_year(year_month m) const noexcept {
    return (first_month_ == 1 || m.month < first_month_) ? m.year : m.year + 1;
  }
  /// @brief The first month of fiscal year @p fy.
  [[nodiscard]] constexpr year_month start(int fy) const noexcept {
    return first_month_ == 1 ? year_month{fy, 1} : year_month{fy - 1, first_month_};
  }
  /// @brief The ordinal of the first month of the fiscal year containing month @p ordinal (the
  /// same as start(fiscal_year(m)).ordinal(), without the calendar round trip: for hot loops).
  [[nodiscard]] constexpr std::int64_t year_start_ordinal(std::int64_t ordinal) const noexcept {
    return ordinal - ((ordinal - (first_month_ - 1)) % 12 + 12) % 12;
  }
  /// @brief The last month of fiscal year @p fy.
  [[nodiscard]] constexpr year_month end(int fy) const noexcept { return start(fy).plus_months(11); }
  /// @brief Months of the fiscal year elapsed at the end of @p m, counting @p m (1..12).
  [[nodiscard]] constexpr int months_elapsed(year_month m) const noexcept {
    return m.ordinal() - start(fiscal_year(m)).ordinal() + 1;
  }
  /// @brief Months left in the fiscal year after @p m (0..11).
  [[nodiscard]] constexpr int months_remaining(year_month m) const noexcept { return 12 - months_elapsed(m); }
  /// @brief Whether @p m is the first month of its fiscal year.
  [[nodiscard]] constexpr bool starts_year(year_month m) const noexcept { return m.month == first_month_; }

 private:
  int first_month_;
};

/// @brief Throws invalid_argument unless @p periods are consecutive months, naming the first
/// that does not follow its predecessor.
inline void require_consecutive(std::span<const year_month> periods) {
  for (std::size_t i = 1; i < periods.size(); ++i)
    if (periods[i].ordinal() != periods[i - 1].ordinal() + 1)
      fail<invalid_argument>("periods[", i, "] = ", periods[i].to_string(), " does not follow periods[", i - 1,
                             "] = ", periods[i - 1].to_string(), " (one series of consecutive months is expected)");
}

namespace detail {
using ::attain::require_consecutive;
}  // namespace detail

/// @brief Year-to-date cumulative figures -> monthly flows; the first month of each fiscal
/// year keeps its year-to-date value (it includes what was carried over). @p periods must be
/// consecutive months. Flows may be negative (year-to-date figures can be revised down).
inline void ytd_to_monthly(std::span<const std::int64_t> ytd, std::span<const year_month> periods,
                           const fiscal_calendar& calendar, std::span<std::int64_t> monthly) {
  detail::require_same_length("ytd", ytd.size(), "periods", periods.size());
  detail::require_same_length("monthly", monthly.size(), "ytd", ytd.size());
  detail::require_consecutive(periods);
  for (std::size_t i = 0; i < ytd.size(); ++i)
    monthly[i] =
        (i == 0 || calendar.starts_year(periods[i])) ? ytd[i] : checked_sub(ytd[i], ytd[i - 1], "monthly flow");
}

/// @brief The caseload open in each month (the cases open at its start plus those that became
/// eligible during it), from year-to-date figures: the month's
/// eligible total less what was done before the month in the same fiscal year (nothing before a
/// fiscal year's first month or the series' first month). The month's done flow
/// (ytd_to_monthly of done) out of this is the share of the open caseload completed in the month,
/// a binomial proportion; a done flow over an eligible flow is none (the cases carried over are
/// done too, so it can pass 1). @p periods must be consecutive months.
inline void open_at_start(std::span<const std::int64_t> done_ytd, std::span<const std::int64_t> eligible_ytd,
                          std::span<const year_month> periods, const fiscal_calendar& calendar,
                          std::span<std::int64_t> open) {
  detail::require_same_length("done", done_ytd.size(), "periods", periods.size());
  detail::require_same_length("eligible", eligible_ytd.size(), "periods", periods.size());
  detail::require_same_length("open", open.size(), "periods", periods.size());
  detail::require_consecutive(periods);
  for (std::size_t i = 0; i < periods.size(); ++i)
    open[i] = (i == 0 || calendar.starts_year(periods[i]))
                  ? eligible_ytd[i]
                  : checked_sub(eligible_ytd[i], done_ytd[i - 1], "cases open at the start of the month");
}

/// @brief Monthly flows -> year-to-date cumulative figures, restarting at each fiscal year.
inline void monthly_to_ytd(std::span<const std::int64_t> monthly, std::span<const year_month> periods,
                           const fiscal_calendar& calendar, std::span<std::int64_t> ytd) {
  detail::require_same_length("monthly", monthly.size(), "periods", periods.size());
  detail::require_same_length("ytd", ytd.size(), "monthly", monthly.size());
  detail::require_consecutive(periods);
  for (std::size_t i = 0; i < monthly.size(); ++i)
    ytd[i] = (i == 0 || calendar.starts_year(periods[i])) ? monthly[i]
                                                          : checked_add(ytd[i - 1], monthly[i], "year-to-date total");
}

}  // namespace attain
