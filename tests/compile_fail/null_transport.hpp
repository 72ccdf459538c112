// What every typed-session compile_fail test needs: a transport for basic_session to send commands through. These
// files are only compiled, never run, so it sends nothing.
#ifndef FTPWIRE_TESTS_COMPILE_FAIL_NULL_TRANSPORT_HPP
#define FTPWIRE_TESTS_COMPILE_FAIL_NULL_TRANSPORT_HPP

#include <ftpwire/session.hpp>

#include <string_view>

using ftpwire::make_session;
using ftpwire::server_family;
using ftpwire::verb;

struct transport {
    void send_command(verb, std::string_view) {}
    void send_command(std::string_view, std::string_view) {}  // send_unlisted
};

// A verb outside the command table, for send_unlisted.
struct clnt {
    static constexpr std::string_view name = "CLNT";
};

#endif
