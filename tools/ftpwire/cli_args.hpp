// Command-line arguments shared by several subcommands of the ftpwire tool.
#ifndef FTPWIRE_TOOLS_CLI_ARGS_HPP
#define FTPWIRE_TOOLS_CLI_ARGS_HPP

#include <ftpwire/ftpwire.hpp>

#include <cstdio>
#include <string_view>

namespace ftpwire_cli {

enum class server_arg {
    not_server,   // argv[i] is not --server; nothing consumed
    parsed,       // family set; i points at the last argument consumed
    usage_error,  // message printed to stderr; exit with exit_usage
};

// Reads `--server FAMILY` or `--server=FAMILY` at argv[i]. Error messages name the subcommand
// ("ftpwire lint: ..."). With from_greeting, FAMILY may also be "auto" (any case): *from_greeting is set and
// family is rfc959 (for a session whose greeting names no server).
[[nodiscard]] inline server_arg parse_server_arg(std::string_view subcommand, int argc, char** argv, int& i,
                                                 ftpwire::server_family& family, bool* from_greeting = nullptr) {
    constexpr std::string_view flag = "--server";
    constexpr std::string_view flag_eq = "--server=";
    const std::string_view arg = argv[i];
    std::string_view name;
    if (arg == flag) {
        if (i + 1 >= argc) {
            std::fprintf(stderr, "ftpwire %.*s: --server needs a family name\n", static_cast<int>(subcommand.size()),
                         subcommand.data());
            return server_arg::usage_error;
        }
        name = argv[++i];
    } else if (arg.substr(0, flag_eq.size()) == flag_eq) {
        name = arg.substr(flag_eq.size());
    } else {
        return server_arg::not_server;
    }
    // Any case, as the family names are (find_server_family).
    if (from_greeting != nullptr) *from_greeting = ftpwire::detail::equals_ignoring_case(name, "auto");
    if (from_greeting != nullptr && *from_greeting) {
        family = ftpwire::server_family::rfc959;
        return server_arg::parsed;
    }
    const ftpwire::server_family_lookup found = ftpwire::find_server_family(name);
    if (!found.found) {
        std::fprintf(stderr,
                     "ftpwire %.*s: unknown server family '%.*s' (known: rfc959, vsftpd, pyftpdlib, proftpd, "
                     "pureftpd, each also with -tls%s)\n",
                     static_cast<int>(subcommand.size()), subcommand.data(), static_cast<int>(name.size()), name.data(),
                     from_greeting != nullptr ? ", auto" : "");
        return server_arg::usage_error;
    }
    family = found.value;
    return server_arg::parsed;
}

}  // namespace ftpwire_cli

#endif
