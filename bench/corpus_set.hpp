// ftpwire benchmarks: the corpora of one run: the four generated ones and `real`, the transcripts in
// tests/data/replies/ concatenated (whatever exists when the benchmark runs).
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_BENCH_CORPUS_SET_HPP
#define FTPWIRE_BENCH_CORPUS_SET_HPP

#include "baselines.hpp"
#include "corpora.hpp"
#include "parse_drivers.hpp"

#include <ftpwire/reply_parser.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace ftpwire_bench {

// The adversarial corpus goes up to 8192 bytes a line (terminator included): the parser's default line limit until
// session 31 (now 16384), kept so that the corpus and the figures measured on it stay what they were.
inline constexpr std::size_t adversarial_line_limit = 8192;

// Raw reply bytes, not the notes, tables and logs next to them.
inline bool is_reply_file(const std::filesystem::path& p) {
    std::string name = p.filename().string();
    std::string ext = p.extension().string();
    return !name.empty() && name[0] != '.' && ext != ".md" && ext != ".json" && ext != ".py" &&
           name.rfind("README", 0) != 0;
}

// The raw server bytes in tests/data: replies/ (the parser's corpus, real servers' quirks included) and
// servers/ (what pyftpdlib and vsftpd sent, recorded). tests/data/transcripts/ holds client debug logs, not
// wire bytes, so it is not used. A file the default (lenient) parser rejects is an error sample, not traffic,
// and is left out, as is a file cut mid-line (it would merge with the next). The concatenation is repeated up
// to `min_bytes` so that 64 KiB chunks still mean something; the proportions stay those of the files.
// The reply count comes from ftpwire itself (default options: real servers break RFC 959 in ways such as
// glftpd closing "553-" with "150 ", bare "230", Telnet commands); the getline reader is held to it as well.
inline corpus make_real(const std::vector<std::string>& dirs, std::size_t min_bytes) {
    corpus c;
    c.name = "real";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const std::string& dir : dirs) {
        for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_regular_file(ec) && is_reply_file(it->path())) files.push_back(it->path());
        }
        ec.clear();
    }
    std::sort(files.begin(), files.end());
    std::string once;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.empty() || bytes.back() != '\n' || !parse_pull(bytes, bytes.size()).ok) {
            ++c.files_left_out;
            continue;
        }
        once += bytes;
        ++c.files;
    }
    if (once.empty()) return c;
    while (c.bytes.size() < min_bytes) c.bytes += once;
    c.replies = parse_pull(c.bytes, c.bytes.size()).replies;
    c.lines = static_cast<std::size_t>(std::count(c.bytes.begin(), c.bytes.end(), '\n'));
    return c;
}

inline std::vector<corpus> make_corpora(std::size_t bytes, const std::vector<std::string>& real_dirs) {
    std::vector<corpus> all;
    all.push_back(make_session(bytes));
    all.push_back(make_multiline(bytes));
    all.push_back(make_small(bytes));
    all.push_back(make_adversarial(bytes, adversarial_line_limit));
    corpus real = make_real(real_dirs, std::min<std::size_t>(bytes, 256 * 1024));
    if (!real.bytes.empty()) all.push_back(std::move(real));
    return all;
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_CORPUS_SET_HPP
