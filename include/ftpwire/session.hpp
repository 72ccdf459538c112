// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Compile-time-checked sequencing.
//
// check_sequence: a constexpr check of a whole command list, for static_assert.
// basic_session: a typestate wrapper around a user transport; every call returns a session of a new type whose
// template argument is the packed sequence_state, so a call that breaks a rule does not compile:
//
//     struct my_transport { void send_command(ftpwire::verb, std::string_view arg); };
//     my_transport t;
//     ftpwire::make_session(t).user("me").pass("secret").pasv().retr("file");   // compiles to four calls
//     ftpwire::make_session(t).user("me").pass("secret").retr("file");
//         // error: static assertion failed: ftpwire: a transfer needs PASV, EPSV, PORT or EPRT first
//         //        (rule transfer_needs_data_port)
//
// Both evaluate the rules table of sequence_rules.hpp on the state; neither can see real replies, so each
// command is assumed to succeed with the replies in success_table (USER 331, PASS 230, RNFR/REST 350, PASV 227,
// a transfer 150 then 226, ...): user() leads to a session that needs PASS, pass() to a logged-in one. A command
// the family does not implement is assumed refused instead (REIN on vsftpd, ProFTPD and Pure-FTPd, AUTH without
// TLS: success_path). Both also keep the one rule a client keeps that servers do not enforce: HOST before USER
// (RFC 7151 §3.2.2). Each call consumes the session it is made on (an rvalue): see send().
// Other outcomes are spelled out with send<verb, reply>(): send<verb::user, 230>("anonymous") for a server that
// logs anonymous in at USER, send<verb::pass, 332>(pw) when an ACCT is needed. A verb outside the command table
// (MFMT, CLNT) goes through send_unlisted<Verb>(arg), judged by the rules about every command. A transfer call
// returns after its completion reply, so a typed session never has a transfer open or a reply pending.
// The session starts after the 220 greeting: the transport has read it before the session is made.
#ifndef FTPWIRE_SESSION_HPP
#define FTPWIRE_SESSION_HPP

#include "version.hpp"

#include "command.hpp"
#include "sequence_rules.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ftpwire {

// ---------------------------------------------------------------------------------------------------------
// check_sequence

struct sequence_result {
    bool ok = true;
    std::size_t index = 0;               // 0-based position of the first command that breaks a rule
    rule broken = rule::session_closed;  // meaningful when !ok
    std::uint16_t reply = 0;             // what the server answers to it; 0 for HOST after USER, which a client
                                         // does not send (RFC 7151 §3.2.2) and a server accepts until the login

    [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok; }
};

namespace detail {

inline constexpr std::uint32_t ready_state = sequence_state::ready().pack();

// The packed state after a command, assuming it succeeds (reply 0) or gets `reply` as its first reply.
[[nodiscard]] constexpr std::uint32_t next_state(std::uint32_t state, step c, server_family f,
                                                 std::uint16_t reply = 0) noexcept {
    const sequence_state s = sequence_state::unpack(state);
    if (reply == 0) return after_success(s, c, f).pack();
    sequence_state t = after_reply(after_command(s, c, f), reply, f);
    if (reply / 100 == 1 && !c.unlisted) {
        // The completion a 1yz announces: the success path's (a transfer's 226; REIN's 220 after 120, RFC 959
        // §5.4), else 226. The command's own path: a 1yz shows that the server implements it, whatever the family
        // is assumed to answer (success_path with the family: REIN refused by vsftpd, ...).
        const success_replies path = success_path(c);
        t = after_reply(t, path.final != 0 ? path.final : path.first / 100 != 1 ? path.first : 226, f);
    }
    return t.pack();
}

[[nodiscard]] constexpr rule_check check_packed(std::uint32_t state, step c, server_family f) noexcept {
    return first_broken_rule(sequence_state::unpack(state), c, f);
}

}  // namespace detail

