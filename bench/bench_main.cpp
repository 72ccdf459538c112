// ftpwire benchmarks: builds the corpora, registers every benchmark, runs Google Benchmark.
// SPDX-License-Identifier: MIT
//
// Own flags (everything else goes to Google Benchmark):
//   --write-corpora DIR   write each corpus to DIR/<name>.txt and exit (for callgrind and other tools)
//   --corpus-bytes N      size of each generated corpus (default 1 MiB)
//   --real-dir DIR        where the real server bytes are (repeatable; default: tests/data/replies and
//                         tests/data/servers of the source tree)
//   --list-corpora        print name, bytes, lines, replies of each corpus and exit
#include "baselines.hpp"
#include "common.hpp"
#include "corpora.hpp"
#include "corpus_set.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace ftpwire_bench {
namespace {

void bm_memchr(benchmark::State& state, const corpus& c, chunking ch) {
    const std::size_t chunk = chunk_size_of(ch, c.bytes.size());
    std::size_t lines = 0;
    for (auto _ : state) {
        lines = 0;
        for_each_chunk(c.bytes, chunk,
                       [&](std::string_view piece) { lines += memchr_count_lines(piece.data(), piece.size()); });
        benchmark::DoNotOptimize(lines);
    }
    if (lines != c.lines) {
        state.SkipWithError("memchr baseline counted a different number of lines");
        return;
    }
    set_throughput(state, c);
}

void bm_bitmask(benchmark::State& state, const corpus& c, chunking ch) {
    const std::size_t chunk = chunk_size_of(ch, c.bytes.size());
    bitmask_lines totals;
    for (auto _ : state) {
        totals = bitmask_lines{};
        for_each_chunk(c.bytes, chunk,
                       [&](std::string_view piece) { bitmask_count_lines(piece.data(), piece.size(), totals); });
        benchmark::DoNotOptimize(totals.lines);
        benchmark::DoNotOptimize(totals.length_sum);
    }
    // Every line counted, and every byte but the line feeds in the lengths (a line cut by a chunk included).
    if (totals.lines != c.lines || totals.length_sum + totals.lines + totals.carried != c.bytes.size()) {
        state.SkipWithError("bitmask baseline counted a different number of lines");
        return;
    }
    set_throughput(state, c);
}

void bm_getline(benchmark::State& state, const corpus& c, chunking ch) {
    std::size_t replies = 0;
    for (auto _ : state) {
        getline_parser p;
        p.parse(c.bytes, ch.size);
        replies = p.replies();
        benchmark::DoNotOptimize(p.checksum());
    }
    if (!check_replies(state, c, replies)) return;
    state.counters["replies_found"] = static_cast<double>(replies);
    set_throughput(state, c);
}

[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>& corpora) {
    for (const corpus& c : corpora) {
        for (const chunking& ch : chunkings) {
            std::string suffix = c.name + "/" + ch.name;
            benchmark::RegisterBenchmark(("memchr/" + suffix).c_str(), bm_memchr, std::cref(c), ch);
            benchmark::RegisterBenchmark(("bitmask/" + suffix).c_str(), bm_bitmask, std::cref(c), ch);
            benchmark::RegisterBenchmark(("getline/" + suffix).c_str(), bm_getline, std::cref(c), ch);
        }
    }
});

// FNV-1a of a corpus: the same on every machine and compiler, or the generator is not deterministic.
std::uint64_t fnv1a(const std::string& bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

bool write_corpora(const std::vector<corpus>& corpora, const std::string& dir) {
    for (const corpus& c : corpora) {
        std::string path = dir + "/" + c.name + ".txt";
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) {
            std::fprintf(stderr, "ftpwire_bench: cannot write %s\n", path.c_str());
            return false;
        }
        bool ok = std::fwrite(c.bytes.data(), 1, c.bytes.size(), f) == c.bytes.size();
        ok = std::fclose(f) == 0 && ok;
        if (!ok) {
            std::fprintf(stderr, "ftpwire_bench: short write to %s\n", path.c_str());
            return false;
        }
        std::printf("%s\t%zu bytes\t%zu replies\n", path.c_str(), c.bytes.size(), c.replies);
    }
    return true;
}

}  // namespace
}  // namespace ftpwire_bench

int main(int argc, char** argv) {
    using namespace ftpwire_bench;
    std::string write_dir;
    std::vector<std::string> real_dirs;
    std::size_t corpus_bytes = std::size_t{1} << 20;
    bool list = false;
    // Take our own flags out of argv; Google Benchmark rejects flags it does not know.
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&](const char* flag) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "ftpwire_bench: %s needs a value\n", flag);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--write-corpora") {
            write_dir = value("--write-corpora");
        } else if (a == "--corpus-bytes") {
            corpus_bytes = std::strtoull(value("--corpus-bytes"), nullptr, 10);
        } else if (a == "--real-dir") {
            real_dirs.emplace_back(value("--real-dir"));
        } else if (a == "--list-corpora") {
            list = true;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    if (real_dirs.empty()) {
        const std::string data = FTPWIRE_BENCH_TEST_DATA_DIR;
        real_dirs = {data + "/replies", data + "/servers"};
    }

    std::vector<corpus> corpora = make_corpora(corpus_bytes, real_dirs);
    if (list) {
        for (const corpus& c : corpora)
            std::printf("%-12s %9zu bytes %7zu lines %7zu replies  fnv1a %s%s\n", c.name.c_str(), c.bytes.size(),
                        c.lines, c.replies, hex(fnv1a(c.bytes)).c_str(),
                        c.name == "real" ? (" (" + std::to_string(c.files) + " files, " +
                                            std::to_string(c.files_left_out) + " error samples left out)")
                                               .c_str()
                                         : "");
        return 0;
    }
    if (!write_dir.empty()) return write_corpora(corpora, write_dir) ? 0 : 2;

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::AddCustomContext("corpus_bytes", std::to_string(corpus_bytes));
    for (const corpus& c : corpora)
        benchmark::AddCustomContext("corpus_" + c.name, std::to_string(c.bytes.size()) + " bytes, " +
                                                            std::to_string(c.replies) + " replies, fnv1a " +
                                                            hex(fnv1a(c.bytes)));
    for (const registrar& r : registrars()) r(corpora);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
