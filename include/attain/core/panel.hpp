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
/// with done <= eligible <= accepted (a quota measure may have done > eligible), targets are in
/// [0, 1] ([0, 10] for a quota measure; NaN = not given), no (unit, period)
/// appears twice, and a unit with rows has one for every period of the panel (a missing row
/// would silently read as zero). Leaves must have rows. Errors name the row, unit and period.
///
/// Each measure carries its declaration (see measure.hpp): kind, form, currency, minor digits
/// and labels, validated on construction (a currency implies money; a count may not declare one).
/// A quota measure's results: ratio = attainment (actual / plan, may exceed 1), met = attainment
/// >= target, shortfall = the actual still missing, exceeded_by = the actual beyond the smallest
/// one meeting the target, pace = the shortfall per remaining month against the plan as it is
/// (a plan does not grow with intake), schedule = attainment - target x share of the year; with
/// a to-date plan (plan_basis::to_date) the plan is already the one due by now, so the schedule
/// is attainment - target.
///
/// A completion measure built from case records may carry its cases' moments per row
/// (attain::case_moments: the number of cases behind the row's eligible figure and their sums
/// of x^2, xy and y^2, see cases.hpp); they roll up by summing, as the tallies, and the
/// snapshot hands each unit's to the statistics layer, whose outlook turns a money measure's
/// into the linearisation interval of its ratio of sums.
///
/// A completion measure with plan_basis::to_date is a running rate (eligible is what came due so
/// far: A&E attendances, applications received): the target applies to the ratio at every month,
/// so schedule_expected = target and schedule_ahead = ratio - target (minus the gap); the
/// shortfall on today's eligible (pace.needed) and the pace with eligible growing
/// (pace.per_month_projected) stay, and pace.per_month is NaN (the months left bring their own
/// eligible: today's shortfall spread over them describes nothing).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attain/core/checked.hpp"
#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/gap.hpp"
#include "attain/core/hierarchy.hpp"
#include "attain/core/measure.hpp"
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
                  double default_target_ = std::numeric_limits<double>::quiet_NaN(),
                  measure_kind kind_ = measure_kind::unspecified)
      : name(std::move(name_)),
        done(done_),
        eligible(eligible_),
        accepted(accepted_),
        target(target_),
        default_target(default_target_),
        kind(kind_) {}

  std::string name;  ///< e.g. "count" or "amount"
  std::span<const std::int64_t> done;
  std::span<const std::int64_t> eligible;
  std::span<const std::int64_t> accepted;  ///< empty: not given
  std::span<const double> target;          ///< empty: not given; NaN in a row: not given there
  double default_target = std::numeric_limits<double>::quiet_NaN();  ///< for units with no target
  measure_kind kind = measure_kind::unspecified;                     ///< what the tallies count
  /// completion (done <= eligible) or quota (done = actual against eligible = plan; a NaN
  /// default_target then means 1.0, 100 % of plan)
  measure_form form = measure_form::completion;
  /// what eligible covers: the whole year (annual: the year's workload or plan) or what came due
  /// by the row's month (to_date: a quota's plan due by now, a completion measure's running rate)
  plan_basis basis = plan_basis::annual;
  std::string currency;   ///< money unit, e.g. "VND", "USD" ("" = not given; given implies money)
  int minor_digits = -1;  ///< digits of the stored minor units (USD 2); -1: from the currency
  std::string label_vi;   ///< a noun for the measure in Vietnamese ("việc"); "" = none declared
  std::string label_en;   ///< ... in English ("cases"); "" = none declared
  /// per row, the moments of the cases behind its figures (cases.hpp); empty: not given. Only
  /// for year-to-date rows of a completion measure; a row's cases may be 0 only when its
  /// eligible is 0.
  std::span<const case_moments> moments;
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
  int rank = 0;  ///< among siblings by ratio, 1 = highest (ties share); 0 = no ratio
  /// quota measures that meet their target: actual - the smallest actual meeting it
  /// (ceil(target x plan) for a decimal target); 0 otherwise
  std::int64_t exceeded_by = 0;
  /// needed per remaining month (zeros without a target; per_month NaN for a running rate)
  pace_result pace;
  /// target x share of the year elapsed (the target itself under plan_basis::to_date)
  double schedule_expected = std::numeric_limits<double>::quiet_NaN();
  double schedule_ahead = std::numeric_limits<double>::quiet_NaN();  ///< ratio - expected (+ = ahead)
  /// the rolled-up moments of the cases behind the tally (cases -1 when the measure has none)
  case_moments moments{-1, 0.0, 0.0, 0.0};
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
  std::vector<measure_kind> kinds;         ///< [measure]
  std::vector<measure_form> forms;         ///< [measure]
  std::vector<plan_basis> plan_bases;      ///< [measure] (annual unless declared to_date)
  std::vector<std::string> currencies;     ///< [measure] ("" = none)
  std::vector<int> minor_digits;           ///< [measure] (0 for counts)
  std::vector<std::string> labels_vi;      ///< [measure] ("" = none declared)
  std::vector<std::string> labels_en;      ///< [measure] ("" = none declared)
  std::vector<std::uint8_t> has_moments;   ///< [measure]: 1 when its rows carry case moments
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
        const std::vector<measure_columns>& measures, panel_options options = {});

  [[nodiscard]] const hierarchy& units() const noexcept { return units_; }
  [[nodiscard]] const std::vector<year_month>& periods() const noexcept { return periods_; }
  [[nodiscard]] const fiscal_calendar& calendar() const noexcept { return options_.calendar; }
  [[nodiscard]] std::size_t n_measures() const noexcept { return measures_.size(); }
  [[nodiscard]] const std::string& measure_name(std::size_t m) const { return measures_.at(m).name; }
  [[nodiscard]] bool has_accepted(std::size_t m) const { return measures_.at(m).has_accepted; }
  [[nodiscard]] measure_kind kind(std::size_t m) const { return measures_.at(m).kind; }
  [[nodiscard]] measure_form form(std::size_t m) const { return measures_.at(m).form; }
  /// @brief What the measure's eligible covers: annual (the default) or to_date (a quota's plan
  /// due by now, a completion measure's running rate).
  [[nodiscard]] plan_basis basis(std::size_t m) const { return measures_.at(m).basis; }
  /// @brief The money unit ("VND", "USD"); "" when none was declared.
  [[nodiscard]] const std::string& currency(std::size_t m) const { return measures_.at(m).currency; }
  /// @brief The minor digits of the stored integers (declared, else from the currency; 0 for counts).
  [[nodiscard]] int minor_digits(std::size_t m) const { return measures_.at(m).minor_digits; }
  /// @brief The label in @p lang ("vi" or "en"; anything else throws invalid_argument); "" when
  /// none was declared.
  [[nodiscard]] const std::string& label(std::size_t m, std::string_view lang) const;

  /// @brief The index of measure @p name; throws attain::unknown_key.
  [[nodiscard]] std::size_t measure_index(const std::string& name) const;
  /// @brief The index of unit @p name; throws attain::unknown_key.
  [[nodiscard]] std::int32_t unit_index(const std::string& name) const;
  /// @brief The index of period @p p; throws attain::unknown_key naming the range.
  [[nodiscard]] std::size_t period_index(year_month p) const;
  [[nodiscard]] bool has_period(year_month p) const { return std::binary_search(periods_.begin(), periods_.end(), p); }

  /// @brief A unit's rolled-up tally (own rows plus all descendants).
  [[nodiscard]] tally total(std::size_t m, std::int32_t unit, std::size_t period) const;
  /// @brief A unit's rolled-up accepted total; -1 when the measure has no accepted column.
  [[nodiscard]] std::int64_t accepted(std::size_t m, std::int32_t unit, std::size_t period) const {
    const auto& d = measures_.at(m);
    return d.has_accepted ? d.accepted[cell(unit, period)] : -1;
  }
  /// @brief Whether measure @p m's rows carry case moments (a panel built from case records).
  [[nodiscard]] bool has_moments(std::size_t m) const { return measures_.at(m).has_moments; }
  /// @brief A unit's rolled-up case moments; cases = -1 when the measure has none.
  [[nodiscard]] case_moments moments(std::size_t m, std::int32_t unit, std::size_t period) const {
    const auto& d = measures_.at(m);
    return d.has_moments ? d.moments[cell(unit, period)] : case_moments{-1, 0.0, 0.0, 0.0};
  }
  /// @brief The unit's target: its own row's, else its nearest ancestor's, else the measure's
  /// default; NaN when none.
  [[nodiscard]] double target(std::size_t m, std::int32_t unit, std::size_t period) const {
    return measures_.at(m).target[cell(unit, period)];
  }

  /// @brief Every unit's results at @p as_of (a period of the data).
  [[nodiscard]] snapshot at(year_month as_of) const;

 private:
  struct measure_data {
    std::string name;
    measure_kind kind = measure_kind::unspecified;
    measure_form form = measure_form::completion;
    plan_basis basis = plan_basis::annual;
    std::string currency;
    int minor_digits = 0;
    std::string label_vi, label_en;
    bool has_accepted = false;
    bool has_moments = false;
    std::vector<std::int64_t> done, eligible, accepted;  // rolled up, [unit * P + period]
    std::vector<case_moments> moments;                   // rolled up, [unit * P + period]
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
  std::vector<std::int32_t> collect_periods(std::span<const year_month> period_of_row);

  // A unit with rows needs one at every period, and a leaf needs rows: a missing row would
  // otherwise read as zero completions.
  void check_complete() const;

  void add_measure(const measure_columns& in, std::size_t n_rows);

  void check_row(const measure_columns& in, std::size_t r) const;

  void accumulate_year_to_date(measure_data& d) const;

  // Year-to-date rows: within a fiscal year a unit's done and accepted never fall (they are
  // sums of the year's flows; eligible may, as cases are reclassified). A fall is an error
  // naming the unit, measure, months and values, and suggesting monthly flows.
  void check_year_to_date(const measure_columns& in) const;

  void roll_up(measure_data& d) const;

  void resolve_targets(measure_data& d, double default_target) const;

  // Ranks by ratio within each sibling group (roots form one group); ties share the
  // smaller rank, as pandas' rank(method="min", ascending=False); no ratio, no rank.
  void rank_siblings(snapshot& s, std::size_t m) const;

  void summarise_children(snapshot& s, std::size_t m) const;

  hierarchy units_;
  panel_options options_;
  std::vector<year_month> periods_;
  std::vector<std::int64_t> row_of_cell_;  // [unit * P + period] -> row, -1 if none
  std::vector<measure_data> measures_;
};

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/panel-inl.hpp"
#endif
