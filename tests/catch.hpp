// Include shim: the tests are written against Catch2 v2's API, which v3 keeps.
#ifndef FTPWIRE_TESTS_CATCH_HPP
#define FTPWIRE_TESTS_CATCH_HPP
#if defined(FTPWIRE_CATCH2_V3)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
#endif
