// Compiles attain/core/parallel.hpp (see attain/core/config.hpp).
#include "attain/core/detail/parallel-inl.hpp"
