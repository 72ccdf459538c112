// expect: \(rule transfer_needs_data_port\)
// Must not compile: breaks rule transfer_needs_data_port (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").pasv().retr("a").retr("b");
}
