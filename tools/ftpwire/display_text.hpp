// Text from a transcript, written for a terminal by the CLI's text reports.
#ifndef FTPWIRE_TOOLS_DISPLAY_TEXT_HPP
#define FTPWIRE_TOOLS_DISPLAY_TEXT_HPP

// The UTF-8 check is the parser's own, so "is this UTF-8" has one answer in the project.
#include <ftpwire/detail/utf8.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ftpwire_cli {

// s as a terminal can show it without acting on it. What a server sent (and a transcript kept) may hold
// escape sequences (ESC [ ... moves the cursor, ESC ] 0; ... retitles the window), a NUL, a CR that sends
// the cursor back over what was printed, or bytes that are not UTF-8 (Latin-1 from a server that ignores
// RFC 2640). Printable ASCII, TAB and well-formed UTF-8 pass; every C0 control but TAB, DEL, the C1
// controls (U+0080-U+009F) and every byte outside well-formed UTF-8 is written as \xNN per byte; the
// Unicode controls that reorder a line's display (U+202A-U+202E, U+2066-U+2069: "Trojan Source") as
// \uNNNN. A backslash stays as it is: the text report is for people; --json gives the exact bytes.
inline std::string display_text(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    const auto escape_byte = [&](unsigned char c) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c >= 0x20 && c < 0x7F) || c == '\t') {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t n = c >= 0x80 ? ftpwire::detail::utf8_sequence_length(s, i) : 0;
        if (n == 0) {
            escape_byte(c);
            ++i;
            continue;
        }
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
        if (c == 0xC2 && byte(1) < 0xA0) {  // a C1 control
            escape_byte(c);
            escape_byte(byte(1));
        } else if (c == 0xE2 && ((byte(1) == 0x80 && byte(2) >= 0xAA && byte(2) <= 0xAE) ||   // U+202A-U+202E
                                 (byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9))) {  // U+2066-U+2069
            out += byte(1) == 0x80 ? "\\u202" : "\\u206";
            out += hex[byte(2) - 0xA0];
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace ftpwire_cli

#endif  // FTPWIRE_TOOLS_DISPLAY_TEXT_HPP
