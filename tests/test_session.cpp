#include "catch.hpp"

#include <ftpwire/sequencer.hpp>
#include <ftpwire/session.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using namespace ftpwire;

namespace {

struct recording_transport {
    std::vector<std::string> lines;
    void send_command(verb v, std::string_view arg) {
        std::string line(to_string(v));
        if (!arg.empty()) line += ' ' + std::string(arg);
        lines.push_back(line);
    }
};

// Also sends verbs outside the command table (send_unlisted), into the same lines.
struct text_verb_transport : recording_transport {
    using recording_transport::send_command;
    void send_command(std::string_view v, std::string_view arg) {
        std::string line(v);
        if (!arg.empty()) line += ' ' + std::string(arg);
        lines.push_back(line);
    }
};

struct nothrow_text_verb_transport {
    void send_command(verb, std::string_view) noexcept {}
    void send_command(std::string_view, std::string_view) noexcept {}
};

// Verbs outside the command table, as a user names them for send_unlisted.
struct clnt {
    static constexpr std::string_view name = "CLNT";
};
struct mfmt {
    static constexpr std::string_view name = "MFMT";
};

// A transport whose send_command returns something: the session ignores it.
struct counting_transport {
    int sent = 0;
    int send_command(verb, std::string_view) { return ++sent; }
};

// The runtime sequencer fed the same success replies the compile-time path assumes.
sequencer run_success_path(const std::vector<step>& steps, server_family family) {
    sequencer s = sequencer::after_greeting(family);
    for (const step& c : steps) {
        s.on_command(c);
        const success_replies r = success_path(c, family);
        s.on_reply(r.first);
        if (r.final != 0) s.on_reply(r.final);
    }
    return s;
}

}  // namespace

// check_sequence in static_assert: the classic mistakes, found at the right place.
static_assert(check_sequence({verb::user, verb::pass, verb::pasv, verb::retr}).ok);
static_assert(check_sequence({verb::pass}).broken == rule::pass_after_user);
static_assert(check_sequence({verb::user, verb::pass, verb::rnto}).broken == rule::rnto_after_rnfr);
static_assert(check_sequence({verb::user, verb::pass, verb::rnto}).index == 2);
static_assert(check_sequence({verb::user, verb::pass, verb::retr}).broken == rule::transfer_needs_data_port);
static_assert(check_sequence({verb::user, verb::pass, verb::retr}, server_family::vsftpd).reply == 425);
static_assert(check_sequence({verb::pbsz}).broken == rule::pbsz_after_auth);
static_assert(check_sequence({verb::auth, verb::prot}).broken == rule::prot_after_pbsz);
static_assert(check_sequence({verb::auth, verb::pbsz, verb::prot, verb::user, verb::pass}).ok);
static_assert(check_sequence({verb::user, verb::pass, epsv_all_step(), verb::pasv}).broken == rule::epsv_all_only_epsv);
static_assert(check_sequence({verb::user, verb::pass, step{verb::epsv, "all"}, verb::epsv, verb::list}).ok);
static_assert(check_sequence({verb::user, verb::pass, verb::rnfr, verb::noop, verb::rnto}).index == 4);
// SITE HELP before login where the family answers it (site_before_login.txt), and nowhere else.
static_assert(check_sequence({step{verb::site, "HELP"}, verb::user, verb::pass}, server_family::proftpd).ok);
static_assert(check_sequence({step{verb::site, "help"}}, server_family::pyftpdlib).ok);
static_assert(check_sequence({step{verb::site, "HELP"}}, server_family::vsftpd).broken == rule::login_required);
static_assert(check_sequence({step{verb::site, "HELP"}}).broken == rule::login_required);
static_assert(check_sequence({verb::site}, server_family::proftpd).broken == rule::login_required);
static_assert(check_sequence({verb::user, verb::pass, verb::rnfr, verb::noop, verb::rnto}, server_family::vsftpd).ok);
static_assert(check_sequence({verb::user, verb::pass, verb::rest, verb::pasv, verb::list}).broken ==
              rule::rest_before_file_transfer);
static_assert(check_sequence({verb::user, verb::host}).broken == rule::host_before_user);
static_assert(check_sequence({verb::host, verb::user, verb::pass}).ok);
// A verb outside the command table (CLNT, MFMT, ...): judged by the rules about every command; the strict reading
// ends a pending RNFR with it, the server families keep the RNFR (ProFTPD refuses the verb itself: 501), and vsftpd
// and Pure-FTPd want the login before they look a verb up (tests/data/servers/*/unlisted_verbs.txt).
static_assert(check_sequence({verb::user, verb::pass, verb::rnfr, unlisted_step(), verb::rnto}).broken ==
              rule::rnto_after_rnfr);
