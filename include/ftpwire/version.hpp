// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_VERSION_HPP
#define FTPWIRE_VERSION_HPP

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
