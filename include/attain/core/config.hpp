#pragma once
/// @file attain/core/config.hpp
/// @brief Compiled or header-only (as fmt's FMT_HEADER_ONLY).
///
/// By default the statistics (attain/stats) and the report layer (attain/report) are compiled
/// into the library that attain::attain links: their public headers declare functions whose
/// bodies, with Boost.Math and Eigen, live in attain/<layer>/detail/*-inl.hpp, compiled once
/// in src/<layer>/*.cpp. With ATTAIN_HEADER_ONLY defined (CMake: -DATTAIN_HEADER_ONLY=ON, which
/// makes attain::attain an INTERFACE target defining it), every public header includes its
/// implementation and the functions are inline.

#ifdef ATTAIN_HEADER_ONLY
#define ATTAIN_FUNC inline
#else
#define ATTAIN_FUNC
#endif
