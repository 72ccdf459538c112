// A tiny JSON writer for the CLI: one object per line, no allocation beyond the output string.
#ifndef FTPWIRE_TOOLS_JSON_HPP
#define FTPWIRE_TOOLS_JSON_HPP

// The UTF-8 check is the parser's own (validate_utf8), so "is this UTF-8" has one answer in the project.
#include <ftpwire/reply_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace ftpwire_cli {

// Appends s as a JSON string literal. Well-formed UTF-8 passes through, but for the characters a reader of
// JSON lines may take for a line end: the C1 controls U+0080-U+009F (U+0085 NEL) and U+2028/U+2029, which
// Python's str.splitlines() splits at, are written \u0085, \u2028 (RFC 8259 §7 allows any character escaped).
// Every other byte that is not printable ASCII is written as \u00XX (so a byte 0xFF reads back as U+00FF).
inline void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        // clang-format off
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
            ++i;
        } else if (c == '\n') { out += "\\n"; ++i; }
        else if (c == '\r') { out += "\\r"; ++i; }
        else if (c == '\t') { out += "\\t"; ++i; }
        else if (const std::size_t n = c >= 0x80 ? ftpwire::detail::utf8_sequence_length(s, i) : 0; n != 0) {
            const auto b1 = static_cast<unsigned char>(s[i + 1]);
            if (c == 0xC2 && b1 < 0xA0) {  // U+0080-U+009F
                out += "\\u00";
                out += hex[b1 >> 4];
                out += hex[b1 & 0xF];
            } else if (c == 0xE2 && b1 == 0x80 && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
                out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            } else {
                out.append(s.substr(i, n));
            }
            i += n;
        } else {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            ++i;
        }
        // clang-format on
    }
    out += '"';
}

// Appends the UTF-8 encoding of code point cp.
inline void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The string a JSON reader gets back from what append_json_string(s) writes, as UTF-8: s itself, but for a byte that
// is not part of well-formed UTF-8, which reads back as U+0080-U+00FF (two bytes), as the UTF-8 of that code point
// does. So two strings written differently ("\u00e9" for a Latin-1 byte 0xE9, "é" for C3 A9) that a reader takes
// for the same are the same here: what keys of one JSON object are compared by.
inline std::string json_read_back(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c >= 0x80 ? ftpwire::detail::utf8_sequence_length(s, i) : 1;
        if (n != 0) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            append_utf8(out, c);  // U+0080-U+00FF
            ++i;
        }
    }
    return out;
}

// Builds one JSON object or array incrementally: json_writer w; w.begin_object(); w.key("code"); w.value(220); ...
class json_writer {
public:
    // clang-format off
    void begin_object() { separate(); out_ += '{'; first_ = true; }
    void end_object() { out_ += '}'; first_ = false; }
    void begin_array() { separate(); out_ += '['; first_ = true; }
    void end_array() { out_ += ']'; first_ = false; }

    void key(std::string_view k) {
        separate();
        append_json_string(out_, k);
        out_ += ':';
        after_key_ = true;
    }
    void value(std::string_view s) { separate(); append_json_string(out_, s); }
    void value(const char* s) { value(std::string_view(s)); }
    void value(bool b) { separate(); out_ += b ? "true" : "false"; }
    void value(std::int64_t n) { separate(); out_ += std::to_string(n); }
    void value(std::uint64_t n) { separate(); out_ += std::to_string(n); }
    void value(int n) { value(static_cast<std::int64_t>(n)); }
    void value(unsigned n) { value(static_cast<std::uint64_t>(n)); }
    void null() { separate(); out_ += "null"; }

    // Shorthand for key(k); value(v).
    template <typename T>
    void field(std::string_view k, const T& v) { key(k); value(v); }

    [[nodiscard]] const std::string& str() const { return out_; }
    void clear() { out_.clear(); first_ = true; after_key_ = false; }
    // clang-format on

    // Writes the document and a newline to out, then starts a new one.
    void write_line(std::FILE* out) {
        out_ += '\n';
        std::fwrite(out_.data(), 1, out_.size(), out);
        clear();
    }

private:
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_) out_ += ',';
        first_ = false;
    }

    std::string out_;
    bool first_ = true;
    bool after_key_ = false;
};

}  // namespace ftpwire_cli

#endif
