#pragma once
/// @file attain/stats/outlook.hpp
/// @brief A snapshot with what the statistics layer adds to it, each computed once: the
/// confidence interval of every unit's ratio for the measures declared counts, each unit's
/// year-end projection, and every unit's probability of meeting its year-end target under each
/// model of target_probability.hpp (both computed on first use, then kept).
///
/// The report layer reads an outlook; it computes nothing. A binomial interval is given only for
/// a measure declared `measure_kind::count`: money is a ratio of sums, not of trials, and an
/// undeclared measure gets none (the safe default). Those units read NaN. A quota measure (its
/// actual may exceed its plan: not k successes out of n trials) gets no interval either, and no
/// year-end projection (the projection models a completion ratio's flows).
///
/// A money measure (of the completion form) whose panel was built from case records carries
/// each unit's case moments (panel.hpp), and gets the linearisation interval of its ratio of
/// sums (ratio_interval.hpp, survey::svyratio's): from the cases in the unit's year-to-date
/// eligible figures at the as-of month, its own and its descendants'. It is clipped to [0, 1]
/// (a done amount never exceeds its eligible amount), and NaN for a unit with fewer than 2 such
/// cases (n - 1 = 0: no variance) or nothing eligible. ratio_interval_method_of() says which
/// interval a measure has.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/core/panel.hpp"
#include "attain/stats/ci.hpp"
#include "attain/stats/projection.hpp"
#include "attain/stats/ratio_interval.hpp"
#include "attain/stats/target_probability.hpp"

namespace attain {

/// @brief Whether measure @p m of @p s has a binomial interval: it is declared a count and has
/// the completion form (a snapshot built by hand without forms counts as completion).
inline bool has_binomial_interval(const snapshot& s, std::size_t m) {
  const bool quota = m < s.forms.size() && s.forms[m] == measure_form::quota;
  return s.kinds.at(m) == measure_kind::count && !quota;
}

/// @brief Which interval the units' ratios of a measure get.
enum class unit_interval_kind {
  none,          ///< no interval: a quota, a measure not declared, money without case moments
  wilson,        ///< a count of completion form: the Wilson score interval
  linearisation  ///< money of completion form with case moments: the ratio-of-sums linearisation
};

/// @brief "none", "wilson" or "linearisation".
inline const char* unit_interval_name(unit_interval_kind k) {
  return k == unit_interval_kind::wilson ? "wilson" : k == unit_interval_kind::linearisation ? "linearisation" : "none";
}

/// @brief The interval measure @p m of @p s gets (the one rule the report layer reads).
inline unit_interval_kind unit_interval_of(const snapshot& s, std::size_t m) {
  if (has_binomial_interval(s, m)) return unit_interval_kind::wilson;
  const bool quota = m < s.forms.size() && s.forms[m] == measure_form::quota;
  const bool moments = m < s.has_moments.size() && s.has_moments[m];
  if (s.kinds.at(m) == measure_kind::money && !quota && moments) return unit_interval_kind::linearisation;
  return unit_interval_kind::none;
}

/// @brief The (1 - @p alpha) linearisation interval of the ratio of sums of @p total from the
/// case moments @p moments, clipped to [0, 1]; NaN for fewer than 2 cases or nothing eligible.
inline interval money_ratio_interval(const tally& total, const case_moments& moments, double alpha) {
  if (moments.cases < 2 || total.eligible <= 0) return {detail::nan(), detail::nan()};
  const auto r = ratio_of_sums_interval(total, moments, alpha);
  return {std::clamp(r.low, 0.0, 1.0), std::clamp(r.high, 0.0, 1.0)};
}

/// @brief The (1 - @p alpha) interval of every unit's ratio for measure @p m of @p s, into
/// @p low and @p high (one per unit), of the kind unit_interval_of() gives: Wilson for a count,
/// the linearisation for money with case moments (money_ratio_interval()); NaN for a measure
/// without intervals and for units with nothing eligible (or, for money, fewer than 2 cases).
inline void ratio_intervals(const snapshot& s, std::size_t m, double alpha, std::span<double> low,
                            std::span<double> high) {
  validate_alpha(alpha, "alpha");
  const std::size_t n = s.n_units;
  detail::require_same_length("low", low.size(), "units", n);
  detail::require_same_length("high", high.size(), "units", n);
  std::fill(low.begin(), low.end(), detail::nan());
  std::fill(high.begin(), high.end(), detail::nan());
  const auto kind = unit_interval_of(s, m);
  if (kind == unit_interval_kind::linearisation) {
    for (std::size_t u = 0; u < n; ++u) {
      const unit_result& r = s.results[m * n + u];
      const interval ci = money_ratio_interval(r.total, r.moments, alpha);
      low[u] = ci.low, high[u] = ci.high;
    }
    return;
  }
  if (kind != unit_interval_kind::wilson) return;
  std::vector<std::int64_t> done, eligible;
  std::vector<std::size_t> where;
  for (std::size_t u = 0; u < n; ++u) {
    const tally& t = s.results[m * n + u].total;
    if (t.eligible <= 0) continue;  // no ratio, no interval
    done.push_back(t.done), eligible.push_back(t.eligible), where.push_back(u);
  }
  std::vector<double> lo(done.size()), hi(done.size());
  proportion_ci(done, eligible, alpha, ci_method::wilson, lo, hi);
  for (std::size_t k = 0; k < where.size(); ++k) low[where[k]] = lo[k], high[where[k]] = hi[k];
}

class outlook {
 public:
  /// @brief The outlook of snapshot @p s of panel @p p (which must outlive it); @p alpha is one
  /// minus the level of the Wilson intervals.
  outlook(const panel& p, snapshot s, double alpha = 0.05) : panel_(&p), snapshot_(std::move(s)), alpha_(alpha) {
    validate_alpha(alpha, "alpha");
    const std::size_t n = snapshot_.n_units;
    low_.assign(snapshot_.results.size(), detail::nan());
    high_.assign(snapshot_.results.size(), detail::nan());
    projections_.resize(snapshot_.results.size());
    year_to_date_ = has_year_to_date(p, snapshot_.as_of);
    projectable_ = snapshot_.months_remaining > 0 && year_to_date_;
    for (auto& per_model : chances_) per_model.assign(snapshot_.results.size(), detail::nan());
    for (auto& per_model : chance_known_) per_model.assign(snapshot_.results.size(), 0);
    for (std::size_t m = 0; m < snapshot_.measures.size(); ++m)
      ratio_intervals(snapshot_, m, alpha, std::span<double>(low_).subspan(m * n, n),
                      std::span<double>(high_).subspan(m * n, n));
  }
  /// @brief The outlook of panel @p p at @p as_of (a period of the data).
  outlook(const panel& p, year_month as_of, double alpha = 0.05) : outlook(p, p.at(as_of), alpha) {}

