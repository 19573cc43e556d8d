// Compiles attain/stats/change_point.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/change_point-inl.hpp"
