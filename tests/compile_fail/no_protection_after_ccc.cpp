// expect: ftpwire: PBSZ and PROT are refused after CCC \(rule no_protection_after_ccc\)
// Must not compile: breaks rule no_protection_after_ccc (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).auth("TLS").pbsz("0").prot("P").user("u").pass("p").ccc().prot("C");
}