static_assert(check_sequence({verb::user, verb::pass, verb::rnfr, unlisted_step(), verb::rnto}).index == 4);
static_assert(
    check_sequence({verb::user, verb::pass, verb::rnfr, unlisted_step(), verb::rnto}, server_family::vsftpd).ok);
static_assert(check_sequence({verb::user, verb::pass, verb::rnfr, unlisted_step()}, server_family::proftpd).reply ==
              501);
static_assert(check_sequence({unlisted_step(), verb::user, verb::pass}).ok);
static_assert(check_sequence({unlisted_step()}, server_family::pureftpd).broken == rule::login_required);
static_assert(
    check_sequence({verb::user, verb::pass, verb::pasv, unlisted_step(), verb::retr}, server_family::vsftpd).ok);
static_assert(check_sequence({verb::quit, unlisted_step()}).broken == rule::session_closed);
static_assert(success_path(unlisted_step()).first == 0);
static_assert(check_sequence({verb::cwd}).reply == 530);
static_assert(check_sequence({verb::user, verb::pass, verb::quit, verb::noop}).broken == rule::session_closed);
static_assert(check_sequence({verb::user, verb::pass, verb::rein, verb::pwd}).broken == rule::login_required);
static_assert(check_sequence(std::array<verb, 4>{verb::user, verb::pass, verb::epsv, verb::mlsd}).ok);

// A user who reads type("A") as TYPE A (it is judged as TYPE I: the argument is known only at run time) has
// type_image() and type_ascii(), which say at compile time which type the session is in.
TEST_CASE("type_image() and type_ascii() send TYPE I and TYPE A and set the type the session is judged in") {
    recording_transport t;
    using ascii = decltype(make_session<server_family::proftpd>(t).user("u").pass("p").type_ascii());
    STATIC_REQUIRE(ascii::state().has(flag::ascii_type));
    auto image = make_session<server_family::proftpd>(t).user("u").pass("p").type_ascii().type_image();
    STATIC_REQUIRE(!std::decay_t<decltype(image)>::state().has(flag::ascii_type));
    std::move(image).rest("4").epsv().retr("f");
    CHECK(t.lines == std::vector<std::string>{"USER u", "PASS p", "TYPE A", "TYPE I", "REST 4", "EPSV", "RETR f"});
}

TEST_CASE("the happy path of a typed session sends exactly the calls, in order") {
    recording_transport t;
    const auto done = make_session(t)
                          .host("ftp.example.com")
                          .auth("TLS")
                          .pbsz("0")
                          .prot("P")
                          .user("alice")
                          .pass("secret")
                          .type("I")
                          .rest("1000")
                          .epsv()
                          .retr("big.iso")
                          .rnfr("a")
                          .rnto("b")
                          .epsv_all()
                          .epsv()
                          .mlsd()
                          .quit();
    CHECK(t.lines == std::vector<std::string>{"HOST ftp.example.com", "AUTH TLS", "PBSZ 0", "PROT P", "USER alice",
                                              "PASS secret", "TYPE I", "REST 1000", "EPSV", "RETR big.iso", "RNFR a",
                                              "RNTO b", "EPSV ALL", "EPSV", "MLSD", "QUIT"});
    STATIC_REQUIRE(std::decay_t<decltype(done)>::closed());
    CHECK(&done.transport() == &t);
}

TEST_CASE("a typed session is one pointer and ignores what the transport returns") {
    counting_transport t;
    const auto s = make_session(t).user("u").pass("p").pasv().list();
    STATIC_REQUIRE(sizeof(s) == sizeof(void*));
    CHECK(t.sent == 4);
}

TEST_CASE("the typed session's states are the ones the runtime sequencer reaches on success") {
    recording_transport t;
    auto s1 = make_session(t).user("u");
    auto s2 = std::move(s1).pass("p");
    auto s3 = std::move(s2).rnfr("a");
    const auto s4 = std::move(s3).pasv();
    using S1 = std::decay_t<decltype(s1)>;
    using S2 = std::decay_t<decltype(s2)>;
    using S3 = std::decay_t<decltype(s3)>;
    using S4 = std::decay_t<decltype(s4)>;
    CHECK(S1::state() == run_success_path({verb::user}, server_family::rfc959).state());
    CHECK(S2::state() == run_success_path({verb::user, verb::pass}, server_family::rfc959).state());
    CHECK(S3::state() == run_success_path({verb::user, verb::pass, verb::rnfr}, server_family::rfc959).state());
    CHECK(S4::state() ==
          run_success_path({verb::user, verb::pass, verb::rnfr, verb::pasv}, server_family::rfc959).state());
    STATIC_REQUIRE(std::is_same_v<S1, needs_password_session<recording_transport>>);
    STATIC_REQUIRE(std::is_same_v<S2, logged_in_session<recording_transport>>);
    STATIC_REQUIRE(S2::logged_in());
    STATIC_REQUIRE(S3::allows<verb::rnto>());
    STATIC_REQUIRE_FALSE(S4::allows<verb::rnto>());  // PASV came in between
    STATIC_REQUIRE(S4::allows<verb::retr>());
}

