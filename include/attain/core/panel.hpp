#pragma once
/// @file attain/core/panel.hpp
/// @brief Tallies per unit and period with a unit hierarchy, and the as-of snapshot of every
/// unit: ratios, gaps, shortfalls, changes, ranks, pace and how many children meet the target.
///
/// Rows are (unit, period) with, per measure, done / eligible and optionally accepted (total
/// intake) and a target. A unit's total is its own rows plus its descendants' totals: roll-ups
/// are ratios of sums, never means of ratios. Figures are year-to-date within the fiscal year
/// (or monthly flows, converted on construction).
///
/// Validation on construction: every row's unit and period are known, counts are non-negative
/// with done <= eligible <= accepted, targets are in [0, 1] (NaN = not given), no (unit, period)
/// appears twice, and a unit with rows has one for every period of the panel (a missing row
/// would silently read as zero). Leaves must have rows. Errors name the row, unit and period.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "attain/core/checked.hpp"
#include "attain/core/error.hpp"
#include "attain/core/gap.hpp"
#include "attain/core/hierarchy.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/period.hpp"
#include "attain/core/ratio.hpp"
#include "attain/core/schedule.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief One measure's input columns (all of the length of the rows).
struct measure_columns {
  measure_columns() = default;
  measure_columns(std::string name_, std::span<const std::int64_t> done_, std::span<const std::int64_t> eligible_,
                  std::span<const std::int64_t> accepted_ = {}, std::span<const double> target_ = {},
                  double default_target_ = std::numeric_limits<double>::quiet_NaN())
      : name(std::move(name_)),
        done(done_),
        eligible(eligible_),
        accepted(accepted_),
        target(target_),
        default_target(default_target_) {}

  std::string name;  ///< e.g. "count" or "amount"
  std::span<const std::int64_t> done;
  std::span<const std::int64_t> eligible;
  std::span<const std::int64_t> accepted;  ///< empty: not given
  std::span<const double> target;          ///< empty: not given; NaN in a row: not given there
  double default_target = std::numeric_limits<double>::quiet_NaN();  ///< for units with no target
};

/// @brief How rows are read.
struct panel_options {
  // A constructor (not aggregate initialisation) so that callers may give only the first
  // options without -Wmissing-field-initializers warnings.
  panel_options(fiscal_calendar calendar_ = fiscal_calendar{}, bool monthly_flows_ = false,
                std::string row_label_ = "row", std::int64_t first_row_number_ = 0,
                std::vector<double> schedule_profile_ = {})
      : calendar(calendar_),
        monthly_flows(monthly_flows_),
        row_label(std::move(row_label_)),
        first_row_number(first_row_number_),
        schedule_profile(std::move(schedule_profile_)) {}

  fiscal_calendar calendar{};
  bool monthly_flows = false;            ///< true: rows hold monthly flows, converted to year-to-date
  std::string row_label = "row";         ///< how messages name a row ("row", "line")
  std::int64_t first_row_number = 0;     ///< the number messages give the first row
  std::vector<double> schedule_profile;  ///< 12 monthly weights for schedule pace; empty = linear
  /// The number messages give each row (a CSV file's line numbers, which blank lines and
  /// multi-line cells set apart); empty: first_row_number + the row's index.
  std::vector<std::int64_t> row_numbers;
};

/// @brief One unit's figures for one measure at the as-of period.
struct unit_result {
  tally total;                 ///< rolled-up done / eligible
  std::int64_t accepted = -1;  ///< rolled-up total intake; -1 when not given
  bool has_target = false;
  double target = std::numeric_limits<double>::quiet_NaN();
  gap_result gap;  ///< ratio, gap, shortfall, met (gap NaN without a target)
  double ratio_prev = std::numeric_limits<double>::quiet_NaN();      ///< previous month
  double change_prev = std::numeric_limits<double>::quiet_NaN();     ///< ratio - ratio_prev
  double ratio_year_ago = std::numeric_limits<double>::quiet_NaN();  ///< same month a year earlier
  double change_year = std::numeric_limits<double>::quiet_NaN();     ///< ratio - ratio_year_ago
  int rank = 0;      ///< among siblings by ratio, 1 = highest (ties share); 0 = no ratio
  pace_result pace;  ///< needed per remaining month (zeros without a target)
  double schedule_expected = std::numeric_limits<double>::quiet_NaN();  ///< target x share of the year elapsed
  double schedule_ahead = std::numeric_limits<double>::quiet_NaN();     ///< ratio - expected (+ = ahead)
};

