// expect: ftpwire: Verb::name is a command verb
// Must not compile: a verb holds letters and digits only; a space would make the line another command.
#include "null_transport.hpp"

struct two_words {
    static constexpr std::string_view name = "SITE CHMOD";
};

int main() {
    transport t;
    make_session(t).user("u").pass("p").send_unlisted<two_words>("644 f");
}
