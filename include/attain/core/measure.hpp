#pragma once
/// @file attain/core/measure.hpp
/// @brief The declared measure model: what a measure's tallies count (its kind), how done and
/// eligible relate (its form), its money unit and its label in each language. Nothing anywhere
/// is keyed off a measure's name: only the declaration decides.
///
/// - kind: `count` (cases: binomial intervals apply), `money` (sums of minor units: a ratio of
///   sums, no binomial interval) or `unspecified` (no interval: the safe default).
/// - form: `completion` (done <= eligible, ratio = done / eligible, target in [0, 1]: the founding
///   kind) or `quota` (done = actual, eligible = plan; done > eligible is allowed, the ratio is the
///   attainment and may exceed 1; the default target is 1.0, 100 % of plan, and a target may be
///   anywhere in [0, 10]).
/// - plan basis: what eligible covers. `annual` (the default: the whole year's workload or plan,
///   so the ratio builds up through the year and the schedule expects target x the share of the
///   year elapsed) or `to_date` (what came due by the row's month, so the target applies to the
///   ratio at every month and the schedule expects the target itself). For a quota, to_date is
///   the plan due by now ("kế hoạch lũy kế"); for a completion measure it is a running rate:
///   eligible is what came due so far (A&E attendances, applications received, invoices
///   issued), done those of them meeting the standard. Under to_date no pace a month on a fixed
///   eligible is given (the months left bring their own eligible, or their own plan).
/// - money: a currency code (ISO 4217 form, three letters: "VND", "USD") and the number of minor
///   digits of the stored integers (VND 0; USD 2, so 123456 is $1,234.56). The digits default
///   from the currency (see default_minor_digits()).
/// - labels: a noun for the measure in Vietnamese and English ("việc"/"cases"); empty = none
///   declared (reports then use the measure's name).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief What a measure's tallies count, as the caller declares it (never guessed from the
/// measure's name). It decides whether a binomial interval applies to its ratios.
enum class measure_kind : std::uint8_t {
  unspecified = 0,  ///< not declared: no binomial interval is given (the safe default)
  count = 1,        ///< done / eligible count cases (trials): binomial intervals apply
  money = 2,        ///< sums of money: no binomial interval (a ratio of sums, not of trials)
};

/// @brief "count", "money" or "unspecified".
inline const char* kind_name(measure_kind k) noexcept {
  return k == measure_kind::count ? "count" : k == measure_kind::money ? "money" : "unspecified";
}
/// @brief The kind named @p name ("count", "money", "unspecified"); throws attain::invalid_argument.
inline measure_kind parse_measure_kind(std::string_view name, std::string_view measure = {}) {
  for (auto k : {measure_kind::count, measure_kind::money, measure_kind::unspecified})
    if (name == kind_name(k)) return k;
  detail::fail<invalid_argument>("measure '", measure, "': kind '", name, "' is not count, money or unspecified");
}

/// @brief How a measure's done and eligible relate.
enum class measure_form : std::uint8_t {
  completion = 0,  ///< done <= eligible; ratio = done / eligible (the founding kind)
  quota = 1,       ///< done = actual, eligible = plan; ratio = attainment, may exceed 1
};

/// @brief "completion" or "quota".
inline const char* form_name(measure_form f) noexcept { return f == measure_form::quota ? "quota" : "completion"; }
/// @brief The form named @p name ("completion", "quota"); throws attain::invalid_argument naming
/// @p measure.
inline measure_form parse_measure_form(std::string_view name, std::string_view measure = {}) {
  for (auto f : {measure_form::completion, measure_form::quota})
    if (name == form_name(f)) return f;
  detail::fail<invalid_argument>("measure '", measure, "': form '", name, "' is not completion or quota");
}

/// @brief What a measure's eligible covers (a quota's plan, a completion measure's workload).
enum class plan_basis : std::uint8_t {
  annual = 0,   ///< the whole fiscal year's (the default): the ratio builds up through the year
  to_date = 1,  ///< what came due by the row's month: a to-date plan, or a running rate
};

/// @brief "annual" or "to_date".
inline const char* plan_basis_name(plan_basis b) noexcept { return b == plan_basis::to_date ? "to_date" : "annual"; }
/// @brief The plan basis named @p name ("annual", "to_date"); throws attain::invalid_argument
/// naming @p measure.
inline plan_basis parse_plan_basis(std::string_view name, std::string_view measure = {}) {
  for (auto b : {plan_basis::annual, plan_basis::to_date})
    if (name == plan_basis_name(b)) return b;
  detail::fail<invalid_argument>("measure '", measure, "': plan basis '", name, "' is not annual or to_date");
}

/// @brief The largest target a quota measure may have (1000 % of plan).
inline constexpr double max_quota_target = 10.0;
/// @brief The largest target a measure of form @p f may have: 1 for completion, 10 for quota.
inline constexpr double max_target(measure_form f) noexcept {
  return f == measure_form::quota ? max_quota_target : 1.0;
}
/// @brief The largest number of minor digits a money measure may declare.
inline constexpr int max_minor_digits = 9;
/// @brief The longest label or level name, in bytes of UTF-8.
inline constexpr std::size_t max_name_bytes = 64;

/// @brief Throws attain::invalid_argument unless @p target is a number in [0, max_target(f)],
/// naming it @p name ("revenue target"); the message of a completion measure is the founding
/// one ("... is outside [0, 1]").
ATTAIN_FUNC void validate_target(double target, measure_form f, std::string_view name);

/// @brief The minor digits of a currency when none are declared: VND, JPY, KRW 0; USD, EUR, GBP
/// and the other common currencies with cents 2; BHD, KWD, OMR, JOD, TND 3; any other code 0.
ATTAIN_FUNC int default_minor_digits(std::string_view currency) noexcept;

/// @brief @p code as a currency code: three ASCII letters, upper-cased ("usd" -> "USD"); ""
/// stays "" (none declared). Throws attain::invalid_argument naming @p measure otherwise.
ATTAIN_FUNC std::string normalize_currency(std::string_view code, std::string_view measure);

/// @brief Throws attain::invalid_argument, naming @p what ("measure 'deals': label_en"), unless
/// @p text is valid UTF-8 of at most max_name_bytes bytes with no control character and not
/// only blanks. "" (none declared) is valid.
ATTAIN_FUNC void validate_name_text(std::string_view text, std::string_view what);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/measure-inl.hpp"
#endif
