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
    check(ftpwire::find_reply_code(503).has_value() &&
              ftpwire::find_reply_code(503)->category == ftpwire::reply_category::syntax,
          "reply code lookup");
    check(ftpwire::explain(299).status == ftpwire::reply_code_status::unknown, "unknown reply code explained");
    check(!ftpwire::explain(1000).valid(), "invalid reply code reported");
    check(ftpwire::compare(120, 503).has(ftpwire::difference_kind::outcome), "reply code comparison");
    return failures == 0 ? 0 : 1;
}
