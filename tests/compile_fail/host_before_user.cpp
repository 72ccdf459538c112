// expect: ftpwire: HOST must come before USER \(rule host_before_user\)
// Must not compile: breaks rule host_before_user (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).user("u").host("ftp.example.com");
}
