// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Reply codes: classes (first digit), categories (second digit), the table of every code an FTP RFC defines
// or gives a meaning, O(1) constexpr lookup, explain() for any int, and compare() of two codes.
//
// What "valid" means here: a reply code is three decimal digits whose first digit is 1-6 (RFC 959 §4.2
// defines 1-5, RFC 2228 §5.2 adds 6), i.e. 100..699. The second digit is not restricted: RFC 959 §4.2
// names categories only for 0-5, so x6z-x9z codes are valid but their category is `unassigned`, and
// explain() still reports their class. A protected 6yz reply has no category whatever its second digit:
// RFC 2228 §5.2 defines 631-633 by the protection they carry, and what the reply is about is the category of
// the reply wrapped inside. This follows RFC 1123 §4.1.2.11 (clients decide on the first digit) and lets a
// parser accept any three-digit code a server sends. Everything outside 100..699 is invalid.
#ifndef FTPWIRE_REPLY_CODE_HPP
#define FTPWIRE_REPLY_CODE_HPP

#include "version.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ftpwire {

// ---------------------------------------------------------------------------------------------------------
// Classes and categories
// ---------------------------------------------------------------------------------------------------------

// The first digit of a reply code (RFC 959 §4.2, RFC 2228 §5.2). `invalid` only for numbers outside 100..699.
enum class reply_class : std::uint8_t {
    invalid = 0,
    positive_preliminary = 1,   // 1yz: accepted, another reply follows
    positive_completion = 2,    // 2yz: done
    positive_intermediate = 3,  // 3yz: accepted, send the next command of the sequence
    transient_negative = 4,     // 4yz: failed, may work if repeated later
    permanent_negative = 5,     // 5yz: failed, do not repeat unchanged
    protected_reply = 6,        // 6yz: a protected (wrapped) reply, RFC 2228 §5.2
};

// The second digit of a reply code (RFC 959 §4.2). Digits 6-9, and any digit of a protected 6yz reply, are
// `unassigned`; `invalid` only for numbers outside 100..699.
enum class reply_category : std::uint8_t {
    syntax = 0,                         // x0z
    information = 1,                    // x1z
    connections = 2,                    // x2z
    authentication_and_accounting = 3,  // x3z
    unspecified = 4,                    // x4z: "Unspecified as yet" in RFC 959
    file_system = 5,                    // x5z
    unassigned = 6,                     // x6z-x9z, and every 6yz: no RFC gives the digit a meaning
    invalid = 7,
};

[[nodiscard]] constexpr std::string_view to_string(reply_class c) noexcept {
    switch (c) {
        case reply_class::positive_preliminary: return "positive preliminary";
        case reply_class::positive_completion: return "positive completion";
        case reply_class::positive_intermediate: return "positive intermediate";
        case reply_class::transient_negative: return "transient negative completion";
        case reply_class::permanent_negative: return "permanent negative completion";
        case reply_class::protected_reply: return "protected";
        case reply_class::invalid: break;
    }
    return "invalid";
}

[[nodiscard]] constexpr std::string_view to_string(reply_category c) noexcept {
    switch (c) {
        case reply_category::syntax: return "syntax";
        case reply_category::information: return "information";
        case reply_category::connections: return "connections";
        case reply_category::authentication_and_accounting: return "authentication and accounting";
        case reply_category::unspecified: return "unspecified";
        case reply_category::file_system: return "file system";
        case reply_category::unassigned: return "unassigned";
        case reply_category::invalid: break;
    }
    return "invalid";
}

// What a reply of this class tells the client, in one or two sentences (RFC 959 §4.2, RFC 2228 §5.2).
[[nodiscard]] constexpr std::string_view class_meaning(reply_class c) noexcept {
    switch (c) {
        case reply_class::positive_preliminary:
            return "The server accepted the command and started the action (or, with 120 to a new connection or to "
                   "REIN, will be ready soon); another reply for the same command will follow before the server "
                   "takes a new command.";
        case reply_class::positive_completion:
            return "The requested action completed successfully; the client may send a new command.";
        case reply_class::positive_intermediate:
            return "The server accepted the command but holds the action until it receives the next command of "
                   "the sequence (PASS after USER, RNTO after RNFR, a transfer after REST, ADAT after AUTH).";
        case reply_class::transient_negative:
            return "The command failed, but the condition is temporary: the same command, unchanged, may "
                   "succeed if sent again later.";
        case reply_class::permanent_negative:
            return "The command failed, and sending it again unchanged, in the same sequence, will fail again.";
        case reply_class::protected_reply:
            return "A protected reply (RFC 2228): the text is a base64-encoded, integrity- and/or "
                   "confidentiality-protected copy of the real reply.";
        case reply_class::invalid: break;
    }
    return "Not a reply code: a reply code is three digits with a first digit from 1 to 6.";
}

// What the client should do after a reply of this class.
// class_meaning for a code after which the server closes the control connection (221, 421): the class's
// outcome, and no command after it on this connection.
[[nodiscard]] constexpr std::string_view closing_class_meaning(reply_class c) noexcept {
    if (c == reply_class::positive_completion)
        return "The requested action completed successfully, and the server closes the control connection after "
               "this reply: no command can follow on it.";
    if (c == reply_class::transient_negative)
        return "The server cannot serve the session now and closes the control connection after this reply; the "
               "same request may succeed later, on a new connection.";
    return "The server closes the control connection after this reply: no command can follow on it.";
}

// class_advice for such a code.
[[nodiscard]] constexpr std::string_view closing_class_advice(reply_class c) noexcept {
    if (c == reply_class::positive_completion)
        return "Nothing to fix: the session is over; connect again to start a new one.";
    if (c == reply_class::transient_negative)
        return "Connect again later and start over from the greeting and the login; if it keeps happening, the "
               "server is overloaded or shutting down.";
    return "Connect again, from the greeting, to go on.";
}

[[nodiscard]] constexpr std::string_view class_advice(reply_class c) noexcept {
    switch (c) {
        case reply_class::positive_preliminary:
            return "Wait for the next reply to the same command before sending another command (ABOR and STAT "
                   "excepted); watch the data connection if one is being opened.";
        case reply_class::positive_completion: return "Nothing to fix: continue with the next command.";
        case reply_class::positive_intermediate:
            return "Send the command the sequence needs next; anything else usually resets the sequence.";
        case reply_class::transient_negative:
            return "Retry later, starting again from the beginning of the command sequence; if it keeps "
                   "failing, treat it as a server-side problem.";
        case reply_class::permanent_negative:
            return "Do not repeat the command unchanged: fix its spelling, arguments, order, or the account's "
                   "permissions first.";
        case reply_class::protected_reply:
            return "Decode the base64 text with the negotiated security mechanism and handle the inner reply.";
        case reply_class::invalid: break;
    }
    return "Check where the number came from: a server must never send it.";
}

// What a code of the given class is for, from a server author's point of view.
[[nodiscard]] constexpr std::string_view class_server_rule(reply_class c) noexcept {
    switch (c) {
        case reply_class::positive_preliminary:
            return "send it when you accepted the command and will send exactly one more reply for it; at most "
                   "one 1yz reply per command (RFC 959 §4.2).";
        case reply_class::positive_completion:
            return "send it when the requested action is complete and the client may go on.";
        case reply_class::positive_intermediate:
            return "send it when the command is accepted but the action waits for a follow-up command of the "
                   "same sequence.";
        case reply_class::transient_negative:
            return "send it when the action failed for a reason that may go away: the same command, unchanged, "
                   "could succeed later (RFC 959 §4.2 rule of thumb).";
        case reply_class::permanent_negative:
            return "send it when the command, unchanged, would fail again: wrong syntax, wrong order, no "
                   "permission, or a missing feature.";
        case reply_class::protected_reply:
            return "send it only to wrap another reply, and only after a security data exchange succeeded "
                   "(RFC 2228 §5.2).";
        case reply_class::invalid: break;
    }
    return "never send it: it is not a valid reply code.";
}

// What a reply of this category is about (RFC 959 §4.2).
[[nodiscard]] constexpr std::string_view category_meaning(reply_category c) noexcept {
    switch (c) {
        case reply_category::syntax:
            return "The reply is about the command itself: its syntax, whether it is implemented, whether it "
                   "fits the current sequence, or a command that fits no other category.";
        case reply_category::information:
            return "The reply carries information the client asked for: status, help, system type, features.";
        case reply_category::connections:
            return "The reply is about the control connection or the data connection.";
        case reply_category::authentication_and_accounting:
            return "The reply is about login, accounting, or (RFC 2228) security negotiation.";
        case reply_category::unspecified:
            return "RFC 959 leaves this category \"unspecified as yet\"; no standard code uses it.";
        case reply_category::file_system:
            return "The reply is about the server's file system: the file or directory the command named.";
        case reply_category::unassigned:
            return "No RFC assigns a meaning to this second digit (RFC 959 §4.2 defines 0 to 5); only the "
                   "first digit can be relied on.";
        case reply_category::invalid: break;
    }
    return "Not a reply code, so it has no category.";
}

// ---------------------------------------------------------------------------------------------------------
// Digits
// ---------------------------------------------------------------------------------------------------------

inline constexpr int min_reply_code = 100;
inline constexpr int max_reply_code = 699;

// Three digits, first digit 1-6 (see the top of this file for why x6z-x9z are accepted).
[[nodiscard]] constexpr bool is_valid_reply_code(int code) noexcept {
    return code >= min_reply_code && code <= max_reply_code;
}

[[nodiscard]] constexpr reply_class class_of(int code) noexcept {
    return is_valid_reply_code(code) ? static_cast<reply_class>(code / 100) : reply_class::invalid;
}

// RFC 959 §4.2 names x0z-x5z. A 6yz reply's second digit is no category: RFC 2228 §5.2 defines 631, 632 and 633
// by their protection, and the subject of the reply is that of the reply they wrap.
[[nodiscard]] constexpr reply_category category_of(int code) noexcept {
    if (!is_valid_reply_code(code)) return reply_category::invalid;
    const int digit = code / 10 % 10;
    return digit <= 5 && code / 100 != 6 ? static_cast<reply_category>(digit) : reply_category::unassigned;
}

