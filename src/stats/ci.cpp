// Compiles attain/stats/ci.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/ci-inl.hpp"
