// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// The ordering rules of FTP as plain constexpr data: the state a session is in, the rules a command must
// satisfy in that state, what a server answers when one is broken (per server family where servers differ),
// and how commands and replies move the state on. The runtime sequencer (sequencer.hpp) and the
// compile-time session (session.hpp) both read this file and nothing else: one source of truth.
#ifndef FTPWIRE_SEQUENCE_RULES_HPP
#define FTPWIRE_SEQUENCE_RULES_HPP

#include "version.hpp"

#include "command.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace ftpwire {

// ---------------------------------------------------------------------------------------------------------
// Sets of verbs (one bit per verb).

static_assert(verb_count <= 64, "verb_set holds one bit per verb in 64 bits");

struct verb_set {
    std::uint64_t bits = 0;

    [[nodiscard]] constexpr bool contains(verb v) const noexcept {
        return (bits >> static_cast<unsigned>(v)) & 1U;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits == 0; }
    [[nodiscard]] constexpr verb_set operator|(verb_set o) const noexcept { return {bits | o.bits}; }
    [[nodiscard]] constexpr verb_set without(verb_set o) const noexcept { return {bits & ~o.bits}; }
    friend constexpr bool operator==(verb_set a, verb_set b) noexcept { return a.bits == b.bits; }
    friend constexpr bool operator!=(verb_set a, verb_set b) noexcept { return a.bits != b.bits; }
};

[[nodiscard]] constexpr verb_set verbs(std::initializer_list<verb> list) noexcept {
    verb_set s;
    for (verb v : list) s.bits |= std::uint64_t{1} << static_cast<unsigned>(v);
    return s;
}

inline constexpr verb_set all_verbs{verb_count == 64 ? ~std::uint64_t{0}
                                                     : (std::uint64_t{1} << verb_count) - 1};

// ---------------------------------------------------------------------------------------------------------
// Per-verb properties that matter for ordering (the command table in command.hpp holds the rest).

// Commands that open a data connection: RFC 959 §4.1.2 PORT/PASV, RFC 1639 LPRT/LPSV, RFC 2428 EPRT/EPSV.
inline constexpr verb_set data_port_verbs =
    verbs({verb::port, verb::pasv, verb::eprt, verb::epsv, verb::lprt, verb::lpsv});
// Those that name the client's address for the server to connect to (active mode), where the others have the server
// listen (passive mode).
inline constexpr verb_set active_data_port_verbs = verbs({verb::port, verb::eprt, verb::lprt});
// Commands that transfer over the data connection (RFC 959 §4.1.3, RFC 3659 §7 MLSD).
inline constexpr verb_set transfer_verbs =
    verbs({verb::retr, verb::stor, verb::stou, verb::appe, verb::list, verb::nlst, verb::mlsd});
// A transfer's preliminary reply (RFC 959 §4.2: 125 data connection already open, 150 about to open it).
[[nodiscard]] constexpr bool opens_transfer(int code) noexcept { return code == 125 || code == 150; }
// The replies that end a transfer (RFC 959 §5.4): 226/250, or 425/426/451 and any other 4xx/5xx. ABOR's 225 ends
// one too, but only as ABOR's own reply.
[[nodiscard]] constexpr bool ends_transfer(int code) noexcept {
    return code == 226 || code == 250 || (code >= 400 && code <= 599);
}
// A refusal of a command sent during a transfer (STAT, NOOP: RFC 959 §5.4 gives STAT 450, 500-502 and 530), which
// never ends a transfer once its 1yz came (425, 426, 451, 551, 552 do).
[[nodiscard]] constexpr bool answers_command_during_transfer(int code) noexcept {
    return code == 450 || (code >= 500 && code <= 504) || code == 530;
}
// A reply to a transfer command that shows its data port used (1yz, 2yz) or failed (425): the port is gone. Any
// other refusal leaves it (but see family_traits::refused_transfer_drops_data_port).
[[nodiscard]] constexpr bool uses_up_data_port(int code) noexcept {
    return (code >= 100 && code <= 299) || code == 425;
}
// The transfers a REST marker applies to (RFC 959 §4.1.3 REST, RFC 3659 §5 REST STREAM).
inline constexpr verb_set file_transfer_verbs = verbs({verb::retr, verb::stor, verb::stou, verb::appe});
// Commands that may sit between REST and its transfer without cancelling it: clients set up the data
// connection and the type right before the transfer (curl: TYPE, REST, EPSV, RETR), and servers keep the
// marker across them.
inline constexpr verb_set keeps_rest_verbs = data_port_verbs | verbs({verb::type});
// "At any time" commands: RFC 959 §4.1.3 and §5.4 let ABOR and QUIT through whatever the state.
inline constexpr verb_set any_time_verbs = verbs({verb::abor, verb::quit});
// Commands RFC 959 §4.1.3 allows while a transfer is running (urgent ones), plus NOOP, which clients send as a
// keep-alive: pyftpdlib answers it during the transfer, vsftpd and ProFTPD after its 226 (Pure-FTPd refuses both
// NOOP and STAT then: its override of transfer_in_progress); and REIN, which RFC 959 §4.1.1 lets "any transfer in
// progress" complete: pyftpdlib answers it at once (230) and the download still ends with 226, vsftpd and ProFTPD
// (where REIN is not implemented) answer 502 after the 226 (tests/data/servers/*/rein_during_transfer.txt).
inline constexpr verb_set during_transfer_verbs = verbs({verb::abor, verb::stat, verb::quit, verb::noop, verb::rein});
// Commands that may be sent before the previous reply arrived: the urgent ones (RFC 959 §4.1.3).
inline constexpr verb_set urgent_verbs = verbs({verb::abor, verb::stat, verb::quit});

// Commands a server accepts before login (the generic RFC reading):
//  - the login itself: USER, PASS, ACCT (RFC 959 §4.1.1), and REIN (it only resets the login);
//  - HOST, which RFC 7151 §3 requires before authentication;
//  - security setup, which RFC 4217 §4-§5 places before USER so the password travels protected: AUTH, ADAT,
//    PBSZ, PROT, and the protected-command wrappers MIC, CONF, ENC (RFC 2228 §3);
//  - feature and language negotiation, which clients send first: FEAT, OPTS (RFC 2389), LANG (RFC 2640 §4);
//  - commands whose RFC 959 §5.4 replies have no 530: SYST, HELP, NOOP, QUIT, ABOR, and STAT (whose 530 is for
//    STAT with a path argument: STAT alone is the server status).
// Not in the list, so refused with 530: everything touching files or transfers, SITE (RFC 959 lists 530),
// CCC (clearing the control connection before login would send the password in clear).
inline constexpr verb_set allowed_before_login_rfc =
    verbs({verb::user, verb::pass, verb::acct, verb::rein, verb::host, verb::auth, verb::adat, verb::pbsz,
           verb::prot, verb::mic, verb::conf, verb::enc, verb::feat, verb::opts, verb::lang, verb::syst,
           verb::help, verb::noop, verb::quit, verb::abor, verb::stat});

// Commands whose line has an argument or has none by their syntax (RFC 959 §5.3.2 and the extensions' grammars,
// command.hpp's argument_rule): RETR, TYPE, PORT, ... need one, PASV, PWD, CDUP, ... take none. Those whose argument
// is optional (LIST, STAT, EPSV, ...) fit either way.
inline constexpr verb_set argument_checked_verbs{detail::verbs_requiring_argument | detail::verbs_taking_no_argument};

// ---------------------------------------------------------------------------------------------------------
// Server families: where real servers answer differently from the generic RFC reading.

// vsftpd .. pureftpd: the servers as configured without TLS; the *_tls families: the same servers with TLS allowed
// (RFC 4217), which answer AUTH, PBSZ, PROT and CCC, and so the commands around them, differently.
enum class server_family : std::uint8_t {
    rfc959,
    vsftpd,
    pyftpdlib,
    proftpd,
    pureftpd,
    vsftpd_tls,
    pyftpdlib_tls,
    proftpd_tls,
    pureftpd_tls,
};
inline constexpr std::size_t server_family_count = 9;

// How a server family departs from RFC 959's reading: each trait false (the default) is the RFC's, or what most
// servers do where RFC 959 says nothing.
struct family_traits {
    server_family family = server_family::rfc959;
    std::string_view name;
    bool keeps_rnfr = false;  // a pending RNFR survives other commands until RNTO
    bool keeps_rest = false;  // a pending REST survives other commands until the next file transfer
    // A transfer command (RETR, LIST, ...) drops a pending RNFR even where other commands keep it.
    bool transfer_drops_rnfr = false;
    // A new USER drops the data port set up, a pending RNFR and REST too. RFC 959 §4.1.1 flushes only the user,
    // password and account information: "All transfer parameters are unchanged".
    bool user_flushes_session = false;
    // SITE HELP is answered before login, as HELP is, while the other SITE commands need the login
    // (login_required).
    bool site_help_before_login = false;
    // An AUTH accepted after login leaves the login as it is. RFC 2228 §3 and RFC 4217 §4 have the user log in
    // again, "almost as if a REIN command was issued".
    bool auth_keeps_login = false;
    // An AUTH accepted between USER and PASS (or ACCT) leaves the user: the next PASS logs in. RFC 2228 §3 has the
    // user authorize again after AUTH, which the generic reading follows (a PASS then is out of sequence).
    bool auth_keeps_user = false;
    // AUTH after login is refused as after login (auth_before_login) even on a protected connection, where other
    // servers first refuse a second AUTH (auth_once).
    bool auth_unknown_after_login = false;
    // REIN leaves a protected control connection protected (PBSZ and PROT are reset, AUTH is refused as a second
    // one). RFC 4217 §13 clears the TLS session with REIN.
    bool rein_keeps_control_tls = false;
    // A transfer command refused before it began (a 4yz or 5yz other than 425, which says the data connection
    // failed) drops the data port set up for it. Other servers keep listening for the next transfer command.
    bool refused_transfer_drops_data_port = false;
    // The transfer commands whose refusal leaves the data port set up all the same (where
    // refused_transfer_drops_data_port drops it for the others).
    verb_set refusal_keeps_data_port{};
    // The transfer commands whose refusal leaves the data port hung (flag::data_port_hung): the next transfer
    // command is not answered at all, where refused_transfer_drops_data_port predicts its refusal.
    verb_set refusal_hangs_next_transfer{};
    // The address a PORT or EPRT gave serves every transfer after it, until another data port is set up: a
    // transfer does not use it up, however it ended but 425 (226; 426, its data connection broken; 450, a listing
    // that failed after its 150), nor do ABOR and a
    // refused transfer command drop it (abor_drops_data_port and
    // refused_transfer_drops_data_port then apply to a passive listener only). RFC 959 §3.2-§3.3 speaks of a port
    // specification that holds until a command changes it; most servers take one set-up per transfer.
    bool keeps_port_address = false;
    // A passive listener (PASV, EPSV) stays after a transfer completed through it, or one that ABOR (or a QUIT that
    // aborts it, quit_during_transfer_aborts) cut short with 426: the client connects to the same port again for the
    // next transfer.
    bool keeps_passive_listener = false;
    // A PORT or EPRT the server refuses as malformed (500, 501) drops the data port set up before it (a PASV's
    // listener included). Other servers keep it, as a refused command changes nothing.
    bool refused_port_drops_data_port = false;
    // QUIT during a transfer aborts the transfer, as ABOR does (426, then 226), and the session goes on. RFC 959
    // §4.1.1 QUIT: "If file transfer is in progress, the connection will remain open for result response and the
    // server will then close it."
    bool quit_during_transfer_aborts = false;
    // APPE and STOU sent while a REST marker is pending are refused and leave the marker for the next RETR or STOR
    // (elsewhere a file transfer command uses up the marker, or drops it when refused).
    bool append_keeps_rest = false;
    // An RNFR the server refuses (550: no such file) leaves the RNFR pending before it, which RNTO then renames.
    // Elsewhere a new RNFR drops the previous one as it is sent (RFC 959 §4.1.3: RNTO right after its RNFR).
    bool refused_rnfr_keeps_rnfr = false;
    // A REST the server refuses (501: not a marker) leaves the marker pending before it.
    bool refused_rest_keeps_rest = false;
    // A PASS refused with 530 (a wrong password) leaves the user: the next PASS may log in. RFC 959 §6 (the login
    // diagram) goes back to USER.
    bool failed_pass_keeps_user = false;
    // ABOR when no transfer runs drops the data port set up: the passive listener (recorded), and on pyftpdlib a
    // PORT's connection too (but see keeps_port_address). RFC 959 §4.1.3 ABOR closes "the data connection (if
    // it is open)".
    bool abor_drops_data_port = false;
    // EPSV ALL ends with the data connection's state: an ABOR with no transfer running, a transfer command refused
    // before its data connection (a 4yz or 5yz other than 425), or a transfer that fails once open (its end a 4yz or
    // 5yz: 426 when the data connection broke), after which PASV and PORT are taken again; not the refusals that
    // leave the data port as it was (refusal_keeps_data_port, refusal_hangs_next_transfer), nor a transfer that
    // completes.
    // RFC 2428 §3: after EPSV ALL the server "MUST reject all data connection setup commands other than EPSV";
    // §4: only a new session ends it.
    bool data_reset_ends_epsv_all = false;
    // A transfer command with no data port set up is answered 1yz and its data queued for the next data connection
    // (pyftpdlib 1.5 handlers.py: _out_dtp_queue, _in_dtp_queue): the server reads and answers the commands after it
    // as it would with no transfer. So the 1yz opens no transfer and the replies after it are the next commands' (a
    // walk, seed 9103: RETR 150, NOOP 200, EPSV 229, PROT P 503, taken as RETR's end); the data port set up next
    // goes to the queued transfer when its data connection opens (its 226 then comes unasked, after the 227 or the
    // 200), and the transfer command after it has none (flag::transfer_queued; a new USER or REIN drops the queue).
    // Recorded in tests/data/servers/pyftpdlib/retr_without_pasv_then_commands.txt.
    bool transfer_without_port_queued = false;
    // After EPSV ALL a transfer command with no data port set up gets no reply: the server waits (for a data
    // connection the client has no port for) instead of refusing it with transfer_needs_data_port's reply, so the
    // rule predicts none (a client-side mistake, as reply 0 says).
    bool epsv_all_transfer_waits = false;
    // EPSV ALL drops a data port a PORT, EPRT or LPRT set up before it (a passive listener stays): the next transfer
    // is then one with no data port after EPSV ALL. RFC 2428 §4 leaves what was set up before EPSV ALL unsaid.
    bool epsv_all_drops_port_address = false;
    // REST 0 in the ASCII type is refused as a restart (resume_needs_image_type) where the family refuses REST in
    // ASCII; elsewhere it is taken, a marker of zero being no restart (RFC 3659 §5.3).
    bool ascii_refuses_rest_zero = false;
    // REST with an argument that is not plain decimal digits ("abc", "+7", "12abc", a space before or after) is
    // answered 350 with a marker of zero, so no restart is pending. RFC 3659 §5.3 gives the marker as 1*DIGIT; other
    // servers refuse the rest (501, 554) or read it as a number ("+7").
    bool rest_reads_other_as_zero = false;
    // An accepted TYPE L is the image type whatever its byte size, or without one ("TYPE L 7", "TYPE L"), as TYPE L 8
    // is everywhere (step::local_type). RFC 959 §4.1.2 has LOCAL with a byte size, IMAGE only for 8 on 8-bit hosts;
    // ProFTPD and pyftpdlib take L 7 for ASCII.
    bool local_type_is_image = false;
    // A TYPE accepted before the login, whichever type it names, leaves the image type once the login succeeds; with
    // none the session starts in ASCII, RFC 959 §3.1.1.1's default. (ProFTPD 1.3.8, found by a random walk: TYPE A,
    // USER, PASS 230, then SIZE 213 and "150 Opening BINARY mode"; a TYPE A after the login is ASCII again; an AUTH
    // between the TYPE and the login changes nothing.)
    bool type_before_login_sets_image = false;
    // STOU after REST gets this reply where the family enforces rest_before_append with another for APPE (0: the
    // rule's reply for both).
    std::uint16_t stou_after_rest_reply = 0;
    // After this many failed logins (PASS refused with a 4yz or 5yz but x0z, the login waiting for it) the server
    // closes the connection, with the last refusal or without a word (0: never, as RFC 959 reads; at most 3). A
    // successful login, a REIN and a USER that flushes the session (user_flushes_session) start the count again.
    std::uint8_t max_failed_logins = 0;
    // A USER refused with 530 before the login closes the connection (Pure-FTPd's refusal of an anonymous login, an
    // empty USER included, ends the session); elsewhere the client may send USER again.
    bool refused_user_closes = false;
    // Between RNFR and RNTO, PBSZ, PROT and CCC are answered as usual once an AUTH was accepted (a CCC since
    // included), where the family refuses other commands there (rnfr_only_rnto) and these too without AUTH.
    bool protection_setup_passes_rnfr = false;
    // A command line whose argument does not fit its syntax (rule argument_syntax) is refused only once the rules up
    // to login_required let it through: a command that needs the login gets 530 first, one allowed before it (TYPE,
    // OPTS, FEAT) the argument's refusal. Where false, the argument is checked before every rule the server enforces
    // (the syntax is read before the command is run, RFC 959 §4.2's x0z replies; pyftpdlib's 501 comes even before
    // its 530).
    bool argument_checked_after_login = false;
    // A command refused for its argument (argument_syntax) acts on the session as if it had been run: RNTO alone
    // drops the RNFR before it (the next RNTO 503). Where false it changes nothing, as any refused command (the RNFR,
    // a REST marker, the data port stay: pyftpdlib refuses it before running it).
    bool argument_refusal_acts = false;
    // The commands the family refuses during a transfer (transfer_in_progress) are refused as they arrive, the
    // refusal before the transfer's end; so a command whose first reply comes after that end was read after it, where
    // it is judged (lint). Elsewhere a command answered after the transfer's end is one the server held until then.
    bool transfer_refusal_at_once = false;
    // A verb outside the command table (CLNT, MFMT, PRET, XSHA1, ...) is refused before the login as the commands
    // that need it are (login_required, first_broken_rule_unlisted): the server checks the login before it looks the
    // verb up. Where false the server looks it up first, and answers one it does not know 500 (pyftpdlib; ProFTPD,
    // which also takes a verb of one of its modules, CLNT, before the login).
    bool unlisted_verbs_need_login = false;
    std::string_view source;
    // The family this one is with TLS allowed (itself for a family without TLS); a *_tls family applies that
    // family's overrides first, then its own.
    server_family without_tls = family;

    // A server with TLS allowed.
    [[nodiscard]] constexpr bool tls() const noexcept { return without_tls != family; }
};