// 1yz, 2yz, 3yz: the command was accepted.
[[nodiscard]] constexpr bool is_positive(reply_class c) noexcept {
    return c == reply_class::positive_preliminary || c == reply_class::positive_completion ||
           c == reply_class::positive_intermediate;
}
// 4yz, 5yz: the command was refused or failed.
[[nodiscard]] constexpr bool is_negative(reply_class c) noexcept {
    return c == reply_class::transient_negative || c == reply_class::permanent_negative;
}
// 1yz: another reply to the same command follows.
[[nodiscard]] constexpr bool is_preliminary(reply_class c) noexcept { return c == reply_class::positive_preliminary; }
// 3yz: the server waits for the next command of a sequence.
[[nodiscard]] constexpr bool is_intermediate(reply_class c) noexcept {
    return c == reply_class::positive_intermediate;
}
// 2yz, 4yz, 5yz: the last reply to a command (RFC 959 calls all three "completion" replies).
[[nodiscard]] constexpr bool is_completion(reply_class c) noexcept {
    return c == reply_class::positive_completion || is_negative(c);
}
[[nodiscard]] constexpr bool is_positive_completion(reply_class c) noexcept {
    return c == reply_class::positive_completion;
}
[[nodiscard]] constexpr bool is_transient(reply_class c) noexcept { return c == reply_class::transient_negative; }
[[nodiscard]] constexpr bool is_permanent(reply_class c) noexcept { return c == reply_class::permanent_negative; }
// 6yz: a protected reply wrapping another one (RFC 2228 §5.2).
[[nodiscard]] constexpr bool is_protected(reply_class c) noexcept { return c == reply_class::protected_reply; }

// The same questions asked of a code; all false for invalid codes.
[[nodiscard]] constexpr bool is_positive(int code) noexcept { return is_positive(class_of(code)); }
[[nodiscard]] constexpr bool is_negative(int code) noexcept { return is_negative(class_of(code)); }
[[nodiscard]] constexpr bool is_preliminary(int code) noexcept { return is_preliminary(class_of(code)); }
[[nodiscard]] constexpr bool is_intermediate(int code) noexcept { return is_intermediate(class_of(code)); }
[[nodiscard]] constexpr bool is_completion(int code) noexcept { return is_completion(class_of(code)); }
[[nodiscard]] constexpr bool is_positive_completion(int code) noexcept {
    return is_positive_completion(class_of(code));
}
[[nodiscard]] constexpr bool is_transient(int code) noexcept { return is_transient(class_of(code)); }
[[nodiscard]] constexpr bool is_permanent(int code) noexcept { return is_permanent(class_of(code)); }
[[nodiscard]] constexpr bool is_protected(int code) noexcept { return is_protected(class_of(code)); }

// ---------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------

// One reply code. Class and category are written out (not computed) so that a test can check them against
// the digits.
struct reply_code_info {
    int code;
    reply_class cls;
    reply_category category;
    std::string_view name;         // short name: "Bad sequence of commands"
    std::string_view text;         // the defining RFC's reply text, quoted exactly, placeholders included
                                   // (227's h1..p2; 229 and 522: the form RFC 2428 gives, angle brackets
                                   // and all; 63z: RFC 2228 describes the text only in words, put here
                                   // in angle brackets the same way)
    std::string_view description;  // what it means, in plain language
    std::string_view when;         // situations that produce it (and what extensions add)
    std::string_view fix;          // what a client (or its user) should do
    std::string_view replies_to;   // the commands or events it answers
    std::string_view rfc;          // every RFC that defines it or gives it a meaning: "RFC 959, RFC 3659";
                                   // the defining RFC first, the others in number order
    bool closes_control_connection;  // the server closes the control connection after sending it
    bool text_carries_data;          // the text holds data a program parses, always (227's address, 257's path)
                                     // or in the cases `when` names (120's minutes, 150's byte count, STOU's
                                     // "FILE:", PBSZ's "PBSZ=", MLST's facts, 350's marker)
};

