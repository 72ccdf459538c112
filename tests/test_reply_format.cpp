#include "catch.hpp"

#include <ftpwire/ftpwire.hpp>
#include <ftpwire/reply_parser.hpp>

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace ftpwire;
using namespace std::string_view_literals;

namespace {

std::string formatted(format_result r, const char* buf) {
    REQUIRE(r.ok());
    return std::string(buf, r.size);
}

constexpr bool formats_at_compile_time() {
    char buf[32] = {};
    const format_result r = format_reply(buf, sizeof buf, 200, "OK");
    return r.ok() && r.size == 8 && buf[0] == '2' && buf[3] == ' ' && buf[6] == '\r';
}

}  // namespace

static_assert(formats_at_compile_time());
static_assert(continuation_needs_padding("226 done"));
static_assert(continuation_needs_padding("123-x"));
static_assert(continuation_needs_padding("2024 was a year"));
static_assert(!continuation_needs_padding(" MDTM"));
static_assert(!continuation_needs_padding("12"));
static_assert(continuation_needs_padding("226"));  // a bare code closes a reply for lenient readers

TEST_CASE("a continuation line that is only three digits is padded, so no reader ends the reply there") {
    char buf[64] = {};
    const std::string out = formatted(format_multiline_reply(buf, sizeof buf, 226, {"a", "226", "b"}), buf);
    CHECK(out == "226-a\r\n 226\r\n226 b\r\n");
    const parse_result r = parse_reply(out);  // lenient: "226" alone would be a closing line
    REQUIRE(r.complete());
    CHECK(r.reply.line_count() == 3);
    CHECK(r.consumed == out.size());
}

TEST_CASE("a single-line reply is code, SP, text, CRLF") {
    char buf[64] = {};
    CHECK(formatted(format_reply(buf, sizeof buf, 200, "Command okay."), buf) == "200 Command okay.\r\n");
    CHECK(formatted(format_reply(buf, sizeof buf, 550, ""), buf) == "550 \r\n");
    CHECK(formatted(format_reply(buf, sizeof buf, 631, "base64"), buf) == "631 base64\r\n");
}

TEST_CASE("reply formatting refuses bad codes, line breaks and small buffers") {
    char buf[64] = {};
    CHECK(format_reply(buf, sizeof buf, 99, "x").error == format_error::invalid_code);
    CHECK(format_reply(buf, sizeof buf, 700, "x").error == format_error::invalid_code);
    CHECK(format_reply(buf, sizeof buf, 1000, "x").error == format_error::invalid_code);
    CHECK(format_reply(buf, sizeof buf, 200, "a\r\n200 b").error == format_error::forbidden_character);
    CHECK(format_reply(buf, sizeof buf, 200, std::string_view("a\0b", 3)).error == format_error::forbidden_character);
    for (std::size_t cap = 0; cap < 8; ++cap) {
        char small[8] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
        CHECK(format_reply(small, cap, 200, "OK").error == format_error::buffer_too_small);
        for (std::size_t i = cap; i < 8; ++i) CHECK(small[i] == 'x');  // nothing written past capacity
    }
    CHECK(format_reply(buf, 8, 200, "OK").ok());
}

TEST_CASE("what the reply writer writes, the strict reply parser reads back") {
    // Found by review: codes with a second digit of 6-9, control bytes and 0xFF were written, and the strict
    // parser (RFC 959 §4.2.1 codes, no control characters, no Telnet commands) refused the result.
    char buf[64] = {};
    for (const int code : {160, 170, 299, 599, 699})
        CHECK(format_reply(buf, sizeof buf, code, "x").error == format_error::invalid_code);
    CHECK(format_multiline_reply(buf, sizeof buf, 299, {"a", "b"}).error == format_error::invalid_code);
    CHECK(format_reply_text(buf, sizeof buf, 170, "a\nb").error == format_error::invalid_code);
    CHECK(is_formattable_reply_code(155));
    CHECK(is_formattable_reply_code(635));
    CHECK_FALSE(is_formattable_reply_code(160));
    // A terminal escape, DEL, 0xFF alone (IAC WILL ECHO as the client's Telnet would read it), a stray CR.
    for (const std::string_view text : {"a\x1b[2Jb"sv, "a\x7f"sv, "\xff\xfb\x01x"sv, "\xff"sv, "a\rb"sv, "\x01"sv}) {
        CHECK(format_reply(buf, sizeof buf, 200, text).error == format_error::forbidden_character);
        CHECK(format_multiline_reply(buf, sizeof buf, 211, {"a", text, "b"}).error ==
              format_error::forbidden_character);
    }
    // A CR at the very end of the text has no LF after it: refused like any other lone CR.
    CHECK(format_reply_text(buf, sizeof buf, 200, "abc\r").error == format_error::forbidden_character);
    CHECK(format_reply_text(buf, sizeof buf, 211, "a\nb\r").error == format_error::forbidden_character);
    CHECK(format_reply_text(buf, sizeof buf, 211, "a\r\nb\r\n").ok());
    // TAB and bytes of UTF-8 text pass, and parse back under strict().
    const format_result tab = format_reply(buf, sizeof buf, 257, "\"/caf\xc3\xa9\"\tcreated");
    REQUIRE(tab.ok());
    const parse_result back = parse_reply(std::string_view(buf, tab.size), parse_options::strict());
    REQUIRE(back.complete());
    CHECK(back.reply.code() == 257);
}

