#include <boost/test/unit_test.hpp>
#include <limits>
#include <vector>

#include "attain/core/tally.hpp"
#include "printers.hpp"

BOOST_AUTO_TEST_SUITE(test_tally)

BOOST_AUTO_TEST_CASE(tallies_merge_exactly_in_any_order) {
  const attain::tally a{1, 2}, b{30, 40}, c{500, 600};
  BOOST_TEST((a + b) + c == a + (b + c));
  BOOST_TEST(a + b == b + a);
  std::vector<attain::tally> all{a, b, c};
  BOOST_TEST(attain::sum(all) == (attain::tally{531, 642}));
}

BOOST_AUTO_TEST_CASE(overflow_throws_instead_of_wrapping) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  attain::tally t{0, max};
  BOOST_CHECK_THROW(t += (attain::tally{0, 1}), attain::overflow_error);
  BOOST_TEST(t.eligible == max);  // unchanged eligible: the add never happened
  attain::tally big{max, max};
  BOOST_CHECK_THROW((void)(big + attain::tally{1, 1}), attain::overflow_error);
  BOOST_CHECK_NO_THROW((void)(attain::tally{max - 1, max - 1} + attain::tally{1, 1}));
}

BOOST_AUTO_TEST_CASE(validation_messages) {
  try {
    attain::validate_tally(5, 4, 7);
    BOOST_FAIL("expected an exception");
  } catch (const attain::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "done[7] = 5 is greater than eligible[7] = 4");
  }
  BOOST_CHECK_THROW(attain::validate_tally(0, -1, 0), attain::invalid_argument);
  BOOST_CHECK_NO_THROW(attain::validate_tally(0, 0, 0));
  BOOST_CHECK_THROW(attain::validate_target(1.0000001, 0), attain::invalid_argument);
  BOOST_CHECK_NO_THROW(attain::validate_target(1.0, 0));
  BOOST_CHECK_NO_THROW(attain::validate_target(0.0, 0));
}

BOOST_AUTO_TEST_SUITE_END()