namespace detail {

using rc = reply_class;
using cat = reply_category;

// Sorted by code; RFC 959 §4.2.2 texts unless another RFC defines the code.
inline constexpr reply_code_info reply_code_entries[] = {
    {110, rc::positive_preliminary, cat::information, "Restart marker",
     "Restart marker reply.",
     "A checkpoint during a block- or compressed-mode transfer: the receiving side reports that data up to a "
     "restart marker is safely stored. \"Restart marker reply.\" is only the line RFC 959 §4.2.2 lists for the "
     "code; the text actually sent must be exactly \"MARK yyyy = mmmm\", which RFC 1123 §4.1.3.4 corrects to "
     "\"MARK ssss = rrrr\", where ssss is the sender's marker and rrrr the receiver's position.",
     "Only with MODE B or MODE C transfers that carry restart markers, which almost no modern server uses. "
     "It may arrive at any time during the transfer, not in step with the data (RFC 1123 §4.1.3.4). Only the "
     "receiving side sends it (RFC 959 §3.5, RFC 1123 §4.1.3.4): a server, for an upload (STOR, STOU, APPE). For "
     "RETR the receiver is the client (or, between two servers, the one doing the STOR), so the server answering "
     "RETR has no 110 to send, although RFC 959 §5.4 lists it under RETR.",
     "Record the rrrr value: after a failed transfer, send REST rrrr and repeat the transfer command to resume. "
     "Do not treat it as the reply that ends the transfer; 226 or an error still follows.",
     "RETR, STOR, STOU, APPE in block or compressed mode", "RFC 959, RFC 1123", false, true},
    {120, rc::positive_preliminary, cat::connections, "Service ready soon",
     "Service ready in nnn minutes.",
     "The server accepted the connection but cannot serve it yet; it tells the client roughly how long to wait. "
     "A 220 follows when the service is ready.",
     "As the first reply on a new control connection (instead of an immediate 220) on a server that is still "
     "starting, over its connection limit, or doing maintenance; after REIN while the session is being reset. "
     "RFC 959 §5.4 lists it only for these two, always followed by 220. The text gives the expected wait in minutes.",
     "Keep the connection open and wait for the 220 before sending USER (or HOST); commands sent now are out of "
     "sequence. If the delay is too long for you, disconnect and reconnect later.",
     "connection establishment (the greeting) and REIN, before 220", "RFC 959", false, true},
    {125, rc::positive_preliminary, cat::connections, "Transfer starting on open connection",
     "Data connection already open; transfer starting.",
     "The data connection was already open (left open by a previous transfer in block mode, or the client "
     "connected early in passive mode) and the transfer begins on it now.",
     "After RETR, STOR, STOU, APPE, LIST or NLST; not MLSD, whose only first reply is 150 (RFC 3659 §7.2). For "
     "STOU, RFC 1123 §4.1.2.9 requires the text \"125 FILE: pppp\" naming the unique file created. Servers that "
     "accept the passive connection before the command arrives often send 125 where others send 150.",
     "Nothing to fix: read or write the data connection, then wait for 226 (or 250) or an error.",
     "RETR, STOR, STOU, APPE, LIST, NLST", "RFC 959, RFC 1123", false, true},
    {150, rc::positive_preliminary, cat::file_system, "About to open data connection",
     "File status okay; about to open data connection.",
     "The file or listing is available and the server is opening (active mode) or accepting (passive mode) the "
     "data connection. The transfer result comes later as 226/250 or a 4xx/5xx reply.",
     "The normal first reply to RETR, STOR, STOU, APPE, LIST, NLST and MLSD (RFC 3659 §7.2 names it the MLSD "
     "initial response). For STOU the text is \"150 FILE: pppp\" (RFC 1123 §4.1.2.9); for a download many servers "
     "name the size, \"(1234 bytes)\". With TLS (RFC 4217 §10.2) "
     "150 only means the PROT level allows the transfer; a failed TLS handshake on the data connection is then "
     "reported as 522.",
     "Nothing to fix. Do not send another command (except ABOR or STAT) until the closing reply arrives; a client "
     "that pipelines here shifts every later reply by one.",
     "RETR, STOR, STOU, APPE, LIST, NLST, MLSD", "RFC 959, RFC 1123, RFC 3659, RFC 4217", false, true},
    {200, rc::positive_completion, cat::syntax, "Command okay",
     "Command okay.",
     "The command succeeded and there is nothing more to say about it. RFC 959 §4.2 uses it for commands whose "
     "success gives the client no new information.",
     "After TYPE, MODE, STRU, PORT, NOOP, ALLO; after EPRT (RFC 2428 §2); after PBSZ, PROT and CCC (RFC 2228 §3, "
     "RFC 4217); after OPTS when the option is accepted (RFC 2389 §4); after LANG, possibly with a language other "
     "than the one asked for named in the text (RFC 2640 §4.2). With PBSZ the text may carry \"PBSZ=number\", a "
     "smaller buffer size the client must use.",
     "Nothing to fix: continue.",
     "TYPE, MODE, STRU, PORT, EPRT, NOOP, ALLO, PBSZ, PROT, CCC, OPTS, LANG, and many others",
     "RFC 959, RFC 2228, RFC 2389, RFC 2428, RFC 2640, RFC 4217", false, true},
    {202, rc::positive_completion, cat::syntax, "Command superfluous here",
     "Command not implemented, superfluous at this site.",
     "The command is not implemented because it makes no sense on this server, but that is harmless: the client "
     "can continue as if it had succeeded. Contrast with 502, where a missing command matters.",
     "Typically after ALLO (no storage needs to be reserved) or ACCT when accounts are not used; some servers "
     "send it for SITE subcommands they ignore.",
     "Nothing to fix: treat it as success.",
     "ALLO, ACCT, SITE and other commands a server can safely ignore", "RFC 959", false, false},
    {211, rc::positive_completion, cat::information, "System status or help",
     "System status, or system help reply.",
     "A status or help reply; usually multi-line. Since RFC 2389 it is also the reply to FEAT: one feature per "
     "line, each starting with a single space, ending with \"211 End\".",
     "After STAT without an argument (server status), after HELP on some servers, and above all after FEAT "
     "(RFC 2389 §3.2). The FEAT listing announces extensions: MDTM, SIZE, REST STREAM, MLST facts and TVFS "
     "(RFC 3659), LANG and UTF8 (RFC 2640), AUTH/PBSZ/PROT (RFC 4217 §6), HOST (RFC 7151). A single-line 211 to "
     "FEAT means \"no features\".",
     "Nothing to fix. Parse FEAT lines case-insensitively; do not rely on the first or last line's text.",
     "STAT, HELP, FEAT", "RFC 959, RFC 2389, RFC 2640, RFC 3659, RFC 4217, RFC 7151", false, true},
    {212, rc::positive_completion, cat::information, "Directory status",
     "Directory status.",
     "Status information about a directory, typically a listing sent over the control connection.",
     "After STAT with a directory pathname: the server lists the directory on the control connection instead "
     "of opening a data connection.",
     "Nothing to fix. Read the multi-line reply to its end (the last line starts with \"212 \").",
     "STAT pathname", "RFC 959", false, true},
    {213, rc::positive_completion, cat::information, "File status",
     "File status.",
     "Status information about a file. RFC 3659 gives it a precise, machine-readable form for SIZE (\"213 "
     "<octets>\") and MDTM (\"213 YYYYMMDDHHMMSS[.sss]\", in UTC).",
     "After STAT with a file name; after SIZE (RFC 3659 §4) with the size in octets, which depends on the current "
     "TYPE, MODE and STRU (an ASCII size counts CRLF line ends); after MDTM (RFC 3659 §3) with the modification time "
     "in UTC.",
     "Nothing to fix. Parse the text after \"213 \": the SIZE value holds only for the current TYPE, MODE and "
     "STRU; the MDTM time is UTC, not local time.",
     "STAT pathname, SIZE, MDTM", "RFC 959, RFC 3659", false, true},
    {214, rc::positive_completion, cat::information, "Help message",
     "Help message.",
     "Help text for a human: how to use the server or what a non-standard command means. RFC 959 says it is "
     "useful only to the human user.",
     "After HELP, or HELP with a command name; often multi-line, listing the commands the server recognises.",
     "Nothing to fix. Do not parse it to detect features; use FEAT (RFC 2389) for that.",
     "HELP", "RFC 959", false, true},
    {215, rc::positive_completion, cat::information, "System type",
     "NAME system type.",
     "The server's operating system type. NAME stands for the system's registered name, one of the operating "
     "system names IANA keeps (once printed in the Assigned Numbers RFC); for example \"215 UNIX Type: L8\".",
     "After SYST. Clients use it to guess the LIST output format; most servers answer UNIX whatever they run on.",
     "Nothing to fix. Prefer MLSD (RFC 3659) to guessing the LIST format from SYST.",
     "SYST", "RFC 959", false, true},
    {220, rc::positive_completion, cat::connections, "Service ready",
     "Service ready for new user.",
     "The server is ready: the client may begin the login sequence. RFC 7151 reuses the code as the success "
     "reply to HOST, the virtual host then being selected.",
     "The greeting on a new control connection (possibly after a 120); after REIN once the session is reset; "
     "after HOST when the virtual host is accepted (RFC 7151 §3.1), often with a host-specific welcome text.",
     "Nothing to fix: send HOST (optional), AUTH (for TLS), or USER next.",
     "connection establishment, REIN, HOST", "RFC 959, RFC 7151", false, false},
    {221, rc::positive_completion, cat::connections, "Closing control connection",
     "Service closing control connection.",
     "The server is ending the session at the client's request and closes the control connection; the user is "
     "logged out. Any transfer in progress has finished.",
     "After QUIT. Some servers also send it before closing an idle session.",
     "Nothing to fix: close your side of the connection. Reconnect to do more.",
     "QUIT", "RFC 959", true, false},
    {225, rc::positive_completion, cat::connections, "Data connection open, idle",
     "Data connection open; no transfer in progress.",
     "The data connection is established and no transfer is running on it. RFC 959 lists it among ABOR's "
     "replies (§5.4) without saying more; a transfer after which the server keeps the data connection open "
     "(possible in block mode, §3.3) ends with 250 instead of 226 (§3.2).",
     "After ABOR, from servers that use it for \"nothing to abort\". RFC 959's ABOR text has the server close an "
     "open data connection and answer 226 when there was nothing to abort (§4.1.3).",
     "Nothing to fix: the abort is done; open a new data connection for the next transfer if the server closed it.",
     "ABOR", "RFC 959", false, false},
    {226, rc::positive_completion, cat::connections, "Closing data connection",
     "Closing data connection.",
     "The transfer (or an abort) finished successfully and the server closed the data connection. This is the "
     "reply that ends a transfer started with 125 or 150.",
     "After RETR, STOR, STOU, APPE, LIST, NLST or MLSD once all data went through (RFC 3659 §7.2 uses it as the "
     "MLSD final response); after ABOR, as the second reply once the aborted transfer's 426 was sent. It can "
     "arrive late: a client that sends PASV before reading it takes the 226 as the answer to PASV, and from then "
     "on every reply answers the previous command.",
     "Nothing to fix. Always read it before sending the next command; a transfer is open from 150/125 until "
     "226/250 or an error reply.",
     "RETR, STOR, STOU, APPE, LIST, NLST, MLSD, ABOR", "RFC 959, RFC 3659", false, false},
    {227, rc::positive_completion, cat::connections, "Entering passive mode",
     "Entering Passive Mode (h1,h2,h3,h4,p1,p2).",
     "The server is listening for a data connection at IPv4 address h1.h2.h3.h4, port p1*256+p2. The client "
     "must connect there before (or right after) sending the transfer command.",
     "After PASV. RFC 1123 §4.1.2.6 warns that the format is not well standardized: the parentheses may be "
     "missing, so scan for the first digit. Behind NAT, servers often advertise a private address "
     "(10.x, 192.168.x) the client cannot reach.",
     "Connect to the address and port given. If the address is private or unreachable, connect to the control "
     "connection's address instead (most clients do this), or use EPSV, which sends only a port.",
     "PASV", "RFC 959, RFC 1123", false, true},
    {228, rc::positive_completion, cat::connections, "Entering long passive mode",
     "Entering Long Passive Mode (af, hal, h1, h2, h3,..., pal, p1, p2...)",
     "The long-address form of 227 (RFC 1639): address family, address length and bytes, port length and bytes. "
     "It was designed for addresses longer than IPv4.",
     "After LPSV, on the few servers that implement RFC 1639. RFC 2428's EPSV replaced it in practice.",
     "Connect to the address and port given; prefer EPSV on servers that announce it.",
     "LPSV", "RFC 1639", false, true},
    {229, rc::positive_completion, cat::connections, "Entering extended passive mode",
     "<text indicating server is entering extended passive mode> (<d><d><d><tcp-port><d>)",
     "The server listens for a data connection on the given TCP port, at the same address as the control "
     "connection (RFC 2428 §3). Only the port is sent, so NAT cannot make the address wrong. RFC 2428's example of "
     "the text: \"Entering Extended Passive Mode (|||6446|)\".",
     "After EPSV, on IPv4 and IPv6 alike. The part in parentheses is <d><d><d>port<d>, where <d> is a delimiter "
     "(normally \"|\") and the first two fields are empty.",
     "Connect to the control connection's peer address at the given port.",
     "EPSV", "RFC 2428", false, true},
    {230, rc::positive_completion, cat::authentication_and_accounting, "Logged in",
     "User logged in, proceed.",
     "Login is complete; the client may use the file system commands its account allows.",
     "After PASS (the normal case); after USER alone when no password is needed (vsftpd anonymous with "
     "no_anon_password); after ACCT; some servers send \"230 Already logged in\" to a PASS sent after such a "
     "USER.",
     "Nothing to fix: do not send PASS after a 230 to USER.",
     "USER, PASS, ACCT", "RFC 959", false, false},
    {232, rc::positive_completion, cat::authentication_and_accounting, "Logged in by security exchange",
     "User logged in, authorized by security data exchange.",
     "The identity established by the security exchange (RFC 2228), for example a TLS client certificate (RFC "
     "4217 §12.2), is enough to log the user in; no password is needed.",
     "After USER on a connection secured with AUTH (and ADAT), instead of 331.",
     "Nothing to fix: do not send PASS; continue as after 230.",
     "USER (after AUTH)", "RFC 2228, RFC 4217", false, false},
    {234, rc::positive_completion, cat::authentication_and_accounting, "Security exchange complete",
     "Security data exchange complete.",
     "The server accepts the security mechanism named in AUTH and needs no security data: for AUTH TLS (RFC 4217 "
     "§4) the TLS handshake starts immediately after this reply.",
     "After AUTH TLS (or AUTH SSL) on servers that support explicit FTPS.",
     "Start the TLS handshake on the control connection now, then send PBSZ 0 and PROT P, then USER. Every "
     "transfer parameter is reset by AUTH (RFC 4217 §4.2).",
     "AUTH", "RFC 2228, RFC 4217", false, false},
    {235, rc::positive_completion, cat::authentication_and_accounting, "Security data exchange complete",
     "[ADAT=base64data]",
     "The security data sent with ADAT was accepted and the exchange is complete; the text may carry final "
     "security data for the client (the brackets mean it is optional).",
     "After the last ADAT of a GSSAPI or Kerberos exchange (RFC 2228 §3). Not used with TLS.",
     "Nothing to fix: process the ADAT= data if present, then log in with USER.",
     "ADAT", "RFC 2228", false, true},
    {250, rc::positive_completion, cat::file_system, "File action completed",
     "Requested file action okay, completed.",
     "A file system command succeeded. RFC 3659 also uses it for MLST: a multi-line 250 whose middle line holds "
     "the facts about the named object.",
     "After CWD, SMNT, DELE, RMD, RNTO, MLST (RFC 3659 §7.2), and on some servers after a transfer (RETR, STOR, "
     "STOU, APPE, LIST, NLST) instead of 226. After CDUP too: RFC 959 §5.4 lists only 200 for it, but §4.1.1 and "
     "Appendix II give CDUP the reply codes of CWD, as servers answer. Some servers answer MKD with 250 instead of "
     "257.",
     "Nothing to fix: continue.",
     "CWD, CDUP, SMNT, DELE, RMD, RNTO, MLST, RETR, STOR, STOU, APPE, LIST, NLST", "RFC 959, RFC 3659", false,
     true},
    {257, rc::positive_completion, cat::file_system, "Pathname created",
     "\"PATHNAME\" created.",
     "The text starts with a quoted pathname; a double quote inside the name is doubled (RFC 959 Appendix II). "
     "The same code reports the current directory for PWD.",
     "After MKD (the directory created, ideally as an absolute path) and after PWD (the current directory).",
     "Nothing to fix. Extract the path between the first quote and the next single (undoubled) quote.",
     "MKD, PWD (and XMKD, XPWD)", "RFC 959", false, true},
    {331, rc::positive_intermediate, cat::authentication_and_accounting, "Need password",
     "User name okay, need password.",
     "The user name is accepted (or the server pretends so, to hide which names exist) and a password is "
     "required.",
     "After USER. Servers answer 331 even for unknown users; the failure shows up as 530 after PASS.",
     "Send PASS next, nothing else: a PASS sent after another command gets 503.",
     "USER", "RFC 959", false, false},
    {332, rc::positive_intermediate, cat::authentication_and_accounting, "Need account for login",
     "Need account for login.",
     "Login needs an accounting identifier in addition to user name and password.",
     "After PASS (or USER) on servers that use ACCT; rare today.",
     "Send ACCT with the account information.",
     "USER, PASS", "RFC 959", false, false},
    {334, rc::positive_intermediate, cat::authentication_and_accounting, "Mechanism accepted, send data",
     "[ADAT=base64data]",
     "The security mechanism named in AUTH is acceptable and the client must now send security data with ADAT; "
     "the text may already carry server security data.",
     "After AUTH GSSAPI and similar mechanisms (RFC 2228 §3). RFC 4217 §4.2 says 334 is incorrect for AUTH TLS, "
     "which must be answered 234.",
     "Send ADAT with the first block of base64 security data. A TLS client that gets 334 talks to a broken "
     "server: do not start TLS.",
     "AUTH", "RFC 2228, RFC 4217", false, true},
    {335, rc::positive_intermediate, cat::authentication_and_accounting, "Security data accepted, send more",
     "[ADAT=base64data]",
     "The security data was acceptable but the exchange needs more; the text may carry data for the next step.",
     "After ADAT in multi-round security exchanges (RFC 2228 §3).",
     "Send the next ADAT.",
     "ADAT", "RFC 2228", false, true},
    {336, rc::positive_intermediate, cat::authentication_and_accounting, "Need password, challenge given",
     "Username okay, need password.  Challenge is \"....\"",
     "The user name is accepted and the password must answer the challenge in the text (one-time passwords, "
     "token cards).",
     "After USER when the security mechanism uses challenge-response passwords (RFC 2228 §4).",
     "Show the challenge to the user, compute the response, send it with PASS.",
     "USER", "RFC 2228", false, true},
    {350, rc::positive_intermediate, cat::file_system, "Pending further information",
     "Requested file action pending further information.",
     "The command is accepted and remembered; the server waits for the command that completes it.",
     "After RNFR (RNTO must follow) and after REST (a transfer must follow: RETR or STOR; RFC 3659 §5 defines "
     "REST in STREAM mode, announced by the \"REST STREAM\" FEAT line). Some servers forget the pending state if "
     "anything else comes in between, and it is always lost on reconnect. After REST most servers repeat the "
     "marker in the text.",
     "Send the completing command immediately: RNTO after RNFR, RETR/STOR after REST (with PASV/EPSV before REST "
     "if needed). Otherwise the RNTO may get 503 (RFC 959 §5.4), and the REST marker may be refused with the next "
     "command, kept for a later transfer or dropped without a word: RFC 3659 §5.3 lets the server choose.",
     "RNFR, REST", "RFC 959, RFC 3659", false, true},
    {421, rc::transient_negative, cat::connections, "Service not available, closing",
     "Service not available, closing control connection.",
     "The server is closing the control connection, now: it is shutting down, the session idled too long, too "
     "many users are connected, or it will not go on after a TLS negotiation. RFC 959 allows it as a reply to "
     "any command.",
     "As the greeting when the server is full; after any command when the idle timeout expired; after HOST when "
     "the virtual host is temporarily unavailable (RFC 7151 §3.2). After AUTH TLS, RFC 4217 §10.1 tells three "
     "failures apart: a TLS negotiation that failed completely gets a 421 in clear; one that completed with "
     "session parameters the server will not accept gets a protected 421 (or the server keeps refusing "
     "commands); one that broke off during the handshake gets no reply, the server just drops the connection. "
     "After any security command (RFC 2228 §8.2 allows 421 for all of them). RFC 1123 §4.1.2.11 tells clients "
     "not to rely on 421 but to notice the connection closing.",
     "Reconnect (later, if the server is full) and redo login and transfer parameters; send NOOP periodically "
     "if idle timeouts cut long sessions.",
     "any command, or the greeting", "RFC 959, RFC 1123, RFC 2228, RFC 4217, RFC 7151", true, false},
    {425, rc::transient_negative, cat::connections, "Cannot open data connection",
     "Can't open data connection.",
     "The transfer command was accepted, but the data connection could not be set up. In active mode (PORT, "
     "EPRT) the server could not connect to the client; in passive mode (PASV, EPSV) the client did not connect "
     "to the port the server opened, or not in time.",
     "After RETR, STOR, LIST, NLST, MLSD and friends: a firewall or NAT on the client side blocking the "
     "server's incoming connection in active mode; a server-side firewall not opening the passive port range; a "
     "227 advertising a private address; a timeout. vsftpd also sends 425 \"Use PORT or PASV first\" for a "
     "transfer without PORT/PASV, and ProFTPD and Pure-FTPd answer that with 425 too.",
     "Use passive mode (EPSV, else PASV) behind a client firewall or NAT; on the server, open the passive port "
     "range in the firewall and set the public address for 227. Send PASV/EPSV or PORT/EPRT before every "
     "transfer and connect to the given port promptly.",
     "RETR, STOR, STOU, APPE, LIST, NLST, MLSD", "RFC 959", false, false},
    {426, rc::transient_negative, cat::connections, "Transfer aborted",
     "Connection closed; transfer aborted.",
     "The data connection was closed before the transfer finished, either on request (ABOR) or because it "
     "broke.",
     "After ABOR, as the reply that ends the aborted transfer (226 follows for the ABOR itself); when the data "
     "connection drops mid-transfer (network failure, client closed its side early, TLS shutdown problem).",
     "If you did not abort, retry the transfer (with REST to resume where supported).",
     "RETR, STOR, STOU, APPE, LIST, NLST, MLSD, also when aborted", "RFC 959", false, false},
    {431, rc::transient_negative, cat::authentication_and_accounting, "Security resource unavailable",
     "Need some unavailable resource to process security.",
     "The server would accept the security mechanism or protection level but cannot right now, for example "
     "because a key, ticket or library it needs is not available.",
     "After AUTH or PROT (RFC 2228 §3). RFC 959's Appendix II also shows a \"431 No such directory\" example for "
     "CWD, so old servers may use it for that.",
     "Retry later; if it persists, the server's security set-up is broken: tell its administrator.",
     "AUTH, PROT", "RFC 2228, RFC 959", false, false},
    {450, rc::transient_negative, cat::file_system, "File unavailable (temporary)",
     "Requested file action not taken.",
     "The file action did not happen because the file is temporarily unavailable, typically busy (locked, being "
     "written by someone else).",
     "After RETR, STOR, DELE, RNFR and similar on a locked file; some servers use it for an empty directory in "
     "NLST or for \"no files found\".",
     "Retry after a while. If it never clears, check whether another process holds the file.",
     "RETR, STOR, STOU, APPE, DELE, RNFR, STAT, NLST, LIST", "RFC 959", false, false},
    {451, rc::transient_negative, cat::file_system, "Local error, action aborted",
     "Requested action aborted: local error in processing.",
     "The server hit an error of its own while processing the command (an I/O error, a full process table, a "
     "failed script). RFC 2389 also uses it to refuse OPTS for a temporary reason.",
     "After STOR, STOU, RETR, APPE, LIST or NLST (the commands RFC 959 §5.4 lists it for) when the server's disk "
     "or backend fails, often after 150 once the transfer has started; after OPTS when a temporary condition "
     "prevents accepting the options (RFC 2389 §4).",
     "Retry later; if it persists, the server's administrator must look at its logs.",
     "RETR, STOR, STOU, APPE, LIST, NLST, OPTS", "RFC 959, RFC 2389", false, false},
    {452, rc::transient_negative, cat::file_system, "Insufficient storage",
     "Requested action not taken.",
     "The server does not have enough storage space to take the file now (RFC 959: \"Insufficient storage "
     "space in system\").",
     "After STOR, STOU or APPE when the server's disk is full. RFC 959 §5.4 does not list it for ALLO.",
     "Free space on the server or retry later. Contrast 552, which is the account's quota.",
     "STOR, STOU, APPE", "RFC 959", false, false},
    {500, rc::permanent_negative, cat::syntax, "Command unrecognized",
     "Syntax error, command unrecognized.",
     "The server does not recognise the command at all, or the command line is malformed (RFC 959: this may "
     "include a command line that is too long).",
     "Sending an extension command to a server that predates it: AUTH (RFC 2228 says it must be 500), FEAT and "
     "OPTS (RFC 2389), EPRT/EPSV (RFC 2428), LANG (RFC 2640), SIZE/MDTM/MLST (RFC 3659), CCC (RFC 4217), HOST "
     "(RFC 7151), LPRT/LPSV (RFC 1639); a typo in the verb; Telnet IAC bytes (ABOR with IAC IP/DM) reaching a "
     "server that does not strip them; a client speaking another protocol.",
     "Check the spelling; do not rely on an extension unless FEAT lists it; fall back (PASV instead of EPSV, "
     "LIST instead of MLSD). Send commands in upper case ending in CRLF.",
     "any command", "RFC 959, RFC 1639, RFC 2228, RFC 2389, RFC 2428, RFC 2640, RFC 3659, RFC 4217, RFC 7151",
     false, false},
    {501, rc::permanent_negative, cat::syntax, "Syntax error in arguments",
     "Syntax error in parameters or arguments.",
     "The command is known but its arguments are wrong: missing, malformed, or out of range.",
     "PORT/EPRT/LPRT with a malformed address (RFC 2428 §2, RFC 1639 §4); TYPE with an unknown letter; FEAT "
     "with an argument and OPTS with bad options (RFC 2389); LANG with a malformed tag (RFC 2640 §4.2); MLSD on "
     "a file instead of a directory (RFC 3659 §7.2.1); ADAT that is not valid base64 and PBSZ that does not "
     "fit 32 bits (RFC 2228); HOST with an invalid hostname (RFC 7151 §3.3); some servers answer PASV/PORT "
     "after EPSV ALL with 501 (RFC 2428 §3).",
     "Fix the argument: check the command's syntax in its RFC and the server's FEAT reply.",
     "any command with arguments", "RFC 959, RFC 1639, RFC 2228, RFC 2389, RFC 2428, RFC 2640, RFC 3659, RFC 7151",
     false, false},
    {502, rc::permanent_negative, cat::syntax, "Command not implemented",
     "Command not implemented.",
     "The server recognises the command but does not implement it, and unlike 202 the missing command matters.",
     "After a command the server knows but does not implement, where RFC 959 §5.4 lists 502: REIN (vsftpd), "
     "SMNT, PASV, REST, RNFR, STAT, HELP and most other commands. §5.4 gives no 502 to USER, PASS, ACCT, PORT, "
     "TYPE, MODE, STRU, ALLO, RETR, STOR, STOU, SITE, NOOP or QUIT: servers that answer SITE subcommands, STOU "
     "or ACCT with 502 do so outside §5.4, which has 500 (and 202 for SITE and ACCT) for them. After AUTH when "
     "the security extensions are not implemented (RFC 2228 §3); after FEAT, OPTS, LANG or HOST on servers "
     "without them (RFC 2389, RFC 2640, RFC 7151).",
     "Do without the command, or use an alternative the server lists in FEAT or HELP.",
     "any command", "RFC 959, RFC 2228, RFC 2389, RFC 2640, RFC 7151", false, false},
    {503, rc::permanent_negative, cat::syntax, "Bad sequence of commands",
     "Bad sequence of commands.",
     "The command is valid but not at this point of the session: a prerequisite command is missing or another "
     "command came in between.",
     "PASS before USER (or after a failed USER); RNTO without a directly preceding RNFR; MLST or MLSD, among "
     "whose possible replies RFC 3659 §7.2.1 lists 503 without saying when. Some servers answer MLSD without "
     "PASV/EPSV/PORT/EPRT first with 503, and ftpwire's generic rules (family rfc959, its example server) "
     "refuse every transfer without one so, but that is server practice: RFC 959 §3.2 gives every transfer "
     "default data ports, so a transfer without PORT or PASV is not out of sequence, and RETR, STOR, LIST and "
     "NLST get 425 for it (RFC 959 §5.4 gives them no 503; vsftpd, ProFTPD and Pure-FTPd answer 425). Also: "
     "replies shifted by one after pipelining over an unfinished transfer (the next PASV read a late 226); a "
     "pending RNFR lost on reconnect or dropped by an intervening "
     "command (the RNTO gets the 503; a lost REST marker gets none in RFC 959 §5.4, RFC 3659 §5.3 leaving the "
     "server to refuse, keep or ignore it); ADAT before AUTH, PBSZ before the security exchange, PROT before PBSZ, "
     "MIC/CONF/ENC before the security exchange or while the server waits for CCC (RFC 2228 §3); HOST after login "
     "(RFC 7151 §3.3).",
     "Send the prerequisite first and nothing in between: USER then PASS, RNFR then RNTO, PASV/EPSV then the "
     "transfer, AUTH then PBSZ then PROT. Read every reply (including the 226 of the previous transfer) "
     "before sending the next command, and redo the whole sequence after a reconnect.",
     "commands that have a prerequisite: PASS, ACCT, RNTO, ADAT, PBSZ, PROT, MIC, CONF, ENC, MLST, MLSD, HOST",
     "RFC 959, RFC 2228, RFC 3659, RFC 7151", false, false},
    {504, rc::permanent_negative, cat::syntax, "Parameter not implemented",
     "Command not implemented for that parameter.",
     "The command is implemented, but not with this parameter.",
     "TYPE E, MODE B/C, STRU R/P on servers that only do TYPE A/I, MODE S, STRU F; AUTH with a mechanism the "
     "server does not know, PROT with an unknown level (RFC 2228 §3); LANG with a valid but unsupported tag "
     "(RFC 2640 §4.2); MLST or MLSD, among whose possible replies RFC 3659 §7.2.1 lists it; HOST naming an "
     "unknown virtual host (RFC 7151 §3.3).",
     "Use a parameter the server supports (TYPE I, MODE S, STRU F; AUTH TLS; PROT P or C); check FEAT.",
     "TYPE, MODE, STRU, AUTH, PROT, LANG, MLST, MLSD, HOST, and other commands with parameters",
     "RFC 959, RFC 2228, RFC 2640, RFC 3659, RFC 7151", false, false},
    {521, rc::permanent_negative, cat::connections, "Address family not supported",
     "Supported address families are (af1, af2, ..., afn)",
     "RFC 1639 defines it for LPRT/LPSV with an address family the server does not support, listing the "
     "families it does. RFC 4217 §10.2 reuses it to refuse a transfer whose PROT setting does not allow a data "
     "connection (\"data connection cannot be opened with this PROT setting\").",
     "After LPRT or LPSV with an unsupported address family; with FTPS, after RETR/STOR/LIST when the server "
     "insists on PROT P and the client left PROT C. RFC 959's Appendix II used 521 first, in an example: MKD of a "
     "directory that already exists gets \"521 ... directory already exists; taking no action\", and some servers "
     "still do that.",
     "Use an address family from the list (or EPRT/EPSV); with FTPS send PBSZ 0 and PROT P before transfers.",
     "LPRT, LPSV; STOR, RETR, NLST, LIST, STOU, APPE under FTPS", "RFC 1639, RFC 959, RFC 4217", false, true},
    {522, rc::permanent_negative, cat::connections, "Network protocol not supported",
     "<text stating that the network protocol is unsupported> (prot1,prot2,...,protn)",
     "RFC 2428 defines it for EPRT/EPSV with a network protocol the server does not support; the parentheses "
     "list the protocols it does (1 = IPv4, 2 = IPv6), as in RFC 2428's example \"522 Network protocol not "
     "supported, use (1,2)\". RFC 4217 reuses it when the TLS negotiation on the data connection failed (§10.2) "
     "and when the data connection's protection level is not enough for the transfer (§11.4).",
     "After EPRT |2|...| or EPSV 2 on an IPv4-only server; with FTPS, after 150 when the data connection's TLS "
     "handshake fails (certificate problems, the server requiring TLS session reuse from the control "
     "connection), or to the transfer command when the server requires PROT P (RFC 4217 §11.4; §10.2 gives a "
     "refusal before any 1xx for the PROT setting as 521).",
     "Use a protocol from the list. With FTPS enable TLS session reuse on the data connection and send PROT P.",
     "EPRT, EPSV; STOR, RETR, NLST, LIST, STOU, APPE under FTPS", "RFC 2428, RFC 4217", false, true},
    {530, rc::permanent_negative, cat::authentication_and_accounting, "Not logged in",
     "Not logged in.",
     "Login failed, or the command needs a logged-in user.",
     "After PASS with a wrong password or unknown user; after any file command before login; after a second "
     "USER once logged in on some servers; after PBSZ/PROT before login on servers that demand it (RFC 2228 §8.2 "
     "lists 530 for both); after MLST or MLSD before login (RFC 3659 §7.2.1 lists it among their replies); "
     "servers that require TLS answer USER with 530 until AUTH TLS.",
     "Log in first (USER, PASS) and check the credentials; use AUTH TLS first if the server requires it.",
     "USER, PASS, ACCT, and any command that needs a login", "RFC 959, RFC 2228, RFC 3659", false, false},
    {532, rc::permanent_negative, cat::authentication_and_accounting, "Need account for storing files",
     "Need account for storing files.",
     "Storing files needs an account (ACCT) that was not given at login.",
     "After STOR, STOU, APPE, or RNTO (RFC 959 §5.4 lists it there too), on servers that charge storage to "
     "accounts; rare today.",
     "Send ACCT with account information, then repeat the command.",
     "STOR, STOU, APPE, RNTO", "RFC 959", false, false},
    {533, rc::permanent_negative, cat::authentication_and_accounting, "Command protection level denied",
     "Command protection level denied for policy reasons.",
     "The server requires a different protection of the command itself: for example all commands must be "
     "protected (MIC/CONF/ENC), or CCC must be sent protected.",
     "After commands sent in clear on a server that demands protected commands (RFC 2228 §3); after CCC when "
     "the control connection is not protected by TLS (RFC 4217 §5).",
     "Protect the command as the policy requires (send it inside MIC/ENC, or over TLS).",
     "CCC, MIC, CONF, ENC, and any command when protection is required", "RFC 2228, RFC 4217", false, false},
    {534, rc::permanent_negative, cat::authentication_and_accounting, "Request denied by policy",
     "Request denied for policy reasons.",
     "The server supports what was asked but its policy forbids it.",
     "After AUTH with a mechanism the server refuses to use, or PROT with a level it will not accept (RFC 2228 "
     "§3; it may send 504 instead to hide that it supports the mechanism); after a transfer command (STOR, STOU, "
     "RETR, LIST, NLST, APPE) when the data protection level set is below what the server requires (RFC 2228 "
     "§6); after CCC when it will not clear the control connection (RFC 4217 §5).",
     "Use what the policy allows (AUTH TLS, PROT P before transfers, no CCC) or ask the administrator.",
     "AUTH, PROT, CCC, STOR, STOU, RETR, LIST, NLST, APPE", "RFC 2228, RFC 4217", false, false},
    {535, rc::permanent_negative, cat::authentication_and_accounting, "Security check failed",
     "Failed security check (hash, sequence, etc).",
     "The security data or protected command did not verify: a bad checksum, a replayed or reordered message.",
     "After ADAT with rejected security data, or MIC/CONF/ENC whose protection fails (RFC 2228 §3); after a "
     "transfer command whose protected data failed its integrity or decryption check (RFC 2228 §6).",
     "Reset the security state (AUTH again) and restart the exchange; suspect tampering if it repeats.",
     "ADAT, MIC, CONF, ENC, STOR, STOU, RETR, LIST, NLST, APPE", "RFC 2228", false, false},
    {536, rc::permanent_negative, cat::authentication_and_accounting, "PROT level not supported",
     "Requested PROT level not supported by mechanism.",
     "The security mechanism in use cannot provide the requested data channel protection level.",
     "After PROT S, E or P when the mechanism offers only some levels (RFC 2228 §3); TLS supports only C and P.",
     "Ask for a level the mechanism supports (with TLS: PROT P or PROT C).",
     "PROT", "RFC 2228", false, false},
    {537, rc::permanent_negative, cat::authentication_and_accounting, "Command protection not supported",
     "Command protection level not supported by security mechanism.",
     "The mechanism cannot protect commands at the level the client used (for example CONF with a mechanism that "
     "only does integrity).",
     "After MIC, CONF or ENC the current security mechanism does not support (RFC 2228 §3).",
     "Use a protection command the mechanism supports.",
     "MIC, CONF, ENC", "RFC 2228", false, false},
    {550, rc::permanent_negative, cat::file_system, "File unavailable",
     "Requested action not taken.",
     "The file or directory is unavailable: not found, no access, or not the right kind of object (RFC 959: "
     "\"File unavailable (e.g., file not found, no access)\").",
     "RETR/SIZE/MDTM of a missing file (RFC 3659: 550 when the size or time is not available); CWD to a missing "
     "directory; DELE, RMD or APPE without permission (RFC 959 §5.4), and STOR or STOU on most servers, where §5.4 "
     "lists 532/450/452/553 for them; MKD of an existing directory on many servers; MLST/MLSD "
     "of a name that does not exist or cannot be read (RFC 3659 §7.2.1); some servers reject PASV/PORT after "
     "EPSV ALL with 550.",
     "Check the path (relative to the current directory, case-sensitive on most servers) and the account's "
     "permissions; use the name exactly as the listing shows it.",
     "RETR, APPE, STOR, DELE, CWD, RMD, MKD, RNFR, SIZE, MDTM, MLST, MLSD, and other file commands",
     "RFC 959, RFC 3659", false, false},
    {551, rc::permanent_negative, cat::file_system, "Page type unknown",
     "Requested action aborted: page type unknown.",
     "The server does not know the page type of a page-structured file (STRU P, TOPS-20 era).",
     "After an upload (STOR, STOU, APPE) with STRU P; essentially never seen today.",
     "Use STRU F (file structure).",
     "STOR, STOU, APPE with STRU P", "RFC 959", false, false},
    {552, rc::permanent_negative, cat::file_system, "Storage allocation exceeded",
     "Requested file action aborted.",
     "The file does not fit in the storage allocated to the account or directory (RFC 959: \"Exceeded storage "
     "allocation (for current directory or dataset)\").",
     "After STOR, APPE or STOU when a quota is exhausted; sometimes when a file exceeds a size limit.",
     "Delete files or ask for a larger quota; this will not go away by retrying (contrast 452).",
     "STOR, STOU, APPE", "RFC 959", false, false},
    {553, rc::permanent_negative, cat::file_system, "File name not allowed",
     "Requested action not taken.",
     "The file name is not acceptable to the server (RFC 959: \"File name not allowed\"): invalid characters, "
     "too long, a reserved name, or a path outside the permitted tree.",
     "After STOR, STOU, APPE or RNTO with a name the server's file system or policy rejects; after uploads to a "
     "read-only area on some servers; after MLST or MLSD, among whose possible replies RFC 3659 §7.2.1 lists it. "
     "RFC 959 §5.4 does not list it for MKD, which gets 550.",
     "Use a name with safe characters (letters, digits, \"._-\") within the server's limits and an allowed "
     "directory.",
     "STOR, STOU, APPE, RNTO, MLST, MLSD", "RFC 959, RFC 3659", false, false},
    {554, rc::permanent_negative, cat::file_system, "Invalid REST parameter",
     "Requested action not taken: invalid REST parameter.",
     "The transfer after REST cannot start at the requested position: the existing file cannot be repositioned "
     "as asked (RFC 1123 §4.1.3.4).",
     "After RETR, STOR or APPE following a REST beyond the end of the file, or a marker the server cannot use.",
     "Check the size (SIZE) and send a REST value within it, or transfer the whole file.",
     "RETR, STOR, APPE after REST", "RFC 1123", false, false},
    {555, rc::permanent_negative, cat::file_system, "Type or structure mismatch",
     "Requested action not taken: type or stru mismatch.",
     "The current transfer parameters (TYPE, STRU) do not match the existing file, so it cannot be appended to "
     "or restarted (RFC 1123 §4.1.3.4).",
     "After APPE, or a transfer following REST, when the file was stored with another TYPE or STRU.",
     "Use the TYPE and STRU the file was written with (usually TYPE I), or transfer the whole file.",
     "APPE; RETR, STOR after REST", "RFC 1123", false, false},
    {631, rc::protected_reply, cat::unassigned, "Integrity-protected reply",
     "<base64-encoded \"safe\" message>",
     "A reply protected for integrity by the negotiated security mechanism: the text is the base64 \"safe\" "
     "message holding the real reply. May be multi-line, each line a separately protected fragment.",
     "After any command once a security data exchange (RFC 2228 ADAT) set up integrity protection, usually in "
     "answer to a MIC command: RFC 2228 §7 asks that a reply carry the protection of the command it answers.",
     "Decode and verify the text with the security mechanism, then handle the inner reply as usual.",
     "any command after a security data exchange (typically MIC)", "RFC 2228", false, true},
    {632, rc::protected_reply, cat::unassigned, "Private reply",
     "<base64-encoded \"private\" message>",
     "A reply protected for both confidentiality and integrity: the text is the base64 \"private\" message "
     "holding the real reply.",
     "After any command once a security data exchange set up privacy protection, usually in answer to ENC, "
     "whose \"private\" protection it matches (RFC 2228 §7).",
     "Decrypt and verify the text with the security mechanism, then handle the inner reply as usual.",
     "any command after a security data exchange (typically ENC)", "RFC 2228", false, true},
    {633, rc::protected_reply, cat::unassigned, "Confidentiality-protected reply",
     "<base64-encoded \"confidential\" message>",
     "A reply protected for confidentiality only: the text is the base64 \"confidential\" message holding the "
     "real reply.",
     "After any command once a security data exchange set up confidentiality protection, usually in answer to "
     "CONF, whose \"confidential\" protection it matches (RFC 2228 §7).",
     "Decrypt the text with the security mechanism, then handle the inner reply as usual.",
     "any command after a security data exchange (typically CONF)", "RFC 2228", false, true},
};

inline constexpr std::size_t reply_code_entry_count = sizeof(reply_code_entries) / sizeof(reply_code_entries[0]);
static_assert(reply_code_entry_count < 255, "the index below stores entry numbers in one byte");

inline constexpr std::uint8_t no_entry = 0xFF;

// code - 100 -> position in reply_code_entries, or no_entry: O(1) lookup, usable in constant expressions.
[[nodiscard]] constexpr std::array<std::uint8_t, max_reply_code - min_reply_code + 1> make_reply_code_index() noexcept {
    std::array<std::uint8_t, max_reply_code - min_reply_code + 1> index{};
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = no_entry;
    for (std::size_t i = 0; i < reply_code_entry_count; ++i)
        index[static_cast<std::size_t>(reply_code_entries[i].code - min_reply_code)] = static_cast<std::uint8_t>(i);
    return index;
}

inline constexpr auto reply_code_index = make_reply_code_index();

}  // namespace detail