TEST_CASE("other replies are spelled out: anonymous 230 at USER, and PASS answered 332 needing ACCT") {
    recording_transport t;
    auto anon = make_session(t).send<verb::user, 230>("anonymous");
    STATIC_REQUIRE(std::decay_t<decltype(anon)>::logged_in());
    STATIC_REQUIRE_FALSE(std::decay_t<decltype(anon)>::allows<verb::pass>());
    std::move(anon).pasv().nlst();

    auto acct = make_session(t).user("bob").send<verb::pass, 332>("pw");
    STATIC_REQUIRE_FALSE(std::decay_t<decltype(acct)>::logged_in());
    STATIC_REQUIRE_FALSE(std::decay_t<decltype(acct)>::allows<verb::cwd>());
    auto in = std::move(acct).acct("dept");
    STATIC_REQUIRE(std::decay_t<decltype(in)>::logged_in());
    std::move(in).cwd("/pub").rein().user("carol");
    CHECK(t.lines.back() == "USER carol");
}

// RFC 959 §6: any 3yz to USER leads to PASS (Python's ftplib sends PASS after USER 332, then ACCT after PASS 332);
// USER 332 used to make PASS a compile error (pass_after_user).
TEST_CASE("USER answered 332 is followed by PASS, as RFC 959's login diagram has it") {
    recording_transport t;
    const auto in = make_session(t).send<verb::user, 332>("alice").send<verb::pass, 332>("pw").acct("a");
    STATIC_REQUIRE(std::decay_t<decltype(in)>::logged_in());
    STATIC_REQUIRE(check_sequence({verb::user, verb::pass}).ok);
    CHECK(t.lines == std::vector<std::string>{"USER alice", "PASS pw", "ACCT a"});
}

// A command a family does not implement is assumed to get its refusal, which changes nothing: REIN on vsftpd,
// ProFTPD (502) and Pure-FTPd (500), recorded in tests/data/servers/*/rein_then_pwd.txt; AUTH (500) on the families
// without TLS (auth_tls_without_tls.txt). REIN used to be taken as 220 everywhere, AUTH as 234.
TEST_CASE("check_sequence and the typed session assume a family's refusal of a command it does not implement") {
    for (server_family f : {server_family::vsftpd, server_family::proftpd, server_family::pureftpd,
                            server_family::vsftpd_tls, server_family::proftpd_tls, server_family::pureftpd_tls}) {
        INFO(to_string(f));
        CHECK(check_sequence(std::array<verb, 4>{verb::user, verb::pass, verb::rein, verb::pwd}, f).ok);
        const sequence_state after = run_success_path({verb::user, verb::pass, verb::rein}, f).state();
        CHECK(after.login == login_state::logged_in);
    }
    constexpr sequence_result host =
        check_sequence({verb::user, verb::pass, verb::rein, verb::host}, server_family::proftpd);
    STATIC_REQUIRE(host.index == 3);
    STATIC_REQUIRE(host.broken == rule::host_before_user);
    STATIC_REQUIRE(host.reply == 503);
    // Where REIN works it logs out: the generic reading and pyftpdlib (230 "Ready for new user.").
    for (server_family f : {server_family::rfc959, server_family::pyftpdlib}) {
        INFO(to_string(f));
        CHECK(check_sequence(std::array<verb, 4>{verb::user, verb::pass, verb::rein, verb::pwd}, f).broken ==
              rule::login_required);
    }
    // AUTH: refused without TLS, so PBSZ after it is judged as before any AUTH.
    for (server_family f :
         {server_family::vsftpd, server_family::pyftpdlib, server_family::proftpd, server_family::pureftpd}) {
        INFO(to_string(f));
        const sequence_result r =
            check_sequence(std::array<verb, 4>{verb::user, verb::pass, verb::auth, verb::pbsz}, f);
        CHECK_FALSE(r.ok);
        CHECK(r.index == 3);
        CHECK(run_success_path({verb::user, verb::pass, verb::auth}, f).state().tls == tls_state::none);
    }
    for (server_family f : {server_family::rfc959, server_family::vsftpd_tls, server_family::pyftpdlib_tls,
                            server_family::proftpd_tls, server_family::pureftpd_tls})
        CHECK(check_sequence(std::array<verb, 2>{verb::auth, verb::pbsz}, f).ok);
    recording_transport t;
    using after_rein = std::decay_t<decltype(make_session<server_family::vsftpd>(t).user("u").pass("p").rein())>;
    STATIC_REQUIRE(after_rein::logged_in());
}

