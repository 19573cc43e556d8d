// Compiles attain/stats/control_chart.hpp (see attain/core/config.hpp).
#include "attain/stats/detail/control_chart-inl.hpp"
