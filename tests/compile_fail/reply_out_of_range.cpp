// expect: Reply is a reply code 100-599
// Must not compile: send<verb, Reply> with a code that is not a reply to a command (a protected 631 passed as it
// came, RFC 2228 §5.2: the answer is the code encoded in its text). after_reply would leave the reply pending.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).auth("GSSAPI").send<verb::user, 631>("alice").pass("pw");
}
