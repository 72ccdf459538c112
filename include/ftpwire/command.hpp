// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
#ifndef FTPWIRE_COMMAND_HPP
#define FTPWIRE_COMMAND_HPP

#include "version.hpp"

#include "detail/writer.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
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

namespace detail {

// Whether a name has the form of a command verb, in the command table or not: letters and digits, a letter first.
// RFC 959 §5.3 makes verbs alphabetic; servers' own verbs add digits (XSHA1, XSHA256), nothing else.
[[nodiscard]] constexpr bool is_verb_name(std::string_view name) noexcept {
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (name.empty() || !letter(name.front())) return false;
    for (const char c : name)
        if (!letter(c) && !(c >= '0' && c <= '9')) return false;
    return true;
}

}  // namespace detail

// Case-insensitive lookup of a verb by name; found is false for unknown names.
[[nodiscard]] constexpr verb_lookup find_verb(std::string_view name) noexcept {
    for (std::size_t i = 0; i < verb_count; ++i)
        if (detail::equals_ignoring_case(name, detail::verb_names[i])) return {static_cast<verb>(i), true};
    return {verb::noop, false};
}

// ---------------------------------------------------------------------------------------------------------
// The command table
// ---------------------------------------------------------------------------------------------------------

// Whether a command line carries an argument after the verb (RFC 959 §5.3.1 grammar, extension grammars).
enum class argument_rule : std::uint8_t {
    none,      // "PWD"
    required,  // "RETR <SP> <pathname>"
    optional,  // "LIST [<SP> <pathname>]"
};

// Whether a command opens a data connection, and which way the data flows.
enum class data_transfer : std::uint8_t {
    none,
    to_client,  // RETR, LIST, NLST, MLSD: the server sends
    to_server,  // STOR, STOU, APPE: the client sends
};

[[nodiscard]] constexpr std::string_view to_string(argument_rule r) noexcept {
    switch (r) {
        case argument_rule::none: return "none";
        case argument_rule::required: return "required";
        case argument_rule::optional: return "optional";
    }
    return "unknown";
}

[[nodiscard]] constexpr std::string_view to_string(data_transfer t) noexcept {
    switch (t) {
        case data_transfer::none: return "none";
        case data_transfer::to_client: return "to_client";
        case data_transfer::to_server: return "to_server";
    }
    return "unknown";
}

namespace detail {
// Not constexpr on purpose: a table row with more codes than a list holds stops compiling.
inline void reply_code_list_is_full() noexcept {}
}  // namespace detail

// A short fixed-capacity list of reply codes, written in the table as {250, 500, 501}.
class reply_code_list {
public:
    static constexpr std::size_t capacity = 24;

    constexpr reply_code_list() noexcept = default;
    constexpr reply_code_list(std::initializer_list<std::uint16_t> codes) noexcept {
        for (std::uint16_t c : codes) {
            if (size_ == capacity) {
                detail::reply_code_list_is_full();
                return;
            }
            codes_[size_++] = c;
        }
    }

    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] constexpr std::uint16_t operator[](std::size_t i) const noexcept { return codes_[i]; }
    [[nodiscard]] constexpr const std::uint16_t* begin() const noexcept { return codes_; }
    [[nodiscard]] constexpr const std::uint16_t* end() const noexcept { return codes_ + size_; }
    [[nodiscard]] constexpr bool contains(int code) const noexcept {
        for (std::size_t i = 0; i < size_; ++i)
            if (codes_[i] == code) return true;
        return false;
    }

private:
    std::uint16_t codes_[capacity] = {};
    std::size_t size_ = 0;
};

// One row of the command table.
struct command_info {
    verb id;
    argument_rule argument;
    data_transfer transfer;
    // RFC 5797 §3 "FEAT Code" column: "base" (RFC 959), "hist" (historic), "secu" (RFC 2228),
    // "feat" (RFC 2389), "nat6" (RFC 2428), or the FEAT keyword itself ("MDTM", "MLST", "UTF8", ...).
    std::string_view feat_code;
    // The line a FEAT reply lists to advertise the command (RFC 2389 §3.2), empty when the command is
    // not advertised: "REST STREAM" (RFC 3659 §5.4), "AUTH" (followed by mechanisms, RFC 4217 §6), ... Some are
    // what servers list rather than what an RFC defines: "EPRT" and "EPSV" (vsftpd, ProFTPD, Pure-FTPd and
    // pyftpdlib, tests/data/servers/; RFC 2428 names no FEAT line) and "CCC" (ProFTPD with TLS; RFC 4217 §6 names
    // only AUTH, PBSZ and PROT).
    std::string_view feat_keyword;
    std::uint16_t rfc;  // the RFC that defines the command
    // The replies the defining RFC lists for the command (RFC 959 §5.4 for the base commands), by class;
    // base rows also carry the codes later RFCs add to them (RFC 1123 §4.1.3.4: 554, 555; RFC 2228 §8.2: 232,
    // 336, 534, 535; RFC 4217 §10.2: 521, 522).
    reply_code_list preliminary;   // 1yz
    reply_code_list success;       // 2yz; for MIC, CONF and ENC the 63z reply that wraps the outcome (RFC 2228 §5.2)
    reply_code_list intermediate;  // 3yz
    reply_code_list error;         // 4yz and 5yz
    // RFC 3659 §3.2, §4.2: "Various 4xy replies are also possible" for MDTM, SIZE; §7.2.1: "any of the 4xy
    // replies" for MLST, MLSD.
    bool any_transient_error;

