// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_VERSION_HPP
#define FTPWIRE_VERSION_HPP

// One clear error instead of hundreds (std::string_view, inline variables, ...) when a consumer forgets C++17.
// Every public header includes this one first. MSVC reports 199711L in __cplusplus unless /Zc:__cplusplus is
// given; _MSVC_LANG always holds its real standard.
#if defined(_MSVC_LANG) ? _MSVC_LANG < 201703L : __cplusplus < 201703L
#error "ftpwire needs C++17 or later: -std=c++17 (GCC, Clang), /std:c++17 (MSVC), cpp_std=c++17 (meson)"
#endif

// Kept equal to project(VERSION) in CMakeLists.txt and version: in meson.build (a test checks).
#define FTPWIRE_VERSION_MAJOR 0
#define FTPWIRE_VERSION_MINOR 1
#define FTPWIRE_VERSION_PATCH 0

namespace ftpwire {

struct version_triple {
    int major;
    int minor;
    int patch;
};

inline constexpr version_triple version{FTPWIRE_VERSION_MAJOR, FTPWIRE_VERSION_MINOR, FTPWIRE_VERSION_PATCH};

}  // namespace ftpwire

#endif  // FTPWIRE_VERSION_HPP
