// expect: ftpwire: Verb::name is in the command table
// Must not compile: a verb of the command table sent as one outside it would pass its rules by (RETR without PASV).
#include "null_transport.hpp"

struct retr {
    static constexpr std::string_view name = "retr";
};

int main() {
    transport t;
    make_session(t).user("u").pass("p").send_unlisted<retr>("f");
}
