#pragma once
/// @file attain/stats/detail/math.hpp
/// @brief Boost.Math policies shared by the statistics' implementations (not a public header:
/// included by attain/stats/detail/*-inl.hpp only).

#include <boost/math/policies/policy.hpp>

namespace attain::detail {

// Double arithmetic inside Boost.Math (no promotion to long double): full double precision,
// several times faster than the default policy; the same choice SciPy makes.
using math_policy = boost::math::policies::policy<boost::math::policies::promote_float<false>,
                                                  boost::math::policies::promote_double<false>>;

// For the inverse incomplete beta: Boost 1.74's series for tgamma ratios needs millions of
// terms when the parameters pass about 10^11 (denominators of money amounts); the default limit
// of 10^6 terms throws there. The limit only matters where the default would give up.
using beta_policy = boost::math::policies::policy<boost::math::policies::promote_float<false>,
                                                  boost::math::policies::promote_double<false>,
                                                  boost::math::policies::max_series_iterations<100000000>>;

}  // namespace attain::detail
