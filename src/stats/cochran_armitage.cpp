// Compiles attain/stats/cochran_armitage.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/cochran_armitage-inl.hpp"