    [[nodiscard]] constexpr std::string_view name() const noexcept { return to_string(id); }
    [[nodiscard]] constexpr bool opens_data_connection() const noexcept {
        return transfer != data_transfer::none;
    }
};

namespace detail {

// clang-format off
inline constexpr command_info command_rows[verb_count] = {
    // RFC 959 §5.4 "Login"
    {verb::user, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {230, 232}, {331, 332, 336}, {530, 500, 501, 421}, false},
    // PASS: the grammar requires a password, yet clients send a bare "PASS" for an empty one.
    {verb::pass, argument_rule::optional, data_transfer::none, "base", "", 959,
     {}, {230, 202}, {332}, {530, 500, 501, 503, 421}, false},
    {verb::acct, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {230, 202}, {}, {530, 500, 501, 503, 421}, false},
    {verb::cwd, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {250}, {}, {500, 501, 502, 421, 530, 550}, false},
    // CDUP: RFC 959 §5.4 lists 200 only, yet servers answer it as the CWD it stands for, with 250 (all four in
    // tests/data/servers/README.md, normal_session); the table is lenient with what real servers send.
    {verb::cdup, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {200, 250}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::smnt, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {202, 250}, {}, {500, 501, 502, 421, 530, 550}, false},
    // "Logout"
    {verb::rein, argument_rule::none, data_transfer::none, "base", "", 959,
     {120}, {220}, {}, {421, 500, 502}, false},
    {verb::quit, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {221}, {}, {500}, false},
    // "Transfer parameters"
    {verb::port, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200}, {}, {500, 501, 421, 530}, false},
    {verb::pasv, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {227}, {}, {500, 501, 502, 421, 530}, false},
    {verb::type, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200}, {}, {500, 501, 504, 421, 530}, false},
    {verb::stru, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200}, {}, {500, 501, 504, 421, 530}, false},
    {verb::mode, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200}, {}, {500, 501, 504, 421, 530}, false},
    // "File action commands"; the data commands gain 534 and 535 from RFC 2228 §8.2, and 521 (refused before
    // any 1yz: wrong PROT level) and 522 (TLS on the data connection failed) from RFC 4217 §10.2, which names
    // STOR, RETR, NLST, LIST, STOU, APPE. RFC 1123 §4.1.3.4: 554 (bad REST position) and 555 (TYPE or STRU
    // mismatch) answer the transfer after a REST, which repositions an existing file: RETR, STOR, APPE; 555
    // also answers APPE without REST.
    {verb::retr, argument_rule::required, data_transfer::to_client, "base", "", 959,
     {125, 150, 110}, {226, 250}, {},
     {425, 426, 451, 450, 550, 500, 501, 421, 530, 534, 535, 521, 522, 554, 555}, false},
    // STOR: RFC 959 §5.4 has 550 for APPE but not STOR, yet servers refuse an upload to a path they deny with
    // 550 (ProFTPD's "Permission denied"); lenient like CDUP's 250.
    {verb::stor, argument_rule::required, data_transfer::to_server, "base", "", 959,
     {125, 150, 110}, {226, 250}, {},
     {425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 421, 530, 534, 535, 521, 522, 554, 555, 550}, false},
    // STOU: RFC 959 §5.3.1 gives it no argument; clients still send a name hint, so it is optional here.
    // RFC 1123 §4.1.2.9: the 125/150 reply names the file ("150 FILE: pppp"). 550 as for STOR: not in RFC 959
    // §5.4, but an upload into a directory the server denies is refused with it whichever of the two asks.
    {verb::stou, argument_rule::optional, data_transfer::to_server, "base", "", 959,
     {125, 150, 110}, {226, 250}, {},
     {425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 421, 530, 534, 535, 521, 522, 550}, false},
    {verb::appe, argument_rule::required, data_transfer::to_server, "base", "", 959,
     {125, 150, 110}, {226, 250}, {},
     {425, 426, 451, 551, 552, 532, 450, 550, 452, 553, 500, 501, 502, 421, 530, 534, 535, 521, 522, 554, 555},
     false},
    {verb::allo, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200, 202}, {}, {500, 501, 504, 421, 530}, false},
    {verb::rest, argument_rule::required, data_transfer::none, "base", "REST STREAM", 959,
     {}, {}, {350}, {500, 501, 502, 421, 530}, false},
    {verb::rnfr, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {}, {350}, {450, 550, 500, 501, 502, 421, 530}, false},
    {verb::rnto, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {250}, {}, {532, 553, 500, 501, 502, 503, 421, 530}, false},
    {verb::abor, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {225, 226}, {}, {500, 501, 502, 421}, false},
    {verb::dele, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {250}, {}, {450, 550, 500, 501, 502, 421, 530}, false},
    {verb::rmd, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {250}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::mkd, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {257}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::pwd, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {257}, {}, {500, 501, 502, 421, 550}, false},
    {verb::list, argument_rule::optional, data_transfer::to_client, "base", "", 959,
     {125, 150}, {226, 250}, {}, {425, 426, 451, 450, 500, 501, 502, 421, 530, 534, 535, 521, 522}, false},
    {verb::nlst, argument_rule::optional, data_transfer::to_client, "base", "", 959,
     {125, 150}, {226, 250}, {}, {425, 426, 451, 450, 500, 501, 502, 421, 530, 534, 535, 521, 522}, false},
    // "Miscellaneous commands"
    {verb::site, argument_rule::required, data_transfer::none, "base", "", 959,
     {}, {200, 202}, {}, {500, 501, 530}, false},
    // "Informational commands"
    {verb::syst, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {215}, {}, {500, 501, 502, 421}, false},
    {verb::stat, argument_rule::optional, data_transfer::none, "base", "", 959,
     {}, {211, 212, 213}, {}, {450, 500, 501, 502, 421, 530}, false},
    {verb::help, argument_rule::optional, data_transfer::none, "base", "", 959,
     {}, {211, 214}, {}, {500, 501, 502, 421}, false},
    {verb::noop, argument_rule::none, data_transfer::none, "base", "", 959,
     {}, {200}, {}, {500, 421}, false},
    // RFC 775 aliases: the replies of the commands they stand for (RFC 1123 §4.1.3.1).
    {verb::xcup, argument_rule::none, data_transfer::none, "hist", "", 775,
     {}, {200, 250}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::xcwd, argument_rule::required, data_transfer::none, "hist", "", 775,
     {}, {250}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::xmkd, argument_rule::required, data_transfer::none, "hist", "", 775,
     {}, {257}, {}, {500, 501, 502, 421, 530, 550}, false},
    {verb::xpwd, argument_rule::none, data_transfer::none, "hist", "", 775,
     {}, {257}, {}, {500, 501, 502, 421, 550}, false},
    {verb::xrmd, argument_rule::required, data_transfer::none, "hist", "", 775,
     {}, {250}, {}, {500, 501, 502, 421, 530, 550}, false},
    // RFC 1639 §4: the PORT/PASV replies plus 521 (address family not supported).
    {verb::lprt, argument_rule::required, data_transfer::none, "hist", "", 1639,
     {}, {200}, {}, {500, 501, 521, 421, 530}, false},
    {verb::lpsv, argument_rule::none, data_transfer::none, "hist", "", 1639,
     {}, {228}, {}, {500, 501, 502, 521, 421, 530}, false},
    // RFC 2228 §8.2, plus "any security command can return 500, 501, 502, 533, or 421".
    {verb::auth, argument_rule::required, data_transfer::none, "secu", "AUTH", 2228,
     {}, {234}, {334}, {502, 504, 534, 431, 500, 501, 421, 533}, false},
    {verb::adat, argument_rule::required, data_transfer::none, "secu", "", 2228,
     {}, {235}, {335}, {503, 501, 535, 500, 421, 502, 533}, false},
    {verb::pbsz, argument_rule::required, data_transfer::none, "secu", "PBSZ", 2228,
     {}, {200}, {}, {503, 500, 501, 421, 530, 502, 533}, false},
    {verb::prot, argument_rule::required, data_transfer::none, "secu", "PROT", 2228,
     {}, {200}, {}, {504, 536, 503, 534, 431, 500, 501, 421, 530, 502, 533}, false},
    // CCC: RFC 2228 §3 text (not listed in §8.2): 200, or 533 / 534.
    {verb::ccc, argument_rule::none, data_transfer::none, "secu", "CCC", 2228,
     {}, {200}, {}, {533, 534, 500, 501, 502, 421}, false},
    // MIC/CONF/ENC have no reply of their own when they succeed: the command inside them is answered with a
    // protected reply (RFC 2228 §5.2) wrapping its real reply, listed under success. RFC 2228 §7 asks for the
    // command's own protection (MIC 631, ENC 632, CONF 633); all three are listed, as that is a recommendation.
    // Besides §8.2's 535 and 533, the §3 text says the server "should respond with" 503 (no security data
    // exchange yet, or CCC required first) and 537 (the mechanism does not support the command).
    {verb::mic, argument_rule::required, data_transfer::none, "secu", "", 2228,
     {}, {631, 632, 633}, {}, {535, 533, 503, 537, 500, 501, 502, 421}, false},
    {verb::conf, argument_rule::required, data_transfer::none, "secu", "", 2228,
     {}, {631, 632, 633}, {}, {535, 533, 503, 537, 500, 501, 502, 421}, false},
    {verb::enc, argument_rule::required, data_transfer::none, "secu", "", 2228,
     {}, {631, 632, 633}, {}, {535, 533, 503, 537, 500, 501, 502, 421}, false},
    // RFC 2389 §3 (FEAT) and §4 (OPTS).
    {verb::feat, argument_rule::none, data_transfer::none, "feat", "", 2389,
     {}, {211}, {}, {500, 501, 502}, false},
    {verb::opts, argument_rule::required, data_transfer::none, "feat", "", 2389,
     {}, {200}, {}, {451, 501, 500, 502}, false},
    // RFC 2428 §2, §3. EPSV ALL is acknowledged with 200 in practice; the RFC names no code for it.
    {verb::eprt, argument_rule::required, data_transfer::none, "nat6", "EPRT", 2428,
     {}, {200}, {}, {500, 501, 522}, false},
    {verb::epsv, argument_rule::optional, data_transfer::none, "nat6", "EPSV", 2428,
     {}, {229, 200}, {}, {500, 501, 522}, false},
    // RFC 2640 §4.2 (the RFC 5797 registry files LANG under the FEAT code "UTF8"). Its grammar has no 421: like
    // the other extension rows, LANG gets that only through is_legal_reply's any-command rule.
    {verb::lang, argument_rule::optional, data_transfer::none, "UTF8", "LANG", 2640,
     {}, {200}, {}, {500, 501, 502, 504}, false},
    // RFC 3659 §3.2, §4.2, §7.2, §7.2.1.
    {verb::mdtm, argument_rule::required, data_transfer::none, "MDTM", "MDTM", 3659,
     {}, {213}, {}, {550, 500, 501}, true},
    {verb::size, argument_rule::required, data_transfer::none, "SIZE", "SIZE", 3659,
     {}, {213}, {}, {550, 500, 501}, true},
    {verb::mlst, argument_rule::optional, data_transfer::none, "MLST", "MLST", 3659,
     {}, {250}, {}, {500, 501, 550, 530, 553, 503, 504}, true},
    {verb::mlsd, argument_rule::optional, data_transfer::to_client, "MLST", "MLST", 3659,
     {150}, {226}, {}, {500, 501, 550, 530, 553, 503, 504}, true},
    // RFC 7151 §3.2 (220, the greeting's code) and §3.3. No 120: the §3.2.3 diagram takes any 1yz to HOST to
    // the error state.
    {verb::host, argument_rule::required, data_transfer::none, "HOST", "HOST", 7151,
     {}, {220}, {}, {421, 500, 501, 502, 503, 504}, false},
};
// clang-format on

