// Compiles attain/stats/slopes.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/slopes-inl.hpp"
