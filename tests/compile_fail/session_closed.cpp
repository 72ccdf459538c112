// expect: ftpwire: the session is closed \(221 to QUIT or 421\) \(rule session_closed\)
// Must not compile: breaks rule session_closed (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).user("u").pass("p").quit().noop();
}