// RFC 7151 §3.2.2: a client sends HOST before USER. A server takes it until the login (host_before_user, §3), so
// a server's validate() accepts it between USER and PASS; check(), the constexpr check and the typed session, which
// speak for the client, do not (no reply: nothing is refused).
TEST_CASE("HOST after USER is out of order for a client, and accepted by a server until the login") {
    constexpr sequence_result r = check_sequence({verb::user, verb::host});
    STATIC_REQUIRE(r.broken == rule::host_before_user);
    STATIC_REQUIRE(r.reply == 0);
    STATIC_REQUIRE_FALSE(needs_password_session<recording_transport>::allows<verb::host>());
    sequencer server = sequencer::after_greeting();
    server.on_command(verb::user, "u");
    server.on_reply(331);
    CHECK(server.validate(verb::host, "ftp.example.com").accepted);
    const verdict client = server.check(verb::host, "ftp.example.com");
    CHECK_FALSE(client.accepted);
    CHECK(client.reply == 0);
    // A 1yz spelled out shows the server implements the command: REIN 120 then 220 logs out on vsftpd too, whose
    // REIN is otherwise assumed refused (502).
    recording_transport t;
    using after_rein =
        std::decay_t<decltype(make_session<server_family::vsftpd>(t).user("u").pass("p").send<verb::rein, 120>())>;
    STATIC_REQUIRE(after_rein::state().login == login_state::need_user);
    STATIC_REQUIRE(after_rein::allows<verb::user>());
}

TEST_CASE("on Pure-FTPd an ACCT before the login is let through and logs nobody in, at compile time too") {
    // Pure-FTPd 1.0.50 answers ACCT 202 in any state and PWD after it 530 (tests/data/servers/pureftpd/
    // commands_before_login.txt; live: ACCT 202, USER 331, ACCT 202, PASS 230).
    constexpr sequence_result before_user = check_sequence({verb::acct, verb::pwd}, server_family::pureftpd);
    STATIC_REQUIRE_FALSE(before_user.ok);
    STATIC_REQUIRE(before_user.index == 1);
    STATIC_REQUIRE(before_user.broken == rule::login_required);
    STATIC_REQUIRE(before_user.reply == 530);
    constexpr sequence_result before_pass =
        check_sequence({verb::user, verb::acct, verb::pwd}, server_family::pureftpd);
    STATIC_REQUIRE_FALSE(before_pass.ok);
    STATIC_REQUIRE(before_pass.index == 2);
    STATIC_REQUIRE(check_sequence({verb::user, verb::acct, verb::pass, verb::pwd}, server_family::pureftpd).ok);
    recording_transport t;
    using after_acct = std::decay_t<decltype(make_session<server_family::pureftpd>(t).user("u").acct("x"))>;
    STATIC_REQUIRE(after_acct::state().login == login_state::need_pass);
}

TEST_CASE("a 1yz spelled out is completed with the command's own final reply: REIN 120 then 220") {
    // RFC 959 §5.4: REIN may be answered 120 and then 220; the session is then logged out, at USER (it was
    // completed with 226, which left it waiting for a greeting that had already come).
    recording_transport t;
    auto again = make_session(t).user("u").pass("p").send<verb::rein, 120>();
    using again_t = std::decay_t<decltype(again)>;
    STATIC_REQUIRE(again_t::state().login == login_state::need_user);
    STATIC_REQUIRE(again_t::allows<verb::user>());
    STATIC_REQUIRE(again_t::allows<verb::host>());
    std::move(again).user("carol");
    CHECK(t.lines.back() == "USER carol");
    // A transfer's 125 is completed with 226 as before.
    const auto after = make_session(t).user("u").pass("p").pasv().send<verb::retr, 125>("f");
    STATIC_REQUIRE(std::decay_t<decltype(after)>::allows<verb::pasv>());
}

TEST_CASE("EPSV takes a protocol number; EPSV ALL only through epsv_all()") {
    // RFC 2428 §3: "EPSV <net-prt>" asks for a listener of that protocol (1 IPv4, 2 IPv6), "EPSV ALL" forbids
    // every other set-up command. send<verb::epsv>(arg) does not compile (tests/compile_fail/epsv_all_by_argument.cpp):
    // a run-time argument cannot say which of the two it is.
    recording_transport t;
    auto two = make_session(t).user("u").pass("p").epsv(2);
    STATIC_REQUIRE(std::decay_t<decltype(two)>::allows<verb::pasv>());
    std::move(two).retr("f").epsv(1).list().epsv(12).nlst();
    CHECK(t.lines ==
          std::vector<std::string>{"USER u", "PASS p", "EPSV 2", "RETR f", "EPSV 1", "LIST", "EPSV 12", "NLST"});
    STATIC_REQUIRE_FALSE(std::decay_t<decltype(make_session(t).user("u").pass("p").epsv_all())>::allows<verb::pasv>());
}

