// Compiles attain/stats/projection.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/projection-inl.hpp"
