// ftpwire benchmarks: how the benchmarks and the instruction counter drive the ftpwire parser.
// SPDX-License-Identifier: MIT
//
// Both drivers do what a client does with each reply and nothing more: count it and touch its code and size
// (a checksum, so the compiler cannot drop the work).
#ifndef FTPWIRE_BENCH_PARSE_DRIVERS_HPP
#define FTPWIRE_BENCH_PARSE_DRIVERS_HPP

#include <ftpwire/reply_parser.hpp>

#include <cstddef>
#include <string_view>

namespace ftpwire_bench {

// The two counts are kept apart by ok: a push handler updates both for every reply, and GCC 12, where it may use
// SSE4.1 (-march=native), stores two adjacent words updated together as one 16-byte vector, which the next
// reply's loads of single words cannot be forwarded from (push mode on short replies ran 30% slower with
// -march=native). That would measure the compiler's handling of the benchmark's handler, not the parser.
struct parse_outcome {
    std::size_t replies = 0;
    bool ok = true;
    std::size_t checksum = 0;
};

// Pull mode, the bytes arriving `chunk` at a time (chunk >= data.size(): one piece). The caller's buffer is a
// window over the corpus, as a socket buffer would be: its end grows by one chunk each time the parser asks
// for more, and its start moves past every reply the parser completes (the consumed bytes are dropped). No
// copying: a real client would copy each read() into its buffer once, which is the same for every parser.
inline parse_outcome parse_pull(std::string_view data, std::size_t chunk,
                                const ftpwire::parse_options& options = {}) noexcept {
    // The counts in locals, as a client keeps its own state (and as memchr_count_lines does).
    std::size_t replies = 0;
    std::size_t checksum = 0;
    ftpwire::reply_parser parser(options);
    std::size_t begin = 0;
    std::size_t end = chunk < data.size() ? chunk : data.size();
    for (;;) {
        const ftpwire::parse_result r = parser.parse(std::string_view(data.data() + begin, end - begin));
        if (r.complete()) {
            ++replies;
            checksum += static_cast<std::size_t>(r.reply.code()) + r.reply.raw().size();
            begin += r.consumed;
        } else if (r.need_more()) {
            if (end == data.size()) break;
            end = data.size() - end > chunk ? end + chunk : data.size();
        } else {
            return parse_outcome{replies, false, checksum};
        }
    }
    const bool ok = parser.finish(data.substr(begin, end - begin)).status == ftpwire::parse_status::done;
    return parse_outcome{replies, ok, checksum};
}

// The push handler: counts replies, sums codes and line lengths.
struct counting_handler {
    parse_outcome* out;
    constexpr void on_reply_begin(const ftpwire::reply_head&) noexcept {}
    constexpr void on_line(const ftpwire::line_view& line) noexcept { out->checksum += line.raw.size(); }
    constexpr void on_reply_end(const ftpwire::reply_summary& s) noexcept {
        ++out->replies;
        out->checksum += static_cast<std::size_t>(s.code);
    }
};

// Push mode, the bytes fed `chunk` at a time straight from the corpus (as from a read() buffer).
inline parse_outcome parse_push(std::string_view data, std::size_t chunk,
                                const ftpwire::parse_options& options = {}) noexcept {
    parse_outcome out;
    counting_handler handler{&out};
    ftpwire::reply_push_parser<> parser(options);
    for (std::size_t off = 0; off < data.size(); off += chunk) {
        if (!parser.feed(data.substr(off, chunk), handler).ok()) {
            out.ok = false;
            return out;
        }
    }
    out.ok = parser.finish().ok();
    return out;
}

inline constexpr std::size_t unknown_mode = static_cast<std::size_t>(-1);
inline constexpr std::size_t parse_failed = static_cast<std::size_t>(-2);

// Replies found by the ftpwire parser in `mode` (pull, push, pull-1460, push-1460, pull-65536, push-65536: the
// benchmark's three chunkings), parse_failed, or unknown_mode.
inline std::size_t run_parser_mode(std::string_view mode, std::string_view data) noexcept {
    parse_outcome o;
    // clang-format off
    if (mode == "pull") o = parse_pull(data, data.size());
    else if (mode == "push") o = parse_push(data, data.size());
    else if (mode == "pull-1460") o = parse_pull(data, 1460);
    else if (mode == "push-1460") o = parse_push(data, 1460);
    else if (mode == "pull-65536") o = parse_pull(data, 65536);
    else if (mode == "push-65536") o = parse_push(data, 65536);
    else return unknown_mode;
    // clang-format on
    return o.ok ? o.replies : parse_failed;
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_PARSE_DRIVERS_HPP