TEST_CASE("site_help() is the SITE command ProFTPD and pyftpdlib answer before login") {
    // site_before_login.txt: SITE HELP 214, SITE CHMOD 530. site(text) cannot tell at compile time (see
    // tests/compile_fail/site_before_login_on_proftpd.cpp); site_help() says it.
    recording_transport t;
    auto proftpd = make_session<server_family::proftpd>(t);
    STATIC_REQUIRE_FALSE(std::decay_t<decltype(proftpd)>::allows<verb::site>());
    std::move(proftpd).site_help().user("u").pass("p").site("CHMOD 644 hello.txt");
    make_session<server_family::pyftpdlib>(t).site_help();
    CHECK(t.lines ==
          std::vector<std::string>{"SITE HELP", "USER u", "PASS p", "SITE CHMOD 644 hello.txt", "SITE HELP"});
}

TEST_CASE("stat() is the status request allowed before login, stat(path) needs the login") {
    // stat_path_before_login.txt: pyftpdlib 1.5.7 answers STAT 211 before login and STAT hello.txt 530; every
    // server recorded answers STAT with a path 530 before login (see
    // tests/compile_fail/stat_path_before_login.cpp).
    recording_transport t;
    auto pyftpdlib = make_session<server_family::pyftpdlib>(t);
    STATIC_REQUIRE(std::decay_t<decltype(pyftpdlib)>::allows<verb::stat>());
    std::move(pyftpdlib).stat().user("u").pass("p").stat("hello.txt").stat();
    make_session(t).stat();
    CHECK(t.lines == std::vector<std::string>{"STAT", "USER u", "PASS p", "STAT hello.txt", "STAT", "STAT"});
}

TEST_CASE("a session for a server family applies that family's rules") {
    recording_transport t;
    // vsftpd keeps RNFR across NOOP, so this compiles for vsftpd (and would not for rfc959).
    make_session<server_family::vsftpd>(t).user("u").pass("p").rnfr("a").noop().rnto("b");
    STATIC_REQUIRE_FALSE(logged_in_session<recording_transport, server_family::vsftpd>::allows<verb::user>());
    STATIC_REQUIRE(logged_in_session<recording_transport>::allows<verb::user>());
    CHECK(t.lines.size() == 5);
    // ProFTPD refuses PWD between RNFR and RNTO (tests/compile_fail/rnfr_only_rnto_on_proftpd.cpp); the generic
    // reading answers it (and then refuses the RNTO), vsftpd answers both.
    using after_rnfr = decltype(make_session(t).user("u").pass("p").rnfr("a"));
    using proftpd_after_rnfr = decltype(make_session<server_family::proftpd>(t).user("u").pass("p").rnfr("a"));
    STATIC_REQUIRE(after_rnfr::allows<verb::pwd>());
    STATIC_REQUIRE_FALSE(proftpd_after_rnfr::allows<verb::pwd>());
    STATIC_REQUIRE(proftpd_after_rnfr::allows<verb::noop>());
    STATIC_REQUIRE(proftpd_after_rnfr::allows<verb::rnto>());
    make_session<server_family::vsftpd>(t).user("u").pass("p").rnfr("a").pwd().rnto("b");
    CHECK(t.lines.size() == 10);
}

