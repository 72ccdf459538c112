// The one Catch2 v2 translation unit that holds main(); every test program links it.
#define CATCH_CONFIG_MAIN
#include "catch.hpp"
