// Helpers shared by the test programs (header-only).
#ifndef FTPWIRE_TESTS_TEST_SUPPORT_HPP
#define FTPWIRE_TESTS_TEST_SUPPORT_HPP

#include <fstream>
#include <sstream>
#include <string>

namespace ftpwire_test {

// The whole file as bytes; empty if it cannot be read.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace ftpwire_test

#endif