/// @brief How a unit's children stand against their targets, for one measure.
struct children_summary {
  int n = 0;                                                  ///< children
  int n_met = 0;                                              ///< children meeting their target
  int n_short = 0;                                            ///< children with a ratio and a target, not meeting it
  int n_unrated = 0;                                          ///< children with no ratio (eligible == 0) or no target
  double min_gap = std::numeric_limits<double>::quiet_NaN();  ///< smallest gap among the short
  double max_gap = std::numeric_limits<double>::quiet_NaN();  ///< largest gap among the short
};

/// @brief Every unit's results at one period.
struct snapshot {
  year_month as_of;
  int months_elapsed = 0;
  int months_remaining = 0;
  std::size_t n_units = 0;
  std::vector<std::string> measures;
  std::vector<unit_result> results;        ///< [measure * n_units + unit]
  std::vector<children_summary> children;  ///< [measure * n_units + unit]

  [[nodiscard]] const unit_result& at(std::size_t measure, std::int32_t unit) const {
    return results.at(measure * n_units + static_cast<std::size_t>(unit));
  }
  [[nodiscard]] const children_summary& children_of(std::size_t measure, std::int32_t unit) const {
    return children.at(measure * n_units + static_cast<std::size_t>(unit));
  }
};

class panel {
 public:
  /// @brief Builds the panel from rows; @p unit_of_row indexes @p units, @p period_of_row gives
  /// each row's month. Throws attain::error subclasses naming the row on bad input.
  panel(hierarchy units, std::span<const std::int32_t> unit_of_row, std::span<const year_month> period_of_row,
        const std::vector<measure_columns>& measures, panel_options options = {})
      : units_(std::move(units)), options_(std::move(options)) {
    validate_profile(options_.schedule_profile);
    const std::size_t n_rows = unit_of_row.size();
    detail::require_same_length("periods", period_of_row.size(), "units of rows", n_rows);
    if (measures.empty()) detail::fail<invalid_argument>("a panel needs at least one measure");
    for (std::size_t r = 0; r < n_rows; ++r)
      if (unit_of_row[r] < 0 || static_cast<std::size_t>(unit_of_row[r]) >= units_.size())
        detail::fail<unknown_key>(row_name(r), ": unit index ", unit_of_row[r], " is not a unit");
    const auto period_of = collect_periods(period_of_row);
    const std::size_t cells = units_.size() * periods_.size();
    row_of_cell_.assign(cells, -1);
    for (std::size_t r = 0; r < n_rows; ++r) {
      const std::size_t c = cell(unit_of_row[r], static_cast<std::size_t>(period_of[r]));
      if (row_of_cell_[c] >= 0)
        detail::fail<duplicate_key>(row_name(static_cast<std::size_t>(row_of_cell_[c])), " and ", row_name(r),
                                    " both hold unit '", units_.name(unit_of_row[r]), "' at period ",
                                    period_of_row[r].to_string());
      row_of_cell_[c] = static_cast<std::int64_t>(r);
    }
    check_complete();
    for (const auto& m : measures) add_measure(m, n_rows);
  }

  [[nodiscard]] const hierarchy& units() const noexcept { return units_; }
  [[nodiscard]] const std::vector<year_month>& periods() const noexcept { return periods_; }
  [[nodiscard]] const fiscal_calendar& calendar() const noexcept { return options_.calendar; }
  [[nodiscard]] std::size_t n_measures() const noexcept { return measures_.size(); }
  [[nodiscard]] const std::string& measure_name(std::size_t m) const { return measures_.at(m).name; }
  [[nodiscard]] bool has_accepted(std::size_t m) const { return measures_.at(m).has_accepted; }

