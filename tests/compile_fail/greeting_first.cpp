// expect: ftpwire: wait for the 220 greeting before sending commands \(rule greeting_first\)
// Must not compile: breaks rule greeting_first (tests/compile_fail.cmake checks the diagnostic).
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
    ftpwire::basic_session<transport, ftpwire::sequence_state::connected().pack()>(t).user("u");
}
