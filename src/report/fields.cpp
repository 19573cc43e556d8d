// Compiles attain/report/fields.hpp (see attain/core/config.hpp).
#include "attain/report/detail/fields-inl.hpp"
