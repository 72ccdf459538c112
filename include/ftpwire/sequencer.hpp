// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// The runtime sequencer: six bytes of state (and the server family) driven by real commands and real reply
// codes, reading the rules table in sequence_rules.hpp.
//
// Client role: before sending, check(verb, arg) predicts whether the server accepts the command or what it
// answers (503, 530, 425, 501, ...) and why; then on_command(verb, arg) when it is sent and on_reply(code) for
// every reply read (the greeting and 421 included).
// Server role: after sending the greeting, on_reply(220); for each command, validate(verb, arg) gives the
// refusal to send (or accepts), then on_command(verb, arg) and on_reply(code) with the reply actually sent.
// arg is the command's argument as sent, empty for none: RETR with "" is RETR alone, which breaks argument_syntax.
// Each call without arg is for a command whose argument is not known (it is taken to fit, and to be nothing
// special: not EPSV ALL, REST 0, TYPE I, ...). A verb outside the command table (parse_command's unknown_verb) is
// judged by check_unlisted().
#ifndef FTPWIRE_SEQUENCER_HPP
#define FTPWIRE_SEQUENCER_HPP

#include "version.hpp"

#include "command.hpp"
#include "sequence_rules.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ftpwire {

// What the client can expect from sending a command now.
struct verdict {
    bool accepted = true;
    rule broken = rule::session_closed;  // meaningful when !accepted
    // The predicted refusal; 0 when nothing comes back (wait instead), or for HOST after USER, which a server takes
    // until the login and a client does not send (RFC 7151 §3.2.2).
    std::uint16_t reply = 0;

    [[nodiscard]] constexpr explicit operator bool() const noexcept { return accepted; }
    [[nodiscard]] constexpr std::string_view rule_name() const noexcept { return accepted ? "" : to_string(broken); }
    [[nodiscard]] constexpr std::string_view why() const noexcept { return accepted ? "" : info(broken).why; }
    [[nodiscard]] constexpr std::string_view fix() const noexcept { return accepted ? "" : info(broken).fix; }
};

// The RFC 959 §4.2.1 text (RFC 2228 §5.1 for 533 and 534, RFC 1123 §4.1.3.4 for 554) of the codes the rules
// answer with, for a server's refusal.
[[nodiscard]] constexpr std::string_view refusal_text(std::uint16_t code) noexcept {
    switch (code) {
        case 150: return "File status okay; about to open data connection";
        case 230: return "User logged in, proceed";
        case 421: return "Service not available, closing control connection";
        case 425: return "Can't open data connection";
        case 450: return "Requested file action not taken";
        case 500: return "Syntax error, command unrecognized";
        case 501: return "Syntax error in parameters or arguments";
        case 503: return "Bad sequence of commands";
        case 530: return "Not logged in";
        case 533: return "Command protection level denied for policy reasons";
        case 534: return "Request denied for policy reasons";
        case 550: return "Requested action not taken";
        case 554: return "Requested action not taken: invalid REST parameter";
        default: return "Command refused";
    }
}

// What a server sends back for a command: accepted, or a refusal "503 Bad sequence of commands: RNTO needs a
// successful RNFR right before it."
struct server_reply {
    bool accepted = true;
    rule broken = rule::session_closed;  // meaningful when !accepted
    std::uint16_t code = 0;
    std::string_view text;    // the canonical text of the code
    std::string_view detail;  // the rule's message

    [[nodiscard]] constexpr explicit operator bool() const noexcept { return accepted; }

    // Longest line write() produces, CRLF included.
    static constexpr std::size_t max_size = 160;

    // Writes "CODE text: detail.\r\n" into out (at most capacity bytes, truncated if smaller) and returns the
    // number of bytes written; 0 when accepted.
    constexpr std::size_t write(char* out, std::size_t capacity) const noexcept {
        if (accepted || capacity == 0) return 0;
        std::size_t n = 0;
        const auto put = [&](char c) {
            if (n < capacity) out[n++] = c;
        };
        const auto put_all = [&](std::string_view s) {
            for (char c : s) put(c);
        };
        put(static_cast<char>('0' + code / 100 % 10));
        put(static_cast<char>('0' + code / 10 % 10));
        put(static_cast<char>('0' + code % 10));
        put(' ');
        put_all(text);
        put_all(": ");
        put_all(detail);
        put_all(".\r\n");
        return n;
    }
};

class sequencer {
public:
    // Just connected: the greeting has not been read yet.
    constexpr explicit sequencer(server_family family = server_family::rfc959) noexcept : family_(family) {}
    constexpr sequencer(sequence_state state, server_family family) noexcept : state_(state), family_(family) {}

    // After the 220 greeting.
    [[nodiscard]] static constexpr sequencer after_greeting(server_family family = server_family::rfc959) noexcept {
        return sequencer(sequence_state::ready(), family);
    }