  [[nodiscard]] const panel& source() const noexcept { return *panel_; }
  [[nodiscard]] const snapshot& figures() const noexcept { return snapshot_; }
  [[nodiscard]] double alpha() const noexcept { return alpha_; }

  /// @brief Whether measure @p m's ratios have a binomial interval (it is declared a count of
  /// completion form); interval_kind() tells every kind, the money linearisation included.
  [[nodiscard]] bool has_interval(std::size_t m) const { return has_binomial_interval(snapshot_, m); }
  /// @brief The interval measure @p m's ratios get (unit_interval_of()).
  [[nodiscard]] unit_interval_kind interval_kind(std::size_t m) const {
    (void)column(low_, m);  // checks m
    return unit_interval_of(snapshot_, m);
  }
  /// @brief The interval of @p unit's ratio for measure @p m (Wilson, or the linearisation for
  /// money with case moments); NaN for a measure without intervals or a unit without a ratio
  /// (eligible 0) or, for money, with fewer than 2 cases.
  [[nodiscard]] interval ratio_interval(std::size_t m, std::int32_t unit) const {
    const std::size_t i = index(m, unit);
    return {low_[i], high_[i]};
  }
  /// @brief Per-unit lower / upper limits of measure @p m (the layout of the snapshot).
  [[nodiscard]] std::span<const double> low(std::size_t m) const { return column(low_, m); }
  [[nodiscard]] std::span<const double> high(std::size_t m) const { return column(high_, m); }

