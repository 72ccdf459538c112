// ftpwire benchmarks: the three baselines every ftpwire figure is compared with.
// SPDX-License-Identifier: MIT
//
// memchr: the line splitter, one memchr call per line: finds every '\n' and nothing else. Not an upper bound:
// its call per line costs more than the lines' bytes on short lines, and ftpwire's block-at-a-time line finder
// runs at 1.3-3.3 times its speed.
// bitmask: the line splitter built on ftpwire's own line finder: the '\n's of each 64-byte block as the bits of one
// word (detail::line_feed_mask64, the parser's block compare), handed out one at a time (count trailing zeros, clear
// the lowest bit), each line's length added up. It does only what every line costs any parser that hands out lines
// with this scan, so on lines of a block or two its time is what such a parser cannot go below, and getline's time
// over it the highest multiple of getline such a parser can reach on the machine (bench/README.md, "Against the
// bare line scan"); the parser passes the blocks of long lines with memchr, which this scan does not.
// getline: the reply reader people write by hand: an std::istream over the bytes and std::getline into a
// std::string, a copy of the code, line[3] == '-' to start a multi-line reply (RFC 959 §4.2), the reply text
// collected in a std::string. A multi-line reply ends at a line of three digits and a space, whatever the code, as curl
// and Apache commons-net (by default) end it, or at a line that is only the three digits, as Python's ftplib accepts:
// the readers in use follow the real servers that way (glftpd closes "553-" with "150 "), and a reader that RFC 959's
// same-code rule loses on them would be timed doing a different job. With that rule it finds the replies ftpwire's
// default options find, on every corpus, and the benchmark holds it to them.
#ifndef FTPWIRE_BENCH_BASELINES_HPP
#define FTPWIRE_BENCH_BASELINES_HPP

#include <ftpwire/detail/simd_line_scan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <streambuf>
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

// The bare line scan's running totals over the chunks of a stream.
struct bitmask_lines {
    std::size_t lines = 0;
    std::size_t length_sum = 0;  // every line's length without its '\n', so that every position is used
    std::size_t carried = 0;     // bytes of the line a chunk's end cut, before the next chunk
};

// The '\n's of the chunk [data, data + size), found 64 bytes at a time as the ftpwire parser finds them, each
// line's length added up; a line cut by the chunk's end is carried into the next chunk, as a parser must carry it.
inline void bitmask_count_lines(const char* data, std::size_t size, bitmask_lines& totals) noexcept {
    std::size_t lines = 0;
    std::size_t sum = totals.carried;  // the first line of the chunk began before it (kept only if it ends here)
    std::size_t line_start = 0;
    std::size_t at = 0;
    for (; size - at >= 64; at += 64) {
        for (std::uint64_t bits = ftpwire::detail::line_feed_mask64(data + at); bits != 0; bits &= bits - 1) {
            const std::size_t lf = at + ftpwire::detail::lowest_set_bit64(bits);
            sum += lf - line_start;
            line_start = lf + 1;
            ++lines;
        }
    }
    if (at != size) {  // the last bytes of a chunk, fewer than 64, compared as the parser compares them
        for (std::uint64_t bits = ftpwire::detail::line_feed_bits::tail_bits(data, at, size); bits != 0;
             bits &= bits - 1) {
            const std::size_t lf = size + ftpwire::detail::lowest_set_bit64(bits) - 64;  // bits anchored at size
            sum += lf - line_start;
            line_start = lf + 1;
            ++lines;
        }
    }
    if (lines == 0) {  // the cut line goes on through this chunk
        totals.carried += size;
        return;
    }
    totals.lines += lines;
    totals.length_sum += sum;
    totals.carried = size - line_start;
}

// The bytes as a socket stream hands them to std::istream: its get area is one chunk at a time, in place, as a
// streambuf over a socket (boost::asio::streambuf, a filebuf over the descriptor) exposes what one read() brought.
// std::getline then reads each byte once, a line cut by a chunk's end included, and the reader copies nothing that
// ftpwire's drivers do not copy either (until session 22 each chunk went into a new istringstream together with
// what was left of the last one, up to 9 copies of each byte on `adversarial` in 1460-byte chunks, and the whole
// input was copied into an istringstream first: the reader was slower for it, not for its parsing).
class chunk_streambuf : public std::streambuf {
public:
    chunk_streambuf(std::string_view data, std::size_t chunk) noexcept
        : data_(data), chunk_(chunk == 0 ? data.size() : chunk) {}

protected:
    int_type underflow() override {
        if (next_ >= data_.size()) return traits_type::eof();
        const std::size_t n = std::min(chunk_, data_.size() - next_);
        char* begin = const_cast<char*>(data_.data() + next_);  // read only: the get area is never written
        setg(begin, begin, begin + n);
        next_ += n;
        return traits_type::to_int_type(*begin);
    }

private:
    std::string_view data_;
    std::size_t chunk_;
    std::size_t next_ = 0;
};

class getline_parser {
public:
    // The bytes `chunk` at a time (0: in one piece), as a client reads its control connection.
    void parse(std::string_view data, std::size_t chunk) {
        chunk_streambuf buffer(data, chunk);
        std::istream in(&buffer);
        std::string line;
        while (std::getline(in, line)) on_line(line);
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
    bool in_multi_ = false;
    std::size_t replies_ = 0;
    std::size_t checksum_ = 0;
};

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_BASELINES_HPP