  /// @brief The index of measure @p name; throws attain::unknown_key.
  [[nodiscard]] std::size_t measure_index(const std::string& name) const {
    for (std::size_t m = 0; m < measures_.size(); ++m)
      if (measures_[m].name == name) return m;
    detail::fail<unknown_key>("measure '", name, "' is not in the panel");
  }
  /// @brief The index of period @p p; throws attain::unknown_key naming the range.
  [[nodiscard]] std::size_t period_index(year_month p) const {
    auto it = std::lower_bound(periods_.begin(), periods_.end(), p);
    if (it == periods_.end() || *it != p)
      detail::fail<unknown_key>("period ", p.to_string(), " is not in the data (", periods_.front().to_string(), " .. ",
                                periods_.back().to_string(), ")");
    return static_cast<std::size_t>(it - periods_.begin());
  }
  [[nodiscard]] bool has_period(year_month p) const { return std::binary_search(periods_.begin(), periods_.end(), p); }

  /// @brief A unit's rolled-up tally (own rows plus all descendants).
  [[nodiscard]] tally total(std::size_t m, std::int32_t unit, std::size_t period) const {
    const auto& d = measures_.at(m);
    const auto c = cell(unit, period);
    return {d.done[c], d.eligible[c]};
  }
  /// @brief A unit's rolled-up accepted total; -1 when the measure has no accepted column.
  [[nodiscard]] std::int64_t accepted(std::size_t m, std::int32_t unit, std::size_t period) const {
    const auto& d = measures_.at(m);
    return d.has_accepted ? d.accepted[cell(unit, period)] : -1;
  }
  /// @brief The unit's target: its own row's, else its nearest ancestor's, else the measure's
  /// default; NaN when none.
  [[nodiscard]] double target(std::size_t m, std::int32_t unit, std::size_t period) const {
    return measures_.at(m).target[cell(unit, period)];
  }

  /// @brief Every unit's results at @p as_of (a period of the data).
  [[nodiscard]] snapshot at(year_month as_of) const {
    const std::size_t p = period_index(as_of);
    const auto& cal = options_.calendar;
    snapshot s;
    s.as_of = as_of;
    s.months_elapsed = cal.months_elapsed(as_of);
    s.months_remaining = cal.months_remaining(as_of);
    s.n_units = units_.size();
    const std::size_t n_units = units_.size();
    s.results.resize(measures_.size() * n_units);
    s.children.resize(measures_.size() * n_units);
    const auto prev = optional_period(as_of.plus_months(-1));
    const auto year_ago = optional_period(as_of.plus_months(-12));
    const auto year_start = optional_period(cal.start(cal.fiscal_year(as_of)));
    for (std::size_t m = 0; m < measures_.size(); ++m) {
      s.measures.push_back(measures_[m].name);
      for (std::size_t u = 0; u < n_units; ++u) {
        const auto unit = static_cast<std::int32_t>(u);
        unit_result& r = s.results[m * n_units + u];
        r.total = total(m, unit, p);
        r.accepted = accepted(m, unit, p);
        r.target = target(m, unit, p);
        r.has_target = !std::isnan(r.target);
        r.gap.ratio = completion_ratio_unchecked(r.total.done, r.total.eligible);
        if (r.has_target) {
          r.gap.gap = r.target - r.gap.ratio;
          r.gap.met = meets_target(r.total.done, r.total.eligible, r.target);
          r.gap.shortfall = shortfall_unchecked(r.total.done, r.total.eligible, r.target);
          double growth = 0.0;
          if (year_start && s.months_elapsed >= 2)
            growth =
                static_cast<double>(r.total.eligible - total(m, unit, *year_start).eligible) / (s.months_elapsed - 1);
          // A shrinking denominator: the pace against the current one (fewer eligible never
          // need more completions), not a "growing" pace that claims nothing is needed.
          r.pace = pace(r.total, r.target, s.months_remaining, std::max(growth, 0.0));
          const auto sched = schedule(r.gap.ratio, r.target, s.months_elapsed, options_.schedule_profile);
          r.schedule_expected = sched.expected;
          r.schedule_ahead = sched.ahead;
        } else {
          r.gap.gap = std::numeric_limits<double>::quiet_NaN();
        }
        if (prev) {
          const tally t = total(m, unit, *prev);
          r.ratio_prev = completion_ratio_unchecked(t.done, t.eligible);
          r.change_prev = r.gap.ratio - r.ratio_prev;
        }
        if (year_ago) {
          const tally t = total(m, unit, *year_ago);
          r.ratio_year_ago = completion_ratio_unchecked(t.done, t.eligible);
          r.change_year = r.gap.ratio - r.ratio_year_ago;
        }
      }
      rank_siblings(s, m);
      summarise_children(s, m);
    }
    return s;
  }

