#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "attain/core/hierarchy.hpp"

BOOST_AUTO_TEST_SUITE(test_hierarchy)

BOOST_AUTO_TEST_CASE(children_depth_and_bottom_up_order) {
  attain::hierarchy h({"officer", "province", "branch"}, {"branch", "", "province"});
  BOOST_TEST(h.parent(0) == 2);
  BOOST_TEST(h.depth(0) == 2);
  BOOST_TEST(h.depth(1) == 0);
  BOOST_TEST(h.children(1).size() == 1u);
  BOOST_TEST(h.children(1)[0] == 2);
  BOOST_TEST(h.is_leaf(0));
  const auto& order = h.bottom_up();
  BOOST_TEST(order.front() == 0);
  BOOST_TEST(order.back() == 1);
  BOOST_TEST(h.index_of("branch") == 2);
  BOOST_CHECK_THROW((void)h.index_of("nowhere"), attain::unknown_key);
}

BOOST_AUTO_TEST_CASE(malformed_hierarchies_are_refused) {
  try {
    attain::hierarchy h({"a", "b", "c"}, {"c", "a", "b"});
    BOOST_FAIL("a cycle must throw");
  } catch (const attain::hierarchy_error& e) {
    BOOST_TEST(std::string(e.what()) == "the unit hierarchy has a cycle: 'a' -> 'c' -> 'b' -> 'a'");
  }
  BOOST_CHECK_THROW(attain::hierarchy({"a"}, {"a"}), attain::hierarchy_error);  // own parent
  BOOST_CHECK_THROW(attain::hierarchy({"a", "b"}, {"", "x"}), attain::hierarchy_error);
  BOOST_CHECK_THROW(attain::hierarchy({"a", "a"}, {"", ""}), attain::duplicate_key);
  BOOST_CHECK_THROW(attain::hierarchy({"a", "b"}, {""}), attain::length_mismatch);
}

BOOST_AUTO_TEST_SUITE_END()
