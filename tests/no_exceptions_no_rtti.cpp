// Built with -fno-exceptions -fno-rtti: the library must compile and work without either.
// A plain main() (Catch2 needs exceptions); each feature adds a few checks that return non-zero on failure.
#include <ftpwire/ftpwire.hpp>

#include <cstdio>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "FAILED: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main() {
    check(ftpwire::version.major == FTPWIRE_VERSION_MAJOR, "version constant");
    check(ftpwire::find_verb("rnfr").found && ftpwire::find_verb("rnfr").value == ftpwire::verb::rnfr,
          "verb lookup is case-insensitive");
    return failures == 0 ? 0 : 1;
}
