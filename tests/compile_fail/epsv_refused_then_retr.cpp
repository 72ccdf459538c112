// expect: \(rule transfer_needs_data_port\)
// Must not compile: EPSV 2 answered 522 (RFC 2428 §3: the server does not listen on IPv6) set up no data port, so
// the RETR after it has none.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").epsv<522>(2).retr("a");
}
