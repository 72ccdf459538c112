// ftpwire benchmarks: payload decoders (ns per call) on the texts real servers send.
// SPDX-License-Identifier: MIT
#include "common.hpp"

#include <ftpwire/payload.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string_view>

namespace ftpwire_bench {
namespace {

// A few spellings of each reply (vsftpd, ProFTPD, pyftpdlib, IIS), cycled through so that no single input is
// predicted perfectly.
// clang-format off
constexpr std::string_view pasv_texts[] = {"Entering Passive Mode (192,168,44,183,162,221).",
                                           "Entering passive mode (127,0,0,1,156,113).",
                                           "Entering Passive Mode 10,0,0,5,19,137",
                                           "227 Entering Passive Mode (192,168,1,2,195,80).\r\n"};
constexpr std::string_view epsv_texts[] = {"Entering Extended Passive Mode (|||38207|)",
                                           "Entering extended passive mode (|||40024|).",
                                           "Entering Extended Passive Mode (!!!50000!)"};
constexpr std::string_view path_texts[] = {"\"/home/alice\" is the current directory",
                                           "\"/srv/ftp/Shared Files/new\" created",
                                           "\"/\" is current directory.",
                                           "\"/pub/he said \"\"hi\"\"\" is current directory."};
constexpr std::string_view size_texts[] = {"2223337182", "160", "0", "98137030"};
constexpr std::string_view mdtm_texts[] = {"20240517123456", "20231231235959", "20240229120000.123"};
constexpr std::string_view transfer_texts[] = {
    "Opening BINARY mode data connection for photo 001.JPG (98137030 bytes).",
    "Here comes the directory listing.",
    "Opening BINARY mode data connection for backup (2024).tar.gz (2226822 bytes)."};
// clang-format on
constexpr std::string_view feat_replies[] = {
    "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n",
    "211-Features supported:\r\n EPRT\r\n EPSV\r\n MDTM\r\n MFMT\r\n MLST type*;perm*;size*;modify*;unique*;"
    "unix.mode;unix.uid;unix.gid;\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End FEAT.\r\n"};

template <std::size_t N, class F>
void run_texts(benchmark::State& state, const std::string_view (&texts)[N], F&& decode) {
    for (auto _ : state) {
        for (std::string_view t : texts) {
            benchmark::DoNotOptimize(t);
            benchmark::DoNotOptimize(decode(t));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(N));
}

[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>&) {
    benchmark::RegisterBenchmark("payload/decode_pasv", [](benchmark::State& s) {
        run_texts(s, pasv_texts, [](std::string_view t) { return ftpwire::decode_pasv(t).value.port; });
    });
    benchmark::RegisterBenchmark("payload/decode_epsv", [](benchmark::State& s) {
        run_texts(s, epsv_texts, [](std::string_view t) { return ftpwire::decode_epsv(t).value; });
    });
    benchmark::RegisterBenchmark("payload/decode_path", [](benchmark::State& s) {
        run_texts(s, path_texts, [](std::string_view t) { return ftpwire::decode_path(t).value.view().size(); });
    });
    benchmark::RegisterBenchmark("payload/decode_size", [](benchmark::State& s) {
        run_texts(s, size_texts, [](std::string_view t) { return ftpwire::decode_size(t).value; });
    });
    benchmark::RegisterBenchmark("payload/decode_mdtm", [](benchmark::State& s) {
        run_texts(s, mdtm_texts, [](std::string_view t) { return ftpwire::decode_mdtm(t).value.year; });
    });
    benchmark::RegisterBenchmark("payload/decode_transfer_size", [](benchmark::State& s) {
        run_texts(s, transfer_texts, [](std::string_view t) { return ftpwire::decode_transfer_size(t).value.bytes; });
    });
    benchmark::RegisterBenchmark("payload/decode_features+has", [](benchmark::State& s) {
        run_texts(s, feat_replies, [](std::string_view t) { return ftpwire::decode_features(t).has("MLST"); });
    });
    benchmark::RegisterBenchmark("payload/decode_features+iterate", [](benchmark::State& s) {
        run_texts(s, feat_replies, [](std::string_view t) { return ftpwire::decode_features(t).size(); });
    });
});

}  // namespace
}  // namespace ftpwire_bench
