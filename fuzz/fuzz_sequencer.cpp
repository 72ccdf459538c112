// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 5: random command/reply walks through the runtime sequencer. The input is read as a transcript
// (the format of tests/data/transcripts: "> COMMAND arg" for a command, "< 227 text" for a reply; other lines
// are ignored), and a line starting with '!' is a compact walk: each following byte below 0x80 is a command
// (verb = byte % verb_count, with an argument where its syntax wants one; bit 6 set: "ALL" as the argument, as in
// EPSV ALL, or one given to a verb that takes none), each byte from 0x80 a reply code.
// After every step the state must be one the rules know (enum values in range, packing round trip, a pending
// command only while a reply is awaited), check() and validate() must agree, a refusal must be writable as a
// reply line, and a closed session must stay closed. A second sequencer that only ever gets the replies of the
// success path is checked against check_sequence (session.hpp) over the same commands.
#include "fuzz_common.hpp"

#include <ftpwire/command.hpp>
#include <ftpwire/sequencer.hpp>
#include <ftpwire/session.hpp>

#include <iterator>
#include <string>
#include <vector>

using namespace ftpwire;

namespace {

constexpr std::uint16_t interesting_codes[] = {
    110, 120, 125, 150, 200, 202, 211, 213, 220, 221, 225, 226, 227, 228, 229, 230, 232, 234, 235, 250, 257,
    331, 332, 334, 335, 336, 350, 421, 425, 426, 431, 450, 451, 500, 501, 502, 503, 504, 530, 532, 533, 534,
    535, 550, 553, 631, 632, 633, 99,  700, 0,   999, 100, 199, 299, 399, 499, 599, 699, 120, 220, 230, 350};

void check_state(const sequence_state& s) {
    FUZZ_CHECK(static_cast<unsigned>(s.login) <= static_cast<unsigned>(login_state::closed));
    FUZZ_CHECK(static_cast<unsigned>(s.tls) <= static_cast<unsigned>(tls_state::cleared));
    FUZZ_CHECK(static_cast<std::size_t>(s.last_command) < verb_count);
    FUZZ_CHECK(sequence_state::unpack(s.pack()) == s);
    if (!s.has(flag::reply_pending)) {
        FUZZ_CHECK(s.last_command == verb::noop);
        FUZZ_CHECK(!s.has(flag::last_was_epsv_all));
    }
    // The kind of a data port only with a data port: one set up, or the one the open transfer uses.
    if (s.has(flag::data_port_active)) FUZZ_CHECK(s.has(flag::data_port_ready) || s.has(flag::transfer_open));
    // A hung data port is no data port to use; a third failed login closes the session where logins are counted.
    if (s.has(flag::data_port_hung)) FUZZ_CHECK(!s.has(flag::data_port_ready));
    // A TYPE before the login is remembered until the login (type_before_login_sets_image), not after it.
    if (s.has(flag::type_before_login)) FUZZ_CHECK(s.login != login_state::logged_in);
    FUZZ_CHECK(s.failed_logins() < 3);
}

// A verb outside the command table breaks only the rules about every command (first_broken_rule_unlisted), the
// three every command obeys as NOOP does.
void check_unlisted(const sequencer& q) {
    const verdict u = q.check_unlisted();
    if (q.closed()) FUZZ_CHECK(!u.accepted && u.broken == rule::session_closed);
    if (u.accepted) return;
    FUZZ_CHECK(!u.rule_name().empty() && !u.why().empty() && !u.fix().empty());
    FUZZ_CHECK(u.reply == 0 || (u.reply >= 100 && u.reply <= 699));
    const bool every_command =
        u.broken == rule::session_closed || u.broken == rule::greeting_first || u.broken == rule::wait_for_reply;
    FUZZ_CHECK(every_command || u.broken == rule::rnfr_only_rnto || u.broken == rule::login_required);
    if (every_command) {
        const verdict noop = q.check(verb::noop);
        FUZZ_CHECK(!noop.accepted && noop.broken == u.broken && noop.reply == u.reply);
    }
}

// Such a verb, sent, takes away nothing but a pending RNFR or REST, and those only where the family does not keep
// them (after_unlisted_command: the strict reading); it never adds anything.
void check_after_unlisted(const sequencer& q) {
    sequencer after = q;
    after.on_unlisted_command();
    const sequence_state& s = q.state();
    const sequence_state& t = after.state();
    FUZZ_CHECK(t.login == s.login && t.last_command == s.last_command);
    FUZZ_CHECK((t.flags & ~s.flags) == 0);
    const unsigned removed = static_cast<unsigned>(s.flags & ~t.flags);
    FUZZ_CHECK((removed & ~bits({flag::rnfr_pending, flag::rest_pending})) == 0);
    if (traits(q.family()).keeps_rnfr) FUZZ_CHECK(t.has(flag::rnfr_pending) == s.has(flag::rnfr_pending));
    if (traits(q.family()).keeps_rest) FUZZ_CHECK(t.has(flag::rest_pending) == s.has(flag::rest_pending));
    // unlisted_step() through the calls that take a step: the same as the sequencer's own calls for such a verb.
    sequencer stepped = q;
    stepped.on_command(unlisted_step());
    FUZZ_CHECK(stepped.state() == t);
    FUZZ_CHECK(after_success(s, unlisted_step(), q.family()) == t);
    const verdict by_step = q.check(unlisted_step());
    const verdict own = q.check_unlisted();
    FUZZ_CHECK(by_step.accepted == own.accepted && by_step.broken == own.broken && by_step.reply == own.reply);
}

void check_predictions(const sequencer& q, verb v, std::string_view arg) {
    check_unlisted(q);
    check_after_unlisted(q);
    const verdict d = q.check(v, arg);
    const server_reply sr = q.validate(v, arg);
    if (d.accepted) {
        FUZZ_CHECK(sr.accepted);
        FUZZ_CHECK(d.rule_name().empty());
        return;
    }
    FUZZ_CHECK(static_cast<std::size_t>(d.broken) < rule_count);
    FUZZ_CHECK(d.reply == 0 || (d.reply >= 100 && d.reply <= 699));
    FUZZ_CHECK(!d.rule_name().empty() && !d.why().empty() && !d.fix().empty());
    if (q.closed()) FUZZ_CHECK(d.broken == rule::session_closed);
    if (d.reply == 0) {
        FUZZ_CHECK(sr.accepted);  // client-side rules: a server sees nothing to refuse
        return;
    }
    FUZZ_CHECK(!sr.accepted && sr.code == d.reply && sr.broken == d.broken);
    char line[server_reply::max_size];
    const std::size_t n = sr.write(line, sizeof line);
    FUZZ_CHECK(n >= 6 && n <= server_reply::max_size);
    FUZZ_CHECK(line[n - 2] == '\r' && line[n - 1] == '\n');
    FUZZ_CHECK(line[0] - '0' == d.reply / 100 && line[1] - '0' == d.reply / 10 % 10 && line[2] - '0' == d.reply % 10);
    char small[7];
    FUZZ_CHECK(sr.write(small, sizeof small) == sizeof small);
}

class walk {
public:
    walk(server_family family, bool greeted)
        : free_(greeted ? sequencer::after_greeting(family) : sequencer(family)),
          happy_(sequencer::after_greeting(family)),
          family_(family) {}

