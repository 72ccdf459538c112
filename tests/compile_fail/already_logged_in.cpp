// expect: ftpwire: the user is already logged in \(rule already_logged_in\)
// Must not compile: breaks rule already_logged_in (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).send<verb::user, 230>("anonymous").pass("guest");
}
