#include "catch.hpp"
#include "test_support.hpp"

#include <ftpwire/sequence_rules.hpp>
#include <ftpwire/sequencer.hpp>

#include <regex>
#include <set>
#include <string>
#include <utility>

using namespace ftpwire;

namespace {

using ftpwire_test::read_file;

}  // namespace

// argument_syntax constrains the verbs whose argument is required or absent by their syntax, not the optional ones.
static_assert(argument_checked_verbs.contains(verb::retr) && argument_checked_verbs.contains(verb::pasv) &&
              !argument_checked_verbs.contains(verb::list) && !argument_checked_verbs.contains(verb::pass));

TEST_CASE("the rules table is indexed by rule id and every rule has a unique name") {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < rule_count; ++i) {
        const rule r = static_cast<rule>(i);
        CHECK(info(r).id == r);
        CHECK(names.insert(to_string(r)).second);
        const rule_lookup back = find_rule(to_string(r));
        CHECK(back.found);
        CHECK(back.value == r);
    }
    CHECK_FALSE(find_rule("no_such_rule").found);
}

TEST_CASE("every rule says what it constrains, where it comes from, why, and the fix") {
    for (const rule_info& r : rule_table) {
        INFO(r.name);
        CHECK_FALSE(r.verbs.empty());
        CHECK_FALSE(r.rfc.empty());
        CHECK_FALSE(r.message.empty());
        CHECK_FALSE(r.why.empty());
        CHECK_FALSE(r.fix.empty());
        // The message ends a server reply line and a static_assert text: plain ASCII, no final period.
        for (char c : r.message) CHECK(static_cast<unsigned char>(c) < 0x80);
        CHECK(r.message.back() != '.');
        // A reply is either a real code or 0 (the client must wait).
        CHECK((r.reply == 0 || (r.reply >= 100 && r.reply <= 599)));
    }
}

TEST_CASE("the static_assert texts in session.hpp are the rules' own messages") {
    std::string source = read_file(std::string(FTPWIRE_SOURCE_DIR) + "/include/ftpwire/session.hpp");
    REQUIRE_FALSE(source.empty());
    source = std::regex_replace(source, std::regex("\"\\s*\\n\\s*\""), "");  // join split string literals
    for (const rule_info& r : rule_table) {
        const std::string text = "\"ftpwire: " + std::string(r.message) + " (rule " + std::string(r.name) + ")\"";
        INFO(text);
        CHECK(source.find(text) != std::string::npos);
        CHECK(source.find("c.id == rule::" + std::string(r.name) + ")") != std::string::npos);
    }
}

TEST_CASE("the server families are indexed by family and found by name") {
    for (std::size_t i = 0; i < server_family_count; ++i) {
        const server_family f = static_cast<server_family>(i);
        CHECK(traits(f).family == f);
        const server_family_lookup back = find_server_family(to_string(f));
        CHECK(back.found);
        CHECK(back.value == f);
    }
    CHECK(find_server_family("VSFTPD").value == server_family::vsftpd);
    CHECK(find_server_family("generic").value == server_family::rfc959);
    CHECK_FALSE(find_server_family("iis").found);
}

TEST_CASE("a greeting names its server family by the servers' default banners, or none") {
    // The default banners (vsftpd's ftpd_banner unset, ProFTPD's ServerIdent on, Pure-FTPd's, pyftpdlib's
    // FTPHandler.banner) and the recorded greetings of tests/data/servers/ (banners set by servers.py).
    STATIC_REQUIRE(server_family_of_greeting("(vsFTPd 3.0.3)").value == server_family::vsftpd);
    CHECK(server_family_of_greeting("ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.1]").value == server_family::proftpd);
    CHECK(server_family_of_greeting("---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\nYou are user "
                                    "number 1 of 50 allowed.")
              .value == server_family::pureftpd);
    CHECK(server_family_of_greeting("pyftpdlib 1.5.7 ready.").value == server_family::pyftpdlib);
    for (const char* family : {"pyftpdlib", "vsftpd", "proftpd", "pureftpd"}) {
        INFO(family);
        const std::string recorded =
            read_file(std::string(FTPWIRE_SOURCE_DIR) + "/tests/data/servers/" + family + "/normal_session.txt");
        // The 220 reply, every line of it: up to the end of its "220 " closing line (RFC 959 §4.2).
        const std::size_t closing = recorded.rfind("220 ", 0) == 0 ? 0 : recorded.find("\n220 ");
        REQUIRE(closing != std::string::npos);
        const std::string greeting = recorded.substr(0, recorded.find("\r\n", closing + 1));
        REQUIRE(greeting.rfind("220", 0) == 0);
        CHECK(greeting.find("\n230") == std::string::npos);
        const server_family_lookup found = server_family_of_greeting(greeting);
        CHECK(found.found);
        CHECK(to_string(found.value) == family);
    }
    for (const char* anonymous : {"", "FTP server ready.", "Microsoft FTP Service", "FileZilla Server 1.8.0", "ftpd"}) {
        INFO(anonymous);
        CHECK_FALSE(server_family_of_greeting(anonymous).found);
        CHECK(server_family_of_greeting(anonymous).value == server_family::rfc959);
    }
}

