#include "catch.hpp"
#include "test_support.hpp"

#include <ftpwire/version.hpp>

#include <regex>
#include <string>

namespace {

using ftpwire_test::read_file;

std::string expected_version() {
    return std::to_string(FTPWIRE_VERSION_MAJOR) + "." + std::to_string(FTPWIRE_VERSION_MINOR) + "." +
           std::to_string(FTPWIRE_VERSION_PATCH);
}

}  // namespace

TEST_CASE("the version macros and the version constant agree") {
    STATIC_REQUIRE(ftpwire::version.major == FTPWIRE_VERSION_MAJOR);
    STATIC_REQUIRE(ftpwire::version.minor == FTPWIRE_VERSION_MINOR);
    STATIC_REQUIRE(ftpwire::version.patch == FTPWIRE_VERSION_PATCH);
}

TEST_CASE("the version header agrees with project() in CMakeLists.txt") {
    const std::string cmake = read_file(std::string(FTPWIRE_SOURCE_DIR) + "/CMakeLists.txt");
    std::smatch match;
    REQUIRE(std::regex_search(cmake, match, std::regex(R"(project\(ftpwire\s+VERSION\s+([0-9.]+))")));
    CHECK(match[1].str() == expected_version());
}

TEST_CASE("the version header agrees with meson.build") {
    const std::string meson = read_file(std::string(FTPWIRE_SOURCE_DIR) + "/meson.build");
    std::smatch match;
    REQUIRE(std::regex_search(meson, match, std::regex(R"(version\s*:\s*'([0-9.]+)')")));
    CHECK(match[1].str() == expected_version());
}
