// Compiles attain/stats/funnel.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/funnel-inl.hpp"