[[nodiscard]] constexpr bool command_rows_are_in_verb_order() noexcept {
    for (std::size_t i = 0; i < verb_count; ++i)
        if (static_cast<std::size_t>(command_rows[i].id) != i) return false;
    return true;
}
static_assert(command_rows_are_in_verb_order(), "command_rows must list every verb in enum order");

}  // namespace detail

// The table row of a verb.
[[nodiscard]] constexpr const command_info& command_info_of(verb v) noexcept {
    return detail::command_rows[static_cast<std::size_t>(v)];
}

// The whole table, indexed by verb.
[[nodiscard]] constexpr const command_info* command_table() noexcept { return detail::command_rows; }

// True when the table lists code as a reply to v (RFC 959 §5.4 and the extension RFCs), taking
// "various 4xy" rows (RFC 3659) into account. Nothing else: 421 is listed wherever §5.4 lists it.
[[nodiscard]] constexpr bool is_listed_reply(verb v, int code) noexcept {
    const command_info& c = command_info_of(v);
    if (c.preliminary.contains(code) || c.success.contains(code) || c.intermediate.contains(code) ||
        c.error.contains(code))
        return true;
    return c.any_transient_error && code >= 400 && code <= 499;
}

// Is code a legal reply to v? The table, plus the replies an RFC allows for any command: 421, which RFC 959
// §4.2 allows as "a reply to any command if the service knows it must shut down"; 533, which RFC 2228 §3 has a
// server that requires protected commands send to every command but MIC, CONF and ENC (whose rows list it from
// §8.2 for their own refusals); and the protected replies 631-633 that RFC 2228 §5.2 and §8.2 allow for any
// command once a security exchange is done.
[[nodiscard]] constexpr bool is_legal_reply(verb v, int code) noexcept {
    return is_listed_reply(v, code) || code == 421 || code == 533 || (code >= 631 && code <= 633);
}