namespace {

// Verbs of the exhaustive comparison: every rule can fire with these (EPSV ALL counted as one of them).
const std::array<step, 20> alphabet = {
    step{verb::user}, step{verb::pass}, step{verb::acct}, step{verb::host}, step{verb::rein},
    step{verb::quit}, step{verb::pasv}, epsv_all_step(),  step{verb::epsv}, step{verb::retr},
    step{verb::list}, step{verb::rest}, step{verb::rnfr}, step{verb::rnto}, step{verb::noop},
    step{verb::auth}, step{verb::pbsz}, step{verb::prot}, step{verb::ccc},  step{verb::abor},
};

struct walk_counts {
    std::size_t sequences = 0;
    std::size_t disagreements = 0;
    std::size_t rejected = 0;
    std::array<bool, rule_count> fired{};
};

// Depth-first over every sequence of `letters` up to max_length: at each sequence, check_sequence (the packed,
// compile-time path the typed session uses) must report the same first violation as the runtime sequencer fed real
// success replies one by one (checked before each command, stopped at the first refusal). A verb outside the command
// table (unlisted_step) goes to the sequencer's own calls for it, check_unlisted and on_unlisted_command, with no
// reply: check_sequence must read the step as they do.
template <std::size_t N>
void walk(const std::array<step, N>& letters, std::vector<step>& seq, sequencer runtime, bool runtime_broken,
          std::size_t runtime_index, rule runtime_rule, std::uint16_t runtime_reply, std::size_t max_length,
          server_family family, walk_counts& counts) {
    for (const step& c : letters) {
        seq.push_back(c);
        sequencer next = runtime;
        bool broken = runtime_broken;
        std::size_t index = runtime_index;
        rule r = runtime_rule;
        std::uint16_t reply = runtime_reply;
        if (!broken) {
            const verdict d = c.unlisted ? next.check_unlisted() : next.check(c);
            if (!d.accepted) {
                broken = true;
                index = seq.size() - 1;
                r = d.broken;
                reply = d.reply;
            } else if (c.unlisted) {
                next.on_unlisted_command();
            } else {
                next.on_command(c);
                const success_replies sr = success_path(c, family);
                next.on_reply(sr.first);
                if (sr.final != 0) next.on_reply(sr.final);
            }
        }
        const sequence_result compiled = check_sequence(seq.data(), seq.size(), family);
        ++counts.sequences;
        if (!compiled.ok) counts.fired[static_cast<std::size_t>(compiled.broken)] = true;
        if (broken) ++counts.rejected;
        const bool agree =
            compiled.ok == !broken &&
            (compiled.ok || (compiled.index == index && compiled.broken == r && compiled.reply == reply));
        if (!agree) ++counts.disagreements;
        if (seq.size() < max_length) walk(letters, seq, next, broken, index, r, reply, max_length, family, counts);
        seq.pop_back();
    }
}

template <std::size_t N>
walk_counts walk_all(const std::array<step, N>& letters, std::size_t max_length, server_family family) {
    walk_counts counts;
    std::vector<step> seq;
    walk(letters, seq, sequencer::after_greeting(family), false, 0, rule::session_closed, 0, max_length, family,
         counts);
    return counts;
}

// The commands a verb outside the command table can come between: the login, RNFR/RNTO, REST and the data port.
const std::array<step, 9> alphabet_with_unlisted = {
    step{verb::user}, step{verb::pass}, step{verb::rnfr}, step{verb::rnto}, step{verb::rest},
    step{verb::pasv}, step{verb::retr}, step{verb::quit}, unlisted_step(),
};

}  // namespace

TEST_CASE("the runtime sequencer and the constexpr check agree on every sequence up to length 5") {
    const walk_counts counts = walk_all(alphabet, 5, server_family::rfc959);
    // 20 + 20^2 + ... + 20^5 sequences
    CHECK(counts.sequences == 20 + 400 + 8000 + 160000 + 3200000);
    CHECK(counts.disagreements == 0);
    CHECK(counts.rejected > 0);
    CHECK(counts.rejected < counts.sequences);
    // Every rule reachable from this alphabet on the success path fired at least once; the client-side ones
    // (greeting, reply pending, transfer open) cannot happen when every command completes, nor the ones whose
    // verbs are not in the alphabet (ADAT, MIC/CONF/ENC) or that rfc959 does not enforce (USER after login, RNFR
    // then another command, AUTH after login or twice, HOST after AUTH, APPE or STOU after REST, a restart or SIZE in
    // ASCII).
    for (std::size_t i = 0; i < rule_count; ++i) {
        const rule r = static_cast<rule>(i);
        const bool reachable =
            r != rule::greeting_first && r != rule::wait_for_reply && r != rule::transfer_in_progress &&
            r != rule::adat_after_auth && r != rule::protected_command_after_auth && r != rule::user_after_login &&
            r != rule::rnfr_only_rnto && r != rule::auth_before_login && r != rule::auth_once &&
            r != rule::host_before_auth && r != rule::rest_before_append && r != rule::resume_needs_image_type &&
            r != rule::size_needs_image_type && r != rule::argument_syntax;  // the alphabet's steps carry no argument
        INFO(to_string(r));
        CHECK(counts.fired[i] == reachable);
    }
}

TEST_CASE("the runtime sequencer and the constexpr check agree for every server family up to length 4") {
    for (std::size_t f = 0; f < server_family_count; ++f) {
        const server_family family = static_cast<server_family>(f);
        INFO(to_string(family));
        const walk_counts counts = walk_all(alphabet, 4, family);
        CHECK(counts.sequences == 20 + 400 + 8000 + 160000);
        CHECK(counts.disagreements == 0);
    }
}

