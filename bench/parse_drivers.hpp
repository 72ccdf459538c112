// ftpwire benchmarks: how the benchmarks and the instruction counter drive the ftpwire parser.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_BENCH_PARSE_DRIVERS_HPP
#define FTPWIRE_BENCH_PARSE_DRIVERS_HPP

#include <cstddef>
#include <string_view>

namespace ftpwire_bench {

inline constexpr std::size_t unknown_mode = static_cast<std::size_t>(-1);

// Replies found by the ftpwire parser in `mode` (pull, push, pull-1460, push-1460), or unknown_mode.
inline std::size_t run_parser_mode(std::string_view mode, std::string_view data) {
    (void)mode;
    (void)data;
    return unknown_mode;
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_PARSE_DRIVERS_HPP
