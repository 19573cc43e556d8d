#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "attain/core/error.hpp"
#include "attain/core/parallel.hpp"

// for_rows: every row once on any thread count, and the error a one-thread run gives (the lowest
// failing row, its type kept, "row r: " in front).

namespace {

template <class Error>
void check_kept(const char* name) {
  for (unsigned threads : {1u, 2u, 5u}) {
    try {
      attain::for_rows(40, threads, [](std::size_t r) {
        if (r == 13 || r == 31) throw Error("bad " + std::to_string(r));
      });
      BOOST_FAIL(name << ": no exception");
    } catch (const Error& e) {
      BOOST_TEST(std::string(e.what()) == "row 13: bad 13", name << " on " << threads << " threads");
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_parallel)

BOOST_AUTO_TEST_CASE(every_row_once_on_any_thread_count) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u, 100u}) {
    std::vector<std::atomic<int>> seen(57);
    attain::for_rows(seen.size(), threads, [&](std::size_t r) { ++seen[r]; });
    for (const auto& s : seen) BOOST_TEST(s.load() == 1);
  }
  attain::for_rows(0, 4, [](std::size_t) { BOOST_FAIL("no rows, no call"); });
}

BOOST_AUTO_TEST_CASE(the_lowest_failing_row_keeps_its_type) {
  check_kept<attain::invalid_argument>("invalid_argument");
  check_kept<attain::length_mismatch>("length_mismatch");
  check_kept<attain::unknown_key>("unknown_key");
  check_kept<attain::duplicate_key>("duplicate_key");
  check_kept<attain::hierarchy_error>("hierarchy_error");
  check_kept<attain::overflow_error>("overflow_error");
  check_kept<attain::error>("error");
}

BOOST_AUTO_TEST_CASE(without_row_names_the_error_is_unchanged) {
  try {
    attain::for_rows(
        3, 2, [](std::size_t r) { attain::fail<attain::unknown_key>("unit ", r, " is not known"); }, false);
    BOOST_FAIL("no exception");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) == "unit 0 is not known");
  }
  // Exceptions that are not attain's pass through as they are.
  BOOST_CHECK_THROW(attain::for_rows(4, 2, [](std::size_t) { throw std::bad_alloc(); }), std::bad_alloc);
}

BOOST_AUTO_TEST_SUITE_END()
