// Compiles attain/report/narrative.hpp (see attain/core/config.hpp).
#include "attain/report/detail/narrative-inl.hpp"