// Whether a command's argument fits the table's argument rule (RFC 959 §5.3.2 and the extensions' grammars): RETR
// with none is missing one, PASV with one has one it does not take. An empty argument counts as none, as in a line
// "PWD " whose lone SP carries nothing. parse_command refuses the same lines (missing_argument,
// unexpected_argument), format_command will not write them; servers differ in whether they check at all (vsftpd
// 3.0.3 does not: RETR alone is 425 or 550 there, pyftpdlib 1.5.7 answers 501 even before the login).
enum class argument_fit : std::uint8_t {
    fits,
    missing,     // "RETR": the command requires an argument
    unexpected,  // "PASV x": the command takes none
};

[[nodiscard]] constexpr std::string_view to_string(argument_fit f) noexcept {
    switch (f) {
        case argument_fit::fits: return "fits";
        case argument_fit::missing: return "missing";
        case argument_fit::unexpected: return "unexpected";
    }
    return "unknown";
}

namespace detail {
static_assert(verb_count <= 64, "ftpwire: one bit per verb in a 64-bit word");
// One bit per verb whose argument rule is r: argument_fit_of reads a word, not a command table row (the sequencer
// asks for every command it checks).
[[nodiscard]] constexpr std::uint64_t verbs_with_argument_rule(argument_rule r) noexcept {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < verb_count; ++i)
        if (command_rows[i].argument == r) bits |= std::uint64_t{1} << i;
    return bits;
}
inline constexpr std::uint64_t verbs_requiring_argument = verbs_with_argument_rule(argument_rule::required);
inline constexpr std::uint64_t verbs_taking_no_argument = verbs_with_argument_rule(argument_rule::none);
}  // namespace detail

