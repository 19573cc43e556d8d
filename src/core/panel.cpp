// Compiles attain/core/panel.hpp (see attain/core/config.hpp).
#include "attain/core/detail/panel-inl.hpp"
