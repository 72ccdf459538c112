// expect: \(rule transfer_needs_data_port\)
// Must not compile: breaks rule transfer_needs_data_port (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).user("u").pass("p").pasv().retr("a").retr("b");
}
