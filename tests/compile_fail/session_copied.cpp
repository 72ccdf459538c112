// expect: (deleted|use of deleted)
// Must not compile: a typed session is copied. The copy would hold the state of the session it came from, so each
// could be sent the next command (here a second RETR on one EPSV, rule transfer_needs_data_port).
#include "null_transport.hpp"

#include <utility>

template <typename Session>
void download(Session s, std::string_view path) {
    std::move(s).retr(path);
}

int main() {
    transport t;
    auto port = make_session(t).user("u").pass("p").epsv(2);
    download(port, "a");
    download(port, "b");
}