namespace detail {

// A family without TLS: RFC 959's reading with the traits `departs` sets, each by name.
template <typename Departures>
[[nodiscard]] constexpr family_traits plain_family(server_family family, std::string_view name, Departures departs,
                                                   std::string_view source) noexcept {
    family_traits t{};
    t.family = t.without_tls = family;
    t.name = name;
    t.source = source;
    departs(t);
    return t;
}

// A family with TLS: the traits of `plain`, the ones TLS changes given here.
[[nodiscard]] constexpr family_traits with_tls(family_traits plain, server_family family, std::string_view name,
                                               bool auth_keeps_login, bool auth_keeps_user,
                                               bool auth_unknown_after_login, bool rein_keeps_control_tls,
                                               std::string_view source) noexcept {
    plain.without_tls = plain.family;
    plain.family = family;
    plain.name = name;
    plain.auth_keeps_login = auth_keeps_login;
    plain.auth_keeps_user = auth_keeps_user;
    plain.auth_unknown_after_login = auth_unknown_after_login;
    plain.rein_keeps_control_tls = rein_keeps_control_tls;
    plain.source = source;
    return plain;
}

// The families without TLS, indexed by server_family.
inline constexpr family_traits plain_family_table[] = {
    plain_family(
        server_family::rfc959, "rfc959", [](family_traits&) {},
        "RFC 959 read strictly: RNTO immediately after RNFR, the transfer immediately after REST (§4.1.3); a new "
        "USER leaves the transfer parameters as they are (§4.1.1); a refused command changes nothing, so a data "
        "port set up before it stays (RFC 959 says nothing of it; pyftpdlib, vsftpd and Pure-FTPd keep it after a "
        "refused RETR, pyftpdlib, ProFTPD and Pure-FTPd after a refused PORT)"),
    plain_family(
        server_family::vsftpd, "vsftpd",
        [](family_traits& t) {
            t.keeps_rnfr = t.keeps_rest = true;
            t.refused_port_drops_data_port = true;
            t.rest_reads_other_as_zero = true;
            t.unlisted_verbs_need_login = true;
        },
        "vsftpd 3.0.3: keeps RNFR and REST across other commands. Recorded from vsftpd 3.0.3 in "
        "tests/data/servers/vsftpd/rnfr_noop_rnto.txt, rnfr_then_other_command.txt (RNFR, NOOP or PWD, RNTO: 250) "
        "and rest_then_list.txt; a second USER is refused and the PASV before it still serves RETR "
        "(pasv_then_user.txt); a PORT or EPRT it refuses (500 Illegal PORT command.) drops the PASV before it, the "
        "next RETR 425 (pasv_then_bad_port.txt), where a refused RETR or PASV leaves it (pasv_then_refused_retr.txt, "
        "epsv_all_then_refused_pasv.txt); a refused RNFR drops the one before it (rnfr_then_failed_rnfr.txt: "
        "RNTO 503); REST with anything but decimal digits is \"350 Restart position accepted (0).\", and a download "
        "in ASCII after it is served (rest_not_a_number_then_retr.txt); a verb outside the command table before the "
        "login 530, after it 500, an RNFR or REST before it kept (unlisted_verbs.txt)"),
    plain_family(
        server_family::pyftpdlib, "pyftpdlib",
        [](family_traits& t) {
            t.keeps_rnfr = t.keeps_rest = true;
            t.user_flushes_session = true;
            t.site_help_before_login = true;
            t.append_keeps_rest = true;
            t.refused_rnfr_keeps_rnfr = t.refused_rest_keeps_rest = true;
            t.abor_drops_data_port = true;
            t.ascii_refuses_rest_zero = true;
            t.max_failed_logins = 3;
            t.transfer_without_port_queued = true;
        },
        "pyftpdlib 1.5 handlers.py: _rnfr is cleared only by RNTO and USER/REIN, _restart_position only by "
        "RETR/STOR, and a refused RNFR or REST sets neither; a new USER flushes the account, the passive listener "
        "included (flush_account); ABOR closes it. Recorded from pyftpdlib 1.5.7 in "
        "tests/data/servers/pyftpdlib/rnfr_noop_rnto.txt, rnfr_then_other_command.txt (RNFR, NOOP or PWD, RNTO: "
        "250), rest_then_list.txt, pasv_then_user.txt (RETR after PASV, USER, PASS: 150, then no data "
        "connection), rnfr_then_failed_rnfr.txt (RNFR 350, RNFR 550, RNTO 250), rest_then_bad_rest_then_appe.txt "
        "(REST 4, REST -1 501, APPE 450: the marker stays) and pasv_abor_list.txt (PASV, ABOR 225, LIST 150 and no "
        "data connection); SITE HELP before login 214, SITE CHMOD 530 (site_before_login.txt); the third wrong "
        "password \"530 Authentication failed. Disconnecting.\" (max_login_attempts = 3; attempted_logins reset by "
        "a login and flush_account; three_failed_logins.txt)"),
    plain_family(
        server_family::proftpd, "proftpd",
        [](family_traits& t) {
            t.keeps_rnfr = t.keeps_rest = true;
            t.transfer_drops_rnfr = true;
            t.site_help_before_login = true;
            t.refused_transfer_drops_data_port = true;
            t.refusal_keeps_data_port = verbs({verb::mlsd});
            t.refusal_hangs_next_transfer = verbs({verb::nlst});
            t.refused_rest_keeps_rest = true;
            t.abor_drops_data_port = true;
            t.keeps_port_address = true;
            t.stou_after_rest_reply = 550;
            t.epsv_all_transfer_waits = true;
            t.epsv_all_drops_port_address = true;
            t.data_reset_ends_epsv_all = true;
            t.type_before_login_sets_image = true;
            t.max_failed_logins = 3;
            t.argument_checked_after_login = t.argument_refusal_acts = true;
        },
        "ProFTPD 1.3.8: after RNFR it refuses every command but RNTO, NOOP, STAT, HELP and QUIT (501) and keeps the "
        "RNFR, except that a refused transfer command drops it; keeps REST across other commands, LIST included, "
        "for the next RETR/STOR, and across a REST it refuses; a second USER leaves the login and the data port as "
        "they are; a refused transfer command drops a passive listener (RETR of a missing file 550, the next RETR "
        "425; once, in a loaded CI run, 150), but for MLSD (pasv_then_refused_mlsd.txt: MLSD 550, RETR 150 226) "
        "and NLST, after which the next transfer gets no reply (pasv_then_refused_nlst.txt: NLST 450, RETR and "
        "nothing for 5 seconds; PASV again serves it), a refused PORT or PASV does not, ABOR drops a passive "
        "listener; a PORT's address serves every transfer until another set-up, ABOR and refused transfers included "
        "(port_abor_list.txt: PORT, ABOR 226, LIST 150 226; port_then_refused_retr.txt: PORT, RETR 550, RETR 150 "
        "226; port_retr_retr.txt: PORT, RETR 150 226, RETR 150 226), a passive listener one (pasv_nlst_nlst.txt: "
        "PASV, NLST 150 226, NLST 425); after EPSV ALL a transfer with no data port gets no reply "
        "(epsv_all_then_retr.txt: EPSV ALL 200, RETR and nothing for 5 seconds), nor one through the address of a "
        "PORT before it (port_then_epsv_all_then_nlst.txt: PORT 200, EPSV ALL 200, NLST and nothing). Recorded "
        "from ProFTPD 1.3.8 in tests/data/servers/proftpd/rnfr_then_other_command.txt (RNFR, PWD: 501, RNTO: 250), "
        "rnfr_noop_rnto.txt, "
        "rnfr_then_list.txt (RNFR, LIST: 501, RNTO: 503), rest_then_list.txt, rest_then_bad_rest_then_appe.txt, "
        "pasv_then_user.txt, pasv_then_refused_retr.txt, pasv_then_bad_port.txt and pasv_abor_list.txt (PASV, "
        "ABOR 226, LIST 425); SITE HELP before login 214, SITE CHMOD two 530s (site_before_login.txt); EPSV ALL ends "
        "with ABOR or a refused transfer command (epsv_all_then_abor.txt: EPSV ALL, ABOR 226, PASV 227; "
        "epsv_all_then_refused_retr.txt: EPSV ALL, EPSV, RETR 550, PASV 227), but for NLST and MLSD "
        "(epsv_all_then_refused_nlst.txt and epsv_all_then_refused_mlsd.txt: NLST 450 or MLSD 550, PASV 500), and "
        "with a transfer that fails (epsv_all_then_data_closed_then_pasv.txt: EPSV ALL, EPSV, RETR 150, the data "
        "connection closed by the client, NOOP 426 200, PASV 227), not one that completes "
        "(epsv_all_then_transfer_then_pasv.txt: RETR 150 226, PASV, PORT and EPRT 500); "
        "the third wrong password is \"530 "
        "Login incorrect.\" and the connection closes (MaxLoginAttempts 3 by default; three_failed_logins.txt); a TYPE "
        "before the login, A as well as I, leaves the image type after it (type_before_login_then_size.txt: TYPE A "
        "200, the login, SIZE 213, TYPE A 200, SIZE 550)"),
    plain_family(
        server_family::pureftpd, "pureftpd",
        [](family_traits& t) {
            t.keeps_rnfr = t.keeps_rest = true;
            t.quit_during_transfer_aborts = true;
            t.refused_rnfr_keeps_rnfr = true;
            t.failed_pass_keeps_user = true;
            t.keeps_passive_listener = true;
            t.refused_user_closes = true;
            t.local_type_is_image = true;
            t.argument_checked_after_login = true;
            t.transfer_refusal_at_once = true;
            t.unlisted_verbs_need_login = true;
        },
        "Pure-FTPd 1.0.50: keeps RNFR across other commands, a listing and a refused RNFR included, and REST across "
        "other commands for the next RETR/STOR, which starts at the marker; a second USER is refused and the data "
        "port stays; a wrong password (530) leaves the user, and the next PASS logs in; a passive listener serves "
        "every transfer until another set-up, a PORT one. Recorded from Pure-FTPd 1.0.50 in "
        "tests/data/servers/pureftpd/rnfr_then_other_command.txt, rnfr_noop_rnto.txt, rnfr_then_list.txt, "
        "rnfr_then_failed_rnfr.txt, rest_then_list.txt, pasv_then_user.txt, wrong_pass_then_pass.txt, "
        "pasv_nlst_nlst.txt (PASV, NLST 150 226, NLST 150 226, connecting to the same port again), "
        "epsv_nlst_nlst.txt (the same after EPSV) and port_retr_retr.txt (PORT, RETR 150 226, RETR 425); QUIT "
        "during a download 426 ABORT, 226 Transfer aborted, and PWD after it 257 (quit_during_transfer.txt); USER "
        "without a name \"530 This is a private system - No anonymous login\", and the connection closes "
        "(user_without_name.txt); TYPE L of any byte size, or none, \"200-Missing argument\" and \"200 TYPE is now "
        "8-bit binary\", and a REST after it resumes the RETR (type_variants_then_rest.txt: TYPE L 7, REST 4, RETR "
        "150 226); the passive listener stays after ABOR (or QUIT) cut a download short, 426 ABORT and 226 Transfer "
        "aborted, and serves the next transfer (pasv_abor_during_transfer_then_nlst.txt: NLST 150 226); NOOP during "
        "a download 500 before the 226 (noop_during_transfer.txt), but 200 after the transfer's end when the client "
        "had closed the data connection, the end then a \"150 0.006 seconds (measured here), ...\" line "
        "(data_closed_then_noop.txt); a verb outside the command table before the login 530, after it 500, and during "
        "a download 500 before the 226, an RNFR or REST before it kept (unlisted_verbs.txt)"),
};

}  // namespace detail

// Indexed by server_family.
inline constexpr family_traits family_table[server_family_count] = {
    detail::plain_family_table[0],
    detail::plain_family_table[1],
    detail::plain_family_table[2],
    detail::plain_family_table[3],
    detail::plain_family_table[4],
    detail::with_tls(detail::plain_family_table[1], server_family::vsftpd_tls, "vsftpd-tls", false, false, true, false,
                     "vsftpd 3.0.3 with ssl_enable=YES (allow_anon_ssl=YES, TLS not forced): as vsftpd, but AUTH, PBSZ "
                     "and PROT answered; AUTH after login is an unknown command (500), protected or not. Recorded from "
                     "vsftpd 3.0.3 in tests/data/servers/vsftpd-tls/ (tls_auth_after_tls_login.txt)"),
    detail::with_tls(detail::plain_family_table[2], server_family::pyftpdlib_tls, "pyftpdlib-tls",
                     true, true, false, true,
                     "pyftpdlib 1.5.7 with TLS_FTPHandler (python3-openssl; TLS not required): as pyftpdlib, and an "
                     "AUTH TLS after login (234) keeps the login and the rest of the session (a pending RNFR), PWD "
                     "after it 257; REIN and a USER after login (flush_account) reset PBSZ and PROT but leave the "
                     "control connection protected, a second AUTH then 503. Recorded from pyftpdlib 1.5.7 in "
                     "tests/data/servers/pyftpdlib-tls/ (tls_auth_after_login.txt, tls_rnfr_then_auth.txt, "
                     "tls_rein.txt, tls_user_after_tls_login.txt, tls_auth_between_user_and_pass.txt)"),
    [](family_traits t) {
        t.protection_setup_passes_rnfr = true;
        return t;
    }(detail::with_tls(detail::plain_family_table[3], server_family::proftpd_tls, "proftpd-tls", false, true, false,
                       false,
                       "ProFTPD 1.3.8 with mod_tls (proftpd-mod-crypto; TLSRequired off): as proftpd, but AUTH, PBSZ, "
                       "PROT and CCC answered (CCC before the login 530, after it without AUTH 500 CCC not understood; "
                       "a second CCC: 533); an AUTH TLS between USER and PASS keeps the user (PASS 230); between RNFR "
                       "and RNTO, PBSZ, PROT and CCC are answered once AUTH was (after CCC too) and refused (501) "
                       "without it. Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd-tls/ "
                       "(tls_auth_between_user_and_pass.txt, tls_rnfr_then_pbsz_prot.txt, tls_rnfr_then_ccc.txt, "
                       "rnfr_then_protection_without_auth.txt, tls_ccc_before_login.txt)")),
    detail::with_tls(detail::plain_family_table[4], server_family::pureftpd_tls, "pureftpd-tls", false, true, true,
                     false,
                     "Pure-FTPd 1.0.50 with -Y 1 and a certificate (TLS allowed, not required): as pureftpd, but AUTH, "
                     "PBSZ, PROT and CCC answered; an AUTH TLS between USER and PASS keeps the user (PASS 230). "
                     "Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd-tls/ "
                     "(tls_auth_between_user_and_pass.txt)"),
};
static_assert(sizeof detail::plain_family_table / sizeof detail::plain_family_table[0] == 5 &&
                  server_family_count == 9,
              "ftpwire: a new server family needs its row in family_table and family_rules");

[[nodiscard]] constexpr const family_traits& traits(server_family f) noexcept {
    return family_table[static_cast<std::size_t>(f)];
}

[[nodiscard]] constexpr std::string_view to_string(server_family f) noexcept { return traits(f).name; }

struct server_family_lookup {
    server_family value;
    bool found;
};

[[nodiscard]] constexpr server_family_lookup find_server_family(std::string_view name) noexcept {
    for (const family_traits& t : family_table)
        if (detail::equals_ignoring_case(name, t.name)) return {t.family, true};
    if (detail::equals_ignoring_case(name, "generic")) return {server_family::rfc959, true};
    if (detail::equals_ignoring_case(name, "pure-ftpd")) return {server_family::pureftpd, true};
    if (detail::equals_ignoring_case(name, "pure-ftpd-tls")) return {server_family::pureftpd_tls, true};
    return {server_family::rfc959, false};
}

// The family of the same server with TLS allowed: what an AUTH TLS answered 234 shows a server to be (found false,
// and f itself, where there is none: rfc959, or f has TLS already).
[[nodiscard]] constexpr server_family_lookup tls_family_of(server_family f) noexcept {
    for (const family_traits& t : family_table)
        if (t.tls() && t.without_tls == f) return {t.family, true};
    return {f, false};
}

namespace detail {

[[nodiscard]] constexpr bool contains_ignoring_case(std::string_view text, std::string_view word) noexcept {
    for (std::size_t i = 0; word.size() <= text.size() && i <= text.size() - word.size(); ++i)
        if (equals_ignoring_case(text.substr(i, word.size()), word)) return true;
    return false;
}

}  // namespace detail

// The family a server's greeting (the text of its 220, or 120, reply, any of its lines) names, as the servers'
// default banners do: "220 (vsFTPd 3.0.3)", "220 ProFTPD 1.3.8 Server (Debian)", "220---------- Welcome to
// Pure-FTPd [privsep] [TLS] ----------", "220 pyftpdlib 1.5.7 ready.". A banner is configuration (many sites
// hide the name), so a greeting that names none is not found (value rfc959): a guess, for tools that have no
// better source.
[[nodiscard]] constexpr server_family_lookup server_family_of_greeting(std::string_view greeting) noexcept {
    if (detail::contains_ignoring_case(greeting, "vsftpd")) return {server_family::vsftpd, true};
    if (detail::contains_ignoring_case(greeting, "proftpd")) return {server_family::proftpd, true};
    if (detail::contains_ignoring_case(greeting, "pure-ftpd") || detail::contains_ignoring_case(greeting, "pureftpd"))
        return {server_family::pureftpd, true};
    if (detail::contains_ignoring_case(greeting, "pyftpdlib")) return {server_family::pyftpdlib, true};
    return {server_family::rfc959, false};
}

// ---------------------------------------------------------------------------------------------------------
// The state of a session, as far as ordering goes: six bytes, packed into four for the typed session.

// RFC 959 §6 login diagram, with the greeting in front (§5.4 "Connection Establishment") and the end behind.
enum class login_state : std::uint8_t {
    need_greeting,     // connected, no reply yet: wait for 220 (or 120 then 220)
    greeting_delayed,  // 120 received: the server will send 220 later
    need_user,         // 220 received (or REIN done): USER next
    need_pass,         // USER answered 3yz: 331, or 332 (RFC 959 §6: PASS follows any 3yz to USER)
    need_acct,         // PASS answered 332
    logged_in,         // 230 or 202
    closed,            // 221 to QUIT, or 421
};

// RFC 2228 §3 / RFC 4217 §4-§6 security setup on the control connection.
enum class tls_state : std::uint8_t {
    none,          // no AUTH yet (or REIN, RFC 4217 §13)
    auth_pending,  // AUTH answered 334: ADAT exchange under way (RFC 2228 §3)
    auth_done,     // AUTH answered 234 (or ADAT 235): PBSZ next
    pbsz_done,     // PBSZ answered 200: PROT next
    prot_set,      // PROT answered 200
    cleared,       // CCC answered 200: control connection back in clear, no more PBSZ/PROT (RFC 4217 §5)
};

