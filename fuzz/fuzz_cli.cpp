// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 6: the command-line tool's subcommands that read a file, on arbitrary input. `ftpwire lint`
// (tools/ftpwire/lint.cpp): every transcript reader (curl -v, ftplib, lftp, basic-ftp's chunks; vsftpd's and
// pyftpdlib's logs, their connections untangled), the replay through the sequencer, the family switches of
// --server auto, the text and the JSON output. `ftpwire parse`:
// the reply stream in chunks of any size, strict or lenient, and the JSON of every payload decoder (--command).
// `ftpwire check-sequence`: the input's lines as its arguments, with --json, --allow-unlisted and --server.
// The last input byte picks the subcommand and its options. Nothing may crash, and the exit status must be one of
// the tool's three. The output goes nowhere: fuzz/run.sh runs this target with -close_fd_mask=3 (libFuzzer keeps
// its own reports).
#include "fuzz_common.hpp"

#include "subcommands.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// The file the subcommand reads: each input is written to it and removed after (the tool reads a path or stdin).
const std::string& input_path() {
    static const std::string path = [] {
        char name[] = "/tmp/ftpwire-fuzz-cli-XXXXXX";
        const int fd = mkstemp(name);
        if (fd < 0) fuzz::fail("mkstemp", __FILE__, __LINE__);
        close(fd);
        return std::string(name);
    }();
    return path;
}

int run(int (*subcommand)(int, char**), std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    return subcommand(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices pick(data, size);
    const std::uint8_t options = pick.byte();
    const std::uint8_t more = pick.byte();
    const std::string& path = input_path();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) fuzz::fail("cannot write the input file", __FILE__, __LINE__);
    if (size != 0 && std::fwrite(data, 1, size, f) != size) fuzz::fail("short write", __FILE__, __LINE__);
    std::fclose(f);

    int status = 0;
    if ((options & 1) == 0) {
        // (nullptr: no --server, which judges a server's log as that server)
        static const char* const servers[] = {"auto",   "rfc959",       "proftpd-tls", "pyftpdlib",
                                              "vsftpd", "pureftpd-tls", nullptr};
        std::vector<std::string> args;
        if ((options & 2) != 0) args.emplace_back("--json");
        const char* server = servers[(options >> 2) % (sizeof servers / sizeof servers[0])];
        if (server != nullptr) args.insert(args.end(), {"--server", server});
        args.push_back(path);
        status = run(ftpwire_cli::run_lint, args);
    } else if ((more & 0xC0) == 0xC0) {
        // `ftpwire check-sequence`: each line of the input one argument (a command, or an option before "--").
        static const char* const servers[] = {"rfc959", "vsftpd", "pyftpdlib", "proftpd", "pureftpd-tls", nullptr};
        std::vector<std::string> args;
        if ((options & 2) != 0) args.emplace_back("--json");
        if ((options & 4) != 0) args.emplace_back("--allow-unlisted");
        const char* server = servers[(options >> 3) % (sizeof servers / sizeof servers[0])];
        if (server != nullptr) args.insert(args.end(), {"--server", server});
        std::string word;
        for (std::size_t i = 0; i < size && args.size() < 256; ++i) {
            if (data[i] != '\n') {
                word += static_cast<char>(data[i]);
                continue;
            }
            args.push_back(word);
            word.clear();
        }
        if (!word.empty()) args.push_back(word);
        status = run(ftpwire_cli::run_check_sequence, args);
    } else {
        static const char* const commands[] = {"PASV", "EPSV", "PWD",  "SIZE", "MDTM", "FEAT", "RETR", "STAT",
                                               "HELP", "STOU", "REST", "SYST", "AUTH", "LPSV", "QUIT", "MLST"};
        std::vector<std::string> args{(options & 2) != 0 ? "--strict" : "--lenient", "--chunk",
                                      std::to_string(more % 64 + 1)};
        if ((options & 4) != 0) args.insert(args.end(), {"--command", commands[(options >> 3) % 16]});
        args.push_back(path);
        status = run(ftpwire_cli::run_parse, args);
    }
    if (status != ftpwire_cli::exit_ok && status != ftpwire_cli::exit_finding && status != ftpwire_cli::exit_usage)
        fuzz::fail("the tool exited with a status it does not document", __FILE__, __LINE__);
    std::fflush(stdout);
    std::remove(path.c_str());  // written again by the next input; none left behind when libFuzzer stops
    return 0;
}