  /// @brief Whether a year-end projection exists: a month of the fiscal year remains and the
  /// panel holds every month of it up to the as-of month.
  [[nodiscard]] bool projectable() const noexcept { return projectable_; }
  /// @brief @p unit's year-end projection for measure @p m (window 3, alpha 0.05), computed on
  /// first use and kept; an empty projection (no model available) when not projectable() or for
  /// a quota measure.
  [[nodiscard]] const year_end_projection& projection(std::size_t m, std::int32_t unit) const {
    auto& slot = projections_[index(m, unit)];
    if (!slot) {
      ++projections_computed_;
      if (projectable_ && panel_->form(m) == measure_form::completion) {
        slot = project_year_end(*panel_, m, unit, snapshot_.as_of);
      } else {
        year_end_projection empty;
        empty.months_elapsed = snapshot_.months_elapsed;
        empty.months_remaining = snapshot_.months_remaining;
        slot = std::move(empty);
      }
    }
    return *slot;
  }
  /// @brief Whether the probabilities of meeting the target exist: the panel holds every month of
  /// the fiscal year up to the as-of month, or the as-of month ends the year (then they are 1 or 0).
  [[nodiscard]] bool has_meet_probabilities() const noexcept {
    return year_to_date_ || snapshot_.months_remaining == 0;
  }
  /// @brief The model a report uses for measure @p m: the pace model for a measure declared a
  /// count (calibrated in docs/statistics.md, and available from month 2), else the trend model
  /// (scale-free, so it serves money).
  [[nodiscard]] target_model default_model(std::size_t m) const {
    (void)column(low_, m);  // checks m
    return snapshot_.kinds[m] == measure_kind::count ? target_model::pace : target_model::trend;
  }
  /// @brief Every unit's probability of meeting its year-end target for measure @p m under
  /// @p model (target_probability.hpp, window 3), computed on first use and kept; NaN where the
  /// model does not apply, without a target, or when has_meet_probabilities() is false.
  [[nodiscard]] std::span<const double> meet_probabilities(std::size_t m, target_model model) const {
    const auto column_of_m = column(chances_[static_cast<std::size_t>(model)], m);  // checks m
    for (std::size_t u = 0; u < snapshot_.n_units; ++u) (void)meet_probability(m, static_cast<std::int32_t>(u), model);
    return column_of_m;
  }
  /// @brief @p unit's probability of meeting its year-end target for measure @p m under @p model
  /// (computed on first use and kept; a paragraph about one unit computes only what it reads).
  [[nodiscard]] double meet_probability(std::size_t m, std::int32_t unit, target_model model) const {
    const std::size_t i = index(m, unit);
    const auto which = static_cast<std::size_t>(model);
    if (!chance_known_[which][i]) {
      if (has_meet_probabilities())
        chances_[which][i] = attain::meet_probability(*panel_, m, unit, snapshot_.as_of, model);
      chance_known_[which][i] = 1;
    }
    return chances_[which][i];
  }
  /// @brief The units at risk for measure @p m: probability under @p model below @p below,
  /// lowest first (ties by unit index), among the units of declared level @p level (every unit
  /// when ""); units without a probability are left out.
  /// @throws unknown_key when no unit has level @p level; invalid_argument for @p below outside [0, 1].
  [[nodiscard]] std::vector<unit_probability> at_risk(std::size_t m, target_model model, double below = 0.5,
                                                      std::string_view level = {}) const {
    std::vector<std::int32_t> candidates;
    if (level.empty()) {
      candidates.resize(snapshot_.n_units);
      for (std::size_t u = 0; u < candidates.size(); ++u) candidates[u] = static_cast<std::int32_t>(u);
    } else {
      candidates = panel_->units().units_at_level(level);
      if (candidates.empty()) detail::fail<unknown_key>("no unit has level '", level, "'");
    }
    return below_level(meet_probabilities(m, model), candidates, below);
  }
  /// @brief How many projections this outlook has computed (each at most once).
  [[nodiscard]] std::size_t projections_computed() const noexcept { return projections_computed_; }

 private:
  [[nodiscard]] std::size_t index(std::size_t m, std::int32_t unit) const {
    if (m >= snapshot_.measures.size()) detail::fail<unknown_key>("measure index ", m, " is not a measure");
    if (unit < 0 || static_cast<std::size_t>(unit) >= snapshot_.n_units)
      detail::fail<unknown_key>("unit index ", unit, " is not a unit of the panel");
    return m * snapshot_.n_units + static_cast<std::size_t>(unit);
  }
  [[nodiscard]] std::span<const double> column(const std::vector<double>& v, std::size_t m) const {
    if (m >= snapshot_.measures.size()) detail::fail<unknown_key>("measure index ", m, " is not a measure");
    return std::span<const double>(v).subspan(m * snapshot_.n_units, snapshot_.n_units);
  }

  const panel* panel_;
  snapshot snapshot_;
  double alpha_;
  bool year_to_date_ = false;
  bool projectable_ = false;
  std::vector<double> low_, high_;  // [measure * n_units + unit]
  mutable std::vector<std::optional<year_end_projection>> projections_;
  mutable std::size_t projections_computed_ = 0;
  // [model][measure * n_units + unit]: the probabilities, and whether each is computed yet
  mutable std::array<std::vector<double>, 2> chances_;
  mutable std::array<std::vector<std::uint8_t>, 2> chance_known_;
};

}  // namespace attain
