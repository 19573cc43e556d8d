#pragma once
// The compiled part of attain/core/parallel.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "attain/core/parallel.hpp"

namespace attain {

ATTAIN_FUNC void rethrow_with_prefix(std::exception_ptr e, const std::string& prefix) {
  try {
    std::rethrow_exception(e);
  } catch (const length_mismatch& x) {
    throw length_mismatch(prefix + x.what());
  } catch (const unknown_key& x) {
    throw unknown_key(prefix + x.what());
  } catch (const duplicate_key& x) {
    throw duplicate_key(prefix + x.what());
  } catch (const hierarchy_error& x) {
    throw hierarchy_error(prefix + x.what());
  } catch (const invalid_argument& x) {
    throw invalid_argument(prefix + x.what());
  } catch (const overflow_error& x) {
    throw overflow_error(prefix + x.what());
  } catch (const error& x) {
    throw error(prefix + x.what());
  }
}

namespace detail {

ATTAIN_FUNC void for_rows(std::size_t rows, unsigned threads, bool name_rows, row_function fn, void* context) {
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, rows)));
  std::vector<std::exception_ptr> failure(threads);
  std::vector<std::size_t> failed_row(threads, rows);
  auto work = [&](unsigned t) {
    const std::size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    for (std::size_t r = begin; r < end; ++r) {
      try {
        fn(context, r);
      } catch (...) {
        failure[t] = std::current_exception();
        failed_row[t] = r;
        return;
      }
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  for (unsigned t = 0; t < threads; ++t) {
    if (!failure[t]) continue;
    if (!name_rows) std::rethrow_exception(failure[t]);
    rethrow_with_prefix(failure[t], "row " + std::to_string(failed_row[t]) + ": ");
  }
}

}  // namespace detail
}  // namespace attain