 private:
  struct measure_data {
    std::string name;
    bool has_accepted = false;
    std::vector<std::int64_t> done, eligible, accepted;  // rolled up, [unit * P + period]
    std::vector<double> target;                          // resolved, [unit * P + period]
  };

  [[nodiscard]] std::size_t cell(std::int32_t unit, std::size_t period) const {
    return static_cast<std::size_t>(unit) * periods_.size() + period;
  }
  [[nodiscard]] std::string row_name(std::size_t r) const {
    if (r < options_.row_numbers.size()) return detail::concat(options_.row_label, ' ', options_.row_numbers[r]);
    return detail::concat(options_.row_label, ' ', static_cast<std::int64_t>(r) + options_.first_row_number);
  }
  [[nodiscard]] std::size_t period_index_unchecked(year_month p) const {
    return static_cast<std::size_t>(std::lower_bound(periods_.begin(), periods_.end(), p) - periods_.begin());
  }
  [[nodiscard]] std::optional<std::size_t> optional_period(year_month p) const {
    if (!has_period(p)) return std::nullopt;
    return period_index_unchecked(p);
  }

  // The distinct months, ascending, and each row's period index. Months are small dense
  // integers, so a presence table over their range does it in O(rows), with no sort.
  std::vector<std::int32_t> collect_periods(std::span<const year_month> period_of_row) {
    std::vector<std::int32_t> period_of(period_of_row.size());
    if (!period_of_row.empty()) {
      std::int32_t lo = period_of_row[0].ordinal(), hi = lo;
      for (const auto& p : period_of_row) lo = std::min(lo, p.ordinal()), hi = std::max(hi, p.ordinal());
      std::vector<std::int32_t> index(static_cast<std::size_t>(hi - lo) + 1, -1);
      for (const auto& p : period_of_row) index[static_cast<std::size_t>(p.ordinal() - lo)] = 0;
      for (std::size_t o = 0; o < index.size(); ++o)
        if (index[o] == 0) {
          index[o] = static_cast<std::int32_t>(periods_.size());
          periods_.push_back(year_month::from_ordinal(lo + static_cast<std::int32_t>(o)));
        }
      for (std::size_t r = 0; r < period_of_row.size(); ++r)
        period_of[r] = index[static_cast<std::size_t>(period_of_row[r].ordinal() - lo)];
    }
    if (periods_.empty()) detail::fail<invalid_argument>("a panel needs at least one row");
    if (options_.monthly_flows)
      for (std::size_t i = 1; i < periods_.size(); ++i)
        if (periods_[i].ordinal() != periods_[i - 1].ordinal() + 1)
          detail::fail<invalid_argument>("monthly flows need consecutive months, but the data has no period ",
                                         periods_[i - 1].plus_months(1).to_string());
    return period_of;
  }

  // A unit with rows needs one at every period, and a leaf needs rows: a missing row would
  // otherwise read as zero completions.
  void check_complete() const {
    const std::size_t P = periods_.size();
    for (std::size_t u = 0; u < units_.size(); ++u) {
      const auto unit = static_cast<std::int32_t>(u);
      std::size_t present = 0;
      for (std::size_t p = 0; p < P; ++p) present += row_of_cell_[cell(unit, p)] >= 0;
      if (present == 0 && units_.is_leaf(unit))
        detail::fail<invalid_argument>("unit '", units_.name(unit), "' has no rows and no child units");
      if (present != 0 && present != P)
        for (std::size_t p = 0; p < P; ++p)
          if (row_of_cell_[cell(unit, p)] < 0)
            detail::fail<invalid_argument>("unit '", units_.name(unit), "' has no row for period ",
                                           periods_[p].to_string(), " (it has rows for other periods)");
    }
  }

