// expect: \(rule rest_before_append\)
// Must not compile: APPE after REST on pyftpdlib, which answers "450 Can't APPE while REST request is pending." and
// keeps the marker (tests/data/servers/pyftpdlib/rest_then_appe.txt); RFC 3659 §5.3 does not recommend it.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::pyftpdlib>(t).user("u").pass("p").type("I").rest("4").pasv().appe("x");
}
