// Compiles attain/stats/target_probability.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/target_probability-inl.hpp"