// The first command of [first, first + count) that breaks a rule, each command assumed to succeed; starts
// after the greeting unless told otherwise. A verb outside the command table (unlisted_step) is judged by the rules
// about every command and its reply is not known (first_broken_rule_unlisted, after_unlisted_command).
[[nodiscard]] constexpr sequence_result check_sequence(const step* first, std::size_t count,
                                                       server_family family = server_family::rfc959,
                                                       sequence_state start = sequence_state::ready()) noexcept {
    std::uint32_t state = start.pack();
    for (std::size_t i = 0; i < count; ++i) {
        const rule_check r = detail::check_packed(state, first[i], family);
        if (r.broken) return {false, i, r.id, r.reply};
        state = detail::next_state(state, first[i], family);
    }
    return {};
}

[[nodiscard]] constexpr sequence_result check_sequence(std::initializer_list<step> commands,
                                                       server_family family = server_family::rfc959) noexcept {
    return check_sequence(commands.begin(), commands.size(), family);
}

template <std::size_t N>
[[nodiscard]] constexpr sequence_result check_sequence(const std::array<step, N>& commands,
                                                       server_family family = server_family::rfc959) noexcept {
    return check_sequence(commands.data(), N, family);
}

template <std::size_t N>
[[nodiscard]] constexpr sequence_result check_sequence(const std::array<verb, N>& commands,
                                                       server_family family = server_family::rfc959) noexcept {
    std::array<step, N> steps{};
    for (std::size_t i = 0; i < N; ++i) steps[i] = step{commands[i]};
    return check_sequence(steps.data(), N, family);
}

// ---------------------------------------------------------------------------------------------------------
// The typed session

