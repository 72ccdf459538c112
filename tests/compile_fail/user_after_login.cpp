// expect: ftpwire: USER while logged in \(rule user_after_login\)
// Must not compile: breaks rule user_after_login (tests/compile_fail.cmake checks the diagnostic).
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
    make_session<server_family::vsftpd>(t).user("u").pass("p").user("v");
}
