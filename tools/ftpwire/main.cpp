// ftpwire: explain and compare FTP reply codes, parse reply streams, check command sequences.
#include "subcommands.hpp"

#include <ftpwire/version.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ftpwire_cli {
namespace {

// The subcommands, in the order --help lists them. Names, flags and exit statuses are a public interface:
// add to this table, never rename.
// clang-format off
constexpr subcommand subcommands[] = {
    {"explain", "explain [--json] CODE...",
     "Explain reply codes: meaning, when you see each, how to fix it, defining RFC.", run_explain},
    {"compare", "compare [--json] A B",
     "Compare two reply codes side by side: key differences and when to use which.", run_compare},
    {"parse", "parse [--strict|--lenient] [--chunk N] [--command VERB] [FILE|-]",
     "Parse a stream of replies as they arrive, at most 4096 bytes at a time (exactly N with --chunk N): one "
     "JSON object per reply with code, multiline, offset, raw lines and the decoded payload (address, path, "
     "size, time, features, ...); a parse error is {\"error\":..,\"offset\":..} and exit 1.",
     run_parse},
    {"check-sequence", "check-sequence [--json] [--server FAMILY] [--allow-unlisted] COMMAND...",
     "First command that breaks a sequencing rule: position, server reply (503/530/425...), rule, fix. "
     "EPSV ALL as \"EPSV ALL\" or EPSV:ALL; FAMILY: rfc959 vsftpd pyftpdlib proftpd pureftpd, each also -tls; "
     "--allow-unlisted judges verbs outside the command table (CLNT, MFMT, ...) instead of refusing them.",
     run_check_sequence},
    {"lint", "lint [--json] [--server FAMILY|auto] [FILE|-]",
     "Read a session transcript (curl -v; ftplib, lftp or basic-ftp debug output): each command that breaks a "
     "sequencing rule with its line, the server's answer, rule and fix; every 4xx/5xx reply explained. auto: the "
     "family each greeting names.",
     run_lint},
};
// clang-format on

// A subcommand's exit status, unless its output did not all reach stdout (a full disk, a closed pipe): then a
// script must not take the missing lines for a clean result.
int written(int status) {
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return status;
    std::fprintf(stderr, "ftpwire: cannot write the output: %s\n", errno != 0 ? std::strerror(errno) : "write error");
    return exit_usage;
}

void print_help(std::FILE* out) {
    std::fprintf(out,
                 "ftpwire %d.%d.%d: read, explain and sequence FTP control-connection replies\n\n"
                 "usage: ftpwire <subcommand> [options] [arguments]\n\nsubcommands:\n",
                 FTPWIRE_VERSION_MAJOR, FTPWIRE_VERSION_MINOR, FTPWIRE_VERSION_PATCH);
    for (const subcommand& s : subcommands) std::fprintf(out, "  ftpwire %s\n      %s\n", s.usage, s.summary);
    std::fprintf(out,
                 "\nexit status: 0 success, 1 a finding (parse error, broken sequencing rule),\n"
                 "             2 bad usage, unreadable input or output that could not be written\n"
                 "ftpwire --help | ftpwire --version\n");
}

}  // namespace
}  // namespace ftpwire_cli

int main(int argc, char** argv) {
    using namespace ftpwire_cli;
    if (argc < 2) {
        print_help(stderr);
        return exit_usage;
    }
    const char* name = argv[1];
    if (std::strcmp(name, "--help") == 0 || std::strcmp(name, "-h") == 0 || std::strcmp(name, "help") == 0) {
        print_help(stdout);
        return written(exit_ok);
    }
    if (std::strcmp(name, "--version") == 0) {
        std::printf("ftpwire %d.%d.%d\n", FTPWIRE_VERSION_MAJOR, FTPWIRE_VERSION_MINOR, FTPWIRE_VERSION_PATCH);
        return written(exit_ok);
    }
    for (const subcommand& s : subcommands)
        if (std::strcmp(name, s.name) == 0) return written(s.run(argc - 2, argv + 2));
    std::fprintf(stderr, "ftpwire: unknown subcommand '%s' (try ftpwire --help)\n", name);
    return exit_usage;
}