// A read-only view of the whole table, sorted by code (for iteration: `for (auto& e : reply_codes())`).
struct reply_code_table_view {
    [[nodiscard]] constexpr const reply_code_info* begin() const noexcept { return detail::reply_code_entries; }
    [[nodiscard]] constexpr const reply_code_info* end() const noexcept {
        return detail::reply_code_entries + detail::reply_code_entry_count;
    }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return detail::reply_code_entry_count; }
    [[nodiscard]] constexpr const reply_code_info& operator[](std::size_t i) const noexcept {
        return detail::reply_code_entries[i];
    }
};

[[nodiscard]] constexpr reply_code_table_view reply_codes() noexcept { return {}; }

// The result of find_reply_code(): an optional reference to a table entry. Not a raw pointer because
// `find_reply_code(503) != nullptr` on a plain pointer makes GCC warn (-Waddress) once it folds the call.
class reply_code_lookup {
public:
    constexpr reply_code_lookup() noexcept = default;
    constexpr explicit reply_code_lookup(const reply_code_info* entry) noexcept : entry_(entry) {}

    [[nodiscard]] constexpr bool has_value() const noexcept { return entry_ != nullptr; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    // Precondition: has_value().
    [[nodiscard]] constexpr const reply_code_info& operator*() const noexcept { return *entry_; }
    [[nodiscard]] constexpr const reply_code_info* operator->() const noexcept { return entry_; }
    // The entry, or nullptr.
    [[nodiscard]] constexpr const reply_code_info* get() const noexcept { return entry_; }

private:
    const reply_code_info* entry_ = nullptr;
};

// The table entry for a code, or an empty result if no RFC ftpwire knows defines it (or the number is
// invalid). O(1): one bounds check and one index read.
[[nodiscard]] constexpr reply_code_lookup find_reply_code(int code) noexcept {
    if (!is_valid_reply_code(code)) return reply_code_lookup{};
    const std::uint8_t i = detail::reply_code_index[static_cast<std::size_t>(code - min_reply_code)];
    return reply_code_lookup{i == detail::no_entry ? nullptr : &detail::reply_code_entries[i]};
}

[[nodiscard]] constexpr bool is_known_reply_code(int code) noexcept { return find_reply_code(code).has_value(); }

// ---------------------------------------------------------------------------------------------------------
// explain(): any int in, a complete description out
// ---------------------------------------------------------------------------------------------------------

enum class reply_code_status : std::uint8_t {
    known,    // in the table
    unknown,  // valid digits, but no RFC ftpwire knows defines it: class and category still apply
    invalid,  // not 100..699
};

[[nodiscard]] constexpr std::string_view to_string(reply_code_status s) noexcept {
    switch (s) {
        case reply_code_status::known: return "known";
        case reply_code_status::unknown: return "unknown";
        case reply_code_status::invalid: break;
    }
    return "invalid";
}

// Everything ftpwire can say about one number. For known codes the fields come from the table; for unknown
// codes they describe what the digits mean; for invalid numbers they say why the number is not a reply code.
struct reply_code_explanation {
    int code;
    reply_code_status status;
    reply_class cls;
    reply_category category;
    std::string_view name;
    std::string_view text;  // empty unless known
    std::string_view description;
    std::string_view when;
    std::string_view fix;
    std::string_view replies_to;
    std::string_view rfc;
    std::string_view class_meaning;     // ftpwire::class_meaning(cls)
    std::string_view category_meaning;  // ftpwire::category_meaning(category); for 6yz, why it has none
    const reply_code_info* entry;       // nullptr unless known