// Facts that hold between commands, one bit each.
enum class flag : std::uint16_t {
    rnfr_pending = 1U << 0,     // RNFR answered 350: RNTO may follow
    rest_pending = 1U << 1,     // REST answered 350: a file transfer may resume
    data_port_ready = 1U << 2,  // PASV/EPSV/LPSV/PORT/EPRT/LPRT accepted, not yet used by a transfer
    epsv_all = 1U << 3,         // EPSV ALL accepted (RFC 2428 §3)
    transfer_open = 1U << 4,    // 125/150 received, 226/250/4xx/5xx not yet
    host_allowed = 1U << 5,     // no USER sent since connect/REIN: a client may send HOST (RFC 7151 §3.2.2)
    reply_pending = 1U << 6,    // a command was sent and its reply has not come yet
    // The pending command's argument changes what it does (read it with last_command): "EPSV ALL", not plain EPSV
    // (RFC 2428 §3); "REST 0", no marker (RFC 3659 §5.3: "A value of zero effectively disables restart"), and so a
    // REST argument that is not a number where the family reads it as zero (rest_reads_other_as_zero); "TYPE I" or
    // "TYPE L 8", the image type (step::is_image_type), and any TYPE L where the family takes it so
    // (local_type_is_image). With an urgent command pending (ABOR, STAT, QUIT): it overtook a transfer command before
    // that command's first reply (RFC 959 §4.1.3), whose 1yz is still to come (ends_transfer_in).
    last_special_argument = 1U << 7,
    last_was_epsv_all = last_special_argument,  // its name from before REST 0 shared it: EPSV ALL, with EPSV pending
    // The transfer type is not image (RFC 959 §3.1.1.1: ASCII is the default; TYPE A, or E, accepted): a restart
    // is refused where the family refuses it in ASCII (resume_needs_image_type).
    ascii_type = 1U << 8,
    // RNFR's refusals outlast its file (ProFTPD): a transfer command refused after RNFR dropped the file to rename,
    // yet every command but RNTO is still refused as after RNFR, until an RNTO (then answered 503) ends it.
    rnfr_mode_without_file = 1U << 9,
    // The data port set up (data_port_ready), or the one the open transfer uses (transfer_open), is an address
    // PORT, EPRT or LPRT gave, not a passive listener (PASV, EPSV, LPSV): a family may keep the one and drop the
    // other (keeps_port_address, keeps_passive_listener).
    data_port_active = 1U << 10,
    // The failed logins so far, a number in two bits (sequence_state::failed_logins), kept where the family closes
    // the connection after a number of them (max_failed_logins); a login, a REIN and a flushing USER clear it.
    failed_logins_bit0 = 1U << 11,
    failed_logins_bit1 = 1U << 12,
    // A refused transfer left the data port neither usable nor gone: the next transfer command gets no reply until
    // another data port is set up (family_traits::refusal_hangs_next_transfer).
    data_port_hung = 1U << 13,
    // A TYPE was accepted before the login, where the login then sets the image type
    // (family_traits::type_before_login_sets_image); the login and REIN clear it, an AUTH keeps it.
    type_before_login = 1U << 14,
    // A transfer command with no data port was answered 1yz and its data queued (family_traits::
    // transfer_without_port_queued): the next data connection goes to it, so the data port set up next is used up
    // by it, not left for the next transfer command. REIN and a flushing USER drop the queue.
    transfer_queued = 1U << 15,
};

[[nodiscard]] constexpr std::uint16_t bits(flag f) noexcept { return static_cast<std::uint16_t>(f); }
[[nodiscard]] constexpr std::uint16_t bits(std::initializer_list<flag> fs) noexcept {
    std::uint16_t b = 0;
    for (flag f : fs) b = static_cast<std::uint16_t>(b | bits(f));
    return b;
}

struct sequence_state {
    login_state login = login_state::need_greeting;
    tls_state tls = tls_state::none;
    std::uint16_t flags = bits({flag::host_allowed, flag::ascii_type});
    verb last_command = verb::noop;  // the command whose reply is pending (meaningful with reply_pending)

    // Just connected: nothing received yet.
    [[nodiscard]] static constexpr sequence_state connected() noexcept { return {}; }
    // After the 220 greeting: where a list of commands (check_sequence, the typed session, the CLI) starts.
    [[nodiscard]] static constexpr sequence_state ready() noexcept {
        sequence_state s;
        s.login = login_state::need_user;
        return s;
    }

    [[nodiscard]] constexpr bool has(flag f) const noexcept { return (flags & bits(f)) != 0; }
    constexpr void set(flag f, bool on = true) noexcept {
        flags = static_cast<std::uint16_t>(on ? (flags | bits(f)) : (flags & ~bits(f)));
    }
    constexpr void clear(flag f) noexcept { set(f, false); }
    // The failed logins counted (flag::failed_logins_bit0/1): 0 to 3.
    [[nodiscard]] constexpr unsigned failed_logins() const noexcept {
        return (has(flag::failed_logins_bit0) ? 1U : 0U) | (has(flag::failed_logins_bit1) ? 2U : 0U);
    }
    constexpr void set_failed_logins(unsigned n) noexcept {
        set(flag::failed_logins_bit0, (n & 1U) != 0);
        set(flag::failed_logins_bit1, (n & 2U) != 0);
    }
    // No data port set up any more (and so none of its kind).
    constexpr void drop_data_port() noexcept {
        flags = static_cast<std::uint16_t>(flags & ~bits({flag::data_port_ready, flag::data_port_active}));
    }

    // The state as one integer, so it can be a template argument (C++17 has no class-type ones): the login and TLS
    // states four bits each (7 and 6 values), the flags sixteen, the pending command eight.
    [[nodiscard]] constexpr std::uint32_t pack() const noexcept {
        return static_cast<std::uint32_t>(login) | (static_cast<std::uint32_t>(tls) << 4) |
               (static_cast<std::uint32_t>(flags) << 8) | (static_cast<std::uint32_t>(last_command) << 24);
    }
    [[nodiscard]] static constexpr sequence_state unpack(std::uint32_t p) noexcept {
        sequence_state s;
        s.login = static_cast<login_state>(p & 0xFU);
        s.tls = static_cast<tls_state>((p >> 4) & 0xFU);
        s.flags = static_cast<std::uint16_t>((p >> 8) & 0xFFFFU);
        s.last_command = static_cast<verb>((p >> 24) & 0xFFU);
        return s;
    }

    friend constexpr bool operator==(const sequence_state& a, const sequence_state& b) noexcept {
        return a.pack() == b.pack();
    }
    friend constexpr bool operator!=(const sequence_state& a, const sequence_state& b) noexcept {
        return !(a == b);
    }
};

// Whether a reply ends the open transfer of state s: ends_transfer, but for a refusal of a command sent during the
// transfer and waiting for its reply (answers_command_during_transfer), which goes on. Only once the transfer's 1yz
// came, which used up its data port: a transfer an urgent command overtook (taken as open before its 1yz, the port
// still set up) may still be refused itself, 450, 500, 501 or 530 to RETR included (RFC 959 §5.4).
// And a 125/150 while a command sent during the transfer waits, after the transfer's own 1yz: no such command is
// answered 1yz (RFC 959 §5.4), so it is the transfer's end. (An ABOR, STAT or QUIT may overtake the transfer command's
// first reply, RFC 959 §4.1.3: flag::last_special_argument says so until that 1yz came.) Pure-FTPd 1.0.50 ends a
// transfer whose data connection the client closed with its statistics line under the code of the line before, "150
// 0.003 seconds (measured here), ...", then answers ABOR "226 Since you see this ABOR must've succeeded" (the first
// case of RFC 959 §4.1.3 ABOR: the command had completed), NOOP 200, STAT 211 (recorded in tests/data/servers/
// pureftpd/data_closed_then_abor.txt, data_closed_then_noop.txt and data_closed_then_stat.txt; first seen with
// Python ftplib closing the data connection, then abort()).
[[nodiscard]] constexpr bool ends_transfer_in(const sequence_state& s, int code) noexcept {
    if (opens_transfer(code))
        return s.has(flag::reply_pending) && !transfer_verbs.contains(s.last_command) &&
               !(urgent_verbs.contains(s.last_command) && s.has(flag::last_special_argument));
    return ends_transfer(code) && !(s.has(flag::reply_pending) && !transfer_verbs.contains(s.last_command) &&
                                    !s.has(flag::data_port_ready) && answers_command_during_transfer(code));
}

// ---------------------------------------------------------------------------------------------------------
// Preconditions as data: the states in which a rule's verbs are allowed.

[[nodiscard]] constexpr std::uint8_t login_bits(std::initializer_list<login_state> ls) noexcept {
    std::uint8_t b = 0;
    for (login_state l : ls) b = static_cast<std::uint8_t>(b | (1U << static_cast<unsigned>(l)));
    return b;
}
[[nodiscard]] constexpr std::uint8_t tls_bits(std::initializer_list<tls_state> ts) noexcept {
    std::uint8_t b = 0;
    for (tls_state t : ts) b = static_cast<std::uint8_t>(b | (1U << static_cast<unsigned>(t)));
    return b;
}

inline constexpr std::uint8_t any_login = 0x7F;
inline constexpr std::uint8_t any_tls = 0x3F;

struct precondition {
    std::uint8_t login_states = any_login;  // bit per login_state in which the command is allowed
    std::uint8_t tls_states = any_tls;      // bit per tls_state in which the command is allowed
    std::uint16_t flags_required = 0;       // all of these must be set
    std::uint16_t flags_forbidden = 0;      // none of these may be set
    std::uint16_t flags_not_all = 0;        // not all of these may be set at once (0: no such condition)

    [[nodiscard]] constexpr bool holds(const sequence_state& s) const noexcept {
        return ((login_states >> static_cast<unsigned>(s.login)) & 1U) != 0 &&
               ((tls_states >> static_cast<unsigned>(s.tls)) & 1U) != 0 &&
               (s.flags & flags_required) == flags_required && (s.flags & flags_forbidden) == 0 &&
               (flags_not_all == 0 || (s.flags & flags_not_all) != flags_not_all);
    }
};

[[nodiscard]] constexpr precondition in_login(std::initializer_list<login_state> ls) noexcept {
    precondition p;
    p.login_states = login_bits(ls);
    return p;
}
[[nodiscard]] constexpr precondition in_tls(std::initializer_list<tls_state> ts) noexcept {
    precondition p;
    p.tls_states = tls_bits(ts);
    return p;
}
[[nodiscard]] constexpr precondition with_flag(flag f) noexcept {
    precondition p;
    p.flags_required = bits(f);
    return p;
}
[[nodiscard]] constexpr precondition without_flags(std::initializer_list<flag> fs) noexcept {
    precondition p;
    p.flags_forbidden = bits(fs);
    return p;
}
[[nodiscard]] constexpr precondition without_flag(flag f) noexcept { return without_flags({f}); }
[[nodiscard]] constexpr precondition in_login_and_tls(std::initializer_list<login_state> ls,
                                                     std::initializer_list<tls_state> ts) noexcept {
    precondition p = in_login(ls);
    p.tls_states = tls_bits(ts);
    return p;
}
[[nodiscard]] constexpr precondition not_all_of(std::initializer_list<flag> fs) noexcept {
    precondition p;
    p.flags_not_all = bits(fs);
    return p;
}

// ---------------------------------------------------------------------------------------------------------
// The rules.

enum class rule : std::uint8_t {
    session_closed,
    greeting_first,
    wait_for_reply,
    transfer_in_progress,
    rnfr_only_rnto,
    host_before_user,
    host_before_auth,
    pass_after_user,
    already_logged_in,
    acct_after_pass,
    user_after_login,
    login_required,
    no_protection_after_ccc,
    auth_once,
    auth_before_login,
    adat_after_auth,
    pbsz_after_auth,
    prot_after_pbsz,
    ccc_after_auth,
    ccc_once,
    protected_command_after_auth,
    epsv_all_only_epsv,
    rnto_after_rnfr,
    rest_before_file_transfer,
    rest_before_append,
    resume_needs_image_type,
    size_needs_image_type,
    transfer_needs_data_port,
    argument_syntax,  // last in the enum, checked where the family checks arguments (first_broken_rule)
};
inline constexpr std::size_t rule_count = static_cast<std::size_t>(rule::argument_syntax) + 1;

// Reply 0 means the server does not refuse anything: the mistake is on the client side (it sends before
// the server can listen, or the replies get out of step). `enforced` false: the rule is advice, the server
// accepts the command (a family override may enforce it).
struct rule_info {
    rule id;
    std::string_view name;     // stable identifier, as in the CLI output and the static_assert texts
    verb_set verbs;            // the commands the rule constrains
    precondition allowed;      // the rule is broken when a constrained command comes outside these states
    std::uint16_t reply;       // what a server answers when it is broken (generic RFC reading)
    bool enforced;             // whether a generic server refuses the command
    std::string_view rfc;      // where the rule comes from
    std::string_view message;  // one line, for a server's reply text and the static_assert text
    std::string_view why;      // plain language
    std::string_view fix;      // what to do
};

