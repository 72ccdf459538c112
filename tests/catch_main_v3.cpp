// Catch2 v3 brings main() in Catch2::Catch2WithMain; this file only keeps the library non-empty.
#include "catch.hpp"