TEST_CASE("each family override changes one rule once and says where it comes from") {
    std::set<std::pair<int, int>> seen;
    for (const family_override& o : family_overrides) {
        INFO(to_string(o.id) << " for " << to_string(o.family));
        CHECK(o.family != server_family::rfc959);  // the generic family is the table itself
        CHECK(seen.insert({static_cast<int>(o.family), static_cast<int>(o.id)}).second);
        CHECK_FALSE(o.source.empty());
        const rule_info applied = effective_rule(o.id, o.family);
        CHECK(applied.enforced == o.enforced);
        CHECK(applied.reply == o.reply);
        // Other families keep the table's answer.
        CHECK(effective_rule(o.id, server_family::rfc959).reply == info(o.id).reply);
    }
}

TEST_CASE("the precomputed per-family tables are the overrides applied to the rules table") {
    for (std::size_t f = 0; f < server_family_count; ++f) {
        const detail::family_rule_table& table = detail::family_rules[f];
        std::size_t enforced = 0;
        for (std::size_t i = 0; i < rule_count; ++i) {
            const rule_info expected = effective_rule(static_cast<rule>(i), static_cast<server_family>(f));
            const rule_info& actual = table.rules[i];
            CHECK(actual.id == expected.id);
            CHECK(actual.enforced == expected.enforced);
            CHECK(actual.reply == expected.reply);
            CHECK(actual.verbs == expected.verbs);
            // The compact list first_broken_rule reads: the enforced rules, in table order, with the same facts.
            // argument_syntax is read from the step, not the state: first_broken_rule checks it apart.
            if (!expected.enforced || expected.id == rule::argument_syntax) continue;
            REQUIRE(enforced < table.enforced_count);
            const detail::enforced_rule& compact = table.enforced[enforced++];
            CHECK(compact.id == expected.id);
            CHECK(compact.reply == expected.reply);
            CHECK(compact.verbs == expected.verbs);
            CHECK(compact.allowed.login_states == expected.allowed.login_states);
            CHECK(compact.allowed.tls_states == expected.allowed.tls_states);
            CHECK(compact.allowed.flags_required == expected.allowed.flags_required);
            CHECK(compact.allowed.flags_forbidden == expected.allowed.flags_forbidden);
            CHECK(compact.allowed.flags_not_all == expected.allowed.flags_not_all);
        }
        CHECK(enforced == table.enforced_count);
    }
}

TEST_CASE("the families answer a transfer without PASV/PORT as the notes and sources say") {
    CHECK(effective_rule(rule::transfer_needs_data_port, server_family::rfc959).reply == 503);
    CHECK(effective_rule(rule::transfer_needs_data_port, server_family::vsftpd).reply == 425);
    // pyftpdlib answers 150 and waits: no refusal, the rule stays reported for the client (reply 0).
    CHECK(effective_rule(rule::transfer_needs_data_port, server_family::pyftpdlib).reply == 0);
    CHECK(effective_rule(rule::transfer_needs_data_port, server_family::pyftpdlib).enforced);
    CHECK(effective_rule(rule::login_required, server_family::pyftpdlib).verbs.contains(verb::opts));
    CHECK_FALSE(effective_rule(rule::login_required, server_family::rfc959).verbs.contains(verb::opts));
}

TEST_CASE("the commands allowed before login are exactly the documented ones") {
    const verb_set needs_login = info(rule::login_required).verbs;
    const verb_set allowed =
        verbs({verb::user, verb::pass, verb::acct, verb::rein, verb::host, verb::auth, verb::adat,
               verb::pbsz, verb::prot, verb::mic,  verb::conf, verb::enc,  verb::feat, verb::opts,
               verb::lang, verb::syst, verb::help, verb::noop, verb::quit, verb::abor, verb::stat});
    // Every verb: the listed ones are allowed, every other one needs login.
    for (std::size_t i = 0; i < verb_count; ++i) {
        const verb v = static_cast<verb>(i);
        INFO(to_string(v));
        CHECK(needs_login.contains(v) == !allowed.contains(v));
    }
    for (verb v : {verb::user, verb::pass, verb::acct, verb::host, verb::auth, verb::pbsz, verb::prot, verb::feat,
                   verb::syst, verb::help, verb::noop, verb::quit, verb::abor, verb::stat, verb::opts})
        CHECK_FALSE(needs_login.contains(v));
    for (verb v : {verb::cwd, verb::pwd, verb::retr, verb::stor, verb::list, verb::pasv, verb::port, verb::rnfr,
                   verb::rnto, verb::rest, verb::dele, verb::site, verb::ccc, verb::size, verb::mlsd})
        CHECK(needs_login.contains(v));
}

