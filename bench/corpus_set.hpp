// ftpwire benchmarks: the corpora of one run: the four generated ones and `real`, the transcripts in
// tests/data/replies/ concatenated (whatever exists when the benchmark runs).
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_BENCH_CORPUS_SET_HPP
#define FTPWIRE_BENCH_CORPUS_SET_HPP

#include "baselines.hpp"
#include "corpora.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace ftpwire_bench {

// The line limit the adversarial corpus goes up to.
inline constexpr std::size_t adversarial_line_limit = 512;

// Transcripts, not the notes about them.
inline bool is_reply_file(const std::filesystem::path& p) {
    std::string name = p.filename().string();
    std::string ext = p.extension().string();
    return !name.empty() && name[0] != '.' && ext != ".md" && name.rfind("README", 0) != 0;
}

inline corpus make_real(const std::string& dir) {
    corpus c;
    c.name = "real";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec) && is_reply_file(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        c.bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    getline_parser p;
    p.parse_all(c.bytes);
    c.replies = p.replies();
    c.lines = static_cast<std::size_t>(std::count(c.bytes.begin(), c.bytes.end(), '\n'));
    return c;
}

inline std::vector<corpus> make_corpora(std::size_t bytes, const std::string& real_dir) {
    std::vector<corpus> all;
    all.push_back(make_session(bytes));
    all.push_back(make_multiline(bytes));
    all.push_back(make_small(bytes));
    all.push_back(make_adversarial(bytes, adversarial_line_limit));
    corpus real = make_real(real_dir);
    if (!real.bytes.empty()) all.push_back(std::move(real));
    return all;
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_CORPUS_SET_HPP