// Evaluated in order: the first broken rule is the one reported.
inline constexpr rule_info rule_table[rule_count] = {
    {rule::session_closed, "session_closed", all_verbs,
     precondition{login_bits({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
                              login_state::need_pass, login_state::need_acct, login_state::logged_in})},
     421, true, "RFC 959 §4.2 (421), §4.1.1 QUIT",
     "the session is closed (221 to QUIT or 421)",
     "After 221 or 421, or the failed login that reaches the server's limit (ProFTPD and pyftpdlib: the third), the "
     "server closes the control connection; nothing sent afterwards is read.",
     "open a new connection and log in again"},
    {rule::greeting_first, "greeting_first", all_verbs.without(any_time_verbs),
     in_login({login_state::need_user, login_state::need_pass, login_state::need_acct, login_state::logged_in,
               login_state::closed}),
     0, true, "RFC 959 §5.4 Connection Establishment",
     "wait for the 220 greeting before sending commands",
     "The server has not said 220 yet (a 120 means it will be ready later); a command sent now may be lost "
     "or answered out of step.",
     "read the greeting first: 220, or 120 and then 220"},
    // ABOR, STAT and QUIT may interrupt a transfer command still waiting for its reply (first_broken_rule lets them
    // through); sent during any other command, the next reply read would be taken for theirs.
    {rule::wait_for_reply, "wait_for_reply", all_verbs, without_flag(flag::reply_pending),
     0, true, "RFC 959 §5.4, §4.1.3",
     "wait for the reply to the previous command",
     "FTP is an alternating dialogue: the reply to the previous command has not arrived, so the next reply "
     "read would be matched to the wrong command.",
     "read the reply to the previous command before sending the next one (only ABOR, STAT and QUIT may "
     "interrupt, and only a transfer)"},
    {rule::transfer_in_progress, "transfer_in_progress", all_verbs.without(during_transfer_verbs),
     without_flag(flag::transfer_open), 503, true, "RFC 959 §4.1.3, §5.4",
     "a transfer is still in progress",
     "The server has sent 150/125 but not yet 226 for the running transfer; a command sent now is answered "
     "after the 226 (replies shift by one and a later command gets 503) or refused at once.",
     "wait for 226 (or 4xx/5xx) that ends the transfer; during it send only ABOR, QUIT and, where the server "
     "takes them, STAT and NOOP"},
    // Advice in the generic reading: RFC 959 gives no reply for it, and most servers answer the command and drop
    // (or keep) the RNFR; RNTO is then judged by rnto_after_rnfr. ProFTPD enforces it (its override).
    {rule::rnfr_only_rnto, "rnfr_only_rnto", all_verbs.without(verbs({verb::rnto, verb::abor, verb::stat, verb::quit})),
     without_flag(flag::rnfr_pending), 503, false, "RFC 959 §4.1.3 RNFR",
     "RNFR must be followed by RNTO",
     "RFC 959 says RNFR \"must be immediately followed by a 'rename to' command\"; a command in between makes "
     "some servers forget the file to rename, and others refuse the command until RNTO comes.",
     "send RNTO right after RNFR's 350 (RNFR again later, if something else must come first)"},
    // RFC 7151 §3: a server refuses HOST with 503 once the user is authenticated, and before that takes the last
    // HOST sent. A client sends it before USER (§3.2.2): first_broken_rule reports HOST after USER as this rule
    // with no reply (flag::host_allowed), which a server's validate() lets through.
    {rule::host_before_user, "host_before_user", verbs({verb::host}),
     in_login({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
               login_state::need_pass, login_state::need_acct}),
     503, true, "RFC 7151 §3, §3.2.2",
     "HOST must come before USER",
     "The virtual host decides which users exist, so a client chooses it before USER; once the login has "
     "succeeded the server refuses HOST with 503.",
     "send HOST right after the greeting (or after REIN), before USER"},
    // Advice in the generic reading: RFC 7151 §3.2.2 has HOST, AUTH, then the login, but also AUTH TLS before HOST
    // when the TLS client hello names the host (SNI), which the sequencer cannot see. ProFTPD with mod_tls refuses
    // HOST after AUTH without SNI.
    {rule::host_before_auth, "host_before_auth", verbs({verb::host}), in_tls({tls_state::none}), 503, false,
     "RFC 7151 §3.2.2",
     "HOST before AUTH",
     "The virtual host can decide the security set-up (its certificate), so RFC 7151 has HOST before AUTH; after "
     "AUTH TLS only when the TLS handshake already named the host (SNI), which the server checks HOST against.",
     "send HOST right after the greeting, before AUTH (or name the host in the TLS handshake, SNI)"},
    {rule::pass_after_user, "pass_after_user", verbs({verb::pass}),
     in_login({login_state::need_pass, login_state::logged_in}), 503, true, "RFC 959 §4.1.1, §6 (login)",
     "PASS needs a USER answered 331 first",
     "PASS only makes sense right after USER was answered 331 (user name okay, need password).",
     "send USER first and wait for 331"},
    {rule::already_logged_in, "already_logged_in", verbs({verb::pass}),
     in_login({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
               login_state::need_pass, login_state::need_acct, login_state::closed}),
     503, true, "RFC 959 §6 (login)",
     "the user is already logged in",
     "USER was answered 230 (or PASS already succeeded), so no password is expected.",
     "skip PASS when USER is answered 230"},
    {rule::acct_after_pass, "acct_after_pass", verbs({verb::acct}),
     in_login({login_state::need_acct, login_state::logged_in}), 503, true, "RFC 959 §4.1.1, §6 (login)",
     "ACCT needs USER and PASS first",
     "ACCT answers a 332 (need account) to PASS, or adds an account after login; before that the server "
     "does not know whose account it is.",
     "send USER and PASS first; send ACCT when they are answered 332"},
    {rule::user_after_login, "user_after_login", verbs({verb::user}),
     in_login({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
               login_state::need_pass, login_state::need_acct, login_state::closed}),
     530, false, "RFC 959 §4.1.1 USER",
     "USER while logged in",
     "RFC 959 lets a new USER change the user at any time, but some servers refuse it once logged in.",
     "send REIN, where the server implements it, or reconnect, before logging in as another user"},
    {rule::login_required, "login_required", all_verbs.without(allowed_before_login_rfc),
     in_login({login_state::logged_in, login_state::closed}), 530, true, "RFC 959 §5.4 (530 replies)",
     "log in first: USER then PASS",
     "The server refuses this command with 530 (not logged in) until USER/PASS (and ACCT if asked) succeed.",
     "log in first: USER, then PASS (and ACCT when answered 332)"},
    {rule::no_protection_after_ccc, "no_protection_after_ccc", verbs({verb::pbsz, verb::prot}),
     in_tls({tls_state::none, tls_state::auth_pending, tls_state::auth_done, tls_state::pbsz_done,
             tls_state::prot_set}),
     503, true, "RFC 4217 §5",
     "PBSZ and PROT are refused after CCC",
     "After CCC the control connection is clear again and the server accepts no more PBSZ or PROT.",
     "negotiate PBSZ/PROT before CCC, or reconnect"},
    // Advice in the generic reading: "Some servers will allow the AUTH command to be reissued" (RFC 2228 §3); with
    // TLS pyftpdlib, vsftpd and ProFTPD refuse it on a protected control connection.
    {rule::auth_once, "auth_once", verbs({verb::auth}),
     in_tls({tls_state::none, tls_state::auth_pending, tls_state::cleared}), 503, false, "RFC 2228 §3 AUTH",
     "AUTH once per protected connection",
     "The control connection is protected already; RFC 2228 lets a server accept a new AUTH, most refuse it.",
     "send AUTH once; to negotiate again, reconnect"},
    // Advice in the generic reading: RFC 4217 §12.1 Note 3 lets AUTH come later than right after the greeting, and
    // §4 resets the login when it comes after it. vsftpd, ProFTPD and Pure-FTPd with TLS refuse it once logged in.
    {rule::auth_before_login, "auth_before_login", verbs({verb::auth}),
     in_login({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
               login_state::need_pass, login_state::need_acct, login_state::closed}),
     534, false, "RFC 4217 §4, §12.1",
     "AUTH before the login",
     "Many servers take AUTH only before the login: once logged in, the password has travelled in clear, and "
     "they refuse to protect the session after the fact.",
     "send AUTH TLS right after the greeting, before USER"},
    {rule::adat_after_auth, "adat_after_auth", verbs({verb::adat}), in_tls({tls_state::auth_pending}), 503, true,
     "RFC 2228 §3 ADAT",
     "ADAT needs an AUTH answered 334 first",
     "ADAT carries the security data exchange that an AUTH answered 334 started; without one (or after it "
     "finished) there is nothing to continue.",
     "send AUTH first and send ADAT while it is answered 334/335"},
    {rule::pbsz_after_auth, "pbsz_after_auth", verbs({verb::pbsz}),
     in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set}), 503, true,
     "RFC 2228 §3 PBSZ, RFC 4217 §9",
     "PBSZ needs a successful AUTH first",
     "The protection buffer size belongs to a security mechanism, which only exists after AUTH succeeded.",
     "send AUTH TLS first and wait for 234"},
    {rule::prot_after_pbsz, "prot_after_pbsz", verbs({verb::prot}),
     in_tls({tls_state::pbsz_done, tls_state::prot_set}), 503, true, "RFC 2228 §3 PROT, RFC 4217 §9",
     "PROT needs PBSZ first",
     "RFC 4217 requires PBSZ (PBSZ 0 for TLS) before PROT, and PBSZ after AUTH.",
     "send AUTH TLS, then PBSZ 0, then PROT"},
    // RFC 4217 §5 answers CCC on a control connection without TLS with 533, before AUTH (this rule) and after an
    // earlier CCC (ccc_once) alike; ProFTPD answers the first with 500 and the second with 533.
    {rule::ccc_after_auth, "ccc_after_auth", verbs({verb::ccc}),
     in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set, tls_state::cleared}), 533, true,
     "RFC 4217 §5",
     "CCC needs a protected control connection (AUTH) first",
     "CCC clears the protection of the control connection; without AUTH there is none to clear.",
     "send AUTH TLS first, or drop the CCC"},
    {rule::ccc_once, "ccc_once", verbs({verb::ccc}),
     in_tls({tls_state::none, tls_state::auth_pending, tls_state::auth_done, tls_state::pbsz_done,
             tls_state::prot_set}),
     533, true, "RFC 4217 §5",
     "CCC once: the control connection is clear already",
     "An earlier CCC was accepted and the control connection went back to clear text; there is no protection left "
     "to clear.",
     "send CCC once; to protect the connection again, reconnect and send AUTH TLS"},
    {rule::protected_command_after_auth, "protected_command_after_auth", verbs({verb::mic, verb::conf, verb::enc}),
     in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set, tls_state::cleared}), 503, true,
     "RFC 2228 §3",
     "MIC, CONF and ENC need a completed security exchange (AUTH) first",
     "Protected commands are sealed with the security mechanism AUTH negotiated; there is none yet.",
     "complete AUTH (and ADAT) first"},
    {rule::epsv_all_only_epsv, "epsv_all_only_epsv",
     verbs({verb::pasv, verb::port, verb::eprt, verb::lprt, verb::lpsv}), without_flag(flag::epsv_all), 503, true,
     "RFC 2428 §3, §4",
     "only EPSV is allowed after EPSV ALL",
     "EPSV ALL promised the server that every data connection will be set up with EPSV; it must refuse "
     "PASV, PORT, EPRT, LPRT and LPSV for the rest of the session.",
     "use EPSV, or start a new session without EPSV ALL"},
    {rule::rnto_after_rnfr, "rnto_after_rnfr", verbs({verb::rnto}), with_flag(flag::rnfr_pending), 503, true,
     "RFC 959 §4.1.3 RNFR/RNTO",
     "RNTO needs a successful RNFR right before it",
     "RNTO names the new name of the file the previous command (RNFR, answered 350) picked; without that "
     "350, or with another command in between, the server has no file to rename.",
     "send RNFR first, wait for 350, then send RNTO immediately"},
    {rule::rest_before_file_transfer, "rest_before_file_transfer", verbs({verb::list, verb::nlst, verb::mlsd}),
     without_flag(flag::rest_pending), 503, true, "RFC 959 §4.1.3 REST, RFC 3659 §5",
     "REST must be followed by RETR, STOR, STOU or APPE",
     "A restart marker applies to the next file transfer; a directory listing cannot resume at an offset.",
     "send REST right before RETR/STOR/STOU/APPE, and list directories before REST or after the transfer"},
    // Advice in the generic reading: RFC 3659 §5.3 lets a server take APPE after REST (as STOR) and leaves STOU
    // undefined there; pyftpdlib and ProFTPD refuse both (their overrides), vsftpd and Pure-FTPd take them.
    {rule::rest_before_append, "rest_before_append", verbs({verb::appe, verb::stou}), without_flag(flag::rest_pending),
     0, false, "RFC 3659 §5.3",
     "REST before APPE or STOU is not recommended",
     "RFC 3659 says a restart should be completed by RETR or STOR: APPE after REST must act as STOR where a server "
     "allows it, STOU after REST is undefined, and some servers refuse both while a marker is pending.",
     "complete a restart with STOR (or RETR); send APPE and STOU without a REST before them"},
    // Advice in the generic reading: RFC 3659 §5.1 has a restart possible in any type, with more effort outside
    // IMAGE; every server recorded refuses it in ASCII, each its own way (the families' overrides).
    {rule::resume_needs_image_type, "resume_needs_image_type", file_transfer_verbs,
     not_all_of({flag::rest_pending, flag::ascii_type}), 503, false, "RFC 3659 §5.1; RFC 959 §3.1.1.1",
     "restart a transfer in the image type (TYPE I)",
     "The transfer type is ASCII (TYPE A, RFC 959's default until TYPE I), where a restart marker counts bytes of "
     "the converted stream, not of the file, so servers refuse to restart: at the REST (501) or at the transfer "
     "after it (503, 550).",
     "send TYPE I before REST (and keep it until the transfer)"},
    // Advice in the generic reading: RFC 3659 §4 defines SIZE in every type (in ASCII, the octets of the converted
    // stream), and §4.2 lets a server answer 550 where the size cannot be had in the current type or costs too
    // much to work out; pyftpdlib and ProFTPD refuse SIZE in ASCII always (their overrides), vsftpd and Pure-FTPd
    // answer the file's size in any type.
    {rule::size_needs_image_type, "size_needs_image_type", verbs({verb::size}), without_flag(flag::ascii_type), 550,
     false, "RFC 3659 §4, §4.2",
     "ask SIZE in the image type (TYPE I)",
     "The transfer type is ASCII (TYPE A, RFC 959's default until TYPE I), where SIZE has to count the bytes the "
     "converted file would take; servers that will not read a whole file for that answer 550, which does not mean "
     "the file is missing (RFC 3659 §4.2).",
     "send TYPE I before SIZE: its answer is then the size a REST offset counts in"},
    {rule::transfer_needs_data_port, "transfer_needs_data_port", transfer_verbs, with_flag(flag::data_port_ready),
     503, true, "RFC 959 §3.2, §4.1.2; RFC 2428",
     "a transfer needs PASV, EPSV, PORT or EPRT first",
     "Each transfer uses a data connection set up by the command before it (PASV/EPSV/LPSV answered 227/229/"
     "228, or PORT/EPRT/LPRT answered 200); one set-up serves one transfer.",
     "send PASV or EPSV (or PORT/EPRT) before each transfer"},
    // Not an order: the line itself. Listed last, it is checked where the family checks arguments, before the other
    // rules or after login_required (family_traits::argument_checked_after_login, first_broken_rule); the reply is
    // the family's for the verb (detail::argument_refusal). Only for a step made with its argument: a verb alone (the
    // typed session, check_sequence's lists of verbs) has an argument that fits.
    {rule::argument_syntax, "argument_syntax", argument_checked_verbs, precondition{}, 501, true,
     "RFC 959 §5.3.2, §4.2 (501)",
     "the command's argument does not fit its syntax",
     "RFC 959 gives each command its argument: RETR, STOR, RNFR, RNTO, TYPE, PORT and the like need one, PASV, PWD, "
     "CDUP, NOOP, FEAT take none. A line without the argument (often built from an empty name) or with one the "
     "verb does not take is a syntax error, which servers that check refuse before running the command.",
     "send the argument the command needs (a path, a type code, an address), or the verb alone where it takes none"},
};

[[nodiscard]] constexpr const rule_info& info(rule r) noexcept { return rule_table[static_cast<std::size_t>(r)]; }
[[nodiscard]] constexpr std::string_view to_string(rule r) noexcept { return info(r).name; }

struct rule_lookup {
    rule value;
    bool found;
};
[[nodiscard]] constexpr rule_lookup find_rule(std::string_view name) noexcept {
    for (const rule_info& r : rule_table)
        if (r.name == name) return {r.id, true};
    return {rule::session_closed, false};
}

// Where a server family answers differently: `enforced` and `reply` replace the rule's; a non-empty `verbs`
// replaces the set of constrained commands. Data, so a test against a running server can check each line.
struct family_override {
    server_family family;
    rule id;
    bool enforced;
    std::uint16_t reply;
    verb_set verbs;  // empty: the rule's own
    std::string_view source;
    bool replaces_allowed = false;  // `allowed` replaces the states in which the rule's verbs are allowed
    precondition allowed = {};
};

// The commands ProFTPD 1.3.8 answers 530 before the login (its login_required override, below); with mod_tls CCC too.
inline constexpr verb_set proftpd_login_required_verbs = all_verbs.without(
    verbs({verb::user, verb::pass, verb::acct, verb::rein, verb::quit, verb::host, verb::feat, verb::opts, verb::lang,
           verb::syst, verb::help, verb::noop, verb::type, verb::auth, verb::adat, verb::pbsz, verb::prot, verb::ccc,
           verb::mic, verb::conf, verb::enc, verb::lprt, verb::lpsv}));