[[nodiscard]] constexpr argument_fit argument_fit_of(verb v, std::string_view argument) noexcept {
    // Branch-free: the word to test picked by whether there is an argument, the bit shifted to fit's value.
    const bool none = argument.empty();
    const std::uint64_t word = none ? detail::verbs_requiring_argument : detail::verbs_taking_no_argument;
    const auto misfit = static_cast<unsigned>((word >> static_cast<unsigned>(v)) & 1U);
    return static_cast<argument_fit>(misfit * (none ? 1U : 2U));
}

// ---------------------------------------------------------------------------------------------------------
// Parsing a command line (server side)
// ---------------------------------------------------------------------------------------------------------

enum class command_error : std::uint8_t {
    none,
    missing_line_end,     // no line end yet: feed more bytes (not an error for a stream)
    line_too_long,        // no line end within max_line_length bytes
    bare_line_feed,       // LF without CR (RFC 959 §4.1: lines end in CRLF); accepted with accept_bare_lf
    control_character,    // a control byte inside the line (NUL, DEL, TAB but in the argument, ..., a CR followed
                          // by neither LF nor NUL: RFC 854 lets only LF or NUL follow CR, so CR IAC NOP LF is a
                          // lone CR too; CR NUL is a CR in the argument, as RFC 2640 §3.1 pads one in a pathname,
                          // and no part of a verb)
    missing_verb,         // empty line, or a line starting with a space
    unknown_verb,         // not in the command table (verb_text holds what was sent)
    missing_argument,     // the command requires an argument
    unexpected_argument,  // the command takes none
    telnet_needs_buffer,  // Telnet commands inside the line: call the overload that takes a buffer
    buffer_too_small,     // the decode buffer is smaller than the line
};

[[nodiscard]] constexpr std::string_view to_string(command_error e) noexcept {
    switch (e) {
        case command_error::none: return "none";
        case command_error::missing_line_end: return "missing_line_end";
        case command_error::line_too_long: return "line_too_long";
        case command_error::bare_line_feed: return "bare_line_feed";
        case command_error::control_character: return "control_character";
        case command_error::missing_verb: return "missing_verb";
        case command_error::unknown_verb: return "unknown_verb";
        case command_error::missing_argument: return "missing_argument";
        case command_error::unexpected_argument: return "unexpected_argument";
        case command_error::telnet_needs_buffer: return "telnet_needs_buffer";
        case command_error::buffer_too_small: return "buffer_too_small";
    }
    return "unknown";
}

struct command_parse_options {
    // RFC 959 fixes no limit. 4096 bytes (line end included) holds a PATH_MAX path after the verb and is
    // the command buffer size vsftpd uses; raise it for servers with longer names.
    std::size_t max_line_length = 4096;
    // Accept a line ending in LF alone (some scripted clients); RFC 959 §4.1 requires CRLF.
    bool accept_bare_lf = false;
};

inline constexpr command_parse_options strict_command_options{4096, false};
inline constexpr command_parse_options lenient_command_options{4096, true};

// A parsed command line. Views point into the input, or into the caller's buffer when Telnet commands
// had to be removed from inside the line.
struct command_line {
    verb id = verb::noop;            // valid when the parse succeeded
    std::string_view verb_text;      // the verb as sent ("retr"), also on unknown_verb
    std::string_view argument;       // everything after the single SP following the verb, spaces kept
    bool has_argument = false;       // a SP followed the verb
};

