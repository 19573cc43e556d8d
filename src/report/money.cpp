// Compiles attain/report/money.hpp (see attain/core/config.hpp).
#include "attain/report/detail/money-inl.hpp"
