// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 6: `ftpwire lint` (tools/ftpwire/lint.cpp) on arbitrary transcripts: every reader (curl -v, ftplib,
// lftp, basic-ftp's chunks), the replay through the sequencer, the family switches of --server auto, and the text
// and JSON output of whatever it found. The last input byte picks the options. Nothing may crash, and the exit
// status must be one of the tool's three. The output goes nowhere: fuzz/run.sh runs this target with
// -close_fd_mask=3 (libFuzzer keeps its own reports).
#include "fuzz_common.hpp"

#include "subcommands.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

// The file lint reads: each input is written to it and removed after (lint reads a path or stdin, as on the command
// line).
const std::string& transcript_path() {
    static const std::string path = [] {
        char name[] = "/tmp/ftpwire-fuzz-lint-XXXXXX";
        const int fd = mkstemp(name);
        if (fd < 0) fuzz::fail("mkstemp", __FILE__, __LINE__);
        close(fd);
        return std::string(name);
    }();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices pick(data, size);
    const std::uint8_t options = pick.byte();
    const std::string& path = transcript_path();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) fuzz::fail("cannot write the transcript file", __FILE__, __LINE__);
    if (size != 0 && std::fwrite(data, 1, size, f) != size) fuzz::fail("short write", __FILE__, __LINE__);
    std::fclose(f);

    static const char* const servers[] = {"auto", "rfc959", "proftpd-tls", "pyftpdlib", "vsftpd", "pureftpd-tls"};
    std::string server = servers[(options >> 1) % (sizeof servers / sizeof servers[0])];
    std::string json = "--json", server_flag = "--server", file = path;
    char* argv[] = {json.data(), server_flag.data(), server.data(), file.data()};
    const bool as_json = (options & 1) != 0;
    const int status = as_json ? ftpwire_cli::run_lint(4, argv) : ftpwire_cli::run_lint(3, argv + 1);
    if (status != ftpwire_cli::exit_ok && status != ftpwire_cli::exit_finding && status != ftpwire_cli::exit_usage)
        fuzz::fail("lint exited with a status it does not document", __FILE__, __LINE__);
    std::fflush(stdout);
    std::remove(path.c_str());  // written again by the next input; none left behind when libFuzzer stops
    return 0;
}
