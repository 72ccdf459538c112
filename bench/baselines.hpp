// ftpwire benchmarks: the two baselines every ftpwire figure is compared with.
// SPDX-License-Identifier: MIT
//
// memchr: the limit. Finds every '\n' and nothing else; no parser that looks at each line can beat it.
// getline: the reply reader people write by hand: std::istringstream + std::getline into a std::string,
// a copy of the code, line[3] == '-' to start a multi-line reply (RFC 959 §4.2), the reply text collected in a
// std::string. A multi-line reply ends at a line of three digits and a space, whatever the code, as curl and
// Apache commons-net (by default) end it, or at a line that is only the three digits, as Python's ftplib
// accepts: the readers in use follow the real servers that way (glftpd closes "553-" with "150 "), and a
// reader that RFC 959's same-code rule loses on them would be timed doing a different job. With that rule it
// finds the replies ftpwire's default options find, on every corpus, and the benchmark holds it to them.
#ifndef FTPWIRE_BENCH_BASELINES_HPP
#define FTPWIRE_BENCH_BASELINES_HPP

#include <cstddef>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>

namespace ftpwire_bench {

// Number of '\n' in [data, data + size).
inline std::size_t memchr_count_lines(const char* data, std::size_t size) noexcept {
    std::size_t lines = 0;
    const char* end = data + size;
    for (const char* p = data; p < end; ++p) {
        p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        if (p == nullptr) break;
        ++lines;
    }
    return lines;
}

class getline_parser {
public:
    // Whole input at once, the way a reader of a saved transcript (or a blocking client) does it.
    void parse_all(const std::string& data) {
        std::istringstream in(data);
        std::string line;
        while (std::getline(in, line)) on_line(line);
    }

    // One chunk as read() returns it: what is left of the previous chunk plus the new bytes go into an
    // istringstream; a last line without '\n' waits for the next chunk.
    void feed(std::string_view chunk) {
        pending_.append(chunk);
        std::istringstream in(pending_);
        std::string line;
        while (std::getline(in, line)) {
            if (in.eof()) {  // no '\n' after it: incomplete
                pending_ = line;
                return;
            }
            on_line(line);
        }
        pending_.clear();
    }

    std::size_t replies() const noexcept { return replies_; }
    std::size_t checksum() const noexcept { return checksum_; }

private:
    void on_line(std::string& line) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!in_multi_) {
            if (line.size() < 3) return;
            code_ = line.substr(0, 3);
            text_ = line.size() > 4 ? line.substr(4) : std::string();
            if (line.size() > 3 && line[3] == '-') {
                in_multi_ = true;
            } else {
                deliver();
            }
            return;
        }
        text_ += '\n';
        text_ += line;
        if (line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]) &&
            (line.size() == 3 || line[3] == ' ')) {
            in_multi_ = false;
            deliver();
        }
    }
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    void deliver() {
        ++replies_;
        checksum_ += static_cast<unsigned char>(code_[0]) + text_.size();
    }

    std::string code_;
    std::string text_;
    std::string pending_;
    bool in_multi_ = false;
    std::size_t replies_ = 0;
    std::size_t checksum_ = 0;
};

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_BASELINES_HPP
