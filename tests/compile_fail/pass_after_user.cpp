// expect: ftpwire: PASS needs a USER answered 331 first \(rule pass_after_user\)
// Must not compile: breaks rule pass_after_user (tests/compile_fail.cmake checks the diagnostic).
#include <ftpwire/session.hpp>

#include <string_view>

using ftpwire::make_session;
using ftpwire::server_family;
using ftpwire::verb;

struct transport {
    void send_command(verb, std::string_view) {}
};

int main() {
    transport t;
    make_session(t).pass("secret");
}
