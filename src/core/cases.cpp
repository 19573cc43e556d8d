// Compiles attain/core/cases.hpp (see attain/core/config.hpp).
#include "attain/core/detail/cases-inl.hpp"