struct command_parse_result {
    command_line command;
    command_error error = command_error::none;
    std::size_t offset = 0;    // byte offset in the input where the error was found
    // Bytes of the input up to and including the line's LF: set on success and with every error of a line whose
    // LF lies within max_line_length bytes (bare_line_feed, control_character, missing_verb, unknown_verb,
    // missing_argument, unexpected_argument, telnet_needs_buffer, buffer_too_small); 0 only with missing_line_end
    // and line_too_long, the errors of a line without that LF (an LF inside a Telnet subnegotiation does not end
    // the line: it runs to its IAC SE). After an error a server answers 500/501 and does remove_prefix(consumed)
    // to go on with the next line (or, after telnet_needs_buffer, parses the same input again with a buffer).
    std::size_t consumed = 0;

    [[nodiscard]] constexpr bool ok() const noexcept { return error == command_error::none; }
    [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok(); }
};

namespace detail {

inline constexpr unsigned char telnet_iac = 255;   // RFC 854 "Interpret as Command"
inline constexpr unsigned char telnet_se = 240;    // end of subnegotiation
inline constexpr unsigned char telnet_sb = 250;    // begin of subnegotiation
inline constexpr unsigned char telnet_will = 251;  // WILL, WONT, DO, DONT carry one option byte
inline constexpr unsigned char telnet_dont = 254;

// Where the subnegotiation whose data starts at in[from] ends (just after its IAC SE), or npos when its IAC SE is
// not in in[from, end). RFC 855: IAC SE ends it; inside it IAC IAC is a data byte 255 (RFC 854), so the byte after
// an IAC never begins the end marker. The same walk as the reply side's detail::telnet_skipper.
[[nodiscard]] constexpr std::size_t subnegotiation_end(std::string_view in, std::size_t from,
                                                       std::size_t end) noexcept {
    for (std::size_t j = from; j + 1 < end; ++j) {
        if (static_cast<unsigned char>(in[j]) != telnet_iac) continue;
        if (static_cast<unsigned char>(in[j + 1]) == telnet_se) return j + 2;
        ++j;  // IAC IAC, or IAC and another byte: the pair is part of the subnegotiation
    }
    return std::string_view::npos;
}

// Walks one line of the input, dropping Telnet command sequences (RFC 854; RFC 959 §4.1.3 sends
// IAC IP and IAC DM before ABOR), and hands every remaining byte with its input offset to sink. EC and EL
// (erase character, erase line) are dropped as the others, not applied: they are for people at a terminal, no
// FTP client sends them, and a server that applied them would see a line other than the one a proxy checked.
// IAC IAC stands for one data byte 255. A byte 255 not followed by a command byte passes as data.
// The first error (a bad byte, or one sink returns) is kept and the walk goes on to the line's LF without
// calling sink again, so that consumed skips the whole line (any LF ends it then, a bare one included).
// Returns the error and its offset, and how many bytes the line took (line end included); consumed is 0, and
// the error missing_line_end or line_too_long, when no LF comes within max_line_length bytes.
struct command_line_scan {
    command_error error = command_error::none;
    std::size_t offset = 0;
    std::size_t consumed = 0;
    std::size_t line_end = 0;  // where the line end starts: its CR, or the LF of a bare one (when consumed != 0)
};

template <typename Sink>
constexpr command_line_scan scan_command_line(std::string_view in, const command_parse_options& options,
                                      Sink&& sink) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
    std::size_t i = 0;
    bool pending_cr = false;
    std::size_t pending_cr_at = 0;
    command_error error = command_error::none;
    std::size_t error_at = 0;
    const auto fail = [&](command_error e, std::size_t at) {
        if (error != command_error::none) return;
        error = e;
        error_at = at;
    };
    // RFC 854: CR is followed by LF, or by NUL for a CR alone; anything else after it, a Telnet command
    // included, leaves a lone CR, which a command line cannot hold. CR NUL is that CR alone, a data byte: RFC 2640
    // §3.1 sends a CR in a pathname padded so ("the <NUL> character MUST be stripped away" on receipt).
    const auto lone_cr = [&]() {
        if (!pending_cr) return;
        fail(command_error::control_character, pending_cr_at);
        pending_cr = false;
    };
    bool in_argument = false;  // a data SP came: the verb is over
    // A data byte: to sink until the first error, with the input offset of the byte (at) and of the first byte
    // that stands for it (error_offset: the first IAC of IAC IAC), where errors about it are reported.
    const auto data = [&](char c, std::size_t at, std::size_t error_offset) {
        if (c == ' ') in_argument = true;
        if (error != command_error::none) return;
        const command_error e = sink(c, at, error_offset);
        if (e != command_error::none) fail(e, error_offset);
    };
    // No line end in the input: more may come, unless max_line_length bytes are there already. Telnet commands
    // count towards the length, a subnegotiation left open included (else a peer could make a server buffer
    // without bound).
    const auto incomplete = [&]() -> command_line_scan {
        if (in.size() >= options.max_line_length) return {command_error::line_too_long, options.max_line_length, 0};
        return {command_error::missing_line_end, in.size(), 0};
    };
    while (i < in.size()) {
        if (i >= options.max_line_length) return {command_error::line_too_long, options.max_line_length, 0};
        const unsigned char c = byte(i);
        if (c == telnet_iac) {
            lone_cr();
            if (i + 1 >= in.size()) return incomplete();
            const unsigned char cmd = byte(i + 1);
            if (cmd == telnet_iac) {  // escaped data byte 255
                data('\xFF', i + 1, i);
                i += 2;
            } else if (cmd >= telnet_will && cmd <= telnet_dont) {  // option negotiation: 3 bytes
                if (i + 2 >= in.size()) return incomplete();
                i += 3;
            } else if (cmd == telnet_sb) {  // skip to IAC SE, within the line's limit
                const std::size_t end = in.size() < options.max_line_length ? in.size() : options.max_line_length;
                const std::size_t after = subnegotiation_end(in, i + 2, end);
                if (after == std::string_view::npos) return incomplete();
                i = after;
            } else if (cmd >= telnet_se) {  // NOP, DM, BRK, IP, AO, AYT, EC, EL, GA: no operand
                i += 2;
            } else {  // not a Telnet command: a raw data byte 255 (Latin-1 'ÿ' sent unescaped)
                data('\xFF', i, i);
                ++i;
            }
            continue;
        }
        if (c == '\n') {
            if (!pending_cr && !options.accept_bare_lf) fail(command_error::bare_line_feed, i);
            // The CR of the line end is the one the scan holds, not any byte 13 before the LF: in
            // "RETR" IAC WILL 13 LF the 13 is the option's byte and the line ends in a bare LF.
            return {error, error_at, i + 1, pending_cr ? pending_cr_at : i};
        }
        if (c == 0 && pending_cr && in_argument) {  // CR NUL in the argument: the CR is data, the NUL dropped
            pending_cr = false;
            data('\r', pending_cr_at, pending_cr_at);
            ++i;
            continue;
        }
        lone_cr();
        if (c == '\r') {
            pending_cr = true;
            pending_cr_at = i;
        } else if ((c < 0x20 && !(c == '\t' && in_argument)) || c == 0x7F) {
            // RFC 959 §5.3.2: a <string> argument is any ASCII but CR and LF, so TAB is data there (pyftpdlib
            // makes a directory "a<TAB>b", ProFTPD looks it up, Pure-FTPd maps it to '_'). The other C0 controls
            // and DEL stay refused, a departure from §5.3.2: no client puts them in a name, and a server that
            // passed them on to a terminal or a log would be open to escape sequences. A verb holds none.
            fail(command_error::control_character, i);
        } else {
            data(static_cast<char>(c), i, i);
        }
        ++i;
    }
    return incomplete();
}