namespace detail {

// The arguments a typed session tells apart, because ordering depends on them (see step); unlisted: the command's
// verb is not in the command table (send_unlisted), whatever the verb passed with it.
enum class typed_argument : std::uint8_t { other, epsv_all, site_help, stat_path, image_type, ascii_type, unlisted };

[[nodiscard]] constexpr step typed_step(verb v, typed_argument a) noexcept {
    if (a == typed_argument::unlisted) return unlisted_step();
    if (a == typed_argument::epsv_all) return epsv_all_step();
    if (a == typed_argument::site_help) return step{verb::site, "HELP"};
    if (a == typed_argument::stat_path) return step{verb::stat, "path"};
    if (a == typed_argument::image_type) return step{verb::type, "I"};
    if (a == typed_argument::ascii_type) return step{verb::type, "A"};
    return step{v};
}

// One static_assert per rule, each with a literal text ("ftpwire: <message> (rule <name>)", the message being
// the rule's own from rule_table; a test keeps the two in step). The check itself is the table's.
template <std::uint32_t State, server_family Family, verb V, typed_argument Arg>
constexpr bool require_in_order() noexcept {
    constexpr rule_check c = check_packed(State, typed_step(V, Arg), Family);
    static_assert(!(c.broken && c.id == rule::session_closed),
                  "ftpwire: the session is closed (221 to QUIT or 421) (rule session_closed)");
    static_assert(!(c.broken && c.id == rule::greeting_first),
                  "ftpwire: wait for the 220 greeting before sending commands (rule greeting_first)");
    static_assert(!(c.broken && c.id == rule::wait_for_reply),
                  "ftpwire: wait for the reply to the previous command (rule wait_for_reply)");
    static_assert(!(c.broken && c.id == rule::transfer_in_progress),
                  "ftpwire: a transfer is still in progress (rule transfer_in_progress)");
    static_assert(!(c.broken && c.id == rule::rnfr_only_rnto),
                  "ftpwire: RNFR must be followed by RNTO (rule rnfr_only_rnto)");
    static_assert(!(c.broken && c.id == rule::host_before_user),
                  "ftpwire: HOST must come before USER (rule host_before_user)");
    static_assert(!(c.broken && c.id == rule::host_before_auth), "ftpwire: HOST before AUTH (rule host_before_auth)");
    static_assert(!(c.broken && c.id == rule::pass_after_user),
                  "ftpwire: PASS needs a USER answered 331 first (rule pass_after_user)");
    static_assert(!(c.broken && c.id == rule::already_logged_in),
                  "ftpwire: the user is already logged in (rule already_logged_in)");
    static_assert(!(c.broken && c.id == rule::acct_after_pass),
                  "ftpwire: ACCT needs USER and PASS first (rule acct_after_pass)");
    static_assert(!(c.broken && c.id == rule::user_after_login),
                  "ftpwire: USER while logged in (rule user_after_login)");
    static_assert(!(c.broken && c.id == rule::login_required),
                  "ftpwire: log in first: USER then PASS (rule login_required)");
    static_assert(!(c.broken && c.id == rule::no_protection_after_ccc),
                  "ftpwire: PBSZ and PROT are refused after CCC (rule no_protection_after_ccc)");
    static_assert(!(c.broken && c.id == rule::auth_before_login),
                  "ftpwire: AUTH before the login (rule auth_before_login)");
    static_assert(!(c.broken && c.id == rule::auth_once),
                  "ftpwire: AUTH once per protected connection (rule auth_once)");
    static_assert(!(c.broken && c.id == rule::adat_after_auth),
                  "ftpwire: ADAT needs an AUTH answered 334 first (rule adat_after_auth)");
    static_assert(!(c.broken && c.id == rule::pbsz_after_auth),
                  "ftpwire: PBSZ needs a successful AUTH first (rule pbsz_after_auth)");
    static_assert(!(c.broken && c.id == rule::prot_after_pbsz),
                  "ftpwire: PROT needs PBSZ first (rule prot_after_pbsz)");
    static_assert(!(c.broken && c.id == rule::ccc_after_auth),
                  "ftpwire: CCC needs a protected control connection (AUTH) first (rule ccc_after_auth)");
    static_assert(!(c.broken && c.id == rule::ccc_once),
                  "ftpwire: CCC once: the control connection is clear already (rule ccc_once)");
    static_assert(!(c.broken && c.id == rule::protected_command_after_auth),
                  "ftpwire: MIC, CONF and ENC need a completed security exchange (AUTH) first "
                  "(rule protected_command_after_auth)");
    static_assert(!(c.broken && c.id == rule::epsv_all_only_epsv),
                  "ftpwire: only EPSV is allowed after EPSV ALL (rule epsv_all_only_epsv)");
    static_assert(!(c.broken && c.id == rule::rnto_after_rnfr),
                  "ftpwire: RNTO needs a successful RNFR right before it (rule rnto_after_rnfr)");
    static_assert(!(c.broken && c.id == rule::rest_before_file_transfer),
                  "ftpwire: REST must be followed by RETR, STOR, STOU or APPE (rule rest_before_file_transfer)");
    static_assert(!(c.broken && c.id == rule::rest_before_append),
                  "ftpwire: REST before APPE or STOU is not recommended (rule rest_before_append)");
    static_assert(!(c.broken && c.id == rule::resume_needs_image_type),
                  "ftpwire: restart a transfer in the image type (TYPE I) (rule resume_needs_image_type)");
    static_assert(!(c.broken && c.id == rule::size_needs_image_type),
                  "ftpwire: ask SIZE in the image type (TYPE I) (rule size_needs_image_type)");
    static_assert(!(c.broken && c.id == rule::transfer_needs_data_port),
                  "ftpwire: a transfer needs PASV, EPSV, PORT or EPRT first (rule transfer_needs_data_port)");
    static_assert(!(c.broken && c.id == rule::argument_syntax),
                  "ftpwire: the command's argument does not fit its syntax (rule argument_syntax)");
    static_assert(rule_count == 29, "ftpwire: a new rule needs its static_assert above");
    return !c.broken;
}

// Whether a transport sends a verb given as text: send_command(std::string_view verb, std::string_view argument).
template <typename Transport, typename = void>
struct sends_verb_text : std::false_type {};
template <typename Transport>
struct sends_verb_text<Transport, std::void_t<decltype(std::declval<Transport&>().send_command(
                                      std::declval<std::string_view>(), std::declval<std::string_view&>()))>>
    : std::true_type {};

template <typename Transport>
[[nodiscard]] constexpr bool sends_verb_text_nothrow() noexcept {
    if constexpr (sends_verb_text<Transport>::value)
        return noexcept(std::declval<Transport&>().send_command(std::declval<std::string_view>(),
                                                                std::declval<std::string_view&>()));
    else
        return false;
}

}  // namespace detail

