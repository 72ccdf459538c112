// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Shared by the two parser fuzz targets: parse options chosen by fuzz bytes, and what a parse produced (every
// reply with its lines, then how the stream ended) written down as plain values that can be compared.
#ifndef FTPWIRE_FUZZ_PARSER_COMMON_HPP
#define FTPWIRE_FUZZ_PARSER_COMMON_HPP

#include "fuzz_common.hpp"

#include <ftpwire/reply_parser.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace fuzz {

// Up to 15 points, in order, where the stream is cut into chunks as a socket might deliver it. Reads its
// choices first: `size` (the stream left after every choice is taken) is final only once they are read.
inline std::vector<std::size_t> cut_points(choices& choose, const std::size_t& size) {
    const std::uint8_t cut_count = choose.byte() % 16;
    std::vector<std::size_t> cuts;
    for (std::uint8_t i = 0; i < cut_count; ++i) cuts.push_back((std::size_t{choose.byte()} << 8) | choose.byte());
    for (std::size_t& at : cuts) at %= size + 1;
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

// Each option from its own bit, so the fuzzer reaches strict, lenient and everything between; small limits
// now and then so that line_too_long, too_many_lines and reply_too_large are reached with short inputs.
inline ftpwire::parse_options options_from(std::uint32_t bits) {
    using namespace ftpwire;
    parse_options o;
    const auto bit = [&](int i) { return ((bits >> i) & 1U) != 0; };
    o.allow_bare_lf = bit(0);
    o.allow_lone_cr = bit(1);
    o.allow_bare_code = bit(2);
    o.closing_code = static_cast<closing_code_rule>((bits >> 3) % 3);
    o.telnet = static_cast<telnet_rule>((bits >> 5) % 3);
    o.validate_utf8 = bit(7);
    o.allow_nul = bit(8);
    o.allow_control_characters = bit(9);
    o.allow_any_code = bit(10);
    if (bit(11)) o.max_line_length = 1 + ((bits >> 16) & 0x3F);
    if (bit(12)) o.max_lines_per_reply = 1 + ((bits >> 22) & 0x7);
    if (bit(13)) o.max_reply_bytes = 1 + ((bits >> 25) & 0x7F);
    if (bit(14)) o = parse_options::strict();
    if (bit(15)) o = parse_options::lenient();
    return o;
}

struct line_record {
    std::string raw, text;
    std::size_t offset = 0, index = 0;
    bool operator==(const line_record& o) const {
        return raw == o.raw && text == o.text && offset == o.offset && index == o.index;
    }
};

struct reply_record {
    int code = 0, opening_code = 0;
    bool multiline = false;
    std::size_t line_count = 0, offset = 0, size = 0;
    std::vector<line_record> lines;
    bool operator==(const reply_record& o) const {
        return code == o.code && opening_code == o.opening_code && multiline == o.multiline &&
               line_count == o.line_count && offset == o.offset && size == o.size && lines == o.lines;
    }
};

struct stream_record {
    std::vector<reply_record> replies;
    ftpwire::parse_error error = ftpwire::parse_error::none;
    std::size_t error_offset = 0;  // stream offset
    bool operator==(const stream_record& o) const {
        return replies == o.replies && error == o.error &&
               (error == ftpwire::parse_error::none || error_offset == o.error_offset);
    }
};

// Printed when two records differ, so a crash file explains itself.
inline void print(const char* title, const stream_record& s) {
    std::fprintf(stderr, "%s: %zu replies, error %.*s at %zu\n", title, s.replies.size(),
                 static_cast<int>(ftpwire::to_string(s.error).size()), ftpwire::to_string(s.error).data(),
                 s.error_offset);
    for (const reply_record& r : s.replies) {
        std::fprintf(stderr, "  reply %d (opening %d) multiline %d lines %zu offset %zu size %zu\n", r.code,
                     r.opening_code, r.multiline ? 1 : 0, r.line_count, r.offset, r.size);
        for (const line_record& l : r.lines)
            std::fprintf(stderr, "    line %zu at %zu: raw [%s] text [%s]\n", l.index, l.offset, l.raw.c_str(),
                         l.text.c_str());
    }
}

inline void check_same(const stream_record& expected, const stream_record& actual, const char* what) {
    if (expected == actual) return;
    print("expected", expected);
    print(what, actual);
    fail("the two parses differ", __FILE__, __LINE__);
}

inline line_record record(const ftpwire::line_view& l, std::size_t base) {
    return line_record{std::string(l.raw), std::string(l.text), base + l.offset, l.index};
}

// Checks what holds for every reply view, and writes it down. buffer: what was given to parse(); base: where
// buffer[0] is in the stream.
inline reply_record record(const ftpwire::reply_view& r, std::string_view buffer, std::size_t base,
                           const ftpwire::parse_options& o) {
    FUZZ_CHECK(inside(r.raw(), buffer.data(), buffer.size()));
    FUZZ_CHECK(r.raw().data() == buffer.data() + r.offset());
    FUZZ_CHECK(!r.raw().empty() && r.raw().back() == '\n');
    FUZZ_CHECK(r.line_count() >= 1 && r.line_count() <= o.max_lines_per_reply);
    FUZZ_CHECK(r.raw().size() <= o.max_reply_bytes);
    FUZZ_CHECK(r.opening_code() >= 0 && r.opening_code() <= 999 && r.code() >= 0 && r.code() <= 999);
    FUZZ_CHECK(r.multiline() == (r.line_count() > 1));
    if (o.closing_code != ftpwire::closing_code_rule::any_code) FUZZ_CHECK(r.code() == r.opening_code());
    reply_record rec{r.code(), r.opening_code(), r.multiline(), r.line_count(), base + r.offset(), r.raw().size(), {}};
    std::size_t index = 0;
    for (const ftpwire::line_view& l : r.lines()) {
        FUZZ_CHECK(l.index == index);
        FUZZ_CHECK(inside(l.raw, r.raw().data(), r.raw().size()));
        FUZZ_CHECK(inside(l.text, l.raw.data(), l.raw.size()));
        FUZZ_CHECK(l.raw.size() < o.max_line_length);
        rec.lines.push_back(record(l, base));
        FUZZ_CHECK(++index <= r.line_count());
    }
    FUZZ_CHECK(index == r.line_count());
    // text() is the text of the line code() comes from: the closing line's when another code closed the reply.
    FUZZ_CHECK(r.text() == (r.code() == r.opening_code() ? rec.lines.front() : rec.lines.back()).text);
    return rec;
}

// The stream parsed with everything available at once.
inline stream_record parse_in_one_piece(std::string_view stream, const ftpwire::parse_options& o) {
    stream_record out;
    ftpwire::reply_parser parser(o);
    std::size_t base = 0;
    for (;;) {
        const std::string_view rest = stream.substr(base);
        const ftpwire::parse_result r = parser.finish(rest);
        if (r.status == ftpwire::parse_status::done) {
            FUZZ_CHECK(r.consumed == rest.size());
            break;
        }
        if (r.failed()) {
            FUZZ_CHECK(r.error != ftpwire::parse_error::none && r.offset <= rest.size());
            out.error = r.error;
            out.error_offset = base + r.offset;
            break;
        }
        FUZZ_CHECK(r.complete() && r.consumed > 0 && r.consumed <= rest.size());
        FUZZ_CHECK(r.reply.offset() + r.reply.raw().size() == r.consumed);
        out.replies.push_back(record(r.reply, rest, base, o));
        base += r.consumed;
    }
    FUZZ_CHECK(parser.bytes_examined() <= stream.size());
    return out;
}

}  // namespace fuzz

#endif  // FTPWIRE_FUZZ_PARSER_COMMON_HPP
