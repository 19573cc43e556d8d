// Compiles attain/stats/ratio_interval.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/ratio_interval-inl.hpp"