  void add_measure(const measure_columns& in, std::size_t n_rows) {
    const std::string& name = in.name;
    detail::require_same_length((name + " done").c_str(), in.done.size(), "rows", n_rows);
    detail::require_same_length((name + " eligible").c_str(), in.eligible.size(), "rows", n_rows);
    if (!in.accepted.empty())
      detail::require_same_length((name + " accepted").c_str(), in.accepted.size(), "rows", n_rows);
    if (!in.target.empty()) detail::require_same_length((name + " target").c_str(), in.target.size(), "rows", n_rows);
    for (const auto& existing : measures_)
      if (existing.name == name) detail::fail<duplicate_key>("measure '", name, "' is given twice");
    if (!std::isnan(in.default_target)) validate_target(in.default_target, 0, (name + " default target").c_str());

    measure_data d;
    d.name = name;
    d.has_accepted = !in.accepted.empty();
    const std::size_t cells = row_of_cell_.size();
    d.done.assign(cells, 0);
    d.eligible.assign(cells, 0);
    if (d.has_accepted) d.accepted.assign(cells, 0);
    d.target.assign(cells, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < cells; ++c) {
      const std::int64_t r = row_of_cell_[c];
      if (r < 0) continue;
      const auto row = static_cast<std::size_t>(r);
      check_row(in, row);
      d.done[c] = in.done[row];
      d.eligible[c] = in.eligible[row];
      if (d.has_accepted) d.accepted[c] = in.accepted[row];
      if (!in.target.empty()) d.target[c] = in.target[row];
    }
    if (options_.monthly_flows) accumulate_year_to_date(d);
    roll_up(d);
    resolve_targets(d, in.default_target);
    measures_.push_back(std::move(d));
  }

  void check_row(const measure_columns& in, std::size_t r) const {
    const std::string& m = in.name;
    const std::int64_t done = in.done[r], eligible = in.eligible[r];
    if (done < 0) detail::fail<invalid_argument>(row_name(r), ": ", m, " done = ", done, " is negative");
    if (eligible < 0) detail::fail<invalid_argument>(row_name(r), ": ", m, " eligible = ", eligible, " is negative");
    if (!options_.monthly_flows && done > eligible)
      detail::fail<invalid_argument>(row_name(r), ": ", m, " done = ", done, " is greater than ", m,
                                     " eligible = ", eligible);
    if (!in.accepted.empty()) {
      if (in.accepted[r] < 0)
        detail::fail<invalid_argument>(row_name(r), ": ", m, " accepted = ", in.accepted[r], " is negative");
      if (!options_.monthly_flows && in.accepted[r] < eligible)
        detail::fail<invalid_argument>(row_name(r), ": ", m, " accepted = ", in.accepted[r], " is less than ", m,
                                       " eligible = ", eligible, " (eligible cases are part of those accepted)");
    }
    if (!in.target.empty() && !std::isnan(in.target[r]) && !(in.target[r] >= 0.0 && in.target[r] <= 1.0))
      detail::fail<invalid_argument>(row_name(r), ": ", m, " target = ", in.target[r], " is outside [0, 1]");
  }

  void accumulate_year_to_date(measure_data& d) const {
    const std::size_t P = periods_.size();
    for (std::size_t u = 0; u < units_.size(); ++u) {
      const std::size_t base = u * P;
      for (std::size_t p = 1; p < P; ++p) {
        if (options_.calendar.starts_year(periods_[p])) continue;
        d.done[base + p] = checked_add(d.done[base + p - 1], d.done[base + p], "year-to-date done");
        d.eligible[base + p] = checked_add(d.eligible[base + p - 1], d.eligible[base + p], "year-to-date eligible");
        if (d.has_accepted)
          d.accepted[base + p] = checked_add(d.accepted[base + p - 1], d.accepted[base + p], "year-to-date accepted");
      }
      for (std::size_t p = 0; p < P; ++p)
        if (d.done[base + p] > d.eligible[base + p])
          detail::fail<invalid_argument>(
              "unit '", units_.name(static_cast<std::int32_t>(u)), "' at ", periods_[p].to_string(), ": year-to-date ",
              d.name, " done = ", d.done[base + p], " is greater than eligible = ", d.eligible[base + p]);
    }
  }

