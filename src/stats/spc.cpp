// Compiles attain/stats/spc.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/spc-inl.hpp"
