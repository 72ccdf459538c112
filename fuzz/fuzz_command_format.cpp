// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 4: the command-line parser and the formatters.
//  - parse_command, with and without a decode buffer, strict and lenient: views stay inside the input (or the
//    buffer), offsets inside the input, both overloads agree, and a parsed command formatted again with
//    format_command parses back to the same verb and argument.
//  - the reply formatters: the input's lines formatted as a reply (format_multiline_reply, format_reply_text)
//    read back through the reply parser as the same code and the same line texts.
#include "fuzz_common.hpp"

#include <ftpwire/command.hpp>
#include <ftpwire/reply_format.hpp>
#include <ftpwire/reply_parser.hpp>

#include <string>
#include <vector>

using namespace ftpwire;

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
        if (up(a[i]) != up(b[i])) return false;
    }
    return true;
}

void check_command_line(std::string_view input, const command_parse_options& options) {
    const command_parse_result plain = parse_command(input, options);
    FUZZ_CHECK(plain.consumed <= input.size());
    FUZZ_CHECK(plain.offset <= input.size());
    FUZZ_CHECK(fuzz::inside(plain.command.verb_text, input.data(), input.size()));
    FUZZ_CHECK(fuzz::inside(plain.command.argument, input.data(), input.size()));
    FUZZ_CHECK(plain.error != command_error::buffer_too_small);

    std::vector<char> buffer(input.size());
    const command_parse_result decoded = parse_command(input, buffer.data(), buffer.size(), options);
    FUZZ_CHECK(decoded.consumed <= input.size());
    FUZZ_CHECK(decoded.offset <= input.size());
    FUZZ_CHECK(fuzz::inside(decoded.command.verb_text, buffer.data(), buffer.size()));
    FUZZ_CHECK(fuzz::inside(decoded.command.argument, buffer.data(), buffer.size()));
    // A buffer as long as the input always holds the line.
    FUZZ_CHECK(decoded.error != command_error::buffer_too_small);
    FUZZ_CHECK(decoded.error != command_error::telnet_needs_buffer);

    if (plain.error != command_error::telnet_needs_buffer) {
        FUZZ_CHECK(plain.error == decoded.error);
        FUZZ_CHECK(plain.offset == decoded.offset);
        FUZZ_CHECK(plain.consumed == decoded.consumed);
        FUZZ_CHECK(plain.command.verb_text == decoded.command.verb_text);
        FUZZ_CHECK(plain.command.argument == decoded.command.argument);
        FUZZ_CHECK(plain.command.has_argument == decoded.command.has_argument);
        if (plain.ok()) FUZZ_CHECK(plain.command.id == decoded.command.id);
    }
    if (!decoded.ok()) return;
    FUZZ_CHECK(decoded.consumed > 0 && input[decoded.consumed - 1] == '\n');
    FUZZ_CHECK(same_ignoring_case(decoded.command.verb_text, to_string(decoded.command.id)));

    // Format the command again and parse it back.
    const std::string_view argument = decoded.command.argument;
    // Room for every byte of the argument doubled (a data byte 255 goes out as IAC IAC, RFC 854).
    std::vector<char> line(to_string(decoded.command.id).size() + 2 * argument.size() + 3);
    const format_result f = format_command(line.data(), line.size(), decoded.command.id, argument);
    // Whatever parse_command accepted is a line format_command can write (no control character in the
    // argument), and that line parses back to the same command, a byte 255 included.
    FUZZ_CHECK(f.ok());
    FUZZ_CHECK(f.size <= line.size());
    std::vector<char> again_buffer(f.size);
    const command_parse_result again = parse_command(std::string_view(line.data(), f.size), again_buffer.data(),
                                                     again_buffer.size(), command_parse_options{no_limit, false});
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.command.id == decoded.command.id);
    FUZZ_CHECK(again.command.argument == argument);
    FUZZ_CHECK(again.consumed == f.size);
}