// Transport: any type with send_command(ftpwire::verb, std::string_view argument), and for send_unlisted
// send_command(std::string_view verb, std::string_view argument); the result is ignored (report failures through the
// transport). State: the packed sequence_state (see sequence_state::pack).
template <typename Transport, std::uint32_t State = detail::ready_state,
          server_family Family = server_family::rfc959>
class basic_session {
public:
    constexpr explicit basic_session(Transport& transport) noexcept : transport_(&transport) {}
    // Move-only: a copy would hold the same state as the session it was copied from, and the two could each be sent
    // the next command (a second RETR on one EPSV).
    basic_session(const basic_session&) = delete;
    basic_session& operator=(const basic_session&) = delete;
    constexpr basic_session(basic_session&&) noexcept = default;
    constexpr basic_session& operator=(basic_session&&) noexcept = default;
    ~basic_session() = default;

    [[nodiscard]] static constexpr sequence_state state() noexcept { return sequence_state::unpack(State); }
    [[nodiscard]] static constexpr bool logged_in() noexcept { return state().login == login_state::logged_in; }
    [[nodiscard]] static constexpr bool closed() noexcept { return state().login == login_state::closed; }
    [[nodiscard]] static constexpr server_family family() noexcept { return Family; }
    // Whether sending V now keeps to the rules (usable in if constexpr / static_assert).
    template <verb V>
    [[nodiscard]] static constexpr bool allows() noexcept {
        return !detail::check_packed(State, step{V}, Family).broken;
    }
    // Whether a verb outside the command table may be sent now (send_unlisted).
    [[nodiscard]] static constexpr bool allows_unlisted() noexcept {
        return !detail::check_packed(State, unlisted_step(), Family).broken;
    }

    [[nodiscard]] constexpr Transport& transport() const noexcept { return *transport_; }

    // Every call below is made on a session rvalue and returns the next one. A session kept in a variable is moved
    // from, std::move(s).pwd(): its type holds the state before that command, so it must not be sent another one,
    // and a second use is a use after move that compilers and linters point out.

    // Any command; Reply overrides the assumed first reply (0: success_table's).
    template <verb V, std::uint16_t Reply = 0>
    constexpr auto send() && noexcept(nothrow_send) {
        return send_with<V, Reply>();
    }
    // With an argument. Not for EPSV: whether its argument is "ALL" decides the next state (RFC 2428 §3), and an
    // argument known only at run time cannot choose a type: epsv(), epsv(protocol) and epsv_all() say it. STAT
    // with an argument is judged as STAT with a path (which needs the login), SITE as a site command other than
    // SITE HELP: the stricter reading of each.
    template <verb V, std::uint16_t Reply = 0>
    constexpr auto send(std::string_view arg) && noexcept(nothrow_send) {
        return send_with<V, Reply>(arg);
    }