TEST_CASE("check_sequence reads a verb outside the command table as the runtime sequencer's own calls for it do") {
    for (std::size_t f = 0; f < server_family_count; ++f) {
        const server_family family = static_cast<server_family>(f);
        INFO(to_string(family));
        const walk_counts counts = walk_all(alphabet_with_unlisted, 5, family);
        CHECK(counts.sequences == 9 + 81 + 729 + 6561 + 59049);
        CHECK(counts.disagreements == 0);
        CHECK(counts.rejected > 0);
    }
}

namespace {

// The same agreement evaluated by the compiler: every pair and triple of a smaller alphabet.
constexpr std::array<step, 12> small_alphabet = {
    step{verb::user}, step{verb::pass}, step{verb::pasv}, epsv_all_step(),  step{verb::retr}, step{verb::rest},
    step{verb::rnfr}, step{verb::rnto}, step{verb::auth}, step{verb::pbsz}, step{verb::prot}, step{verb::quit},
};

constexpr bool agrees(const step* seq, std::size_t n) {
    sequencer s = sequencer::after_greeting();
    std::size_t index = n;
    rule r = rule::session_closed;
    for (std::size_t i = 0; i < n; ++i) {
        const verdict d = s.check(seq[i]);
        if (!d.accepted) {
            index = i;
            r = d.broken;
            break;
        }
        s.on_command(seq[i]);
        s.on_reply(success_path(seq[i]).first);
        if (success_path(seq[i]).final != 0) s.on_reply(success_path(seq[i]).final);
    }
    const sequence_result c = check_sequence(seq, n);
    return index == n ? c.ok : (!c.ok && c.index == index && c.broken == r);
}

// The triples that start with small_alphabet[First]: one constant evaluation each, so that each stays well within
// Clang's default step limit (all 1,728 triples in one evaluation came within 5 % of it).
template <std::size_t First>
constexpr bool triples_agree() {
    for (const step& b : small_alphabet)
        for (const step& c : small_alphabet) {
            const step seq[3] = {small_alphabet[First], b, c};
            if (!agrees(seq, 3)) return false;
        }
    return true;
}

template <std::size_t... First>
constexpr bool all_triples_agree(std::index_sequence<First...>) {
    return (std::integral_constant<bool, triples_agree<First>()>::value && ...);
}

}  // namespace

TEST_CASE("the agreement holds in constant evaluation too") {
    STATIC_REQUIRE(all_triples_agree(std::make_index_sequence<small_alphabet.size()>{}));
}

namespace {

struct nothrow_transport {
    void send_command(verb, std::string_view) noexcept {}
};

// Takes the argument by non-const reference: the session passes a named string_view (a review found the first
// noexcept test, made with a temporary, rejecting this transport).
struct reference_transport {
    int sent = 0;
    void send_command(verb, std::string_view&) { ++sent; }
};

}  // namespace

TEST_CASE("a typed session is move-only, and its calls are noexcept when the transport's send_command is") {
    // A copy would hold the state of the session it was copied from: two RETRs on one EPSV would compile.
    using session = basic_session<recording_transport>;
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<session>);
    STATIC_REQUIRE_FALSE(std::is_copy_assignable_v<session>);
    STATIC_REQUIRE(std::is_nothrow_move_constructible_v<session>);
    nothrow_transport quiet;
    STATIC_REQUIRE(noexcept(make_session(quiet).user("u").pass("p").epsv_all()));
    recording_transport t;
    STATIC_REQUIRE_FALSE(noexcept(make_session(t).noop()));
    auto s = make_session(t).user("u");
    auto logged_in = std::move(s).pass("p");  // moved, not copied
    std::move(logged_in).pwd();
    CHECK(t.lines == std::vector<std::string>{"USER u", "PASS p", "PWD"});
    reference_transport r;
    make_session(r).user("u").pass("p").noop();
    CHECK(r.sent == 3);
}

