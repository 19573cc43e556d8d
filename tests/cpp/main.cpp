// The Boost.Test module; every test_<concept>.cpp adds one suite named like its file.
#define BOOST_TEST_MODULE attain
#include <boost/test/unit_test.hpp>
