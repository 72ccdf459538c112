// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_COMMAND_HPP
#define FTPWIRE_COMMAND_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ftpwire {

// Every command verb ftpwire knows, in the order of the command table below.
// RFC 959 §4.1 first, then the extensions in RFC order.
enum class verb : std::uint8_t {
    // RFC 959 §4.1.1 access control
    user, pass, acct, cwd, cdup, smnt, rein, quit,
    // RFC 959 §4.1.2 transfer parameters
    port, pasv, type, stru, mode,
    // RFC 959 §4.1.3 service commands
    retr, stor, stou, appe, allo, rest, rnfr, rnto, abor, dele, rmd, mkd, pwd, list, nlst, site, syst,
    stat, help, noop,
    // RFC 775 (historic aliases RFC 1123 §4.1.3.1 asks servers to accept)
    xcup, xcwd, xmkd, xpwd, xrmd,
    // RFC 1639
    lprt, lpsv,
    // RFC 2228
    auth, adat, pbsz, prot, ccc, mic, conf, enc,
    // RFC 2389
    feat, opts,
    // RFC 2428
    eprt, epsv,
    // RFC 2640
    lang,
    // RFC 3659
    mdtm, size, mlst, mlsd,
    // RFC 7151
    host,
};

inline constexpr std::size_t verb_count = static_cast<std::size_t>(verb::host) + 1;

namespace detail {

inline constexpr std::string_view verb_names[verb_count] = {
    "USER", "PASS", "ACCT", "CWD",  "CDUP", "SMNT", "REIN", "QUIT",
    "PORT", "PASV", "TYPE", "STRU", "MODE",
    "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD",  "MKD",
    "PWD",  "LIST", "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP",
    "XCUP", "XCWD", "XMKD", "XPWD", "XRMD",
    "LPRT", "LPSV",
    "AUTH", "ADAT", "PBSZ", "PROT", "CCC",  "MIC",  "CONF", "ENC",
    "FEAT", "OPTS",
    "EPRT", "EPSV",
    "LANG",
    "MDTM", "SIZE", "MLST", "MLSD",
    "HOST",
};

[[nodiscard]] constexpr char ascii_upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// RFC 959 §5.3: command codes are case-insensitive.
[[nodiscard]] constexpr bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
    return true;
}

}  // namespace detail

// The canonical upper-case spelling of a verb ("RNFR").
[[nodiscard]] constexpr std::string_view to_string(verb v) noexcept {
    return detail::verb_names[static_cast<std::size_t>(v)];
}

struct verb_lookup {
    verb value;
    bool found;
};

// Case-insensitive lookup of a verb by name; found is false for unknown names.
[[nodiscard]] constexpr verb_lookup find_verb(std::string_view name) noexcept {
    for (std::size_t i = 0; i < verb_count; ++i)
        if (detail::equals_ignoring_case(name, detail::verb_names[i])) return {static_cast<verb>(i), true};
    return {verb::noop, false};
}

}  // namespace ftpwire

#endif  // FTPWIRE_COMMAND_HPP