    [[nodiscard]] constexpr bool known() const noexcept { return status == reply_code_status::known; }
    [[nodiscard]] constexpr bool valid() const noexcept { return status != reply_code_status::invalid; }
};

namespace detail {

// What the second digit says: its category's meaning, or for a protected reply why it says nothing (RFC 2228
// §5.2 defines 631-633 whole, by their protection; the subject is that of the wrapped reply).
[[nodiscard]] constexpr std::string_view second_digit_meaning(reply_class cls, reply_category category) noexcept {
    if (is_protected(cls))
        return "A protected reply's second digit names no subject: RFC 2228 §5.2 defines 631, 632 and 633 by the "
               "protection they carry, and what the reply is about is the category of the reply wrapped inside.";
    return category_meaning(category);
}

}  // namespace detail

[[nodiscard]] constexpr reply_code_explanation explain(int code) noexcept {
    const reply_class cls = class_of(code);
    const reply_category category = category_of(code);
    if (const reply_code_info* e = find_reply_code(code).get()) {
        return {code, reply_code_status::known, cls, category, e->name, e->text, e->description, e->when, e->fix,
                e->replies_to, e->rfc,
                e->closes_control_connection ? closing_class_meaning(cls) : class_meaning(cls),
                detail::second_digit_meaning(cls, category), e};
    }
    if (is_valid_reply_code(code)) {
        const bool first_digit_only = category == reply_category::unassigned;
        return {code,
                reply_code_status::unknown,
                cls,
                category,
                "Unknown reply code",
                {},
                first_digit_only
                    ? "No RFC that ftpwire knows defines this code, and its second digit has no assigned meaning: "
                      "only the first digit, the class (the outcome), says what kind of reply it is."
                    : "No RFC that ftpwire knows defines this code. Its first two digits still say what kind of "
                      "reply it is: the first digit is the class (the outcome), the second the category (what the "
                      "reply is about).",
                "A server-specific code, a code from an extension ftpwire does not cover, or a server bug. RFC "
                "959 §4.2 asks servers not to invent codes but to adapt existing ones.",
                class_advice(cls),
                "unknown",
                // RFC 959 §4.2 defines first digits 1-5 and second digits 0-5; 6yz (protected replies) is RFC 2228
                // §5.2's, which gives their second digit no meaning.
                cls == reply_class::protected_reply
                    ? "RFC 2228 §5.2 (first digit only)"
                    : (first_digit_only ? "RFC 959 §4.2 (first digit only)" : "RFC 959 §4.2"),
                class_meaning(cls),
                detail::second_digit_meaning(cls, category),
                nullptr};
    }
    return {code,
            reply_code_status::invalid,
            reply_class::invalid,
            reply_category::invalid,
            "Invalid reply code",
            {},
            "Not an FTP reply code. A reply code is exactly three digits and its first digit is 1 to 6 (RFC 959 "
            "§4.2, RFC 2228 §5.2), so only 100 to 699 can occur.",
            "A number taken from the wrong place (a port, a byte count), a truncated or garbled reply line, or a "
            "typo.",
            class_advice(reply_class::invalid),
            "none",
            "RFC 959 §4.2",
            class_meaning(reply_class::invalid),
            category_meaning(reply_category::invalid),
            nullptr};
}

// ---------------------------------------------------------------------------------------------------------
// compare(): how two codes differ, and which to send when
// ---------------------------------------------------------------------------------------------------------

// The aspects in which two codes can differ, in the order compare() reports them.
enum class difference_kind : std::uint8_t {
    same_code,          // a == b
    validity,           // one or both are not reply codes
    outcome,            // accepted (1-3) vs refused (4-5) vs protected (6)
    reply_class,        // different first digit
    client_action,      // what the client does next differs (follows from the class)
    retry,              // transient (4) vs permanent (5): replaces reply_class for that pair
    category,           // different second digit
    detail,             // same class and category, different third digit
    replies_to,         // the commands each answers
    closes_connection,  // one closes the control connection
    text_carries_data,  // one carries data in its text
};

[[nodiscard]] constexpr std::string_view to_string(difference_kind k) noexcept {
    switch (k) {
        case difference_kind::same_code: return "same_code";
        case difference_kind::validity: return "validity";
        case difference_kind::outcome: return "outcome";
        case difference_kind::reply_class: return "class";
        case difference_kind::client_action: return "client_action";
        case difference_kind::retry: return "retry";
        case difference_kind::category: return "category";
        case difference_kind::detail: return "detail";
        case difference_kind::replies_to: return "replies_to";
        case difference_kind::closes_connection: return "closes_connection";
        case difference_kind::text_carries_data: break;
    }
    return "text_carries_data";
}

// One difference: a headline plus what it is for each side (a, b). Views into static text, no allocation.
struct reply_code_difference {
    difference_kind kind;
    std::string_view summary;  // "Class: different outcome and next step"
    std::string_view a;        // A's side
    std::string_view b;        // B's side
};

// For a server author: when to send one of the two codes.
struct reply_code_usage {
    int code;
    std::string_view name;
    std::string_view replies_to;     // in reply to which commands
    std::string_view situation;      // the code's own meaning (its description)
    std::string_view class_rule;     // class_server_rule(class); for 221 and 421, close the connection after it
    std::string_view category_rule;  // the explanation's category_meaning
};

inline constexpr std::size_t max_reply_code_differences = 10;

struct reply_code_comparison {
    reply_code_explanation a;
    reply_code_explanation b;
    bool same_class;
    bool same_category;
    std::array<reply_code_difference, max_reply_code_differences> differences;
    std::size_t difference_count;
    std::string_view deciding_rule;  // how to choose between the two, from their classes and categories
    reply_code_usage use_a;
    reply_code_usage use_b;