TEST_CASE("the success path gives transfers a 1yz then 226 and every other command one final reply") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const verb v = static_cast<verb>(i);
        INFO(to_string(v));
        const success_replies r = success_path(step{v});
        if (transfer_verbs.contains(v)) {
            CHECK(r.first / 100 == 1);
            CHECK(r.final == 226);
        } else {
            CHECK(r.first / 100 >= 2);
            CHECK(r.first / 100 <= 3);
            CHECK(r.final == 0);
        }
    }
    CHECK(success_path(epsv_all_step()).first == 200);
}

TEST_CASE("a sequence state packs into four bytes and back, every field at its largest") {
    STATIC_REQUIRE(sizeof(sequence_state) == 6);  // login, TLS, two bytes of flags, the pending command
    sequence_state s = sequence_state::ready();
    s.tls = tls_state::pbsz_done;
    s.set(flag::rnfr_pending);
    s.set(flag::reply_pending);
    s.last_command = verb::host;
    CHECK(sequence_state::unpack(s.pack()) == s);
    // Every field at its largest: the highest login and TLS states, every flag, the last verb.
    sequence_state full;
    full.login = login_state::closed;
    full.tls = tls_state::cleared;
    full.flags = 0xFFFF;
    full.last_command = static_cast<verb>(verb_count - 1);
    CHECK(sequence_state::unpack(full.pack()) == full);
    CHECK(sequence_state::unpack(full.pack()).flags == 0xFFFF);
    CHECK(sequence_state::unpack(full.pack()).login == login_state::closed);
    CHECK(sequence_state::unpack(full.pack()).tls == tls_state::cleared);
    CHECK(sequence_state::unpack(sequence_state::connected().pack()) == sequence_state::connected());
    CHECK(sequence_state::ready() != sequence_state::connected());
}

TEST_CASE("EPSV ALL is recognised in any case and with surrounding spaces, and only for EPSV") {
    CHECK(step(verb::epsv, "ALL").epsv_all);
    CHECK(step(verb::epsv, " all ").epsv_all);
    CHECK_FALSE(step(verb::epsv, "2").epsv_all);
    CHECK_FALSE(step(verb::epsv).epsv_all);
    CHECK_FALSE(step(verb::pasv, "ALL").epsv_all);
}

TEST_CASE("every refusal a rule produces fits in a server reply line") {
    for (const rule_info& r : rule_table) {
        for (std::size_t f = 0; f < server_family_count; ++f) {
            const rule_info e = effective_rule(r.id, static_cast<server_family>(f));
            const server_reply reply{false, r.id, e.reply, refusal_text(e.reply), r.message};
            char big[512];
            const std::size_t n = reply.write(big, sizeof big);
            INFO(std::string(big, n));
            CHECK(n <= server_reply::max_size);
            CHECK(std::string(big + n - 2, 2) == "\r\n");
        }
    }
}

TEST_CASE("every family override says where it comes from, and the recorded ones name their recording") {
    for (const family_override& o : family_overrides) {
        INFO(to_string(o.family) << " " << to_string(o.id));
        CHECK_FALSE(o.source.empty());
        CHECK(family_note(o.id, o.family) == o.source);
        CHECK(o.source.find("tests/data/servers/") != std::string_view::npos);
    }
    CHECK(family_note(rule::rnto_after_rnfr, server_family::vsftpd).empty());
    CHECK(family_note(rule::transfer_needs_data_port, server_family::rfc959).empty());
}

TEST_CASE("vsftpd's rules differ from the generic reading where its recordings say so") {
    const rule_info pbsz = effective_rule(rule::pbsz_after_auth, server_family::vsftpd);
    CHECK(pbsz.reply == 550);
    CHECK(effective_rule(rule::prot_after_pbsz, server_family::vsftpd).reply == 550);
    CHECK(effective_rule(rule::acct_after_pass, server_family::vsftpd).reply == 530);
    const rule_info epsv_all = effective_rule(rule::epsv_all_only_epsv, server_family::vsftpd);
    CHECK(epsv_all.reply == 550);
    CHECK(epsv_all.verbs.contains(verb::pasv));
    CHECK_FALSE(epsv_all.verbs.contains(verb::eprt));
    const verb_set before_login = effective_rule(rule::login_required, server_family::vsftpd).verbs;
    for (verb v : {verb::auth, verb::pbsz, verb::prot, verb::syst, verb::stat, verb::noop, verb::help})
        CHECK(before_login.contains(v));
    for (verb v : {verb::user, verb::pass, verb::quit, verb::feat, verb::opts}) CHECK_FALSE(before_login.contains(v));
}
