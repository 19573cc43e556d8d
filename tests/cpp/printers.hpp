#pragma once
// How Boost.Test prints attain's value types in failure messages (tests only: the core itself
// never formats text).
#include <ostream>

#include "attain/core/period.hpp"
#include "attain/core/tally.hpp"

namespace attain {
inline std::ostream& operator<<(std::ostream& out, const year_month& m) { return out << m.to_string(); }
inline std::ostream& operator<<(std::ostream& out, const tally& t) { return out << t.done << '/' << t.eligible; }
}  // namespace attain