    // Client role: would the server accept this command now? If not, the predicted reply, rule and fix.
    // (A verb is in the command table: the calls that take one skip first_broken_rule's and after_command's test
    // for unlisted_step(), which the compiler cannot drop where step's constructor is not inlined.)
    [[nodiscard]] constexpr verdict check(verb v, std::string_view arg) const noexcept {
        return verdict_of(detail::first_broken_listed_rule(state_, step{v, arg}, family_));
    }
    [[nodiscard]] constexpr verdict check(verb v) const noexcept {
        return verdict_of(detail::first_broken_listed_rule(state_, step{v}, family_));
    }
    [[nodiscard]] constexpr verdict check(step c) const noexcept {
        return verdict_of(first_broken_rule(state_, c, family_));
    }

    // Client role, for a command whose verb is not in the command table (MFMT, CLNT, PRET, XSHA1, a server's own):
    // judged by the rules about every command (first_broken_rule_unlisted: session_closed, greeting_first,
    // wait_for_reply, and as the family applies them rnfr_only_rnto and login_required). Such a command goes to
    // on_unlisted_command, not on_command; its reply goes to on_reply as every reply does (taken as a reply out of
    // the blue, it changes nothing but a 421 or the greeting), except a refusal (500, 501, 502, 504) while a
    // transfer is open, which on_reply would take for the transfer's end (Pure-FTPd and pyftpdlib refuse a verb
    // they do not know at once during a transfer). `ftpwire lint` does the same. check(unlisted_step()) and
    // on_command(unlisted_step()) are the same two calls.
    [[nodiscard]] constexpr verdict check_unlisted() const noexcept {
        return verdict_of(first_broken_rule_unlisted(state_, family_));
    }

    // Server role: accept the command, or the refusal to send. Client-side rules (greeting_first,
    // wait_for_reply: reply 0) cannot be seen by a server that answers each command before reading the next,
    // so a server never gets them as long as it feeds its own replies; HOST after USER (reply 0 too) is the
    // client's rule, and a server takes that HOST (RFC 7151 §3).
    [[nodiscard]] constexpr server_reply validate(verb v, std::string_view arg) const noexcept {
        return validate(step{v, arg});
    }
    [[nodiscard]] constexpr server_reply validate(verb v) const noexcept { return validate(step{v}); }
    [[nodiscard]] constexpr server_reply validate(step c) const noexcept {
        const verdict d = check(c);
        if (d.accepted || d.reply == 0) return {};
        return {false, d.broken, d.reply, refusal_text(d.reply), info(d.broken).message};
    }

    // The command was sent (client) or received (server).
    constexpr void on_command(verb v, std::string_view arg) noexcept {
        state_ = detail::after_listed_command(state_, step{v, arg}, family_);
    }
    constexpr void on_command(verb v) noexcept { state_ = detail::after_listed_command(state_, step{v}, family_); }
    constexpr void on_command(step c) noexcept { state_ = after_command(state_, c, family_); }
    // A command whose verb is not in the command table was sent (client) or received (server): in the strict RFC
    // reading it ends a pending RNFR or REST, as any command does; the servers recorded keep them
    // (after_unlisted_command). Its reply is not awaited here (see check_unlisted).
    constexpr void on_unlisted_command() noexcept { state_ = after_unlisted_command(state_, family_); }

    // A reply was read (client) or sent (server): the greeting, every reply to a command, 421 at any time. A
    // protected reply (631-633, RFC 2228 §5.2) changes nothing: pass the code of the reply decoded from it.
    constexpr void on_reply(int code) noexcept {
        if (code < 100 || code > 699) return;  // not a reply code: nothing to learn
        state_ = after_reply(state_, static_cast<std::uint16_t>(code), family_);
    }

    [[nodiscard]] constexpr const sequence_state& state() const noexcept { return state_; }
    [[nodiscard]] constexpr server_family family() const noexcept { return family_; }
    [[nodiscard]] constexpr bool logged_in() const noexcept { return state_.login == login_state::logged_in; }
    [[nodiscard]] constexpr bool closed() const noexcept { return state_.login == login_state::closed; }
    [[nodiscard]] constexpr bool transfer_open() const noexcept { return state_.has(flag::transfer_open); }
    [[nodiscard]] constexpr bool awaiting_reply() const noexcept { return state_.has(flag::reply_pending); }

private:
    [[nodiscard]] static constexpr verdict verdict_of(rule_check r) noexcept {
        if (!r.broken) return {};
        return {false, r.id, r.reply};
    }

    sequence_state state_{};
    server_family family_;
};

}  // namespace ftpwire

#endif  // FTPWIRE_SEQUENCER_HPP