// The text split into lines the way format_reply_text documents it: at LF, one CR before the LF dropped (a CR
// at the very end stays, and is refused), a final LF starting no empty line.
std::vector<std::string_view> reference_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (;;) {
        std::size_t lf = text.find('\n', start);
        const bool last = lf == std::string_view::npos;
        if (last) lf = text.size();
        std::string_view line = text.substr(start, lf - start);
        if (!last && !line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (last || lf + 1 == text.size()) break;
        start = lf + 1;
    }
    return lines;
}

void reply_round_trip(std::string_view text, int code) {
    const std::vector<std::string_view> lines = reference_lines(text);
    std::size_t room = 16;
    for (std::string_view l : lines) room += l.size() + 8;
    std::string a(room, '\0'), b(room, '\0');
    const format_result by_lines = format_multiline_reply(a.data(), a.size(), code, lines.data(), lines.size());
    const format_result by_text = format_reply_text(b.data(), b.size(), code, text);
    FUZZ_CHECK(by_lines.error == by_text.error);
    if (!by_lines.ok()) {
        FUZZ_CHECK(by_lines.error == format_error::forbidden_character ||
                   by_lines.error == format_error::invalid_code || by_lines.error == format_error::invalid_utf8);
        return;
    }
    FUZZ_CHECK(std::string_view(a.data(), by_lines.size) == std::string_view(b.data(), by_text.size));
    // Too small by one byte: an error, and nothing written past the capacity (ASan watches the vector's end).
    std::vector<char> short_buffer(by_lines.size - 1);
    FUZZ_CHECK(
        format_multiline_reply(short_buffer.data(), short_buffer.size(), code, lines.data(), lines.size()).error ==
        format_error::buffer_too_small);

    parse_options options = parse_options::lenient();
    options.max_line_length = no_limit;
    options.max_reply_bytes = no_limit;
    options.max_lines_per_reply = no_limit;
    options.closing_code = closing_code_rule::reject_other_code;
    const std::string_view wire(a.data(), by_lines.size);
    const parse_result r = parse_reply(wire, options);
    FUZZ_CHECK(r.complete());
    FUZZ_CHECK(r.consumed == wire.size());
    FUZZ_CHECK(r.reply.code() == code && r.reply.opening_code() == code);
    FUZZ_CHECK(r.reply.line_count() == lines.size());
    FUZZ_CHECK(r.reply.multiline() == (lines.size() > 1));
    std::size_t i = 0;
    for (const line_view& l : r.reply.lines()) {
        FUZZ_CHECK(i < lines.size());
        const bool middle = i != 0 && i + 1 != lines.size();
        if (!middle)
            FUZZ_CHECK(l.text == lines[i]);
        else if (code / 100 != 6 && continuation_needs_padding(lines[i]))  // 6yz: "ddd-" instead, RFC 2228 §5.2
            FUZZ_CHECK(l.text.size() == lines[i].size() + 1 && l.text.substr(1) == lines[i]);
        else
            FUZZ_CHECK(l.text == lines[i]);
        ++i;
    }
    FUZZ_CHECK(i == lines.size());
    // What the writer writes, RFC 959 §4.2 to the letter reads too (UTF-8 aside: the writer passes any byte
    // from 0x80 to 0xFE, for servers with Latin-1 names).
    parse_options strict = parse_options::strict();
    strict.validate_utf8 = false;
    strict.max_line_length = no_limit;
    strict.max_reply_bytes = no_limit;
    strict.max_lines_per_reply = no_limit;
    const parse_result s = parse_reply(wire, strict);
    FUZZ_CHECK(s.complete() && s.consumed == wire.size() && s.reply.line_count() == lines.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices choose(data, size);
    const int code = 100 + choose.byte() * 4 % 600 + choose.byte() % 4;  // 100..699 (and a few beyond)
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_command_line(input, strict_command_options);
    check_command_line(input, lenient_command_options);
    check_command_line(input, command_parse_options{16, true});  // a small limit: line_too_long paths
    reply_round_trip(input, code);
    reply_round_trip(input, 1000 - code);  // out of range for codes above 900 and below 100
    return 0;
}
