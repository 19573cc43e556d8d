#pragma once
/// @file attain/core/parallel.hpp
/// @brief Independent rows of work over threads, with the error a one-thread run would give:
/// the batched trends, and anything else that computes one result per row.

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief Rethrows @p e with @p prefix in front of its message, keeping its attain type
/// (an unknown_key stays an unknown_key, an overflow_error an overflow_error, so Python gets the
/// same class); an exception that is not an attain::error is rethrown unchanged.
[[noreturn]] void rethrow_with_prefix(std::exception_ptr e, const std::string& prefix);

namespace detail {
using row_function = void (*)(void* context, std::size_t row);
void for_rows(std::size_t rows, unsigned threads, bool name_rows, row_function fn, void* context);
}  // namespace detail

/// @brief Calls @p fn(r) for r = 0 .. rows - 1, over @p threads threads taking contiguous blocks
/// of rows (1: the calling thread only). Each thread stops at its first failing row, and the
/// lowest failing row's exception is rethrown, as a one-thread run would rethrow it; with
/// @p name_rows its message starts with "row r: " (rethrow_with_prefix: the type is kept).
/// @p fn must be safe to call from several threads at once for different rows.
template <class Fn>
void for_rows(std::size_t rows, unsigned threads, Fn&& fn, bool name_rows = true) {
  using F = std::remove_reference_t<Fn>;
  detail::for_rows(
      rows, threads, name_rows, [](void* f, std::size_t r) { (*static_cast<F*>(f))(r); },
      const_cast<void*>(static_cast<const void*>(std::addressof(fn))));
}

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/parallel-inl.hpp"
#endif
