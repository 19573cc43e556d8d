// Compiles attain/stats/mann_kendall.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/mann_kendall-inl.hpp"
