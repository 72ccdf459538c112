// ftpwire benchmarks: parses one corpus file once, for instruction counting under callgrind.
// SPDX-License-Identifier: MIT
//
// usage: ftpwire_count_instructions MODE FILE
//   MODE: memchr | bitmask | getline | pull | push | pull-1460 | push-1460 | pull-65536 | push-65536
// Reading the file happens outside the measured function; bench/callgrind.sh runs this under
// `valgrind --tool=callgrind --toggle-collect=ftpwire_bench_measured` so only the parse is counted, and
// divides by the file size. Prints the number of replies (or lines for memchr and bitmask) found, so the result can be
// checked and cannot be optimised away.
#include "baselines.hpp"
#include "parse_drivers.hpp"

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

extern "C" {
// The one function callgrind counts. extern "C" so its name is the same with every compiler.
[[gnu::noinline]] std::size_t ftpwire_bench_measured(const char* mode, const std::string& data) {
    std::string_view m = mode;
    if (m == "memchr") return ftpwire_bench::memchr_count_lines(data.data(), data.size());
    if (m == "bitmask") {
        ftpwire_bench::bitmask_lines totals;
        ftpwire_bench::bitmask_count_lines(data.data(), data.size(), totals);
        // Every byte but the line feeds in the lengths (which also keeps the sum from being optimised away).
        const bool sums = totals.length_sum + totals.lines + totals.carried == data.size();
        return sums ? totals.lines : ftpwire_bench::parse_failed;
    }
    if (m == "getline") {
        ftpwire_bench::getline_parser p;
        p.parse(data, 0);
        return p.replies();
    }
    return ftpwire_bench::run_parser_mode(m, data);
}
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: ftpwire_count_instructions MODE FILE\n");
        return 2;
    }
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "ftpwire_count_instructions: cannot read %s\n", argv[2]);
        return 2;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t found = ftpwire_bench_measured(argv[1], data);
    if (found == ftpwire_bench::unknown_mode) {
        std::fprintf(stderr, "ftpwire_count_instructions: unknown mode %s\n", argv[1]);
        return 2;
    }
    if (found == ftpwire_bench::parse_failed) {
        std::fprintf(stderr, "ftpwire_count_instructions: %s: parse error\n", argv[2]);
        return 1;
    }
    std::printf("%zu bytes %zu found\n", data.size(), found);
    return 0;
}
