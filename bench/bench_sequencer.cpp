// ftpwire benchmarks: the runtime sequencer (ns per call) on a realistic client session.
// SPDX-License-Identifier: MIT
#include "common.hpp"

#include <ftpwire/sequencer.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string_view>

namespace ftpwire_bench {
namespace {

using ftpwire::verb;

// One command and the replies it gets (second 0: a single reply).
struct exchange {
    verb v;
    std::string_view arg;
    int first;
    int second;
};

// Login, features, a few listings and transfers over PASV/EPSV, metadata, a rename, a refused RETR, QUIT: the
// session corpus in miniature. Each iteration runs it on a fresh sequencer.
constexpr exchange session[] = {
    {verb::user, "alice", 331, 0},  {verb::pass, "secret", 230, 0},  {verb::syst, "", 215, 0},
    {verb::feat, "", 211, 0},       {verb::pwd, "", 257, 0},         {verb::type, "I", 200, 0},
    {verb::pasv, "", 227, 0},       {verb::list, "", 150, 226},      {verb::cwd, "pub", 250, 0},
    {verb::epsv, "", 229, 0},       {verb::retr, "a.iso", 150, 226}, {verb::size, "b.tar", 213, 0},
    {verb::mdtm, "b.tar", 213, 0},  {verb::pasv, "", 227, 0},        {verb::stor, "up.bin", 150, 226},
    {verb::rnfr, "up.bin", 350, 0}, {verb::rnto, "up2.bin", 250, 0}, {verb::retr, "missing", 550, 0},
    {verb::epsv, "", 229, 0},       {verb::nlst, "", 150, 226},      {verb::noop, "", 200, 0},
    {verb::quit, "", 221, 0},
};
constexpr std::size_t session_commands = sizeof(session) / sizeof(session[0]);

// Client role, every step: check the command, send it, read its replies.
void bm_session(benchmark::State& state) {
    for (auto _ : state) {
        ftpwire::sequencer seq;
        seq.on_reply(220);
        std::size_t refused = 0;
        for (const exchange& e : session) {
            refused += seq.check(e.v, e.arg) ? 0 : 1;
            seq.on_command(e.v, e.arg);
            seq.on_reply(e.first);
            if (e.second != 0) seq.on_reply(e.second);
        }
        benchmark::DoNotOptimize(refused);
        benchmark::DoNotOptimize(&seq);  // escapes: re-read every iteration
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(session_commands));
}

// check() alone, logged in and idle, on every command of the session (accepted and refused ones).
void bm_check(benchmark::State& state) {
    ftpwire::sequencer seq;
    seq.on_reply(220);
    seq.on_command(verb::user, "alice");
    seq.on_reply(331);
    seq.on_command(verb::pass, "secret");
    seq.on_reply(230);
    for (auto _ : state) {
        benchmark::DoNotOptimize(&seq);  // escapes: re-read every iteration
        for (const exchange& e : session) benchmark::DoNotOptimize(seq.check(e.v, e.arg).accepted);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(session_commands));
}

[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>&) {
    benchmark::RegisterBenchmark("sequencer/check+on_command+on_reply (per command)", bm_session);
    benchmark::RegisterBenchmark("sequencer/check", bm_check);
});

}  // namespace
}  // namespace ftpwire_bench
