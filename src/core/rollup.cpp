// Compiles attain/core/rollup.hpp (see attain/core/config.hpp), with cell_sum for the code types
// pandas and numpy hand out.
#include "attain/core/detail/rollup-inl.hpp"

namespace attain {
#define ATTAIN_CELL_SUM(U, P)                                                                                      \
  template void cell_sum<U, P>(std::span<const U>, std::span<const P>, std::span<const std::int32_t>, std::size_t, \
                               std::span<const std::span<const std::int64_t>>, std::span<std::int64_t>,            \
                               std::span<std::int64_t>, unsigned);
#define ATTAIN_CELL_SUMS(U)       \
  ATTAIN_CELL_SUM(U, std::int8_t) \
  ATTAIN_CELL_SUM(U, std::int16_t) ATTAIN_CELL_SUM(U, std::int32_t) ATTAIN_CELL_SUM(U, std::int64_t)
ATTAIN_CELL_SUMS(std::int8_t)
ATTAIN_CELL_SUMS(std::int16_t)
ATTAIN_CELL_SUMS(std::int32_t)
ATTAIN_CELL_SUMS(std::int64_t)
}  // namespace attain
