#pragma once
/// @file attain/core/error.hpp
/// @brief The typed exceptions attain throws; all derive from attain::error.
///
/// Every message names the argument, the index or row (or the unit / period) and what was
/// wrong, e.g. "done[3] = 12 is greater than eligible[3] = 10". The Python bindings map each
/// type onto a Python exception that subclasses ValueError, TypeError or OverflowError.

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace attain {

/// @brief Base of every exception attain throws.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// @brief A value is outside its domain: a negative count, done > eligible, NaN, a target
/// outside [0, 1], a series that is too short.  (Python: InvalidInputError, a ValueError.)
class invalid_argument : public error {
 public:
  using error::error;
};

/// @brief Arrays that must have the same length do not.  (Python: LengthMismatchError.)
class length_mismatch : public invalid_argument {
 public:
  using invalid_argument::invalid_argument;
};

/// @brief A unit, period or measure that is not in the data.  (Python: UnknownKeyError,
/// a ValueError and a LookupError.)
class unknown_key : public invalid_argument {
 public:
  using invalid_argument::invalid_argument;
};

/// @brief The same key twice: a duplicate (unit, period) row, a unit named twice.
class duplicate_key : public invalid_argument {
 public:
  using invalid_argument::invalid_argument;
};

/// @brief The unit hierarchy is malformed: unknown parent, cycle.  (Python: HierarchyError.)
class hierarchy_error : public invalid_argument {
 public:
  using invalid_argument::invalid_argument;
};

/// @brief An exact integer total does not fit in 64 bits.  (Python: TallyOverflowError, an
/// OverflowError.)  attain never wraps around.
class overflow_error : public error {
 public:
  using error::error;
};

namespace detail {

/// @brief Streams all arguments into one string (g++ 12 has no std::format).
template <class... Args>
std::string concat(Args&&... args) {
  std::ostringstream out;
  out.precision(17);
  (out << ... << std::forward<Args>(args));
  return out.str();
}

/// @brief "name[i]", the way messages point at an element.
inline std::string at(const char* name, std::size_t i) { return concat(name, '[', i, ']'); }

}  // namespace detail

/// @brief Throws @p Error with the arguments streamed into its message, the way every check of
/// attain reports (for code that extends attain, and for the bindings).
template <class Error, class... Args>
[[noreturn]] void fail(Args&&... args) {
  throw Error(detail::concat(std::forward<Args>(args)...));
}

/// @brief Throws length_mismatch unless the two sizes agree ("a has length 3 but b has length 4").
inline void require_same_length(const char* a, std::size_t na, const char* b, std::size_t nb) {
  if (na != nb) fail<length_mismatch>(a, " has length ", na, " but ", b, " has length ", nb);
}

namespace detail {
using ::attain::fail;
using ::attain::require_same_length;
}  // namespace detail

}  // namespace attain