    void command(verb v, std::string_view arg) {
        const bool was_closed = free_.closed();
        check_predictions(free_, v, arg);
        free_.on_command(v, arg);
        check_state(free_.state());
        FUZZ_CHECK(free_.awaiting_reply());
        FUZZ_CHECK(free_.closed() == was_closed);
        on_happy_path(v, arg);
    }

    void reply(int code) {
        const bool was_closed = free_.closed();
        const sequence_state before = free_.state();
        free_.on_reply(code);
        check_state(free_.state());
        if (code < 100 || code > 699) FUZZ_CHECK(free_.state() == before);
        // 221 and 421 close the connection; nothing read afterwards can reopen it.
        if (was_closed) FUZZ_CHECK(free_.closed());
    }

private:
    // The success-path sequencer against check_sequence over the same list of commands.
    void on_happy_path(verb v, std::string_view arg) {
        if (happy_done_ || steps_.size() >= 64) return;
        const step s{v, arg};
        const verdict d = happy_.check(v, arg);
        steps_.push_back(s);
        const sequence_result r = check_sequence(steps_.data(), steps_.size(), family_);
        if (!d.accepted) {
            FUZZ_CHECK(!r.ok && r.index + 1 == steps_.size() && r.broken == d.broken && r.reply == d.reply);
            happy_done_ = true;
            return;
        }
        FUZZ_CHECK(r.ok);
        const success_replies replies = success_path(s, family_);
        happy_.on_command(v, arg);
        happy_.on_reply(replies.first);
        if (replies.final != 0) happy_.on_reply(replies.final);
        check_state(happy_.state());
        FUZZ_CHECK(!happy_.awaiting_reply());
    }

    sequencer free_;
    sequencer happy_;
    server_family family_;
    std::vector<step> steps_;
    bool happy_done_ = false;
};

int leading_code(std::string_view s) {
    if (s.size() < 3) return -1;
    for (std::size_t i = 0; i < 3; ++i)
        if (s[i] < '0' || s[i] > '9') return -1;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

void transcript_line(walk& w, std::string_view line) {
    if (line.size() >= 2 && line[0] == '>' && line[1] == ' ') {
        std::string command(line.substr(2));
        command += "\r\n";
        const command_parse_result r = parse_command(command, lenient_command_options);
        if (r.ok()) w.command(r.command.id, r.command.argument);
    } else if (line.size() >= 2 && line[0] == '<' && line[1] == ' ') {
        const int code = leading_code(line.substr(2));
        if (code >= 0) w.reply(code);
    } else if (!line.empty() && line[0] == '!') {
        for (std::size_t i = 1; i < line.size(); ++i) {
            const auto b = static_cast<unsigned char>(line[i]);
            if (b < 0x80) {
                // An argument where the syntax wants one, none where it takes none; bit 6: "ALL" (EPSV ALL), or
                // one the verb takes none of (rule argument_syntax).
                const verb v = static_cast<verb>(b % verb_count);
                const bool takes_none = command_info_of(v).argument == argument_rule::none;
                w.command(v, (b & 0x40) != 0 ? (takes_none ? "x" : "ALL") : (takes_none ? "" : "x"));
            } else {
                w.reply(interesting_codes[(b - 0x80) % std::size(interesting_codes)]);
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices choose(data, size);
    const std::uint8_t setup = choose.byte();
    walk w(static_cast<server_family>(setup % server_family_count), (setup & 0x80) != 0);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t lf = text.find('\n', start);
        if (lf == std::string_view::npos) lf = text.size();
        std::string_view line = text.substr(start, lf - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        transcript_line(w, line);
        start = lf + 1;
    }
    return 0;
}