// MFMT, CLNT and the like within a typed session: judged by the rules about every command, as check_sequence and the
// runtime sequencer judge them (tests/data/servers/*/unlisted_verbs*.txt for the families).
TEST_CASE("send_unlisted sends a verb outside the command table through the transport and keeps the session's rules") {
    text_verb_transport t;
    auto renamed = make_session<server_family::vsftpd>(t)
                       .user("u")
                       .pass("p")
                       .send_unlisted<clnt>("ftpwire")
                       .rnfr("a")
                       .send_unlisted<mfmt>("20240102101500 a")  // vsftpd keeps the RNFR
                       .rnto("b")
                       .pasv()
                       .send_unlisted<clnt>()
                       .retr("f");  // and the data port
    static_cast<void>(renamed);
    CHECK(t.lines == std::vector<std::string>{"USER u", "PASS p", "CLNT ftpwire", "RNFR a", "MFMT 20240102101500 a",
                                              "RNTO b", "PASV", "CLNT", "RETR f"});

    // The state after it is the runtime sequencer's after on_unlisted_command, in every reading.
    using strict = decltype(make_session(t).user("u").pass("p").rnfr("a").send_unlisted<clnt>());
    STATIC_REQUIRE_FALSE(strict::state().has(flag::rnfr_pending));  // RFC 959 §4.1.3: RNTO must follow at once
    STATIC_REQUIRE_FALSE(strict::allows<verb::rnto>());
    sequencer runtime = run_success_path({verb::user, verb::pass, verb::rnfr}, server_family::rfc959);
    runtime.on_unlisted_command();
    CHECK(strict::state() == runtime.state());
    using kept = decltype(make_session<server_family::pureftpd>(t).user("u").pass("p").rnfr("a").send_unlisted<clnt>());
    STATIC_REQUIRE(kept::state().has(flag::rnfr_pending));

    // Where the family refuses it: before the login on vsftpd and Pure-FTPd, between RNFR and RNTO on ProFTPD.
    STATIC_REQUIRE(ready_session<text_verb_transport>::allows_unlisted());
    STATIC_REQUIRE_FALSE(ready_session<text_verb_transport, server_family::vsftpd>::allows_unlisted());
    STATIC_REQUIRE_FALSE(ready_session<text_verb_transport, server_family::pureftpd>::allows_unlisted());
    STATIC_REQUIRE(ready_session<text_verb_transport, server_family::pyftpdlib>::allows_unlisted());
    using proftpd_rnfr = decltype(make_session<server_family::proftpd>(t).user("u").pass("p").rnfr("a"));
    STATIC_REQUIRE_FALSE(proftpd_rnfr::allows_unlisted());
    using closed = decltype(make_session(t).quit());
    STATIC_REQUIRE_FALSE(closed::allows_unlisted());

    // noexcept as the transport's send_command for text verbs is.
    nothrow_text_verb_transport quiet;
    STATIC_REQUIRE(noexcept(make_session(quiet).send_unlisted<clnt>("x")));
    STATIC_REQUIRE_FALSE(noexcept(make_session(t).send_unlisted<clnt>("x")));
    STATIC_REQUIRE(detail::sends_verb_text<text_verb_transport>::value);
    STATIC_REQUIRE_FALSE(detail::sends_verb_text<recording_transport>::value);
    STATIC_REQUIRE(detail::is_verb_name("XSHA256"));
    STATIC_REQUIRE_FALSE(detail::is_verb_name("1ABC"));
    STATIC_REQUIRE_FALSE(detail::is_verb_name("MF MT"));
    STATIC_REQUIRE_FALSE(detail::is_verb_name(""));
}

TEST_CASE("EPSV ALL, EPSV <proto> and SITE HELP take a reply too: a refused EPSV ALL lets PASV follow") {
    // A server without EPSV ALL answers 500/502 and leaves PASV allowed (RFC 2428 §3 binds only an accepted
    // EPSV ALL); EPSV 2 answered 522 (RFC 2428 §3: protocol not supported) sets up no data port.
    recording_transport t;
    auto refused_all = make_session(t).user("u").pass("p").epsv_all<502>();
    STATIC_REQUIRE_FALSE(decltype(refused_all)::state().has(flag::epsv_all));
    std::move(refused_all).pasv().retr("f");
    auto refused_v6 = make_session(t).user("u").pass("p").epsv<522>(2);
    STATIC_REQUIRE_FALSE(decltype(refused_v6)::state().has(flag::data_port_ready));
    STATIC_REQUIRE_FALSE(decltype(refused_v6)::allows<verb::retr>());
    std::move(refused_v6).epsv(1).retr("g");
    auto help = make_session<server_family::proftpd>(t).site_help<214>();
    STATIC_REQUIRE_FALSE(decltype(help)::logged_in());
    CHECK(t.lines == std::vector<std::string>{"USER u", "PASS p", "EPSV ALL", "PASV", "RETR f", "USER u", "PASS p",
                                              "EPSV 2", "EPSV 1", "RETR g", "SITE HELP"});
    // The runtime sequencer fed the same replies agrees.
    sequencer r = sequencer::after_greeting();
    for (auto [v, arg, code] : {std::tuple{verb::user, "u", 331}, {verb::pass, "p", 230}, {verb::epsv, "ALL", 502}}) {
        r.on_command(v, arg);
        r.on_reply(code);
    }
    CHECK(r.check(verb::pasv).accepted);
}
