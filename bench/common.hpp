// ftpwire benchmarks: what every benchmark file shares: the corpora of this run, the chunkings, and a
// registry so each file adds its benchmarks after main() has built the corpora.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_BENCH_COMMON_HPP
#define FTPWIRE_BENCH_COMMON_HPP

#include "corpora.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_bench {

// How the bytes arrive: all at once, one TCP segment (MSS 1460) at a time, or 64 KiB reads.
struct chunking {
    const char* name;
    std::size_t size;  // 0: whole corpus in one piece
};
inline constexpr chunking chunkings[] = {{"whole", 0}, {"1460", 1460}, {"65536", 65536}};

inline std::size_t chunk_size_of(const chunking& c, std::size_t corpus_size) {
    return c.size == 0 ? corpus_size : c.size;
}

// Calls f(std::string_view chunk) for each chunk of `data`.
template <class F>
void for_each_chunk(std::string_view data, std::size_t chunk, F&& f) {
    for (std::size_t off = 0; off < data.size(); off += chunk) f(data.substr(off, chunk));
}

// Every benchmark reports bytes/s and replies/s the same way.
inline void set_throughput(benchmark::State& state, const corpus& c) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c.bytes.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c.replies));
    state.counters["corpus_bytes"] = static_cast<double>(c.bytes.size());
}

// A benchmark that found a different number of replies than the generator wrote is wrong, not fast.
inline bool check_replies(benchmark::State& state, const corpus& c, std::size_t found) {
    if (found == c.replies) return true;
    std::string msg = "found " + std::to_string(found) + " replies, corpus has " + std::to_string(c.replies);
    state.SkipWithError(msg.c_str());
    return false;
}

using registrar = std::function<void(const std::vector<corpus>&)>;

inline std::vector<registrar>& registrars() {
    static std::vector<registrar> all;
    return all;
}

// A file-scope `[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>& cs) { ... });` in
// each benchmark file.
inline bool add_benchmarks(registrar r) {
    registrars().push_back(std::move(r));
    return true;
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_COMMON_HPP
