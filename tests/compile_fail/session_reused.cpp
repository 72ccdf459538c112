// expect: (discards qualifiers|has rvalue ref-qualifier)
// Must not compile: a typed session kept in a variable is sent a command without std::move. Its type holds the
// state before that command, so a second command on it would be judged in a state the server has left (here a
// second RETR on one EPSV, rule transfer_needs_data_port); every call takes the session as an rvalue.
#include "null_transport.hpp"

int main() {
    transport t;
    auto port = make_session(t).user("u").pass("p").epsv(2);
    port.retr("a");
}
