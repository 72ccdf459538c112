// The ftpwire command-line tool: one function per subcommand, each in its own .cpp file.
#ifndef FTPWIRE_TOOLS_SUBCOMMANDS_HPP
#define FTPWIRE_TOOLS_SUBCOMMANDS_HPP

namespace ftpwire_cli {

// Exit statuses are part of the tool's public interface.
inline constexpr int exit_ok = 0;
inline constexpr int exit_finding = 1;  // parse error, sequence violation, lint finding
inline constexpr int exit_usage = 2;    // bad usage or unreadable input

// Each receives the arguments after the subcommand name.
using subcommand_main = int (*)(int argc, char** argv);

struct subcommand {
    const char* name;
    const char* usage;    // one line: "explain [--json] CODE..."
    const char* summary;  // one sentence
    subcommand_main run;
};

int run_explain(int argc, char** argv);
int run_compare(int argc, char** argv);
int run_parse(int argc, char** argv);
int run_check_sequence(int argc, char** argv);
int run_lint(int argc, char** argv);

}  // namespace ftpwire_cli

#endif