    // RFC 959 §4.1.1 access control
    constexpr auto user(std::string_view name) && noexcept(nothrow_send) { return send_with<verb::user>(name); }
    constexpr auto pass(std::string_view password) && noexcept(nothrow_send) { return send_with<verb::pass>(password); }
    constexpr auto acct(std::string_view account) && noexcept(nothrow_send) { return send_with<verb::acct>(account); }
    constexpr auto cwd(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::cwd>(path); }
    constexpr auto cdup() && noexcept(nothrow_send) { return send_with<verb::cdup>(); }
    constexpr auto rein() && noexcept(nothrow_send) { return send_with<verb::rein>(); }
    constexpr auto quit() && noexcept(nothrow_send) { return send_with<verb::quit>(); }
    // RFC 959 §4.1.2 transfer parameters (TYPE, MODE and STRU take their code: "I", "A N", "S", "F")
    constexpr auto port(std::string_view address) && noexcept(nothrow_send) { return send_with<verb::port>(address); }
    constexpr auto pasv() && noexcept(nothrow_send) { return send_with<verb::pasv>(); }
    // A type known only at run time is taken for the image type, in which servers restart transfers (TYPE I, the
    // usual one; a session that sends TYPE A says so with type_ascii(), and a REST after it is then judged).
    // type_image() and type_ascii() send "TYPE I" and "TYPE A" and say which one it is.
    constexpr auto type(std::string_view code) && noexcept(nothrow_send) { return send_with<verb::type>(code); }
    constexpr auto type_image() && noexcept(nothrow_send) {
        return send_step<verb::type, detail::typed_argument::image_type, 0>("I");
    }
    constexpr auto type_ascii() && noexcept(nothrow_send) {
        return send_step<verb::type, detail::typed_argument::ascii_type, 0>("A");
    }
    constexpr auto mode(std::string_view code) && noexcept(nothrow_send) { return send_with<verb::mode>(code); }
    constexpr auto stru(std::string_view code) && noexcept(nothrow_send) { return send_with<verb::stru>(code); }
    // RFC 959 §4.1.3 service commands
    constexpr auto retr(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::retr>(path); }
    constexpr auto stor(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::stor>(path); }
    constexpr auto stou() && noexcept(nothrow_send) { return send_with<verb::stou>(); }
    constexpr auto appe(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::appe>(path); }
    constexpr auto allo(std::string_view size) && noexcept(nothrow_send) { return send_with<verb::allo>(size); }
    constexpr auto rest(std::string_view marker) && noexcept(nothrow_send) { return send_with<verb::rest>(marker); }
    constexpr auto rnfr(std::string_view from) && noexcept(nothrow_send) { return send_with<verb::rnfr>(from); }
    constexpr auto rnto(std::string_view to) && noexcept(nothrow_send) { return send_with<verb::rnto>(to); }
    constexpr auto abor() && noexcept(nothrow_send) { return send_with<verb::abor>(); }
    constexpr auto dele(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::dele>(path); }
    constexpr auto rmd(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::rmd>(path); }
    constexpr auto mkd(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::mkd>(path); }
    constexpr auto pwd() && noexcept(nothrow_send) { return send_with<verb::pwd>(); }
    constexpr auto list(std::string_view path = {}) && noexcept(nothrow_send) { return send_with<verb::list>(path); }
    constexpr auto nlst(std::string_view path = {}) && noexcept(nothrow_send) { return send_with<verb::nlst>(path); }
    // A site command; judged as one that is not SITE HELP (the text is known only at run time), which some
    // families answer before login where other SITE commands need it: site_help() sends that one.
    constexpr auto site(std::string_view text) && noexcept(nothrow_send) { return send_with<verb::site>(text); }
    template <std::uint16_t Reply = 0>
    constexpr auto site_help() && noexcept(nothrow_send) {
        return send_step<verb::site, detail::typed_argument::site_help, Reply>("HELP");
    }
    constexpr auto syst() && noexcept(nothrow_send) { return send_with<verb::syst>(); }
    // STAT alone, the server's status (allowed before login), and STAT with a path (RFC 959 §4.1.3), which every
    // server recorded refuses before login with 530.
    constexpr auto stat() && noexcept(nothrow_send) { return send_with<verb::stat>(); }
    constexpr auto stat(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::stat>(path); }
    constexpr auto help(std::string_view topic = {}) && noexcept(nothrow_send) { return send_with<verb::help>(topic); }
    constexpr auto noop() && noexcept(nothrow_send) { return send_with<verb::noop>(); }
    // RFC 1639, RFC 2428
    constexpr auto lprt(std::string_view address) && noexcept(nothrow_send) { return send_with<verb::lprt>(address); }
    constexpr auto lpsv() && noexcept(nothrow_send) { return send_with<verb::lpsv>(); }
    constexpr auto eprt(std::string_view address) && noexcept(nothrow_send) { return send_with<verb::eprt>(address); }
    constexpr auto epsv() && noexcept(nothrow_send) { return send_with<verb::epsv>(); }
    // "EPSV <net-prt>" (RFC 2428 §3): the network protocol to listen on, 1 for IPv4, 2 for IPv6 (RFC 2428 §2).
    // Reply as in send(): epsv<522>(2) for a server that does not listen on that protocol.
    template <std::uint16_t Reply = 0>
    constexpr auto epsv(unsigned protocol) && noexcept(nothrow_send) {
        char digits[20] = {};
        detail::writer w(digits, sizeof digits);
        w.put_decimal(protocol);
        return send_step<verb::epsv, detail::typed_argument::other, Reply>(std::string_view(digits, w.size()));
    }
    // epsv_all<502>() for a server that does not implement EPSV ALL (a client then goes on with PASV).
    template <std::uint16_t Reply = 0>
    constexpr auto epsv_all() && noexcept(nothrow_send) {
        return send_step<verb::epsv, detail::typed_argument::epsv_all, Reply>("ALL");
    }
    // RFC 2228, RFC 4217 (AUTH takes the mechanism's name: "TLS", "GSSAPI")
    constexpr auto auth(std::string_view name) && noexcept(nothrow_send) { return send_with<verb::auth>(name); }
    constexpr auto adat(std::string_view data) && noexcept(nothrow_send) { return send_with<verb::adat>(data); }
    constexpr auto pbsz(std::string_view size) && noexcept(nothrow_send) { return send_with<verb::pbsz>(size); }
    constexpr auto prot(std::string_view level) && noexcept(nothrow_send) { return send_with<verb::prot>(level); }
    constexpr auto ccc() && noexcept(nothrow_send) { return send_with<verb::ccc>(); }
    // RFC 2389, RFC 2640, RFC 3659, RFC 7151
    constexpr auto feat() && noexcept(nothrow_send) { return send_with<verb::feat>(); }
    constexpr auto opts(std::string_view option) && noexcept(nothrow_send) { return send_with<verb::opts>(option); }
    constexpr auto lang(std::string_view tag = {}) && noexcept(nothrow_send) { return send_with<verb::lang>(tag); }
    constexpr auto mdtm(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::mdtm>(path); }
    constexpr auto size(std::string_view path) && noexcept(nothrow_send) { return send_with<verb::size>(path); }
    constexpr auto mlst(std::string_view path = {}) && noexcept(nothrow_send) { return send_with<verb::mlst>(path); }
    constexpr auto mlsd(std::string_view path = {}) && noexcept(nothrow_send) { return send_with<verb::mlsd>(path); }
    constexpr auto host(std::string_view name) && noexcept(nothrow_send) { return send_with<verb::host>(name); }