  void roll_up(measure_data& d) const {
    const std::size_t P = periods_.size();
    for (std::int32_t u : units_.bottom_up()) {
      const std::int32_t parent = units_.parent(u);
      if (parent < 0) continue;
      const std::size_t from = cell(u, 0), to = cell(parent, 0);
      for (std::size_t p = 0; p < P; ++p) {
        d.done[to + p] = checked_add(d.done[to + p], d.done[from + p], "rolled-up done");
        d.eligible[to + p] = checked_add(d.eligible[to + p], d.eligible[from + p], "rolled-up eligible");
        if (d.has_accepted)
          d.accepted[to + p] = checked_add(d.accepted[to + p], d.accepted[from + p], "rolled-up accepted");
      }
    }
  }

  void resolve_targets(measure_data& d, double default_target) const {
    const std::size_t P = periods_.size();
    const auto& order = units_.bottom_up();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {  // parents before children
      const std::int32_t parent = units_.parent(*it);
      for (std::size_t p = 0; p < P; ++p) {
        double& t = d.target[cell(*it, p)];
        if (std::isnan(t)) t = parent >= 0 ? d.target[cell(parent, p)] : default_target;
      }
    }
  }

  // Ranks by ratio within each sibling group (roots form one group); ties share the
  // smaller rank, as pandas' rank(method="min", ascending=False); no ratio, no rank.
  void rank_siblings(snapshot& s, std::size_t m) const {
    const std::size_t n_units = units_.size();
    auto result = [&](std::int32_t u) -> unit_result& { return s.results[m * n_units + static_cast<std::size_t>(u)]; };
    std::vector<std::int32_t> group;
    auto rank_group = [&] {
      std::erase_if(group, [&](auto u) { return std::isnan(result(u).gap.ratio); });
      std::sort(group.begin(), group.end(), [&](auto a, auto b) { return result(a).gap.ratio > result(b).gap.ratio; });
      for (std::size_t i = 0; i < group.size(); ++i) {
        const bool tie = i > 0 && result(group[i]).gap.ratio == result(group[i - 1]).gap.ratio;
        result(group[i]).rank = tie ? result(group[i - 1]).rank : static_cast<int>(i) + 1;
      }
    };
    group.clear();
    for (std::size_t u = 0; u < n_units; ++u)
      if (units_.parent(static_cast<std::int32_t>(u)) < 0) group.push_back(static_cast<std::int32_t>(u));
    rank_group();
    for (std::size_t u = 0; u < n_units; ++u) {
      const auto kids = units_.children(static_cast<std::int32_t>(u));
      group.assign(kids.begin(), kids.end());
      rank_group();
    }
  }

  void summarise_children(snapshot& s, std::size_t m) const {
    const std::size_t n_units = units_.size();
    for (std::size_t u = 0; u < n_units; ++u) {
      children_summary& c = s.children[m * n_units + u];
      for (std::int32_t child : units_.children(static_cast<std::int32_t>(u))) {
        const unit_result& r = s.results[m * n_units + static_cast<std::size_t>(child)];
        ++c.n;
        if (!r.has_target || r.total.eligible == 0) {
          ++c.n_unrated;
        } else if (r.gap.met) {
          ++c.n_met;
        } else {
          ++c.n_short;
          c.min_gap = std::isnan(c.min_gap) ? r.gap.gap : std::min(c.min_gap, r.gap.gap);
          c.max_gap = std::isnan(c.max_gap) ? r.gap.gap : std::max(c.max_gap, r.gap.gap);
        }
      }
    }
  }

  hierarchy units_;
  panel_options options_;
  std::vector<year_month> periods_;
  std::vector<std::int64_t> row_of_cell_;  // [unit * P + period] -> row, -1 if none
  std::vector<measure_data> measures_;
};

}  // namespace attain
