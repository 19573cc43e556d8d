// Compiles attain/core/measure.hpp (see attain/core/config.hpp).
#include "attain/core/detail/measure-inl.hpp"