    // A command whose verb is not in the command table (MFMT, CLNT, HASH, PRET, XSHA256, a server's own), named by a
    // type with a `static constexpr std::string_view name`:
    //     struct mfmt { static constexpr std::string_view name = "MFMT"; };
    //     std::move(s).send_unlisted<mfmt>("20240102101500 notes.txt")
    // Sent through the transport's send_command(std::string_view verb, std::string_view argument), an overload only
    // this call needs. Judged by the rules about every command (first_broken_rule_unlisted): not after QUIT, not
    // between RNFR and RNTO where the family refuses all but RNTO there (ProFTPD), not before the login where the
    // family checks the login before it looks a verb up (vsftpd, Pure-FTPd). What a server answers to it is not known;
    // the session goes on as after_unlisted_command says: the rfc959 reading ends a pending RNFR or REST with it, the
    // server families keep them, and nothing else changes (tests/data/servers/*/unlisted_verbs*.txt).
    template <typename Verb>
    constexpr auto send_unlisted(std::string_view arg = {}) && noexcept(detail::sends_verb_text_nothrow<Transport>()) {
        static_assert(detail::sends_verb_text<Transport>::value,
                      "ftpwire: send_unlisted needs the transport's send_command(std::string_view verb, "
                      "std::string_view argument)");
        static_assert(detail::is_verb_name(Verb::name),
                      "ftpwire: Verb::name is a command verb: letters and digits, a letter first");
        static_assert(!find_verb(Verb::name).found,
                      "ftpwire: Verb::name is in the command table: send it with its own call or send<verb::...>(), "
                      "which the rules judge as that command");
        constexpr bool in_order =
            detail::require_in_order<State, Family, verb::noop, detail::typed_argument::unlisted>();
        static_cast<void>(in_order);
        constexpr std::uint32_t next = detail::next_state(State, unlisted_step(), Family);
        static_cast<void>(transport_->send_command(std::string_view(Verb::name), arg));
        return basic_session<Transport, next, Family>(*transport_);
    }

private:
    template <typename, std::uint32_t, server_family>
    friend class basic_session;

