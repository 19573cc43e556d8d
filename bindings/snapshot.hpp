#pragma once
// The snapshot as Python holds it (attain._core.Snapshot): the panel kept alive, the snapshot
// and its outlook (intervals, projections), each computed once. register_panel.cpp binds it;
// register_report.cpp and register_projection.cpp read it.
#include <atomic>
#include <cstddef>
#include <memory>
#include <utility>

#include "attain/core/panel.hpp"
#include "attain/stats/outlook.hpp"

namespace attain::bindings {

/// How many snapshots panel.at() has computed in this process (tests prove that rendering a
/// snapshot never computes another).
inline std::atomic<std::size_t> snapshots_computed{0};

struct bound_snapshot {
  bound_snapshot(std::shared_ptr<const attain::panel> p, attain::year_month as_of)
      : panel(std::move(p)), outlook(*panel, panel->at(as_of)) {
    ++snapshots_computed;
  }
  std::shared_ptr<const attain::panel> panel;  // declared first: outlook refers to it
  attain::outlook outlook;

  [[nodiscard]] const attain::snapshot& figures() const noexcept { return outlook.figures(); }
};

}  // namespace attain::bindings
