#pragma once
/// @file attain.hpp
/// @brief Everything in attain, one include.
#include "attain/error.hpp"
#include "attain/checked.hpp"
#include "attain/tally.hpp"
#include "attain/ratio.hpp"
#include "attain/gap.hpp"
#include "attain/period.hpp"
#include "attain/pace.hpp"
#include "attain/schedule.hpp"
#include "attain/hierarchy.hpp"
#include "attain/panel.hpp"
#include "attain/rollup.hpp"
#include "attain/narrative.hpp"
#include "attain/ci.hpp"
#include "attain/trend_test.hpp"
#include "attain/funnel.hpp"
#include "attain/control_chart.hpp"
