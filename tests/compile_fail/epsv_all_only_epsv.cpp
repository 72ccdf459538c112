// expect: ftpwire: only EPSV is allowed after EPSV ALL \(rule epsv_all_only_epsv\)
// Must not compile: breaks rule epsv_all_only_epsv (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).user("u").pass("p").epsv_all().pasv();
}