TEST_CASE("reply text that is not UTF-8 is refused, as the strict reply parser would refuse it") {
    // Found by review: Latin-1 text, a cut sequence and a UTF-16 surrogate were written, and the strict parser
    // (RFC 2640 §2.2, validate_utf8) then failed with invalid_utf8.
    char buf[64] = {};
    for (const std::string_view text : {"caf\xe9"sv, "x\xc3"sv, "\xed\xa0\x80"sv, "\xc0\xaf"sv,
                                        "\x9b"
                                        "2J"sv,
                                        "\xf4\x90\x80\x80"sv}) {
        INFO(text);
        CHECK(format_reply(buf, sizeof buf, 200, text).error == format_error::invalid_utf8);
        CHECK(format_multiline_reply(buf, sizeof buf, 211, {"a", text, "b"}).error == format_error::invalid_utf8);
        CHECK(format_reply_text(buf, sizeof buf, 211, std::string("a\n") + std::string(text) + "\nb").error ==
              format_error::invalid_utf8);
        // The same bytes under the parser's strict options.
        const std::string line = "200 " + std::string(text) + "\r\n";
        CHECK(parse_reply(line, parse_options::strict()).error == parse_error::invalid_utf8);
    }
    CHECK(to_string(format_error::invalid_utf8) == "invalid_utf8"sv);
    // Two-, three- and four-byte sequences at their limits pass, and read back under strict().
    for (const std::string_view text :
         {"\xc2\x80 \xdf\xbf"sv, "\xe0\xa0\x80 \xed\x9f\xbf \xef\xbf\xbf"sv, "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf"sv}) {
        const format_result r = format_reply(buf, sizeof buf, 200, text);
        REQUIRE(r.ok());
        CHECK(parse_reply(std::string_view(buf, r.size), parse_options::strict()).complete());
    }
    static_assert(detail::find_invalid_utf8("caf\xc3\xa9") == std::string_view::npos);
    static_assert(detail::find_invalid_utf8("ab\xe9") == 2);
}

TEST_CASE("a protected reply (6yz) has the code and a hyphen on every line before the last") {
    // RFC 2228 §5.2: "each line before the last must be formed by the reply code, followed immediately by a
    // hyphen"; found by review (the middle lines were written as RFC 959 continuation lines).
    char buf[128] = {};
    const std::string multi = formatted(format_multiline_reply(buf, sizeof buf, 631, {"A", "B", "123 x", "C"}), buf);
    CHECK(multi == "631-A\r\n631-B\r\n631-123 x\r\n631 C\r\n");
    CHECK(formatted(format_reply_text(buf, sizeof buf, 632, "A\nB\nC"), buf) == "632-A\r\n632-B\r\n632 C\r\n");
    for (const parse_options& options : {parse_options{}, parse_options::strict()}) {
        const parse_result r = parse_reply(multi, options);
        REQUIRE(r.complete());
        CHECK(r.reply.code() == 631);
        CHECK(r.reply.line_count() == 4);
        std::vector<std::string> texts;
        for (const line_view line : r.reply.lines()) texts.emplace_back(line.text);
        CHECK(texts == std::vector<std::string>{"A", "B", "123 x", "C"});
    }
    // Other classes keep RFC 959's layout.
    CHECK(formatted(format_multiline_reply(buf, sizeof buf, 211, {"A", "B", "C"}), buf) == "211-A\r\nB\r\n211 C\r\n");
}

TEST_CASE("a multi-line reply has ddd- first, ddd last, and the lines between as given") {
    char buf[256] = {};
    const std::string out =
        formatted(format_multiline_reply(buf, sizeof buf, 211, {"Features:", " MDTM", " REST STREAM", "End"}), buf);
    CHECK(out == "211-Features:\r\n MDTM\r\n REST STREAM\r\n211 End\r\n");
    CHECK(formatted(format_multiline_reply(buf, sizeof buf, 230, {"Welcome", "Logged in."}), buf) ==
          "230-Welcome\r\n230 Logged in.\r\n");
    CHECK(formatted(format_multiline_reply(buf, sizeof buf, 200, {"only"}), buf) == "200 only\r\n");
    CHECK(format_multiline_reply(buf, sizeof buf, 200, nullptr, 0).error == format_error::no_lines);
}

TEST_CASE("continuation lines that start with digits are padded with one space") {
    // RFC 959 §4.2: "If an intermediary line begins with a 3-digit number, the Server must pad the front."
    char buf[256] = {};
    const std::string out = formatted(
        format_multiline_reply(
            buf, sizeof buf, 123,
            {"First line", "Second line", "234 A line beginning with numbers", "123-not the end", "The last line"}),
        buf);
    CHECK(out ==
          "123-First line\r\nSecond line\r\n 234 A line beginning with numbers\r\n 123-not the end\r\n"
          "123 The last line\r\n");
}

