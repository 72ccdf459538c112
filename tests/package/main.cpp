// The program every consumer project in tests/package/ builds: it uses ftpwire the way an application
// would and prints the version it was compiled against, which run.sh compares with version.hpp.
#include <ftpwire/ftpwire.hpp>

#include <cstdio>
#include <string_view>

int main() {
    constexpr ftpwire::verb_lookup rnfr = ftpwire::find_verb("rnfr");
    static_assert(rnfr.found && rnfr.value == ftpwire::verb::rnfr, "verb lookup works at compile time");
    static_assert(ftpwire::find_reply_code(503).has_value(), "reply-code lookup works at compile time");
    if (ftpwire::find_verb("XYZZ").found) return 1;
    const ftpwire::reply_code_lookup bad_sequence = ftpwire::find_reply_code(503);
    if (!bad_sequence || bad_sequence->category != ftpwire::reply_category::syntax) return 1;
    const std::string_view name = ftpwire::to_string(rnfr.value);
    std::printf("ftpwire %d.%d.%d: %.*s %d\n", ftpwire::version.major, ftpwire::version.minor, ftpwire::version.patch,
                static_cast<int>(name.size()), name.data(), bad_sequence->code);
    return 0;
}
