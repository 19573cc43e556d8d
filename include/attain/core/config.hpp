#pragma once
/// @file attain/core/config.hpp
/// @brief Compiled or header-only (as fmt's FMT_HEADER_ONLY).
///
/// By default the three layers (attain/core, attain/stats, attain/report) are compiled into the
/// libraries that attain::attain links: their public headers declare the functions that are not
/// templates, whose bodies (with Boost.Math and Eigen, for the statistics) live in
/// attain/<layer>/detail/*-inl.hpp and are compiled once in src/<layer>/*.cpp. With
/// ATTAIN_HEADER_ONLY defined (CMake: -DATTAIN_HEADER_ONLY=ON, which makes the targets INTERFACE
/// targets defining it), every public header includes its implementation and the functions are
/// inline.

#ifdef ATTAIN_HEADER_ONLY
#define ATTAIN_FUNC inline
#else
#define ATTAIN_FUNC
#endif