// Splits clean line text into verb and argument and checks them against the table.
// verb_at / space_at: input offsets of the verb's first byte and of the separating SP (for errors).
constexpr void split_command(std::string_view clean, std::size_t verb_at, std::size_t space_at,
                             std::size_t line_end_at, command_parse_result& r) noexcept {
    const std::size_t sp = clean.find(' ');
    const std::string_view verb_text = clean.substr(0, sp);
    r.command.verb_text = verb_text;
    if (sp != std::string_view::npos) {
        r.command.has_argument = true;
        r.command.argument = clean.substr(sp + 1);
    }
    if (verb_text.empty()) {
        r.error = command_error::missing_verb;
        r.offset = clean.empty() ? line_end_at : verb_at;
        return;
    }
    const verb_lookup found = find_verb(verb_text);
    if (!found.found) {
        r.error = command_error::unknown_verb;
        r.offset = verb_at;
        return;
    }
    r.command.id = found.value;
    const argument_fit fit = argument_fit_of(found.value, r.command.argument);
    if (fit == argument_fit::missing) {
        r.error = command_error::missing_argument;
        r.offset = r.command.has_argument ? space_at + 1 : line_end_at;
    } else if (fit == argument_fit::unexpected) {
        // A lone trailing SP ("PWD ") carries no argument and is let through.
        r.error = command_error::unexpected_argument;
        r.offset = space_at;
    }
}

// The end of both parse_command overloads: the scan's error, or the clean line text split and checked.
[[nodiscard]] constexpr command_parse_result finish_command(const command_line_scan& scan, std::string_view clean,
                                                            std::size_t verb_at, std::size_t space_at) noexcept {
    command_parse_result r;
    r.consumed = scan.consumed;
    if (scan.error != command_error::none) {
        r.error = scan.error;
        r.offset = scan.offset;
        return r;
    }
    // split_command uses verb_at only when clean is not empty, i.e. when the line has a first byte.
    split_command(clean, verb_at, space_at, scan.line_end, r);
    return r;
}

}  // namespace detail