TEST_CASE("replies given as one text split at LF into lines") {
    char buf[256] = {};
    CHECK(formatted(format_reply_text(buf, sizeof buf, 211, "Features:\n MDTM\n226 x\nEnd"), buf) ==
          "211-Features:\r\n MDTM\r\n 226 x\r\n211 End\r\n");
    CHECK(formatted(format_reply_text(buf, sizeof buf, 211, "Features:\r\n MDTM\r\nEnd\r\n"), buf) ==
          "211-Features:\r\n MDTM\r\n211 End\r\n");
    CHECK(formatted(format_reply_text(buf, sizeof buf, 200, "OK"), buf) == "200 OK\r\n");
    CHECK(formatted(format_reply_text(buf, sizeof buf, 250, "a\n\nb"), buf) == "250-a\r\n\r\n250 b\r\n");
    CHECK(format_reply_text(buf, sizeof buf, 200, "a\rb").error == format_error::forbidden_character);
    CHECK(format_reply_text(buf, 10, 211, "Features:\nEnd").error == format_error::buffer_too_small);
}

TEST_CASE("multi-line formatting never writes past the buffer") {
    const std::string_view lines[] = {"Features:", "123 x", "End"};
    char full[128] = {};
    const format_result whole = format_multiline_reply(full, sizeof full, 211, lines, 3);
    REQUIRE(whole.ok());
    for (std::size_t cap = 0; cap < whole.size; ++cap) {
        std::vector<char> buf(whole.size + 4, '#');
        CHECK(format_multiline_reply(buf.data(), cap, 211, lines, 3).error == format_error::buffer_too_small);
        for (std::size_t i = cap; i < buf.size(); ++i) CHECK(buf[i] == '#');
    }
}

// --- round trips through the reply parser ----------------------------------------------------------------------

namespace {

struct parsed_reply {
    int code = 0;
    std::vector<std::string> texts;
    std::size_t consumed = 0;
};

parsed_reply parse_back(std::string_view bytes) {
    const parse_result r = parse_reply(bytes, parse_options::strict());
    INFO(std::string(bytes));
    REQUIRE(r.complete());
    parsed_reply out;
    out.code = r.reply.code();
    out.consumed = r.consumed;
    for (const line_view& line : r.reply.lines()) out.texts.emplace_back(line.text);
    return out;
}

}  // namespace

TEST_CASE("every code of the table formats as a single-line reply the strict parser reads back unchanged") {
    char buf[1024] = {};
    for (const reply_code_info& entry : reply_codes()) {
        const format_result r = format_reply(buf, sizeof buf, entry.code, entry.text);
        REQUIRE(r.ok());
        const parsed_reply back = parse_back(std::string_view(buf, r.size));
        CHECK(back.code == entry.code);
        CHECK(back.consumed == r.size);
        REQUIRE(back.texts.size() == 1);
        CHECK(back.texts[0] == entry.text);
    }
}

TEST_CASE("every code of the table formats as a multi-line reply whose digit lines do not end it early") {
    char buf[2048] = {};
    for (const reply_code_info& entry : reply_codes()) {
        const std::string own_code_end = std::to_string(entry.code) + " looks like the end";
        const std::string own_code_more = std::to_string(entry.code) + "-looks like a first line";
        const std::string_view lines[] = {entry.name, entry.text, own_code_end, own_code_more, "226 Transfer complete.",
                                          "",         " MDTM",    entry.text};
        const format_result r = format_multiline_reply(buf, sizeof buf, entry.code, lines, std::size(lines));
        REQUIRE(r.ok());
        const parsed_reply back = parse_back(std::string_view(buf, r.size));
        CHECK(back.code == entry.code);
        CHECK(back.consumed == r.size);
        REQUIRE(back.texts.size() == std::size(lines));
        for (std::size_t i = 0; i < std::size(lines); ++i) {
            // A 6yz reply's middle lines carry "ddd-" instead (RFC 2228 §5.2), which the reader takes off.
            const bool padded =
                entry.code / 100 != 6 && i != 0 && i + 1 != std::size(lines) && continuation_needs_padding(lines[i]);
            CHECK(back.texts[i] == (padded ? " " + std::string(lines[i]) : std::string(lines[i])));
        }
    }
}

TEST_CASE("replies formatted from one text read back as the same lines") {
    char buf[512] = {};
    const format_result r = format_reply_text(buf, sizeof buf, 211, "Features:\n MDTM\n REST STREAM\n211 x\nEnd");
    REQUIRE(r.ok());
    const parsed_reply back = parse_back(std::string_view(buf, r.size));
    CHECK(back.code == 211);
    CHECK(back.texts == std::vector<std::string>{"Features:", " MDTM", " REST STREAM", " 211 x", "End"});
}
