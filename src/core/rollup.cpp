// Compiles attain/core/rollup.hpp (see attain/core/config.hpp), with cell_sum for the code types
// pandas and numpy hand out (listed once, in rollup.hpp).
#include "attain/core/detail/rollup-inl.hpp"

namespace attain {
ATTAIN_CELL_SUM_INSTANCES(template)
}  // namespace attain
