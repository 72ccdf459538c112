// expect: ftpwire: send_unlisted needs the transport's send_command\(std::string_view verb
// Must not compile: the transport sends only verbs of the command table.
#include "null_transport.hpp"

struct verb_only_transport {
    void send_command(verb, std::string_view) {}
};

int main() {
    verb_only_transport t;
    make_session(t).user("u").pass("p").send_unlisted<clnt>("x");
}
