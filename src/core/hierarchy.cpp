// Compiles attain/core/hierarchy.hpp (see attain/core/config.hpp).
#include "attain/core/detail/hierarchy-inl.hpp"