    // Whether sending a command can throw: the calls are noexcept when the transport's send_command is.
    static constexpr bool nothrow_send =
        noexcept(std::declval<Transport&>().send_command(std::declval<verb>(), std::declval<std::string_view&>()));

    template <verb V, std::uint16_t Reply = 0>
    constexpr auto send_with() const noexcept(nothrow_send) {
        return send_step<V, detail::typed_argument::other, Reply>({});
    }
    template <verb V, std::uint16_t Reply = 0>
    constexpr auto send_with(std::string_view arg) const noexcept(nothrow_send) {
        static_assert(V != verb::epsv,
                      "ftpwire: send EPSV with epsv(), epsv(protocol) or epsv_all(): an argument known only at run "
                      "time cannot say whether it is EPSV ALL");
        constexpr detail::typed_argument typed = V == verb::stat   ? detail::typed_argument::stat_path
                                                 : V == verb::type ? detail::typed_argument::image_type
                                                                   : detail::typed_argument::other;
        return send_step<V, typed, Reply>(arg);
    }

    template <verb V, detail::typed_argument Arg, std::uint16_t Reply>
    constexpr auto send_step(std::string_view arg) const noexcept(nothrow_send) {
        // What after_reply takes as an answer (RFC 959 §4.2: 1yz-5yz); a 6yz is a protected reply (RFC 2228 §5.2),
        // the answer encoded in its text.
        static_assert(Reply == 0 || (Reply >= 100 && Reply <= 599),
                      "ftpwire: Reply is a reply code 100-599, or 0 for the assumed success (a protected 6yz reply "
                      "carries the answer in its text: pass that code)");
        constexpr bool in_order = detail::require_in_order<State, Family, V, Arg>();
        static_cast<void>(in_order);
        constexpr std::uint32_t next = detail::next_state(State, detail::typed_step(V, Arg), Family, Reply);
        static_cast<void>(transport_->send_command(V, arg));
        return basic_session<Transport, next, Family>(*transport_);
    }

    Transport* transport_;
};

// A session right after the greeting.
template <typename Transport>
[[nodiscard]] constexpr basic_session<Transport> make_session(Transport& transport) noexcept {
    return basic_session<Transport>(transport);
}

template <server_family Family, typename Transport>
[[nodiscard]] constexpr basic_session<Transport, detail::ready_state, Family> make_session(
    Transport& transport) noexcept {
    return basic_session<Transport, detail::ready_state, Family>(transport);
}

// Named states of the success path, for signatures: a function that needs a session right after the login can take
// logged_in_session<T>. Each names one exact state: after TYPE I, PASV, REST, AUTH/PBSZ/PROT, ... the session is
// still logged in but of another type, which a logged_in_session<T> parameter does not take. For any logged-in
// session, constrain a template on the state instead:
//     template <typename S, std::enable_if_t<std::decay_t<S>::logged_in(), int> = 0>
//     auto fetch(S&& s, std::string_view file) { return std::forward<S>(s).pasv().retr(file); }
template <typename Transport, server_family Family = server_family::rfc959>
using ready_session = basic_session<Transport, detail::ready_state, Family>;
template <typename Transport, server_family Family = server_family::rfc959>
using needs_password_session =
    basic_session<Transport, detail::next_state(detail::ready_state, step{verb::user}, Family), Family>;
template <typename Transport, server_family Family = server_family::rfc959>
using logged_in_session =
    basic_session<Transport,
                  detail::next_state(detail::next_state(detail::ready_state, step{verb::user}, Family),
                                     step{verb::pass}, Family),
                  Family>;

}  // namespace ftpwire

#endif  // FTPWIRE_SESSION_HPP