    [[nodiscard]] constexpr const reply_code_difference* begin() const noexcept { return differences.data(); }
    [[nodiscard]] constexpr const reply_code_difference* end() const noexcept {
        return differences.data() + difference_count;
    }
    [[nodiscard]] constexpr bool has(difference_kind k) const noexcept {
        for (std::size_t i = 0; i < difference_count; ++i)
            if (differences[i].kind == k) return true;
        return false;
    }
};

namespace detail {

[[nodiscard]] constexpr std::string_view outcome_of(reply_class c) noexcept {
    if (is_positive(c)) return "accepted: the command succeeded or is proceeding";
    if (is_negative(c)) return "refused: the command failed";
    if (is_protected(c)) return "wrapped: the outcome is that of the protected inner reply";
    return "none: not a reply code";
}

[[nodiscard]] constexpr int outcome_group(reply_class c) noexcept {
    return is_positive(c) ? 1 : is_negative(c) ? 2 : is_protected(c) ? 3 : 0;
}

[[nodiscard]] constexpr std::string_view retry_of(reply_class c) noexcept {
    return c == reply_class::transient_negative
               ? "transient: the same command may succeed later"
               : "permanent: the same command will fail again until something changes";
}

// Whether two codes are in the same category. By the digit itself, not by category_of(): 6-9 all read `unassigned`
// (RFC 959 §4.2 names categories for 0-5 only), yet x6z and x7z are different digits. A protected reply is in no
// category with an unprotected one: its second digit names no subject (RFC 2228 §5.2), so 631 is not about login
// the way 230 is.
[[nodiscard]] constexpr bool in_same_category(int a, int b) noexcept {
    return a / 10 % 10 == b / 10 % 10 && is_protected(a) == is_protected(b);
}

// A second digit without a meaning, by digit: 0-5 only lack one in a protected reply, 6-9 everywhere.
inline constexpr std::string_view meaningless_second_digits[10] = {
    "second digit 0: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 1: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 2: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 3: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 4: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 5: no meaning in a protected reply (RFC 2228 §5.2)",
    "second digit 6: no RFC assigns it a meaning (RFC 959 §4.2 names 0 to 5)",
    "second digit 7: no RFC assigns it a meaning (RFC 959 §4.2 names 0 to 5)",
    "second digit 8: no RFC assigns it a meaning (RFC 959 §4.2 names 0 to 5)",
    "second digit 9: no RFC assigns it a meaning (RFC 959 §4.2 names 0 to 5)",
};

[[nodiscard]] constexpr bool has_category(const reply_code_explanation& e) noexcept {
    return e.category != reply_category::unassigned && e.category != reply_category::invalid;
}

// How to choose between codes of the two classes (symmetric), from RFC 959 §4.2.
[[nodiscard]] constexpr std::string_view deciding_rule(const reply_code_explanation& a,
                                                       const reply_code_explanation& b) noexcept {
    const reply_class x = a.cls, y = b.cls;
    const auto pair = [&](reply_class p, reply_class q) { return (x == p && y == q) || (x == q && y == p); };
    if (!a.valid() || !b.valid())
        return "Only valid codes (100-699) can be sent; replace the invalid number with the code whose class and "
               "category fit the situation.";
    if (a.code == b.code) return "They are the same code: there is nothing to choose.";
    if (is_protected(x) && is_protected(y))
        return "Both are protected replies: each wraps an inner reply, picked by the usual rules, and they differ in "
               "the protection applied. RFC 2228 §5.2 defines only 631 (integrity, \"safe\"), 632 (integrity and "
               "confidentiality, \"private\") and 633 (confidentiality, \"confidential\"); RFC 2228 §7 asks that a "
               "reply carry the protection of the command it answers: 631 for MIC, 632 for ENC, 633 for CONF.";
    if (is_protected(x) || is_protected(y))
        return "A 6yz code is not an alternative to another code: it wraps one. Pick the inner reply by the usual "
               "rules, then protect it with 631/632/633 only after a security data exchange succeeded (RFC 2228).";
    if ((a.code == 120 && b.code == 421) || (a.code == 421 && b.code == 120))
        return "Both answer a new connection the server cannot serve yet (RFC 959 §5.4: 120, then 220, or 421): "
               "send 120 when the service will be ready within the time the text names and the connection may "
               "wait, 421 when the client must go away and reconnect later.";
    if ((a.code == 202 && b.code == 502) || (a.code == 502 && b.code == 202))
        return "Both answer a command this site does not implement (RFC 959 §4.2): 202 when the command needs no "
               "action here, so the client may go on as if it succeeded (ALLO on a system without allocation), "
               "502 when the action it asks for does not happen and the client must do without it.";
    if (outcome_group(x) != outcome_group(y))
        return "Decide by outcome first: send the positive code only if you accept the command, the negative one "
               "if you refuse it.";
    if (pair(reply_class::transient_negative, reply_class::permanent_negative))
        return "Both refuse the command; decide by whether the same command, sent again unchanged, could succeed "
               "later: 4yz if it could (busy, out of resources, timeout), 5yz if it could not (syntax, order, "
               "permission, missing feature). RFC 959 §4.2 gives this rule of thumb.";
    if (pair(reply_class::positive_preliminary, reply_class::positive_completion))
        return "Both accept the command; send the 1yz first when more work follows that ends in another reply "
               "(a transfer, a delayed service), then the 2yz when it is done. A command that completes at once "
               "gets only the 2yz.";
    if (pair(reply_class::positive_intermediate, reply_class::positive_completion))
        return "Both accept the command; send 3yz when you need another command of the sequence to finish "
               "(PASS, ACCT, RNTO, a transfer after REST, ADAT), 2yz when this command alone completed the "
               "action.";
    if (pair(reply_class::positive_preliminary, reply_class::positive_intermediate))
        return "Both accept the command; 1yz promises another reply from you to the same command, 3yz asks the "
               "client for another command. Choose by who must act next: you (1yz) or the client (3yz).";
    if (!in_same_category(a.code, b.code)) {
        if (!has_category(a) && !has_category(b))
            return "Same class, so the same outcome. The second digits differ, but neither has a meaning (RFC 959 "
                   "§4.2 names categories for 0 to 5 only), so nothing in the digits decides between them; RFC 959 "
                   "§4.2 asks servers to adapt a defined code of the class rather than send undefined ones.";
        if (!has_category(a) || !has_category(b))
            return "Same class, so the same outcome. The second digits differ and only one of them has a meaning "
                   "(RFC 959 §4.2 names categories for 0 to 5 only): prefer the code whose second digit says what "
                   "the reply is about; RFC 959 §4.2 asks servers to adapt defined codes, not invent new ones.";
        return "Same class, so the same outcome; choose by what the reply is about (the second digit): the "
               "command itself, information, a connection, login/security, or the file system.";
    }
    return "Same class and category: they differ only in the third digit. Choose the one whose specific meaning "
           "matches the situation exactly; RFC 959 §4.2 asks servers to adapt defined codes, not invent new ones.";
}

// The table's flags of a code; false for a code it does not know.
[[nodiscard]] constexpr bool table_says_closes(const reply_code_explanation& e) noexcept {
    return e.entry != nullptr && e.entry->closes_control_connection;
}
[[nodiscard]] constexpr bool table_says_carries_data(const reply_code_explanation& e) noexcept {
    return e.entry != nullptr && e.entry->text_carries_data;
}

[[nodiscard]] constexpr reply_code_usage usage_of(const reply_code_explanation& e) noexcept {
    return {e.code,
            e.name,
            e.replies_to,
            e.description,
            table_says_closes(e) ? "send it as the last reply, then close the control connection."
                                 : class_server_rule(e.cls),
            e.category_meaning};
}

// The client's next step after a code: its class's, or the closing one for a code that closes the connection.
[[nodiscard]] constexpr std::string_view next_step(const reply_code_explanation& e) noexcept {
    return table_says_closes(e) ? closing_class_advice(e.cls) : class_advice(e.cls);
}

// Unknown codes: "not in ftpwire's table" (the flags below are the table's).
inline constexpr std::string_view not_in_table = "not in ftpwire's table: unknown";

[[nodiscard]] constexpr std::string_view closes_text(const reply_code_explanation& e) noexcept {
    if (e.entry == nullptr) return not_in_table;
    return table_says_closes(e) ? "closes the control connection after sending it"
                                : "keeps the control connection open";
}

[[nodiscard]] constexpr std::string_view data_text(const reply_code_explanation& e) noexcept {
    if (e.entry == nullptr) return not_in_table;
    return table_says_carries_data(e)
               ? "its text carries data a client parses (always, or in the cases named under when it is seen)"
               : "its text is for humans only";
}

}  // namespace detail

// How codes a and b differ, side by side, and when to use which. Works for any ints: unknown codes are
// compared by their digits, invalid ones are reported as such.
[[nodiscard]] constexpr reply_code_comparison compare(int a, int b) noexcept {
    reply_code_comparison r{explain(a), explain(b), false, false, {}, 0, {}, {}, {}};
    const reply_code_explanation& x = r.a;
    const reply_code_explanation& y = r.b;
    r.same_class = x.valid() && y.valid() && x.cls == y.cls;
    r.same_category = x.valid() && y.valid() && detail::in_same_category(a, b);
    const auto add = [&r](difference_kind k, std::string_view summary, std::string_view da, std::string_view db) {
        if (r.difference_count < r.differences.size()) r.differences[r.difference_count++] = {k, summary, da, db};
    };
    r.deciding_rule = detail::deciding_rule(x, y);
    r.use_a = detail::usage_of(x);
    r.use_b = detail::usage_of(y);

    if (!x.valid() || !y.valid()) {
        add(difference_kind::validity, "Validity: only 100-699 are reply codes",
            x.valid() ? "a valid reply code" : "not a reply code",
            y.valid() ? "a valid reply code" : "not a reply code");
        return r;
    }
    if (a == b) {
        add(difference_kind::same_code, "Same code: no differences", x.name, y.name);
        return r;
    }
    if (detail::outcome_group(x.cls) != detail::outcome_group(y.cls))
        add(difference_kind::outcome,
            is_protected(x.cls) || is_protected(y.cls)
                ? "Outcome: a 6yz reply wraps another reply, whose outcome it carries (RFC 2228 §5.2)"
                : "Outcome: one accepts the command, the other does not",
            detail::outcome_of(x.cls), detail::outcome_of(y.cls));
    if (is_negative(x.cls) && is_negative(y.cls) && !r.same_class) {
        // 4yz vs 5yz: the whole class difference is whether retrying can help (RFC 959 §4.2).
        add(difference_kind::retry, "Class (first digit): transient versus permanent failure",
            detail::retry_of(x.cls), detail::retry_of(y.cls));
    } else if (!r.same_class) {
        add(difference_kind::reply_class, "Class (first digit): different kind of reply", x.class_meaning,
            y.class_meaning);
    }
    if (!r.same_class)
        add(difference_kind::client_action, "Client's next step", detail::next_step(x), detail::next_step(y));
    if (!r.same_category) {
        if (!detail::has_category(x) && !detail::has_category(y))
            add(difference_kind::category, "Second digit: different, but neither digit has a meaning",
                detail::meaningless_second_digits[a / 10 % 10], detail::meaningless_second_digits[b / 10 % 10]);
        else if (!detail::has_category(x) || !detail::has_category(y))
            add(difference_kind::category, "Category (second digit): only one of the two digits has a meaning",
                x.category_meaning, y.category_meaning);
        else
            add(difference_kind::category, "Category (second digit): about different things", x.category_meaning,
                y.category_meaning);
    }
    if (r.same_class && r.same_category)
        add(difference_kind::detail, "Same class and category: the third digit gives the specific meaning",
            x.description, y.description);
    if (x.replies_to != y.replies_to)
        add(difference_kind::replies_to, "Sent in reply to different commands", x.replies_to, y.replies_to);
    // The table's flags: a code it does not know is compared only where the known one has the flag set (421 against
    // 429: 421 closes the connection; 200 against 429 says nothing).
    const bool x_known = x.entry != nullptr, y_known = y.entry != nullptr;
    const auto worth_comparing = [&](bool x_flag, bool y_flag) {
        return x_known && y_known ? x_flag != y_flag : (x_known && x_flag) || (y_known && y_flag);
    };
    if (worth_comparing(detail::table_says_closes(x), detail::table_says_closes(y)))
        add(difference_kind::closes_connection, "Control connection: one of them ends the session",
            detail::closes_text(x), detail::closes_text(y));
    if (worth_comparing(detail::table_says_carries_data(x), detail::table_says_carries_data(y)))
        add(difference_kind::text_carries_data, "Reply text: one of them carries machine-readable data",
            detail::data_text(x), detail::data_text(y));
    return r;
}

}  // namespace ftpwire

#endif  // FTPWIRE_REPLY_CODE_HPP