// vsftpd means vsftpd 3.0.3 as Debian 12 configures it: ssl_enable=NO (no TLS), anonymous login; pyftpdlib means
// pyftpdlib 1.5.7 with the plain FTPHandler (no TLS); proftpd means ProFTPD 1.3.8 (Debian 12's proftpd-core)
// without mod_tls, a user from an AuthUserFile; pureftpd means Pure-FTPd 1.0.50 (Debian 12's pure-ftpd) without a
// TLS certificate, a virtual user from a PureDB. tests/data/servers/ holds the recordings the "recorded"
// sources name, tests/integration/test_sequencer_matches_servers.py replays each of them against this table.
// Not comparable, so not modelled: commands a server does not implement at all (500/502: HOST on vsftpd, pyftpdlib
// and Pure-FTPd, whose host_before_user is therefore not enforced; ACCT, AUTH, PBSZ and PROT on pyftpdlib and
// ProFTPD without mod_tls; AUTH and ADAT on Pure-FTPd without a certificate; REIN on vsftpd, ProFTPD and Pure-FTPd
// after login; AUTH after login on vsftpd) say nothing about order. Nor a reply that depends on an argument:
// ProFTPD answers a second USER with the logged-in user's name 230 and any other name 501 Reauthentication not
// supported (recorded in tests/data/servers/proftpd/user_after_login.txt and other_user_after_login.txt).
inline constexpr family_override family_overrides[] = {
    // Transfers without PASV/PORT.
    {server_family::vsftpd, rule::transfer_needs_data_port, true, 425, {},
     "vsftpd: 425 Use PORT or PASV first. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "retr_without_pasv.txt, list_without_pasv.txt and stor_without_pasv.txt"},
    {server_family::pyftpdlib, rule::transfer_needs_data_port, true, 0, {},
     "pyftpdlib: no refusal. It answers 150 and then waits for a data connection the client never set up, so "
     "the transfer hangs: a client-side mistake with no refusal to predict (reply 0). Recorded from pyftpdlib "
     "1.5.7 in tests/data/servers/pyftpdlib/retr_without_pasv.txt, list_without_pasv.txt and "
     "stor_without_pasv.txt (150, then nothing until the recorder gave up)"},
    {server_family::proftpd, rule::transfer_needs_data_port, true, 425, {},
     "ProFTPD: 425 Unable to build data connection: Connection refused (it connects to the RFC 959 default data "
     "port, where the client does not listen). Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/"
     "retr_without_pasv.txt, list_without_pasv.txt and stor_without_pasv.txt"},
    {server_family::pureftpd, rule::transfer_needs_data_port, true, 425, {},
     "Pure-FTPd: 425 No data connection. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/"
     "retr_without_pasv.txt, list_without_pasv.txt and stor_without_pasv.txt"},
    // Commands during a transfer.
    {server_family::pureftpd, rule::transfer_in_progress, true, 500, all_verbs.without(any_time_verbs),
     "Pure-FTPd: during a transfer it reads the control connection for ABOR only (QUIT aborts too: 426 ABORT, 226 "
     "Transfer aborted, and the session goes on: quit_during_transfer_aborts); any other command, NOOP, STAT and "
     "REIN included, gets 500 Unknown command before the transfer's 226, and commands sent together get one 500 "
     "between them. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/noop_during_transfer.txt and "
     "rein_during_transfer.txt (pyftpdlib answers NOOP 200 during the transfer, vsftpd and ProFTPD after its 226); "
     "PWD, STAT, PASV and TYPE the same, seen live"},
    {server_family::vsftpd, rule::transfer_in_progress, true, 0, {},
     "vsftpd: reads no command during a download: PWD (and NOOP) sent after the 150 is answered after the 226, so a "
     "client that takes the 226 for its answer is a reply behind from then on (no refusal: the rule says wait). "
     "Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/pwd_during_transfer.txt and noop_during_transfer.txt"},
    {server_family::pyftpdlib, rule::transfer_in_progress, false, 0, {},
     "pyftpdlib: answers commands during a transfer at once (PWD 257, NOOP 200, then the transfer's 226), so "
     "nothing shifts: advice. Recorded from pyftpdlib 1.5.7 in tests/data/servers/pyftpdlib/pwd_during_transfer.txt "
     "and noop_during_transfer.txt (a PASV there, seen live, answers 227 and drops the running transfer without a "
     "final reply)"},
    {server_family::proftpd, rule::transfer_in_progress, true, 0, {},
     "ProFTPD: PWD (and NOOP) sent during a download is answered after the 226, as vsftpd does (no refusal: the rule "
     "says wait); during an upload a PASV was refused at once, 450 PASV: data transfer in progress (seen live, not "
     "recorded). Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/pwd_during_transfer.txt and "
     "noop_during_transfer.txt"},
    // The login.
    {server_family::pureftpd, rule::pass_after_user, true, 530, {},
     "Pure-FTPd: 530 You aren't logged in, to PASS before USER. Recorded from Pure-FTPd 1.0.50 in "
     "tests/data/servers/pureftpd/pass_before_user.txt"},
    {server_family::pureftpd, rule::already_logged_in, true, 530, {},
     "Pure-FTPd: 530 We can't do that in the current session, to PASS after login. Recorded from Pure-FTPd 1.0.50 "
     "in tests/data/servers/pureftpd/pass_when_logged_in.txt"},
    {server_family::pureftpd, rule::user_after_login, true, 530, {},
     "Pure-FTPd: 530 You're already logged in, to USER after login, the same user or another; the login and the "
     "data port stay. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/user_after_login.txt, "
     "other_user_after_login.txt and pasv_then_user.txt"},
    {server_family::pureftpd, rule::acct_after_pass, false, 0, {},
     "Pure-FTPd: 202 to ACCT in any state (not implemented, superfluous). Recorded from Pure-FTPd 1.0.50 in "
     "tests/data/servers/pureftpd/commands_before_login.txt"},
    {server_family::vsftpd, rule::host_before_user, false, 0, {},
     "vsftpd 3.0.3 does not know HOST: 530 before login, like every command it does not let through "
     "(login_required), 500 Unknown command. after it. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "host_before_user.txt, host_after_user.txt and host_after_login.txt"},
    {server_family::pyftpdlib, rule::host_before_user, false, 0, {},
     "pyftpdlib 1.5.7 does not know HOST: 500 Command \"HOST\" not understood. in every state. Recorded from "
     "pyftpdlib 1.5.7 in tests/data/servers/pyftpdlib/host_before_user.txt, host_after_user.txt and "
     "host_after_login.txt"},
    {server_family::pureftpd, rule::host_before_user, false, 0, {},
     "Pure-FTPd does not know HOST: 530 before login, like every command it does not let through (login_required), "
     "500 Unknown command after it. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/"
     "host_before_user.txt, host_after_user.txt and host_after_login.txt"},
    // Between RNFR and RNTO.
    {server_family::proftpd, rule::rnfr_only_rnto, true, 501,
     all_verbs.without(verbs({verb::rnto, verb::noop, verb::stat, verb::help, verb::quit})),
     "ProFTPD: 501 Bad sequence of commands (a 501 with the text of a 503) to anything but RNTO, NOOP, STAT, HELP "
     "and QUIT after RNFR, ABOR included; the RNFR stays pending, unless the refused command was a transfer, which "
     "drops the file but not the refusals: until an RNTO, answered 503, ends them (flag::rnfr_mode_without_file). "
     "Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/rnfr_then_other_command.txt, rnfr_then_list.txt "
     "and rnfr_then_list_then_pwd.txt (RNFR 350, LIST 501, PWD 501, RNFR 501, NOOP 200, RNTO 503, PWD 257); verbs "
     "outside the command table too (unlisted_verbs.txt: RNFR 350, XYZZ 501, CLNT 501, RNTO 250)",
     true, without_flags({flag::rnfr_pending, flag::rnfr_mode_without_file})},
    // HOST.
    {server_family::proftpd, rule::host_before_user, true, 503, {},
     "ProFTPD: HOST is accepted until the login completes, between USER and PASS too (220), and refused with 503 "
     "Bad sequence of commands after it. Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/"
     "host_after_user.txt and host_after_login.txt",
     true,
     in_login({login_state::need_greeting, login_state::greeting_delayed, login_state::need_user,
               login_state::need_pass, login_state::need_acct})},
    // PASS after login.
    {server_family::vsftpd, rule::already_logged_in, true, 230, {},
     "vsftpd: 230 Already logged in. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "pass_when_logged_in.txt (after USER anonymous was answered 230)"},
    // A second USER after login (pyftpdlib keeps the generic reading: 331, the login starts again, recorded in
    // tests/data/servers/pyftpdlib/user_after_login.txt).
    {server_family::vsftpd, rule::user_after_login, true, 530, {},
     "vsftpd: 530 Can't change from guest user. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "user_after_login.txt (the first login stays: PWD after it is answered 257)"},
    // A listing after REST: these servers keep the marker for the next RETR/STOR and list normally.
    {server_family::vsftpd, rule::rest_before_file_transfer, false, 0, {},
     "vsftpd keeps REST and lists (150/226). Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "rest_then_list.txt"},
    {server_family::pyftpdlib, rule::rest_before_file_transfer, false, 0, {},
     "pyftpdlib ftp_LIST ignores _restart_position and lists (125/226). Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib/rest_then_list.txt"},
    {server_family::pureftpd, rule::rest_before_file_transfer, false, 0, {},
     "Pure-FTPd lists (150/226) and keeps the REST for the next RETR, which starts at the marker. Recorded from "
     "Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/rest_then_list.txt"},
    {server_family::proftpd, rule::rest_before_file_transfer, false, 0, {},
     "ProFTPD lists (150/226) and keeps the REST for the next RETR, which starts at the marker. Recorded from "
     "ProFTPD 1.3.8 in tests/data/servers/proftpd/rest_then_list.txt"},
    // APPE and STOU after REST.
    {server_family::pyftpdlib, rule::rest_before_append, true, 450, {},
     "pyftpdlib: 450 Can't APPE while REST request is pending. (STOU the same), and the marker stays: the next RETR "
     "starts at it (append_keeps_rest). Recorded from pyftpdlib 1.5.7 in tests/data/servers/pyftpdlib/"
     "rest_then_appe.txt; STOU and the RETR after it seen live"},
    {server_family::proftpd, rule::rest_before_append, true, 554, {},
     "ProFTPD: 554 REST: invalid <path> argument to APPE (STOU: 550 STOU incompatible with REST, "
     "family_traits::stou_after_rest_reply), and the marker is gone: the next RETR sends the whole file. Recorded "
     "from ProFTPD 1.3.8 in tests/data/servers/proftpd/rest_then_appe.txt and rest_then_stou.txt; vsftpd and "
     "Pure-FTPd accept APPE after REST (150, 226)"},
    // A restart in the ASCII type (flag::ascii_type: the default, TYPE A). Each server refuses it, where and with
    // what its own (ascii_rest_then_retr.txt: TYPE A, REST 4, PASV, RETR, TYPE I, PASV, RETR; ascii_rest_then_stor.txt:
    // no TYPE, REST 4, PASV, STOR, REST 4, PASV, APPE; ascii_rest_zero_then_retr.txt; image_rest_then_ascii_retr.txt:
    // TYPE I, REST 4, TYPE A, PASV, RETR).
    {server_family::pyftpdlib, rule::resume_needs_image_type, true, 501, verbs({verb::rest}),
     "pyftpdlib: 501 Resuming transfers not allowed in ASCII mode. to REST, REST 0 too (ascii_refuses_rest_zero), "
     "in the ASCII type: the default, and again after USER or REIN (flush_account); no marker is set. A REST in the "
     "image type followed by TYPE A resumes the transfer in ASCII. Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib/ascii_rest_then_retr.txt, ascii_rest_then_stor.txt, "
     "ascii_rest_zero_then_retr.txt and image_rest_then_ascii_retr.txt",
     true, without_flag(flag::ascii_type)},
    {server_family::proftpd, rule::resume_needs_image_type, true, 501, verbs({verb::rest}),
     "ProFTPD: 501 REST: Resuming transfers not allowed in ASCII mode, REST 0 excepted (350); no marker is set. A "
     "REST in the image type followed by TYPE A resumes the transfer in ASCII. Recorded from ProFTPD 1.3.8 in "
     "tests/data/servers/proftpd/ascii_rest_then_retr.txt, ascii_rest_then_stor.txt, ascii_rest_zero_then_retr.txt "
     "and image_rest_then_ascii_retr.txt",
     true, without_flag(flag::ascii_type)},
    {server_family::pureftpd, rule::resume_needs_image_type, true, 503, {},
     "Pure-FTPd: REST in ASCII is answered \"350 Restarting at 4. But we're in ASCII mode\", and the RETR, STOR, "
     "APPE or STOU after it (or after TYPE A between REST and the transfer) 503 ASCII resume is unsafe, please "
     "delete the file first, before a missing data connection would be; the marker is gone then, the data port "
     "stays. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/ascii_rest_then_retr.txt, "
     "ascii_rest_then_stor.txt and image_rest_then_ascii_retr.txt (STOU, and RETR without a data port, seen live)"},
    {server_family::vsftpd, rule::resume_needs_image_type, true, 550, verbs({verb::retr}),
     "vsftpd: RETR after REST in ASCII (or after TYPE A between REST and RETR) 550 No support for resume of ASCII "
     "transfer., once a data port is set up (without one: 425); STOR and APPE after REST are taken. The marker is "
     "gone then, the data port stays. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "ascii_rest_then_retr.txt, ascii_rest_then_stor.txt and image_rest_then_ascii_retr.txt",
     true, not_all_of({flag::rest_pending, flag::ascii_type, flag::data_port_ready})},
    // SIZE in the ASCII type (ascii_size_then_image_size.txt: SIZE with no TYPE sent, then after TYPE I, TYPE A,
    // TYPE L 8 and TYPE A N). vsftpd and Pure-FTPd answer 213 with the file's size in every type.
    {server_family::pyftpdlib, rule::size_needs_image_type, true, 550, {},
     "pyftpdlib: 550 SIZE not allowed in ASCII mode. in the ASCII type: the default, and again after USER or REIN "
     "(flush_account); TYPE A N is refused 504 and keeps the type. Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib/ascii_size_then_image_size.txt"},
    {server_family::proftpd, rule::size_needs_image_type, true, 550, {},
     "ProFTPD: 550 SIZE not allowed in ASCII mode, after TYPE A N too; TYPE L 8 is the image type (213). Recorded "
     "from ProFTPD 1.3.8 in tests/data/servers/proftpd/ascii_size_then_image_size.txt"},
    // After EPSV ALL.
    {server_family::pyftpdlib, rule::epsv_all_only_epsv, true, 501, {},
     "pyftpdlib: 501 PASV (PORT, EPRT) not allowed after EPSV ALL. Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib/epsv_all_then_pasv.txt"},
    {server_family::proftpd, rule::epsv_all_only_epsv, true, 500, {},
     "ProFTPD: 500 Illegal PASV (PORT, EPRT) command, EPSV ALL in effect. Recorded from ProFTPD 1.3.8 in "
     "tests/data/servers/proftpd/epsv_all_then_pasv.txt (LPRT/LPSV are unknown to it: 500 in any state)"},
    {server_family::pureftpd, rule::epsv_all_only_epsv, true, 501, verbs({verb::port, verb::eprt}),
     "Pure-FTPd reads EPSV ALL as \"220 Active mode is disabled\": PORT and EPRT get 501 Active mode is disabled, "
     "PASV is still answered 227 (RFC 2428 §3 says it must be refused). Recorded from Pure-FTPd 1.0.50 in "
     "tests/data/servers/pureftpd/epsv_all_then_pasv.txt (LPRT/LPSV are unknown to it: 500)"},
    // Security commands on a server without a TLS certificate.
    {server_family::proftpd, rule::ccc_after_auth, true, 500, {},
     "ProFTPD: CCC before AUTH gets 500 CCC not understood, without mod_tls and with it (RFC 4217 §5 says 533, "
     "which ProFTPD with mod_tls answers to a second CCC, ccc_once). Recorded from ProFTPD 1.3.8 in "
     "tests/data/servers/proftpd/ccc_without_auth.txt and proftpd-tls/ccc_without_auth.txt"},
    {server_family::pureftpd, rule::ccc_after_auth, true, 534, {},
     "Pure-FTPd without a TLS certificate: 534 CCC not allowed at this point (AUTH TLS is 500 This security scheme "
     "is not implemented, PBSZ and PROT get the generic 503). Recorded from Pure-FTPd 1.0.50 in tests/data/servers/"
     "pureftpd/ccc_without_auth.txt, after login; the same 534 before login was seen live, not recorded (the other "
     "servers answer CCC 500: unknown)"},
    {server_family::vsftpd, rule::epsv_all_only_epsv, true, 550, verbs({verb::pasv, verb::port}),
     "vsftpd: 550 Permission denied. to PASV and PORT after EPSV ALL, but EPRT is accepted (200): vsftpd does "
     "not enforce EPSV ALL for EPRT. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "epsv_all_then_pasv.txt (LPRT/LPSV not recorded, so not modelled)"},
    // Security commands on a server without TLS.
    {server_family::vsftpd, rule::pbsz_after_auth, true, 550, {},
     "vsftpd with ssl_enable=NO: 550 Permission denied. to PBSZ after login (530 before login: login_required "
     "comes first). Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/pbsz_before_auth.txt and "
     "auth_tls_without_tls.txt"},
    {server_family::vsftpd, rule::prot_after_pbsz, true, 550, {},
     "vsftpd with ssl_enable=NO: 550 Permission denied. to PROT after login (530 before login: login_required "
     "comes first). Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/prot_before_pbsz.txt and "
     "auth_tls_without_tls.txt"},
    // ACCT before login (the rule only fires before login: after it ACCT is allowed).
    {server_family::vsftpd, rule::acct_after_pass, true, 530, {},
     "vsftpd: 530 Please login with USER and PASS. to ACCT before login, like every other command it does not "
     "let through. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/commands_before_login.txt"},
    // What a server lets through before login.
    {server_family::vsftpd, rule::login_required, true, 530,
     all_verbs.without(verbs({verb::user, verb::pass, verb::quit, verb::feat, verb::opts})),
     "vsftpd with ssl_enable=NO: only USER, PASS, QUIT, FEAT (211) and OPTS (200) before login; everything else, "
     "AUTH, PBSZ, PROT, ACCT, SYST, STAT, NOOP, HELP, SITE, HOST and unknown commands included, gets 530 Please "
     "login with USER and PASS. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd/"
     "commands_before_login.txt and host_before_user.txt (with ssl_enable=YES AUTH, PBSZ and PROT get through: "
     "not recorded)"},
    {server_family::pyftpdlib, rule::login_required, true, 530,
     all_verbs.without(verbs({verb::user, verb::pass, verb::quit, verb::feat, verb::help, verb::noop, verb::stat,
                              verb::syst, verb::auth, verb::pbsz, verb::prot, verb::acct, verb::smnt, verb::lprt,
                              verb::lpsv, verb::adat, verb::ccc, verb::mic, verb::conf, verb::enc, verb::lang,
                              verb::host})),
     "pyftpdlib proto_cmds auth=False: FEAT HELP NOOP PASS QUIT SITE HELP STAT SYST USER get through, OPTS, SITE "
     "CHMOD, STAT with a path and the rest get 530 Log in with USER and PASS first (SITE subcommands it does not "
     "know: 500). Recorded from pyftpdlib 1.5.7 in tests/data/servers/pyftpdlib/commands_before_login.txt, "
     "site_before_login.txt and stat_path_before_login.txt. The verbs it does not implement are answered 500 "
     "Command not understood before the login check, never 530, so they stay out of the set: AUTH, PBSZ, PROT "
     "(TLS_FTPHandler only), ACCT, HOST (host_before_user.txt), CCC (ccc_without_auth.txt), and SMNT, LPRT, LPSV, "
     "ADAT, MIC, CONF, ENC, LANG"},
    {server_family::proftpd, rule::login_required, true, 530, proftpd_login_required_verbs,
     "ProFTPD: USER PASS QUIT HOST FEAT OPTS LANG SYST HELP NOOP SITE HELP (214) and TYPE (200) get through; the "
     "rest, STAT, ABOR and SITE CHMOD included, get 530 Please login with USER and PASS (RNTO and SITE CHMOD get two "
     "of them: the second answers nothing and shifts every later reply by one; SITE subcommands it does not know: "
     "500). Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/commands_before_login.txt and "
     "site_before_login.txt. ACCT and REIN (502), and without mod_tls AUTH, ADAT, PBSZ, PROT, CCC, "
     "MIC, CONF, ENC, LPRT and LPSV (500), are never answered 530, so they stay out of the set"},
    {server_family::pureftpd, rule::login_required, true, 530,
     all_verbs.without(verbs({verb::user, verb::pass, verb::acct, verb::quit, verb::type, verb::stru, verb::mode,
                              verb::syst, verb::help, verb::noop, verb::feat, verb::opts, verb::auth, verb::adat,
                              verb::pbsz, verb::prot, verb::ccc})),
     "Pure-FTPd: USER PASS QUIT TYPE STRU MODE SYST HELP NOOP FEAT (and OPTS: 504) get through, ACCT 202, the "
     "security commands their own answers; everything else, STAT, ABOR, SITE, LANG, REIN, HOST and MIC included, "
     "gets 530 You aren't logged in. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd/"
     "commands_before_login.txt and host_before_user.txt"},

    // With TLS allowed (the *_tls families, recorded in tests/data/servers/<family>-tls/): these replace their
    // family's overrides of the same rule. Three of the four accept PROT right after AUTH, without PBSZ.
    {server_family::vsftpd_tls, rule::login_required, true, 530,
     all_verbs.without(verbs({verb::user, verb::pass, verb::quit, verb::feat, verb::opts, verb::auth, verb::pbsz,
                              verb::prot})),
     "vsftpd with ssl_enable=YES: as without TLS, but AUTH (234), PBSZ and PROT (200 after AUTH, 503 before it) "
     "get through before login. Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd-tls/"
     "commands_before_login.txt and tls_pbsz_prot_out_of_order.txt"},
    {server_family::vsftpd_tls, rule::pbsz_after_auth, true, 503, {},
     "vsftpd with ssl_enable=YES: 503 PBSZ needs a secure connection. Recorded from vsftpd 3.0.3 in "
     "tests/data/servers/vsftpd-tls/tls_pbsz_prot_out_of_order.txt and pbsz_before_auth.txt"},
    {server_family::vsftpd_tls, rule::prot_after_pbsz, true, 503, {},
     "vsftpd with ssl_enable=YES: 503 PROT needs a secure connection before AUTH; after AUTH it accepts PROT "
     "without PBSZ (200 PROT now Private). Recorded from vsftpd 3.0.3 in tests/data/servers/vsftpd-tls/"
     "tls_pbsz_prot_out_of_order.txt and prot_before_pbsz.txt",
     true, in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set})},
    {server_family::vsftpd_tls, rule::auth_once, true, 530, {},
     "vsftpd with ssl_enable=YES: a second AUTH TLS gets 530 Please login with USER and PASS. Recorded from vsftpd "
     "3.0.3 in tests/data/servers/vsftpd-tls/tls_auth_twice.txt"},
    {server_family::vsftpd_tls, rule::auth_before_login, true, 500, {},
     "vsftpd with ssl_enable=YES: AUTH TLS after the login gets 500 Unknown command. Recorded from vsftpd 3.0.3 "
     "in tests/data/servers/vsftpd-tls/tls_auth_after_login.txt"},
    {server_family::pyftpdlib_tls, rule::auth_once, true, 503, {},
     "pyftpdlib TLS_FTPHandler: a second AUTH TLS gets 503 Already using TLS. Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib-tls/tls_auth_twice.txt"},
    {server_family::proftpd_tls, rule::login_required, true, 530, proftpd_login_required_verbs | verbs({verb::ccc}),
     "ProFTPD mod_tls: as ProFTPD before the login, and CCC gets 530 Please login with USER and PASS too, before "
     "AUTH and after it (without mod_tls: 500). Found by a random walk against the live server; recorded from "
     "ProFTPD 1.3.8 in tests/data/servers/proftpd-tls/tls_ccc_before_login.txt"},
    {server_family::proftpd_tls, rule::pbsz_after_auth, true, 500, {},
     "ProFTPD mod_tls: PBSZ before AUTH gets 500 PBSZ not understood. Recorded from ProFTPD 1.3.8 in "
     "tests/data/servers/proftpd-tls/tls_pbsz_prot_out_of_order.txt and pbsz_before_auth.txt"},
    {server_family::proftpd_tls, rule::prot_after_pbsz, true, 500, {},
     "ProFTPD mod_tls: PROT before AUTH gets 500 PROT not understood; after AUTH it accepts PROT without PBSZ, "
     "and PROT C after CCC (200 Protection set to Clear). Recorded from ProFTPD 1.3.8 in tests/data/servers/"
     "proftpd-tls/tls_pbsz_prot_out_of_order.txt, prot_before_pbsz.txt and tls_ccc.txt",
     true, in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set, tls_state::cleared})},
    {server_family::proftpd_tls, rule::no_protection_after_ccc, true, 503, verbs({verb::pbsz}),
     "ProFTPD mod_tls: after CCC, 503 PBSZ not allowed on insecure control connection, but PROT C is accepted. "
     "Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd-tls/tls_ccc.txt"},
    {server_family::proftpd_tls, rule::auth_once, true, 503, {},
     "ProFTPD mod_tls: 503 Unwilling to accept second AUTH. Recorded from ProFTPD 1.3.8 in tests/data/servers/"
     "proftpd-tls/tls_auth_twice.txt"},
    {server_family::proftpd_tls, rule::host_before_auth, true, 503, {},
     "ProFTPD mod_tls: HOST after AUTH TLS, the TLS handshake naming no host (no SNI, as clients send none for an "
     "IP address), gets 503 Bad sequence of commands; before AUTH 220. Recorded from ProFTPD 1.3.8 in "
     "tests/data/servers/proftpd-tls/tls_host_after_auth.txt and tls_host_before_auth.txt (the same from lftp 4.9.2 "
     "in tests/data/transcripts/lftp-proftpd-tls-session.txt)"},
    {server_family::proftpd_tls, rule::rnfr_only_rnto, true, 501,
     all_verbs.without(verbs({verb::rnto, verb::noop, verb::stat, verb::help, verb::quit})),
     "ProFTPD mod_tls: as ProFTPD after RNFR (501 to anything but RNTO, NOOP, STAT, HELP and QUIT), but PBSZ, PROT "
     "and CCC after AUTH are answered as usual (200; PBSZ after CCC 503) and the RNFR stays for RNTO "
     "(family_traits::protection_setup_passes_rnfr); without AUTH they get the 501 too. Found by random walks against "
     "the live server; recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd-tls/tls_rnfr_then_pbsz_prot.txt, "
     "tls_rnfr_then_ccc.txt and rnfr_then_protection_without_auth.txt",
     true, without_flags({flag::rnfr_pending, flag::rnfr_mode_without_file})},
    {server_family::proftpd_tls, rule::auth_before_login, true, 534, {},
     "ProFTPD mod_tls: AUTH TLS after the login gets 534 Unwilling to accept security parameters. Recorded from "
     "ProFTPD 1.3.8 in tests/data/servers/proftpd-tls/tls_auth_after_login.txt"},
    {server_family::pureftpd_tls, rule::prot_after_pbsz, true, 503, {},
     "Pure-FTPd -Y 1: 503 PROT must be preceded by a successful PBSZ command before AUTH, yet after AUTH it "
     "accepts PROT without PBSZ. Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd-tls/"
     "tls_pbsz_prot_out_of_order.txt and prot_before_pbsz.txt",
     true, in_tls({tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set})},
    {server_family::pureftpd_tls, rule::ccc_after_auth, true, 534, {},
     "Pure-FTPd -Y 1: CCC before AUTH gets 534 CCC not allowed at this point, as without TLS, and so does CCC after "
     "AUTH before the login; after AUTH and the login it clears the control connection (200 Control connection "
     "unencrypted). Recorded from Pure-FTPd 1.0.50 in tests/data/servers/pureftpd-tls/ccc_without_auth.txt, "
     "tls_ccc.txt and tls_ccc_before_login.txt (CCC 534, AUTH TLS 234, CCC 534, USER, PASS, CCC 200)",
     true, in_login_and_tls({login_state::logged_in},
                            {tls_state::auth_done, tls_state::pbsz_done, tls_state::prot_set, tls_state::cleared})},
    {server_family::pureftpd_tls, rule::ccc_once, true, 534, {},
     "Pure-FTPd -Y 1: a second CCC gets 534 CCC not allowed at this point, as CCC before AUTH does. Recorded from "
     "Pure-FTPd 1.0.50 in tests/data/servers/pureftpd-tls/tls_ccc_then_auth.txt"},
    {server_family::pureftpd_tls, rule::auth_before_login, true, 500, {},
     "Pure-FTPd -Y 1: AUTH TLS after the login gets 500 This security scheme is not implemented. Recorded from "
     "Pure-FTPd 1.0.50 in tests/data/servers/pureftpd-tls/tls_auth_after_login.txt"},
    // Arguments (detail::argument_refusal has each family's code per verb).
    {server_family::vsftpd, rule::argument_syntax, false, 0, {},
     "vsftpd 3.0.3 checks no argument: it runs the command on an empty one (RETR and STOR alone 425 without a data "
     "port, DELE, MKD, SIZE, RNFR 550, TYPE and PORT 500, MODE 504, REST 350 \"Restart position accepted (0).\", "
     "RNTO 503 without RNFR) and ignores one a command takes none of (PWD x 257, PASV x 227). Recorded from vsftpd "
     "3.0.3 in tests/data/servers/vsftpd/missing_arguments.txt and unexpected_arguments.txt"},
    {server_family::pyftpdlib, rule::argument_syntax, true, 501, {},
     "pyftpdlib 1.5.7 (handlers.py pre_process_command): 501 Syntax error: command needs an argument, or does not "
     "accept arguments, before any other check, the login's 530 included; the refused command changes nothing (an "
     "RNFR, a REST marker stay). CWD and XCWD alone go to the home directory; the commands it does not implement "
     "(ACCT, SMNT, LPRT, HOST, ...) get 500 whatever their argument. Recorded from pyftpdlib 1.5.7 in "
     "tests/data/servers/pyftpdlib/missing_arguments.txt, missing_arguments_before_login.txt and "
     "unexpected_arguments.txt"},
    {server_family::proftpd, rule::argument_syntax, true, 501, {},
     "ProFTPD 1.3.8: once the login's 530 and the RNFR's 501 let a command through, 501 Invalid number of parameters "
     "(500 'RETR' not understood for TYPE, RETR, STOR, APPE, REST, SITE, USER and HOST, 504 for ALLO); PASV, PWD, "
     "CDUP, FEAT with an argument 501, ABOR 500, SYST and NOOP take one. RNTO alone drops the RNFR before it (RNTO "
     "then 503). Recorded from ProFTPD 1.3.8 in tests/data/servers/proftpd/missing_arguments.txt, "
     "missing_arguments_before_login.txt and unexpected_arguments.txt"},
    {server_family::pureftpd, rule::argument_syntax, true, 501, {},
     "Pure-FTPd 1.0.50: after the login's 530, 501 No file name, Missing argument, Syntax error in IP address (REST "
     "alone \"501 No restart point\" drops the marker before it: ascii_rest_then_rest_alone_then_retr.txt); 550 "
     "No file name to RNFR, RNTO, RMD, XRMD (the RNFR before RNTO alone stays), 500 to SITE, 504 to OPTS; CWD alone "
     "goes to the home directory; an argument a command takes none of is ignored. Recorded from Pure-FTPd 1.0.50 in "
     "tests/data/servers/pureftpd/missing_arguments.txt, missing_arguments_before_login.txt and "
     "unexpected_arguments.txt"},
};

// The rule as a family applies it.
namespace detail {

[[nodiscard]] constexpr rule_info with_overrides(rule_info ri, server_family f) noexcept {
    for (const family_override& o : family_overrides) {
        if (o.family != f || o.id != ri.id) continue;
        ri.enforced = o.enforced;
        ri.reply = o.reply;
        if (!o.verbs.empty()) ri.verbs = o.verbs;
        if (o.replaces_allowed) ri.allowed = o.allowed;
    }
    return ri;
}

}  // namespace detail

// The rule as a family applies it: a *_tls family applies the overrides of its family without TLS, then its own.
[[nodiscard]] constexpr rule_info effective_rule(rule r, server_family f) noexcept {
    const server_family plain = traits(f).without_tls;
    const rule_info ri = plain == f ? info(r) : detail::with_overrides(info(r), plain);
    return detail::with_overrides(ri, f);
}

// Where and how a family differs from the rule's generic reading (the override's source), empty if it does not:
// a *_tls family's own, else that of its family without TLS.
[[nodiscard]] constexpr std::string_view family_note(rule r, server_family f) noexcept {
    std::string_view note;
    for (const family_override& o : family_overrides)
        if ((o.family == f || o.family == traits(f).without_tls) && o.id == r && (note.empty() || o.family == f))
            note = o.source;
    return note;
}

namespace detail {

// What checking a command needs of an enforced rule, 16 bytes (a rule_info, with its texts, is over 100).
struct enforced_rule {
    verb_set verbs;
    precondition allowed;
    std::uint16_t reply = 0;
    rule id = rule::session_closed;
};

struct family_rule_table {
    rule_info rules[rule_count];          // indexed by rule
    enforced_rule enforced[rule_count];   // the enforced ones, in table order: what first_broken_rule reads (but
                                          // argument_syntax, which it checks from the step)
    std::size_t enforced_count = 0;
};

[[nodiscard]] constexpr family_rule_table make_family_rule_table(server_family f) noexcept {
    family_rule_table t{};
    for (std::size_t i = 0; i < rule_count; ++i) {
        const rule_info r = effective_rule(static_cast<rule>(i), f);
        t.rules[i] = r;
        // argument_syntax is read from the command line, not the state: first_broken_rule checks it itself.
        if (r.enforced && r.id != rule::argument_syntax)
            t.enforced[t.enforced_count++] = enforced_rule{r.verbs, r.allowed, r.reply, r.id};
    }
    return t;
}

// The rules table with each family's overrides applied, computed once.
inline constexpr family_rule_table family_rules[server_family_count] = {
    make_family_rule_table(server_family::rfc959),
    make_family_rule_table(server_family::vsftpd),
    make_family_rule_table(server_family::pyftpdlib),
    make_family_rule_table(server_family::proftpd),
    make_family_rule_table(server_family::pureftpd),
    make_family_rule_table(server_family::vsftpd_tls),
    make_family_rule_table(server_family::pyftpdlib_tls),
    make_family_rule_table(server_family::proftpd_tls),
    make_family_rule_table(server_family::pureftpd_tls),
};
static_assert(server_family_count == 9, "ftpwire: a new server family needs its row in family_table and family_rules");

}  // namespace detail

// ---------------------------------------------------------------------------------------------------------
// The success path: the replies a command gets when it works. check_sequence and the typed session assume
// these (they cannot know real replies); the runtime sequencer uses real ones.

struct success_replies {
    std::uint16_t first;  // the primary reply (1yz for transfers)
    std::uint16_t final;  // the completion reply after a 1yz, 0 if none
};

// Indexed by verb, in the order of the verb enum. ACCT: 202, which completes the login where it waits for ACCT (332)
// and changes nothing elsewhere, as Pure-FTPd answers ACCT in any state (commands_before_login.txt); a 230 would
// log in a family that lets ACCT through before USER and PASS.
inline constexpr success_replies success_table[verb_count] = {
    {331, 0}, {230, 0}, {202, 0}, {250, 0}, {200, 0}, {250, 0}, {220, 0}, {221, 0},  // USER .. QUIT
    {200, 0}, {227, 0}, {200, 0}, {200, 0}, {200, 0},                                // PORT .. MODE
    {150, 226}, {150, 226}, {150, 226}, {150, 226}, {200, 0}, {350, 0}, {350, 0}, {250, 0},  // RETR .. RNTO
    {226, 0}, {250, 0}, {250, 0}, {257, 0}, {257, 0}, {150, 226}, {150, 226},        // ABOR .. NLST
    {200, 0}, {215, 0}, {211, 0}, {214, 0}, {200, 0},                                // SITE .. NOOP
    {200, 0}, {250, 0}, {257, 0}, {257, 0}, {250, 0},                                // XCUP .. XRMD
    {200, 0}, {228, 0},                                                              // LPRT LPSV
    {234, 0}, {235, 0}, {200, 0}, {200, 0}, {200, 0}, {200, 0}, {200, 0}, {200, 0},  // AUTH .. ENC
    {211, 0}, {200, 0},                                                              // FEAT OPTS
    {200, 0}, {229, 0},                                                              // EPRT EPSV
    {200, 0},                                                                        // LANG
    {213, 0}, {213, 0}, {250, 0}, {150, 226},                                        // MDTM SIZE MLST MLSD
    {220, 0},                                                                        // HOST
};

// ---------------------------------------------------------------------------------------------------------
// One command of a sequence: a verb, and the arguments ordering depends on: "EPSV ALL" (RFC 2428 §3), "SITE HELP",
// which servers that let HELP through before login may answer then too (family_traits), STAT with a path, which
// needs the login where STAT alone does not (RFC 959 §4.1.3: without an argument it is the server's status, with
// one it lists a file or directory; §5.4 gives STAT 530), "REST 0", which is no restart, a REST argument that is not
// a decimal number, which some servers take for zero (family_traits::rest_reads_other_as_zero), and the image type of
// TYPE (TYPE L of another byte size too, where the family reads it so: family_traits::local_type_is_image); and
// whether the argument fits the verb's syntax at all (argument_fit_of: RETR alone, PASV x; rule argument_syntax). A
// step made from a verb alone has none: SITE is then a site command that needs the login, STAT the status, REST a
// marker, TYPE one that is not image, and its argument, unknown, fits. A step made with an argument, empty
// included, is the line as sent: RETR with "" is RETR alone. unlisted_step() stands for a command whose verb is not
// in the command table (CLNT, MFMT, a server's own verb): first_broken_rule judges it by first_broken_rule_unlisted,
// after_command and after_success follow it with after_unlisted_command, and its command field means nothing.

struct step {
    verb command = verb::noop;
    bool epsv_all = false;
    bool site_help = false;
    bool stat_path = false;
    bool rest_zero = false;
    bool rest_not_a_number = false;
    bool image_type = false;
    bool local_type = false;
    argument_fit argument = argument_fit::fits;
    bool unlisted = false;  // a verb outside the command table (unlisted_step)

    constexpr step() noexcept = default;
    constexpr step(verb v) noexcept : command(v) {}  // NOLINT(google-explicit-constructor): lists of verbs
    constexpr step(verb v, std::string_view arg) noexcept
        : command(v),
          epsv_all(is_epsv_all(v, arg)),
          site_help(is_site_help(v, arg)),
          stat_path(is_stat_path(v, arg)),
          rest_zero(is_rest_zero(v, arg)),
          rest_not_a_number(is_rest_not_a_number(v, arg)),
          image_type(is_image_type(v, arg)),
          local_type(is_local_type(v, arg)),
          argument(argument_fit_of(v, arg)) {}

    [[nodiscard]] static constexpr std::string_view without_spaces_around(std::string_view arg) noexcept {
        while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
        while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
        return arg;
    }
    // (Each test looks at the verb first: the typed session evaluates them for every command at compile time.)
    [[nodiscard]] static constexpr bool is_epsv_all(verb v, std::string_view arg) noexcept {
        return v == verb::epsv && detail::equals_ignoring_case(without_spaces_around(arg), "ALL");
    }
    // "SITE HELP" or "SITE HELP <subcommand>", in any case (RFC 959 §5.3: verbs are case-insensitive, and so are the
    // servers' SITE subcommands).
    [[nodiscard]] static constexpr bool is_site_help(verb v, std::string_view arg) noexcept {
        if (v != verb::site) return false;
        arg = without_spaces_around(arg);
        return detail::equals_ignoring_case(arg.substr(0, arg.find(' ')), "HELP");
    }
    // STAT with anything but spaces after it: every server recorded (vsftpd, pyftpdlib, ProFTPD, Pure-FTPd, with
    // TLS or not) answers it 530 before login, "STAT -la" included (stat_path_before_login.txt).
    [[nodiscard]] static constexpr bool is_stat_path(verb v, std::string_view arg) noexcept {
        return v == verb::stat && !without_spaces_around(arg).empty();
    }
    // "REST 0" (any number of zeros): RFC 3659 §5.3 makes it a transfer from the start, no restart, and servers
    // take it so: after REST 0 (350) ProFTPD and pyftpdlib serve APPE, which they refuse while a marker is pending,
    // and ProFTPD's REST 4, REST 0, APPE appends (tests/data/servers/*/rest_zero_then_appe.txt).
    [[nodiscard]] static constexpr bool is_rest_zero(verb v, std::string_view arg) noexcept {
        if (v != verb::rest) return false;
        arg = without_spaces_around(arg);
        if (arg.empty()) return false;
        for (const char c : arg)
            if (c != '0') return false;
        return true;
    }
    // A REST argument with anything but the decimal digits of RFC 3659 §5.3's marker (1*DIGIT), spaces included, or
    // none (REST alone: vsftpd 3.0.3 "350 Restart position accepted (0).", missing_arguments.txt).
    [[nodiscard]] static constexpr bool is_rest_not_a_number(verb v, std::string_view arg) noexcept {
        if (v != verb::rest) return false;
        if (arg.empty()) return true;
        for (const char c : arg)
            if (c < '0' || c > '9') return true;
        return false;
    }
    // "TYPE I" or "TYPE L 8" (RFC 959 §4.1.2: IMAGE, or LOCAL with a byte size of 8, which hosts with 8-bit bytes
    // store as IMAGE), in any case, with the spaces pyftpdlib leaves out ("L8"). TYPE I with anything after it too:
    // RFC 959 gives IMAGE no second parameter, yet ProFTPD 1.3.8 ("200 Type set to I") and Pure-FTPd 1.0.50 take
    // "TYPE I N" for IMAGE, reading its first letter (type_variants_then_rest.txt: REST 350 after it), and the
    // servers that refuse it (vsftpd 500, pyftpdlib 504) change nothing. A TYPE answered 2yz that is not one of them
    // (A, E, L 7) sets a type in which servers refuse a restart (flag::ascii_type).
    [[nodiscard]] static constexpr bool is_image_type(verb v, std::string_view arg) noexcept {
        const char code = type_code(v, arg);
        return code == 'I' || (code == 'L' && without_spaces_around(without_spaces_around(arg).substr(1)) == "8");
    }
    // "TYPE L" with any byte size or none ("L 7", "L"): LOCAL, which a family may take for IMAGE whatever the size
    // (family_traits::local_type_is_image).
    [[nodiscard]] static constexpr bool is_local_type(verb v, std::string_view arg) noexcept {
        return type_code(v, arg) == 'L';
    }
    // A TYPE command's type code (RFC 959 §4.1.2: A, E, I or L), upper-cased; '\0' for another command or no argument.
    [[nodiscard]] static constexpr char type_code(verb v, std::string_view arg) noexcept {
        arg = without_spaces_around(arg);
        return v == verb::type && !arg.empty() ? detail::ascii_upper(arg.front()) : '\0';
    }
};

[[nodiscard]] constexpr step epsv_all_step() noexcept { return step{verb::epsv, "ALL"}; }

// A command whose verb is not in the command table, whatever the verb and its argument (see step).
[[nodiscard]] constexpr step unlisted_step() noexcept {
    step s;
    s.unlisted = true;
    return s;
}

namespace detail {

// What a family answers to a command it does not implement, 0 where it does: REIN 502 from vsftpd and ProFTPD, 500
// from Pure-FTPd (tests/data/servers/*/rein_then_pwd.txt; pyftpdlib's REIN works, 230 "Ready for new user."), and
// AUTH 500 from each family without TLS (auth_tls_without_tls.txt). The assumed outcome of such a command is that
// refusal, which changes nothing: check_sequence and the typed session then judge what follows as the server will.
[[nodiscard]] constexpr std::uint16_t unimplemented_reply(server_family f, verb v) noexcept {
    const family_traits& t = traits(f);
    if (v == verb::rein) {
        if (t.without_tls == server_family::vsftpd || t.without_tls == server_family::proftpd) return 502;
        if (t.without_tls == server_family::pureftpd) return 500;
    }
    if (v == verb::auth && f != server_family::rfc959 && !t.tls()) return 500;
    return 0;
}

// What a family answers a command line whose argument does not fit the verb's syntax (step::argument), 0 where it
// takes the line or runs the command on it (vsftpd: RETR alone 425, DELE alone 550; a verb a family does not
// implement gets its 500 or 502 whatever the argument). Recorded live in tests/data/servers/*/missing_arguments.txt,
// missing_arguments_before_login.txt, unexpected_arguments.txt and, with TLS, tls_missing_arguments.txt (session 38);
// the overrides of argument_syntax tell the story. QUIT with an argument ends the session (221) on all but pyftpdlib
// (501), recorded in unexpected_arguments.txt since session 39.
[[nodiscard]] constexpr std::uint16_t argument_refusal(server_family f, const step& c) noexcept {
    if (c.argument == argument_fit::fits) return 0;
    const verb v = c.command;
    const bool missing = c.argument == argument_fit::missing;
    const family_traits& t = traits(f);
    switch (t.without_tls) {
        case server_family::rfc959: return 501;  // RFC 959 §4.2: "501 Syntax error in parameters or arguments"
        case server_family::pyftpdlib: {
            // Not implemented: "500 Command ... not understood" (its TLS handler implements AUTH, PBSZ and PROT).
            const verb_set unknown = verbs({verb::acct, verb::smnt, verb::lprt, verb::lpsv, verb::adat, verb::ccc,
                                            verb::mic, verb::conf, verb::enc, verb::host}) |
                                     (t.tls() ? verb_set{} : verbs({verb::auth, verb::pbsz, verb::prot}));
            if (unknown.contains(v) || (missing && (v == verb::cwd || v == verb::xcwd))) return 0;
            return 501;
        }
        case server_family::proftpd:
            // With mod_tls, AUTH alone: "504 AUTH requires at least one argument"; PBSZ and PROT alone "501 Invalid
            // number of parameters" once an AUTH was accepted, and before it 500 as any PBSZ or PROT gets
            // (pbsz_after_auth, prot_after_pbsz: argument_checked_at reads them first) (tls_missing_arguments.txt).
            if (missing && v == verb::auth) return t.tls() ? 504 : 0;
            if (missing && (v == verb::pbsz || v == verb::prot)) return t.tls() ? 501 : 0;
            if (missing) {
                if (verbs({verb::user, verb::type, verb::retr, verb::stor, verb::appe, verb::rest, verb::site,
                           verb::host})
                        .contains(v))
                    return 500;
                if (v == verb::allo) return 504;
                if (verbs({verb::cwd, verb::port, verb::stru, verb::mode, verb::rnfr, verb::rnto, verb::dele, verb::rmd,
                           verb::mkd, verb::xcwd, verb::xmkd, verb::xrmd, verb::opts, verb::eprt, verb::mdtm,
                           verb::size})
                        .contains(v))
                    return 501;
                return 0;
            }
            if (v == verb::abor) return 500;
            return verbs({verb::cdup, verb::pasv, verb::pwd, verb::xcup, verb::xpwd, verb::feat}).contains(v) ? 501 : 0;
        case server_family::pureftpd:
            if (!missing) return 0;
            // With TLS, PROT alone: "503 Missing argument"; PBSZ alone is taken (200 PBSZ=0), AUTH alone is a security
            // scheme it does not implement (500) (tls_missing_arguments.txt).
            if (v == verb::prot && t.tls()) return 503;
            if (verbs({verb::rnfr, verb::rnto, verb::rmd, verb::xrmd}).contains(v)) return 550;
            if (v == verb::site) return 500;
            if (v == verb::opts) return 504;
            return verbs({verb::port, verb::type, verb::stru, verb::mode, verb::retr, verb::stor, verb::appe,
                          verb::allo, verb::rest, verb::dele, verb::mkd, verb::xmkd, verb::eprt, verb::mdtm,
                          verb::size})
                           .contains(v)
                       ? 501
                       : 0;
        default: return 0;  // vsftpd
    }
}

// Where a family reads a line's argument: before every rule it enforces but the client's own (transfer_in_progress
// is the first after those), or once login_required let the command through (no_protection_after_ccc is the next).
// ProFTPD answers SITE alone "500 'SITE' requires parameters" before the login too, where SITE CHMOD gets 530
// (missing_arguments_before_login.txt, site_before_login.txt); its mod_tls reads PBSZ's and PROT's argument only
// once an AUTH let them through (500 before it, 501 after: tls_missing_arguments.txt).
[[nodiscard]] constexpr rule argument_checked_at(server_family f, verb v) noexcept {
    const family_traits& t = traits(f);
    const bool proftpd = t.without_tls == server_family::proftpd;
    if (!t.argument_checked_after_login || (proftpd && v == verb::site)) return rule::transfer_in_progress;
    if (proftpd && (v == verb::pbsz || v == verb::prot)) return rule::ccc_after_auth;
    return rule::no_protection_after_ccc;
}

// The verbs a family refuses without their argument, and with one they take none of: argument_refusal as a word per
// kind, computed once, which after_command and first_broken_rule test before asking it for the reply. (argument_refusal
// itself, reached from after_command for every command, cost the sequencer benchmark's session a third of its speed:
// GCC 12 kept registers for it around every command.)
struct argument_refusals {
    verb_set missing;
    verb_set unexpected;

    [[nodiscard]] constexpr bool refuse(const step& c) const noexcept {
        return c.argument != argument_fit::fits &&
               (c.argument == argument_fit::missing ? missing : unexpected).contains(c.command);
    }
};

[[nodiscard]] constexpr argument_refusals make_argument_refusals(server_family f) noexcept {
    argument_refusals a;
    for (std::size_t i = 0; i < verb_count; ++i) {
        step c{static_cast<verb>(i)};
        c.argument = argument_fit::missing;
        if (argument_refusal(f, c) != 0) a.missing = a.missing | verbs({c.command});
        c.argument = argument_fit::unexpected;
        if (argument_refusal(f, c) != 0) a.unexpected = a.unexpected | verbs({c.command});
    }
    return a;
}

inline constexpr argument_refusals family_argument_refusals[server_family_count] = {
    make_argument_refusals(server_family::rfc959),        make_argument_refusals(server_family::vsftpd),
    make_argument_refusals(server_family::pyftpdlib),     make_argument_refusals(server_family::proftpd),
    make_argument_refusals(server_family::pureftpd),      make_argument_refusals(server_family::vsftpd_tls),
    make_argument_refusals(server_family::pyftpdlib_tls), make_argument_refusals(server_family::proftpd_tls),
    make_argument_refusals(server_family::pureftpd_tls),
};

}  // namespace detail

// The replies a command is assumed to get from a family: success_table's, or the family's refusal of a command it
// does not implement (detail::unimplemented_reply). None for a verb outside the command table ({0, 0}): what a server
// answers to it is not known, and after_success does not wait for it (after_unlisted_command).
[[nodiscard]] constexpr success_replies success_path(step s, server_family f = server_family::rfc959) noexcept {
    if (s.unlisted) return {0, 0};
    if (const std::uint16_t refusal = detail::unimplemented_reply(f, s.command); refusal != 0) return {refusal, 0};
    if (s.epsv_all) return {200, 0};  // EPSV ALL: 200 in practice (RFC 2428 §3 names no reply for it)
    return success_table[static_cast<std::size_t>(s.command)];
}

// ---------------------------------------------------------------------------------------------------------
// Reading the rules.

namespace detail {

// Whether the control connection is protected (AUTH accepted, no CCC since). A flush of the session that leaves it
// protected (a family's REIN, rein_keeps_control_tls, or its USER after login, user_flushes_session) takes the state
// back to auth_done: PBSZ and PROT are to be sent again.
[[nodiscard]] constexpr bool control_protected(tls_state t) noexcept {
    return t == tls_state::auth_done || t == tls_state::pbsz_done || t == tls_state::prot_set;
}

// PBSZ, PROT or CCC once an AUTH was accepted (CCC since included), which a family answers between RNFR and RNTO
// although it refuses other commands there (protection_setup_passes_rnfr).
[[nodiscard]] constexpr bool passes_rnfr_refusals(const sequence_state& s, verb v, const family_traits& t) noexcept {
    return t.protection_setup_passes_rnfr && (v == verb::pbsz || v == verb::prot || v == verb::ccc) &&
           (control_protected(s.tls) || s.tls == tls_state::cleared);
}

}  // namespace detail

struct rule_check {
    bool broken = false;
    rule id = rule::session_closed;  // meaningful when broken
    // What the server answers; 0 when it answers nothing yet (the client must wait: greeting_first,
    // wait_for_reply) or refuses nothing (host_before_user after USER: a rule the client keeps, RFC 7151 §3.2.2).
    std::uint16_t reply = 0;
};

namespace detail {

// first_broken_rule for a verb in the command table.
[[nodiscard]] constexpr rule_check first_broken_listed_rule(const sequence_state& s, step c, server_family f) noexcept {
    const detail::family_rule_table& table = detail::family_rules[static_cast<std::size_t>(f)];
    // A line that does not fit its syntax is refused where the family reads it (detail::argument_checked_at): only
    // the enforced rules before that point are read first. A line that fits (nearly every one) reads them all.
    std::size_t end = table.enforced_count;
    std::uint16_t argument_reply = 0;
    if (detail::family_argument_refusals[static_cast<std::size_t>(f)].refuse(c)) {
        argument_reply = detail::argument_refusal(f, c);
        const rule checked_at = detail::argument_checked_at(f, c.command);
        end = 0;
        while (end < table.enforced_count && table.enforced[end].id < checked_at) ++end;
    }
    for (std::size_t i = 0; i < end; ++i) {
        const detail::enforced_rule& r = table.enforced[i];
        // STAT with a path is a file command to login_required, in every family (see step).
        const bool applies = r.verbs.contains(c.command) || (r.id == rule::login_required && c.stat_path);
        if (applies && !r.allowed.holds(s)) {
            // RFC 959 §4.1.3: the urgent commands may be sent while a transfer command waits for its reply (or its
            // data); the replies that follow are matched in after_command and apply_reply. (During a transfer no
            // reply is pending once its 1yz came, unless an urgent command's is: then it waits.)
            if (r.id == rule::wait_for_reply && urgent_verbs.contains(c.command) &&
                transfer_verbs.contains(s.last_command))
                continue;
            if (r.id == rule::login_required && c.site_help && traits(f).site_help_before_login) continue;
            if (r.id == rule::rnfr_only_rnto && detail::passes_rnfr_refusals(s, c.command, traits(f))) continue;
            if (r.id == rule::resume_needs_image_type && c.rest_zero && !traits(f).ascii_refuses_rest_zero) continue;
            if (r.id == rule::auth_once && s.login == login_state::logged_in && traits(f).auth_unknown_after_login)
                continue;  // auth_before_login, next, answers
            if (r.id == rule::rest_before_append && c.command == verb::stou && traits(f).stou_after_rest_reply != 0)
                return {true, r.id, traits(f).stou_after_rest_reply};
            if (r.id == rule::transfer_needs_data_port &&
                ((s.has(flag::epsv_all) && traits(f).epsv_all_transfer_waits) || s.has(flag::data_port_hung)))
                return {true, r.id, 0};
            return {true, r.id, r.reply};
        }
    }
    if (argument_reply != 0) return {true, rule::argument_syntax, argument_reply};
    // RFC 7151 §3.2.2: a client sends HOST before USER, though servers take it until the login (host_before_user).
    if (c.command == verb::host && !s.has(flag::host_allowed)) return {true, rule::host_before_user, 0};
    return {};
}

}  // namespace detail

[[nodiscard]] constexpr rule_check first_broken_rule_unlisted(const sequence_state& s, server_family f) noexcept;

// The first rule a command breaks in a state, as a family applies the rules. (The body is apart, as after_command's.)
[[nodiscard]] constexpr rule_check first_broken_rule(const sequence_state& s, step c,
                                                     server_family f = server_family::rfc959) noexcept {
    return c.unlisted ? first_broken_rule_unlisted(s, f) : detail::first_broken_listed_rule(s, c, f);
}

// The first rule a command whose verb is not in the command table breaks (CLNT, MFMT, PRET, XSHA1, a server's own
// verb): what it does to the session is not known, so only the rules about every command judge it. The three every
// command obeys whatever its verb, as the family applies them to NOOP: session_closed, greeting_first (RFC 959 §5.4)
// and wait_for_reply. Then two a family applies to every command but the few it names: rnfr_only_rnto where the
// family enforces it (ProFTPD 1.3.8: 501 to XYZZ and MFMT after RNFR, the RNFR kept), and login_required where the
// family checks the login before it looks the verb up (unlisted_verbs_need_login: vsftpd 3.0.3 and Pure-FTPd
// 1.0.50, 530 to CLNT, PRET, XYZZ before the login). Not transfer_in_progress: during a download a verb the server
// does not know is answered 500 at once by the servers that answer other commands then (Pure-FTPd refuses them,
// pyftpdlib runs them) and after the transfer's end by those that hold them (vsftpd, ProFTPD); no family refuses it
// for the transfer. (Live: tests/data/servers/*/unlisted_verbs.txt.) A server may still refuse such a command for
// what it is (500 or 502 for a verb it does not know, RFC 959 §4.2; 530 where it needs the login): no rule predicts
// that.
[[nodiscard]] constexpr rule_check first_broken_rule_unlisted(const sequence_state& s,
                                                              server_family f = server_family::rfc959) noexcept {
    const rule_check every_command = detail::first_broken_listed_rule(s, step{verb::noop}, f);
    if (every_command.broken && (every_command.id == rule::session_closed || every_command.id == rule::greeting_first ||
                                 every_command.id == rule::wait_for_reply))
        return every_command;
    const detail::family_rule_table& table = detail::family_rules[static_cast<std::size_t>(f)];
    const rule_info& only_rnto = table.rules[static_cast<std::size_t>(rule::rnfr_only_rnto)];
    if (only_rnto.enforced && !only_rnto.allowed.holds(s)) return {true, rule::rnfr_only_rnto, only_rnto.reply};
    const rule_info& login = table.rules[static_cast<std::size_t>(rule::login_required)];
    if (traits(f).unlisted_verbs_need_login && login.enforced && !login.allowed.holds(s))
        return {true, rule::login_required, login.reply};
    return {};
}

// The state after a command whose verb is not in the command table, whatever its reply: RFC 959 §4.1.3 wants RNTO
// right after RNFR and a restarted transfer right after REST, so in the strict reading (keeps_rnfr, keeps_rest false)
// such a command ends a pending RNFR or REST as any other command does; every server recorded keeps both (vsftpd
// 3.0.3, pyftpdlib 1.5.7, ProFTPD 1.3.8, Pure-FTPd 1.0.50: unlisted_verbs.txt). Everything else stays: the login,
// the type, the data port (unlisted_verbs_after_pasv.txt: PASV or PORT, XYZZ or CLNT, then the transfer, on each).
[[nodiscard]] constexpr sequence_state after_unlisted_command(sequence_state s,
                                                              server_family f = server_family::rfc959) noexcept {
    const family_traits& t = traits(f);
    if (!t.keeps_rnfr) s.clear(flag::rnfr_pending);
    if (!t.keeps_rest) s.clear(flag::rest_pending);
    return s;
}

namespace detail {

[[nodiscard]] constexpr int first_digit(std::uint16_t code) noexcept { return code / 100; }

// The control connection is gone (221 to QUIT, 421, a server's limit of failed logins): nothing of the session stays.
constexpr void close_session(sequence_state& s) noexcept {
    s.login = login_state::closed;
    s.flags = 0;
}

constexpr void reset_to_logged_out(sequence_state& s, login_state login) noexcept {
    // RFC 959 §4.1.1 REIN: as if just connected, but a running transfer completes. EPSV ALL stays: RFC 2428 §4
    // ends it with a new session only, and REIN on the same connection is not one (pyftpdlib 1.5.7 refuses PASV
    // after EPSV ALL and REIN: tests/data/servers/pyftpdlib/epsv_all_then_rein.txt).
    s.login = login;
    s.tls = tls_state::none;  // RFC 4217 §13: REIN clears TLS (but see family_traits::rein_keeps_control_tls)
    s.flags = static_cast<std::uint16_t>(bits({flag::host_allowed, flag::ascii_type}) |
                                         (s.flags & bits({flag::transfer_open, flag::epsv_all})));
}

constexpr void answer_login(sequence_state& s, std::uint16_t code) noexcept {
    const verb v = s.last_command;
    const int cls = first_digit(code);
    // RFC 2228 §4: USER may also be answered 232 (logged in on the strength of the security exchange) or 336
    // (user name okay, need password, with a challenge).
    // 202 (superfluous) to the PASS or ACCT the login was waiting for completes it; Pure-FTPd answers ACCT 202 in
    // any state, and an ACCT before USER logs nobody in (tests/data/servers/pureftpd/commands_before_login.txt).
    const login_state step_expected = v == verb::pass ? login_state::need_pass : login_state::need_acct;
    if (code == 230 || code == 232 || (code == 202 && v != verb::user && s.login == step_expected))
        s.login = login_state::logged_in;
    // RFC 959 §6 (the login diagram): any 3yz to USER leads to PASS, 332 (need account) included, as Python's
    // ftplib sends it; a 3yz to PASS leads to ACCT.
    else if (cls == 3 && v == verb::user) s.login = login_state::need_pass;
    else if (code == 332) s.login = login_state::need_acct;
    // x0z (RFC 959 §4.2): not taken at all (syntax error, not implemented, out of sequence), nothing changed on
    // the server either: ProFTPD answers ACCT 502 between USER and PASS, and PASS still logs in (seen live).
    else if (cls == 5 && code / 10 % 10 == 0) {}
    // RFC 959 §6: a failed login step returns to the start (USER). Only the step the login waited for: a PASS or
    // ACCT sent out of step and refused leaves it (vsftpd 3.0.3, seen live: USER 331, ACCT "530 Please login with
    // USER and PASS.", PASS 230); a refused USER/PASS/ACCT after login (vsftpd's "can't change user") too.
    else if ((cls == 4 || cls == 5) && s.login != login_state::logged_in &&
             (v == verb::user || s.login == step_expected))
        s.login = login_state::need_user;
}

}  // namespace detail

namespace detail {

// after_command for a verb in the command table.
[[nodiscard]] constexpr sequence_state after_listed_command(sequence_state s, step c, server_family f) noexcept {
    const verb v = c.command;
    const family_traits& t = traits(f);
    // A family that refuses everything but RNTO after RNFR (ProFTPD's 501) keeps its state as it was: the RNFR, the
    // data port set up before it. A refused transfer command drops the RNFR, as below, and in ProFTPD the data port
    // too (refused_transfer_drops_data_port; ProFTPD 1.3.8: RNFR, RNFR or EPSV 501, RNTO 250, and the PASV before
    // the RNFR still serves NLST; RNFR, LIST 501, RNTO 503). Not modelled: after PASV, RNFR, LIST 501 and RNTO 503,
    // ProFTPD answered neither 150 nor 425 to the next LIST in 40 seconds (the model: 425, no data port).
    const rule_info& only_rnto = detail::family_rules[static_cast<std::size_t>(f)].rules[static_cast<std::size_t>(
        rule::rnfr_only_rnto)];
    const bool refused_after_rnfr = only_rnto.enforced && only_rnto.verbs.contains(v) &&
                                    !only_rnto.allowed.holds(s) && !detail::passes_rnfr_refusals(s, v, t);
    // A line refused for its argument is not run, where the family checks it before running the command. REST and
    // RNFR alone are refused as any REST or RNFR the family refuses (refused_rest_keeps_rest, refused_rnfr_keeps_rnfr):
    // Pure-FTPd's "501 No restart point" drops the marker before it, its "550 No file name" to RNTO alone keeps the
    // RNFR (random walk seed 9526; ascii_rest_then_rest_alone_then_retr.txt, missing_arguments.txt).
    const bool refused_for_argument = !t.argument_refusal_acts && v != verb::rest && v != verb::rnfr &&
                                      detail::family_argument_refusals[static_cast<std::size_t>(f)].refuse(c);
    const bool refused_unseen = (refused_after_rnfr && !transfer_verbs.contains(v)) || refused_for_argument;
    const bool overtakes_transfer_command = !refused_unseen && urgent_verbs.contains(v) &&
                                            s.has(flag::reply_pending) && transfer_verbs.contains(s.last_command);
    if (!refused_unseen) {
        // The refused transfer's refusals stay (ProFTPD 1.3.8, rnfr_then_list_then_pwd.txt: RNFR, LIST 501, PWD
        // 501, RNTO 503, PWD 257): only RNTO ends them.
        if (refused_after_rnfr) s.set(flag::rnfr_mode_without_file);
        if (v == verb::rnto) s.clear(flag::rnfr_mode_without_file);
        // RFC 959 §4.1.3: RNTO must immediately follow RNFR; REST must be immediately followed by its transfer.
        // A family that keeps the RNFR or REST before a refused one (refused_rnfr_keeps_rnfr, refused_rest_keeps_rest)
        // replaces it on the 350 (apply_reply) instead.
        if ((v == verb::rnfr && !t.refused_rnfr_keeps_rnfr) || v == verb::rnto || !t.keeps_rnfr ||
            (t.transfer_drops_rnfr && transfer_verbs.contains(v)))
            s.clear(flag::rnfr_pending);
        const bool uses_rest = file_transfer_verbs.contains(v) &&
                               !(t.append_keeps_rest && (v == verb::appe || v == verb::stou));
        if ((v == verb::rest && !t.refused_rest_keeps_rest) || uses_rest ||
            (!keeps_rest_verbs.contains(v) && !t.keeps_rest))
            s.clear(flag::rest_pending);
        // One data connection set-up per transfer; a new set-up replaces the previous one. Both take effect with
        // the reply (apply_reply): a refused command changes nothing.
        if (v == verb::user) {
            s.clear(flag::host_allowed);  // RFC 7151 §3: HOST only before USER
            // RFC 959 §4.1.1: the user, password and account information are flushed, the transfer parameters kept;
            // servers that flush the whole session (pyftpdlib) drop the data port, RNFR and REST too, and go back to
            // the ASCII type (pyftpdlib 1.5.7 flush_account, seen live: TYPE I, USER, PASS, REST 501).
            if (t.user_flushes_session) {
                // The failed logins count on until a login (pyftpdlib flushes the account, attempted_logins with
                // it, only for a USER after login: three_failed_logins.txt).
                const std::uint16_t counted = bits({flag::failed_logins_bit0, flag::failed_logins_bit1});
                const std::uint16_t kept = static_cast<std::uint16_t>(
                    bits({flag::epsv_all, flag::transfer_open}) | (s.login == login_state::logged_in ? 0 : counted));
                s.flags = static_cast<std::uint16_t>(bits(flag::ascii_type) | (s.flags & kept));
                // pyftpdlib's TLS handler flushes PBSZ and PROT with the login (not before it: no login to flush).
                if (s.login == login_state::logged_in && detail::control_protected(s.tls)) s.tls = tls_state::auth_done;
            }
        }
        // An urgent command (RFC 959 §4.1.3) sent before a transfer command's first reply: the replies that follow
        // are matched with it, so the transfer is taken as opened already, to be ended by its 226/250 or by a
        // failure reply as usual; its 125/150 is then a preliminary reply the urgent command waits through.
        // The data port stays until the transfer's 1yz shows it in use (apply_reply): a refusal instead leaves it.
        if (overtakes_transfer_command) s.set(flag::transfer_open);
    }
    s.last_command = v;
    s.set(flag::last_special_argument,
          c.epsv_all || c.rest_zero || (c.rest_not_a_number && t.rest_reads_other_as_zero) || c.image_type ||
              (c.local_type && t.local_type_is_image) || overtakes_transfer_command);
    s.set(flag::reply_pending);
    return s;
}

}  // namespace detail

// The state after a command was sent (before its reply). The body is apart for the calls that know the verb is in
// the table (the sequencer's on_command(verb, arg)): where step's constructor is not inlined the compiler cannot drop
// the test for unlisted_step(), 9 instructions a command in the sequencer benchmark's session (callgrind).
[[nodiscard]] constexpr sequence_state after_command(sequence_state s, step c,
                                                     server_family f = server_family::rfc959) noexcept {
    return c.unlisted ? after_unlisted_command(s, f) : detail::after_listed_command(s, c, f);
}

namespace detail {

// Always inlined into after_reply: GCC 12 weighs it against its size, and kept it out of line (a call per reply,
// the sequencer benchmark 15-20 % slower) whenever a rule added to it made it a little larger.
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] constexpr sequence_state apply_reply(sequence_state s, std::uint16_t code) noexcept {
    // 221 to QUIT and 421 close the control connection: nothing read after them can reopen the session.
    if (s.login == login_state::closed) return s;
    // RFC 2228 §5.2: a 6yz is a protected reply, the reply inside it encoded in its text; the caller decodes it
    // and passes its code, the answer to the command.
    if (code >= 600) return s;
    const int cls = first_digit(code);
    if (code == 421) {  // RFC 959 §4.2: service closing, from any state
        close_session(s);
        return s;
    }
    // A transfer still running ends with its own reply, also while REIN's 120 has the session wait for its 220
    // (RFC 959 §4.1.1: REIN lets a transfer in progress complete).
    if (s.has(flag::transfer_open)) {
        // RFC 959 §4.1.3 ABOR: the reply that ends the transfer comes first (426 when ABOR cut it short, its own
        // 226 when it had ended), then ABOR's own 226 or 225 (vsftpd 3.0.3, seen live: 150, ABOR, 226, then "225 No
        // transfer to ABOR."). A 225 while the transfer is taken as open is ABOR's answer for both. The kind of data
        // port the transfer used goes with it (after_reply keeps the port for a family that reuses it). Decided
        // before the port is used up below: a 1yz ends the transfer only once the transfer's own 1yz came.
        const bool abor_answer = code == 225 && s.has(flag::reply_pending) && s.last_command == verb::abor;
        const bool ends = ends_transfer_in(s, code) || abor_answer;
        // A transfer taken as open while its data port is still set up is one an urgent command overtook, with no
        // 1yz yet (after_command); after_reply applies the families that drop the port with a refusal.
        if (s.has(flag::data_port_ready) && uses_up_data_port(code)) {
            if (cls == 1) s.clear(flag::data_port_ready);  // the transfer uses it (its kind stays, as below)
            else s.drop_data_port();
        }
        if (ends) {
            s.clear(flag::transfer_open);
            if (abor_answer) s.clear(flag::reply_pending);
            if (!s.has(flag::data_port_ready)) s.clear(flag::data_port_active);
            return s;
        }
        // The transfer's own 1yz, behind an urgent command that overtook its command: a 1yz after it is its end.
        if (cls == 1) s.clear(flag::last_special_argument);
    }
    if (s.login == login_state::need_greeting || s.login == login_state::greeting_delayed) {
        if (code == 120) s.login = login_state::greeting_delayed;  // RFC 959 §5.4: 220 follows
        else if (code == 220) s.login = login_state::need_user;
        return s;
    }
    if (!s.has(flag::reply_pending)) return s;  // unsolicited: nothing to match it with
    const verb v = s.last_command;
    if (cls == 1) {
        if (transfer_verbs.contains(v) && opens_transfer(code)) {
            s.set(flag::transfer_open);
            s.clear(flag::data_port_ready);  // the transfer uses it; data_port_active tells its kind until it ends
            s.clear(flag::reply_pending);
        } else if (v == verb::rein && code == 120) {
            reset_to_logged_out(s, login_state::greeting_delayed);
        }
        return s;  // 110 restart markers and the like: still waiting
    }
    s.clear(flag::reply_pending);
    const bool special_argument = s.has(flag::last_special_argument);  // EPSV ALL, REST 0
    s.clear(flag::last_special_argument);
    switch (v) {
        case verb::user:
        case verb::pass:
        case verb::acct: answer_login(s, code); break;
        case verb::rein:
            // RFC 959 §4.1.1, §5.4: REIN succeeds with 220 (or 120 then 220). Any 2yz means it was done:
            // pyftpdlib answers 230 "Ready for new user." and then refuses PWD with 530 (recorded in
            // tests/data/servers/pyftpdlib/rein_then_pwd.txt). vsftpd's 502 resets nothing.
            if (cls == 2) reset_to_logged_out(s, login_state::need_user);
            break;
        case verb::quit:
            if (cls == 2) close_session(s);
            break;
        // Sending RNFR or REST dropped the previous one (after_command), unless the family refused it unseen.
        case verb::rnfr:
            if (code == 350) s.set(flag::rnfr_pending);
            break;
        // REST 0 leaves no marker, and replaces one a family kept (refused_rest_keeps_rest).
        case verb::rest:
            if (code == 350) s.set(flag::rest_pending, !special_argument);
            break;
        case verb::type:
            if (cls == 2) s.set(flag::ascii_type, !special_argument);
            break;
        case verb::auth:
            if (code != 234 && code != 334) break;
            // RFC 2228 §3: an accepted AUTH makes the user authorize again (USER, PASS, ACCT); RFC 4217 §4 resets
            // the other transfer parameters too, "almost as if a REIN command was issued" (default data ports
            // included). Whether HOST may still come is unchanged (RFC 7151 §3: HOST goes before AUTH). Some
            // families keep the login (auth_keeps_login: after_reply puts it back).
            if (s.login == login_state::need_pass || s.login == login_state::need_acct ||
                s.login == login_state::logged_in)
                s.login = login_state::need_user;
            // EPSV ALL stays, as with REIN (reset_to_logged_out).
            s.flags = static_cast<std::uint16_t>(bits(flag::ascii_type) |
                                                 (s.flags & bits({flag::host_allowed, flag::transfer_open,
                                                                  flag::epsv_all})));
            s.tls = code == 234 ? tls_state::auth_done : tls_state::auth_pending;
            break;
        case verb::adat:
            if (code == 235) s.tls = tls_state::auth_done;
            else if (code == 335) s.tls = tls_state::auth_pending;
            // RFC 2228 §3: a refusal ends an exchange under way, unsuccessfully; one without an exchange (RFC 4217
            // §4.2: TLS uses no ADAT; vsftpd 530, ProFTPD 502) leaves the protection as it was.
            else if (code != 503 && s.tls == tls_state::auth_pending) s.tls = tls_state::none;
            break;
        case verb::pbsz:
            if (cls == 2 && s.tls == tls_state::auth_done) s.tls = tls_state::pbsz_done;
            break;
        case verb::prot:  // (after CCC: see after_reply)
            if (cls == 2) s.tls = tls_state::prot_set;
            break;
        case verb::ccc:
            if (cls == 2) s.tls = tls_state::cleared;
            break;
        default:
            // A data port set up replaces the one before; a transfer answered without a 1yz (its 1yz is above)
            // used it or failed (uses_up_data_port). A refused PORT or EPRT leaves it, but see
            // family_traits::refused_port_drops_data_port.
            if (data_port_verbs.contains(v) && cls == 2) {
                if (special_argument) {
                    s.set(flag::epsv_all);
                } else {
                    s.set(flag::data_port_ready);
                    s.set(flag::data_port_active, active_data_port_verbs.contains(v));
                    s.clear(flag::data_port_hung);
                }
            } else if (transfer_verbs.contains(v) && uses_up_data_port(code)) {
                s.drop_data_port();
            }
            break;
    }
    return s;
}

}  // namespace detail

namespace detail {

// A 4yz/5yz to command v while a data port is set up, which apply_reply leaves as it was: the families that drop it
// with a refused transfer command (ProFTPD) or a refused PORT/EPRT (vsftpd). Out of line and cold: refusals are
// rare, and inlined into after_reply this made the sequencer's on_reply 15 % slower (GCC 12).
#if defined(__GNUC__)
[[gnu::cold, gnu::noinline]]
#endif
constexpr sequence_state after_refusal_with_data_port(sequence_state s, verb v, bool overtaken_transfer,
                                                      std::uint16_t code, server_family f) noexcept {
    const bool transfer = overtaken_transfer || transfer_verbs.contains(v);
    // vsftpd drops its listener as it starts to read a PORT or EPRT, so when it refuses one as malformed (500
    // Illegal PORT command.); a PORT it refuses without reading it (550 after EPSV ALL) leaves the listener.
    const bool malformed_port = !overtaken_transfer && (v == verb::port || v == verb::eprt) &&
                                (code == 500 || code == 501);
    // A PORT answered 425 shows a server that connects at PORT time and could not: pyftpdlib closes the data port it
    // had first (handlers.py _make_eport; epsv_then_port.txt: EPSV, PORT 425, RETR 150 and no data connection).
    const bool port_not_connected =
        !overtaken_transfer && (v == verb::port || v == verb::eprt || v == verb::lprt) && code == 425;
    const family_traits& t = traits(f);
    const bool drops_this_kind = !(t.keeps_port_address && s.has(flag::data_port_active));
    const bool transfer_drops =
        transfer && t.refused_transfer_drops_data_port && drops_this_kind && !t.refusal_keeps_data_port.contains(v);
    if (transfer_drops || port_not_connected || (malformed_port && t.refused_port_drops_data_port)) {
        s.drop_data_port();
        if (transfer_drops && t.refusal_hangs_next_transfer.contains(v)) s.set(flag::data_port_hung);
    }
    return s;
}

}  // namespace detail

// The state after a reply arrived (to the pending command, or unsolicited like the greeting and 421), as family f
// takes it. Always inlined, as apply_reply is: out of line (GCC 12 weighs its size), the sequencer's on_reply made
// a call per reply, 23 % more instructions in the sequencer benchmark's session.
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] constexpr sequence_state after_reply(sequence_state s, std::uint16_t code,
                                                   server_family f = server_family::rfc959) noexcept {
    // Exceptions kept apart from apply_reply, which GCC 12 stops inlining into the sequencer's on_reply with any
    // of them inside (a call per reply, the sequencer benchmark 20 % slower): an accepted AUTH leaves the login
    // and the rest of the session of a family that keeps it (auth_keeps_login); a REIN leaves the control
    // connection of a family that keeps it protected (rein_keeps_control_tls); a PROT accepted after CCC
    // (ProFTPD's PROT C) leaves the connection clear; a QUIT that aborted a transfer (the transfer's 426, then 226
    // for the QUIT) leaves the session of a family that goes on then (quit_during_transfer_aborts), where its 221
    // closes it as usual.
    const sequence_state before = s;
    s = detail::apply_reply(s, code);
    // A transfer command with no data port answered 1yz, its data queued (transfer_without_port_queued): no
    // transfer opens, and the replies after it are the next commands'. The data port set up while it is queued is
    // its own.
    if (traits(f).transfer_without_port_queued) {
        if (s.has(flag::transfer_open) && !before.has(flag::transfer_open) && !before.has(flag::data_port_ready)) {
            s.clear(flag::transfer_open);
            s.set(flag::transfer_queued);
        } else if (s.has(flag::transfer_queued) && s.has(flag::data_port_ready) &&
                   !before.has(flag::data_port_ready)) {
            s.drop_data_port();
            s.clear(flag::transfer_queued);
        }
    }
    if (before.has(flag::reply_pending)) {
        const bool keeps_session =
            (before.last_command == verb::auth && (code == 234 || code == 334) && traits(f).auth_keeps_login) ||
            (before.last_command == verb::quit && code == 226 && !before.has(flag::transfer_open) &&
             traits(f).quit_during_transfer_aborts);
        if (keeps_session) {
            s.login = before.login;
            s.flags = static_cast<std::uint16_t>(
                before.flags & ~bits({flag::reply_pending, flag::last_special_argument}));
        }
        if (before.last_command == verb::rein && s.tls != before.tls && detail::control_protected(before.tls) &&
            traits(f).rein_keeps_control_tls)
            s.tls = tls_state::auth_done;
        if (before.last_command == verb::prot && before.tls == tls_state::cleared) s.tls = tls_state::cleared;
        // An AUTH accepted while the login waits for PASS or ACCT: a family that keeps the user (auth_keeps_user).
        if (before.last_command == verb::auth && (code == 234 || code == 334) && traits(f).auth_keeps_user &&
            (before.login == login_state::need_pass || before.login == login_state::need_acct))
            s.login = before.login;
        // A failed login, counted where the family closes the connection after some (max_failed_logins); the last
        // one closes it, as 421 would. x0z (RFC 959 §4.2: not taken) is no attempt.
        if (before.last_command == verb::pass && before.login == login_state::need_pass && code >= 400 &&
            code < 600 && code / 10 % 10 != 0 && traits(f).max_failed_logins != 0) {
            const unsigned failed = before.failed_logins() + 1;
            if (failed >= traits(f).max_failed_logins) detail::close_session(s);
            else s.set_failed_logins(failed);
        }
        if (s.login == login_state::logged_in && before.login != login_state::logged_in) {
            s.set_failed_logins(0);
            if (s.has(flag::type_before_login)) s.clear(flag::ascii_type);  // type_before_login_sets_image
            s.clear(flag::type_before_login);
        }
        // (Not a 220 that was the greeting, with a TYPE sent before it.)
        if (before.last_command == verb::type && code >= 200 && code < 300 && traits(f).type_before_login_sets_image &&
            (before.login == login_state::need_user || before.login == login_state::need_pass ||
             before.login == login_state::need_acct))
            s.set(flag::type_before_login);
        // An AUTH accepted after such a TYPE resets the type (RFC 4217 §4), yet the login still sets the image type
        // (ProFTPD 1.3.8: TYPE A, AUTH TLS 234, login, SIZE 213; tls_type_before_auth_then_size.txt).
        if (before.last_command == verb::auth && (code == 234 || code == 334) && before.has(flag::type_before_login))
            s.set(flag::type_before_login);
        // A USER refused before the login: a family that closes the connection then (refused_user_closes).
        if (before.last_command == verb::user && before.login != login_state::logged_in && code == 530 &&
            traits(f).refused_user_closes)
            detail::close_session(s);
        // A wrong password leaves the user on a family that keeps it (failed_pass_keeps_user).
        if (before.last_command == verb::pass && before.login == login_state::need_pass && code == 530 &&
            s.login == login_state::need_user && traits(f).failed_pass_keeps_user)
            s.login = login_state::need_pass;
        // ABOR with no transfer running, or a transfer command refused before its data connection: a family that
        // ends EPSV ALL then (data_reset_ends_epsv_all), but for the refusals that reset nothing there (ProFTPD 1.3.8:
        // EPSV ALL, NLST of a missing file 450 or MLSD 550, then PASV 500; epsv_all_then_refused_nlst.txt and
        // epsv_all_then_refused_mlsd.txt).
        if (!before.has(flag::transfer_open) && traits(f).data_reset_ends_epsv_all &&
            ((before.last_command == verb::abor && code / 100 == 2) ||
             (transfer_verbs.contains(before.last_command) && code >= 400 && code < 600 && code != 425 &&
              !traits(f).refusal_keeps_data_port.contains(before.last_command) &&
              !traits(f).refusal_hangs_next_transfer.contains(before.last_command))))
            s.clear(flag::epsv_all);
        // EPSV ALL accepted: a family that drops the address of a PORT before it (epsv_all_drops_port_address).
        if (before.last_command == verb::epsv && before.has(flag::last_special_argument) && code / 100 == 2 &&
            s.has(flag::data_port_active) && traits(f).epsv_all_drops_port_address)
            s.drop_data_port();
        // ABOR with no transfer running, accepted: a family that closes the data port then (abor_drops_data_port).
        if (before.last_command == verb::abor && !before.has(flag::transfer_open) && code / 100 == 2 &&
            traits(f).abor_drops_data_port &&
            !(traits(f).keeps_port_address && s.has(flag::data_port_active)))
            s.drop_data_port();
    }
    // A transfer that completed through a data port the family reuses (keeps_port_address, keeps_passive_listener)
    // leaves it set up for the next one; a passive listener one that ABOR or QUIT cut short too (its 426 while they
    // wait: Pure-FTPd 1.0.50, pasv_abor_during_transfer_then_nlst.txt), and a PORT's address one that ended in any
    // way but a failed connection (425): ProFTPD 1.3.8 connects to the address again for the next transfer after a
    // 426 with no ABOR (its data connection broke) and after a listing refused once its data connection was open
    // (port_list_missing_then_nlst.txt: PORT, LIST 150 450, NLST 150 226; a passive listener is gone then, NLST 425).
    // A 1yz that ended the transfer (ends_transfer_in) counts as its completion: Pure-FTPd's statistics line after the
    // client closed the data connection leaves its passive listener as a 226 does (data_closed_then_list.txt: PASV,
    // RETR 150, NOOP 150 200, LIST through the same port 150 226).
    if (before.has(flag::transfer_open) && !s.has(flag::transfer_open)) {
        // A transfer that failed: a family that ends EPSV ALL with the data connection's state ends it (ProFTPD
        // 1.3.8, epsv_all_then_data_closed_then_pasv.txt; a walk, seed 10709: STAT during an ASCII download, 426,
        // then PORT 200).
        if (code >= 400 && code < 600 && traits(f).data_reset_ends_epsv_all) s.clear(flag::epsv_all);
        const bool completed = code == 226 || code == 250 || code < 200;
        const bool aborted = code == 426 && before.has(flag::reply_pending) &&
                             (before.last_command == verb::abor || before.last_command == verb::quit);
        if (before.has(flag::data_port_active) ? traits(f).keeps_port_address && code != 425
                                               : (completed || aborted) && traits(f).keeps_passive_listener) {
            s.set(flag::data_port_ready);
            s.set(flag::data_port_active, before.has(flag::data_port_active));
        }
    }
    // A refusal with a data port still set up: to the pending command, or to a transfer command an urgent command
    // overtook before its 1yz (the port is then still set up while the transfer counts as open).
    if (s.has(flag::data_port_ready) && code >= 400 && code < 600 &&
        (before.has(flag::reply_pending) || before.has(flag::transfer_open)))
        s = detail::after_refusal_with_data_port(s, before.last_command, before.has(flag::transfer_open), code, f);
    if (!s.has(flag::reply_pending)) {  // one spelling per state: the last command only matters while pending
        s.last_command = verb::noop;
        s.clear(flag::last_special_argument);
    }
    return s;
}

// A command that succeeds: sent, then answered with its success replies.
[[nodiscard]] constexpr sequence_state after_success(sequence_state s, step c,
                                                     server_family f = server_family::rfc959) noexcept {
    if (c.unlisted) return after_unlisted_command(s, f);
    const success_replies r = success_path(c, f);
    s = after_reply(after_command(s, c, f), r.first, f);
    if (r.final != 0) s = after_reply(s, r.final, f);
    return s;
}

}  // namespace ftpwire

#endif  // FTPWIRE_SEQUENCE_RULES_HPP