// Parses one command line from the start of input without copying. Telnet commands before the verb
// (lftp's IAC IP IAC DM before ABOR, RFC 959 §4.1.3) or after the last data byte are skipped; Telnet commands
// between two data bytes, an IAC IAC after the first data byte, and a CR NUL with more of the line after it
// (RFC 2640 §3.1: the NUL is dropped) give telnet_needs_buffer, as a view cannot leave them out: use the overload
// with a buffer. consumed tells how much input the line took, after
// every error except missing_line_end and line_too_long too, so a server can answer 500/501 and go on with the
// next line. A bad byte (control_character, bare_line_feed) is reported once the line's LF is there; until then
// the line is missing_line_end, or line_too_long at the limit.
[[nodiscard]] constexpr command_parse_result parse_command(
    std::string_view input, const command_parse_options& options = {}) noexcept {
    std::size_t begin = 0, end = 0, verb_at = 0, space_at = 0;
    bool started = false, seen_space = false;
    const detail::command_line_scan scan =
        detail::scan_command_line(input, options, [&](char c, std::size_t at, std::size_t raw_at) noexcept {
            if (!started) {
                started = true;
                begin = at;
                verb_at = raw_at;  // an IAC IAC's first byte, where the view begins at its second
            } else if (at != end) {
                return command_error::telnet_needs_buffer;
            }
            if (c == ' ' && !seen_space) {
                seen_space = true;
                space_at = at;
            }
            end = at + 1;
            return command_error::none;
        });
    const std::string_view clean = started ? input.substr(begin, end - begin) : std::string_view{};
    return detail::finish_command(scan, clean, verb_at, space_at);
}

// Parses one command line, decoding it into buffer[0, capacity) with every Telnet command removed,
// IAC IAC turned into one byte 255 and CR NUL into CR (RFC 854, RFC 2640 §3.1); the views point into buffer.
// A line fits when capacity is at least its length.
[[nodiscard]] constexpr command_parse_result parse_command(
    std::string_view input, char* buffer, std::size_t capacity,
    const command_parse_options& options = {}) noexcept {
    std::size_t size = 0, verb_at = 0, space_at = 0;
    bool seen_space = false;
    const detail::command_line_scan scan =
        detail::scan_command_line(input, options, [&](char c, std::size_t, std::size_t raw_at) noexcept {
            if (size >= capacity) return command_error::buffer_too_small;
            if (size == 0) verb_at = raw_at;
            if (c == ' ' && !seen_space) {
                seen_space = true;
                space_at = raw_at;  // (a space is never escaped: raw_at is where it is)
            }
            buffer[size++] = c;
            return command_error::none;
        });
    return detail::finish_command(scan, std::string_view(buffer, size), verb_at, space_at);
}

// ---------------------------------------------------------------------------------------------------------
// Formatting a command line (client side)
// ---------------------------------------------------------------------------------------------------------

// Writes "VERB" or "VERB SP argument", then CRLF, into out[0, capacity). The argument must not contain LF or NUL (they
// would end the line early: command injection), nor any C0 control but CR and TAB, nor DEL, which parse_command refuses
// as control_character (TAB is data in an argument, RFC 959 §5.3.2); the table's argument rule is enforced, with an
// empty argument counting as none. A CR is written as CR NUL (RFC 2640 §3.1: a CR in a pathname "MUST be padded with a
// <NUL>"; RFC 854's CR alone), so it cannot end the line. A data byte 255 is written as IAC IAC (RFC 854: the control
// connection is Telnet, RFC 959 §4.1; an IAC alone followed by a byte 240-254 would be read as a Telnet command and
// dropped). parse_command's buffer overload turns both back into the one byte.
[[nodiscard]] constexpr format_result format_command(char* out, std::size_t capacity, verb v,
                                                     std::string_view argument = {}) noexcept {
    const argument_fit fit = argument_fit_of(v, argument);
    if (fit == argument_fit::missing) return {0, format_error::missing_argument};
    if (fit == argument_fit::unexpected) return {0, format_error::unexpected_argument};
    for (const char c : argument) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\r' && c != '\t') || byte == 0x7F) return {0, format_error::forbidden_character};
    }
    detail::writer w(out, capacity);
    w.put(to_string(v));
    if (!argument.empty()) {
        w.put(' ');
        for (const char c : argument) {
            if (static_cast<unsigned char>(c) == detail::telnet_iac) w.put(c);
            w.put(c);
            if (c == '\r') w.put('\0');
        }
    }
    w.put("\r\n");
    return w.result();
}

}  // namespace ftpwire

#endif  // FTPWIRE_COMMAND_HPP
