// expect: ftpwire: RNFR must be followed by RNTO \(rule rnfr_only_rnto\)
// Must not compile: breaks rule rnfr_only_rnto, which ProFTPD enforces (tests/compile_fail.cmake checks the
// diagnostic). The same session for the generic family compiles (tests/test_session.cpp).
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
    make_session<server_family::proftpd>(t).user("u").pass("p").rnfr("a").pwd().rnto("b");
}
