// Compiles attain/stats/shrinkage.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/shrinkage-inl.hpp"
