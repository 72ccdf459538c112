#include "catch.hpp"

#include <ftpwire/reply_code.hpp>

#include <cstddef>
#include <string>
#include <string_view>

using namespace ftpwire;

namespace {

constexpr int rfc959_codes[] = {110, 120, 125, 150, 200, 202, 211, 212, 213, 214, 215, 220, 221,
                                225, 226, 227, 230, 250, 257, 331, 332, 350, 421, 425, 426, 450,
                                451, 452, 500, 501, 502, 503, 504, 530, 532, 550, 551, 552, 553};
constexpr int rfc1639_codes[] = {228, 521};
constexpr int rfc2228_codes[] = {232, 234, 235, 334, 335, 336, 431, 533, 534, 535, 536, 537, 631, 632, 633};
constexpr int rfc2428_codes[] = {229, 522};

bool mentions(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

template <std::size_t N>
void require_all_listed_with_rfc(const int (&codes)[N], std::string_view rfc) {
    for (int code : codes) {
        INFO("code " << code);
        const reply_code_lookup e = find_reply_code(code);
        REQUIRE(e.has_value());
        CHECK(e->code == code);
        CHECK(mentions(e->rfc, rfc));
    }
}

constexpr bool table_is_sorted_and_unique() {
    for (std::size_t i = 1; i < reply_codes().size(); ++i)
        if (reply_codes()[i - 1].code >= reply_codes()[i].code) return false;
    return true;
}

}  // namespace

TEST_CASE("the table is sorted by code and has no duplicates") {
    STATIC_REQUIRE(table_is_sorted_and_unique());
    CHECK(reply_codes().size() >= 60);
}

TEST_CASE("every table entry has every text field filled in") {
    for (const reply_code_info& e : reply_codes()) {
        INFO("code " << e.code);
        CHECK_FALSE(e.name.empty());
        CHECK_FALSE(e.text.empty());
        CHECK_FALSE(e.description.empty());
        CHECK_FALSE(e.when.empty());
        CHECK_FALSE(e.fix.empty());
        CHECK_FALSE(e.replies_to.empty());
        CHECK_FALSE(e.rfc.empty());
        CHECK(e.rfc.substr(0, 4) == "RFC ");
    }
}

TEST_CASE("each entry's class and category agree with its first and second digit") {
    for (const reply_code_info& e : reply_codes()) {
        INFO("code " << e.code);
        CHECK(static_cast<int>(e.cls) == e.code / 100);
        // RFC 2228 §5.2 gives a protected reply's second digit no meaning.
        if (e.cls == reply_class::protected_reply)
            CHECK(e.category == reply_category::unassigned);
        else
            CHECK(static_cast<int>(e.category) == e.code / 10 % 10);
        CHECK(e.cls == class_of(e.code));
        CHECK(e.category == category_of(e.code));
    }
}

TEST_CASE("every entry can be found by its code and by nothing else") {
    std::size_t found = 0;
    for (int code = -5; code <= 1005; ++code) {
        const reply_code_lookup e = find_reply_code(code);
        if (!e) continue;
        ++found;
        CHECK(e->code == code);
    }
    CHECK(found == reply_codes().size());
}

TEST_CASE("every code of RFC 959, 1639, 2228 and 2428 is in the table with its RFC") {
    require_all_listed_with_rfc(rfc959_codes, "RFC 959");
    require_all_listed_with_rfc(rfc1639_codes, "RFC 1639");
    require_all_listed_with_rfc(rfc2228_codes, "RFC 2228");
    require_all_listed_with_rfc(rfc2428_codes, "RFC 2428");
}

TEST_CASE("codes that extensions give a meaning name those RFCs and say so in when") {
    CHECK(mentions(find_reply_code(211)->rfc, "RFC 2389"));
    CHECK(mentions(find_reply_code(211)->when, "FEAT"));
    CHECK(mentions(find_reply_code(213)->rfc, "RFC 3659"));
    CHECK(mentions(find_reply_code(213)->when, "SIZE"));
    CHECK(mentions(find_reply_code(213)->when, "MDTM"));
    CHECK(mentions(find_reply_code(350)->rfc, "RFC 3659"));
    CHECK(mentions(find_reply_code(350)->when, "REST STREAM"));
    CHECK(mentions(find_reply_code(501)->rfc, "RFC 2389"));
    CHECK(mentions(find_reply_code(501)->when, "OPTS"));
    CHECK(mentions(find_reply_code(504)->rfc, "RFC 2640"));
    CHECK(mentions(find_reply_code(504)->when, "LANG"));
    CHECK(mentions(find_reply_code(550)->when, "MLST"));
    CHECK(mentions(find_reply_code(534)->when, "AUTH"));
    CHECK(mentions(find_reply_code(534)->when, "PROT"));
    CHECK(mentions(find_reply_code(220)->rfc, "RFC 7151"));
    CHECK(mentions(find_reply_code(220)->when, "HOST"));
    CHECK(mentions(find_reply_code(503)->rfc, "RFC 7151"));
    CHECK(mentions(find_reply_code(521)->rfc, "RFC 4217"));
    CHECK(mentions(find_reply_code(522)->rfc, "RFC 4217"));
    CHECK(mentions(find_reply_code(554)->rfc, "RFC 1123"));
    // RFC 959 Appendix II used 521 ("directory already exists") and 431 ("No such directory") in examples.
    CHECK(find_reply_code(521)->rfc == "RFC 1639, RFC 959, RFC 4217");
    CHECK(find_reply_code(431)->rfc == "RFC 2228, RFC 959");
    // RFC 2228 §8.2 lists 530 for PBSZ and PROT; RFC 3659 §7.2.1 lists 530 and 504 for MLST and MLSD.
    CHECK(mentions(find_reply_code(530)->rfc, "RFC 2228"));
    CHECK(mentions(find_reply_code(530)->rfc, "RFC 3659"));
    CHECK(mentions(find_reply_code(504)->rfc, "RFC 3659"));
    CHECK(mentions(find_reply_code(504)->replies_to, "MLSD"));
}

TEST_CASE("reply texts are the RFCs' canonical texts") {
    CHECK(find_reply_code(503)->text == "Bad sequence of commands.");
    CHECK(find_reply_code(120)->text == "Service ready in nnn minutes.");
    CHECK(find_reply_code(227)->text == "Entering Passive Mode (h1,h2,h3,h4,p1,p2).");
    CHECK(find_reply_code(451)->text == "Requested action aborted: local error in processing.");
    CHECK(find_reply_code(521)->text == "Supported address families are (af1, af2, ..., afn)");
    CHECK(find_reply_code(534)->text == "Request denied for policy reasons.");
    // RFC 959 §4.2.2 lists 110 as "Restart marker reply." and then demands the text "MARK yyyy = mmmm".
    CHECK(find_reply_code(110)->text == "Restart marker reply.");
    CHECK(mentions(find_reply_code(110)->description, "\"MARK yyyy = mmmm\""));
    // RFC 2428 §2 and §3 give the forms, with placeholders, as RFC 959 does for 227; the example values go to
    // the description.
    CHECK(find_reply_code(229)->text ==
          "<text indicating server is entering extended passive mode> (<d><d><d><tcp-port><d>)");
    CHECK(find_reply_code(522)->text ==
          "<text stating that the network protocol is unsupported> (prot1,prot2,...,protn)");
    CHECK(mentions(find_reply_code(229)->description, "(|||6446|)"));
    CHECK(mentions(find_reply_code(522)->description, "use (1,2)"));
}

TEST_CASE("120 is a positive preliminary reply about connections") {
    STATIC_REQUIRE(find_reply_code(120).has_value());
    STATIC_REQUIRE(find_reply_code(120)->cls == reply_class::positive_preliminary);
    STATIC_REQUIRE(find_reply_code(120)->category == reply_category::connections);
    STATIC_REQUIRE(is_positive(120));
    STATIC_REQUIRE(is_preliminary(120));
    STATIC_REQUIRE_FALSE(is_completion(120));
    CHECK(find_reply_code(120)->name == "Service ready soon");
    CHECK(mentions(find_reply_code(120)->fix, "220"));
}

TEST_CASE("503 is a permanent negative completion reply about syntax") {
    STATIC_REQUIRE(find_reply_code(503)->cls == reply_class::permanent_negative);
    STATIC_REQUIRE(find_reply_code(503)->category == reply_category::syntax);
    STATIC_REQUIRE(is_negative(503));
    STATIC_REQUIRE(is_permanent(503));
    STATIC_REQUIRE(is_completion(503));
    STATIC_REQUIRE_FALSE(is_transient(503));
    CHECK(find_reply_code(503)->name == "Bad sequence of commands");
    CHECK(mentions(find_reply_code(503)->when, "PASS before USER"));
    CHECK(mentions(find_reply_code(503)->when, "RNTO without"));
    CHECK(mentions(find_reply_code(503)->when, "PASV"));
}

TEST_CASE("425 explains passive versus active mode and firewalls") {
    const reply_code_lookup e = find_reply_code(425);
    REQUIRE(e);
    CHECK(mentions(e->description, "passive mode"));
    CHECK(mentions(e->description, "active mode"));
    CHECK(mentions(e->when, "firewall"));
    CHECK(mentions(e->when, "NAT"));
    CHECK(mentions(e->fix, "EPSV"));
}

TEST_CASE("class and category names read as the RFC names them") {
    STATIC_REQUIRE(to_string(reply_class::positive_preliminary) == "positive preliminary");
    STATIC_REQUIRE(to_string(reply_class::permanent_negative) == "permanent negative completion");
    STATIC_REQUIRE(to_string(reply_class::protected_reply) == "protected");
    STATIC_REQUIRE(to_string(reply_class::invalid) == "invalid");
    STATIC_REQUIRE(to_string(reply_category::syntax) == "syntax");
    STATIC_REQUIRE(to_string(reply_category::authentication_and_accounting) == "authentication and accounting");
    STATIC_REQUIRE(to_string(reply_category::unspecified) == "unspecified");
    STATIC_REQUIRE(to_string(reply_category::file_system) == "file system");
    STATIC_REQUIRE(to_string(reply_category::unassigned) == "unassigned");
}

TEST_CASE("the class predicates follow the first digit") {
    STATIC_REQUIRE(is_positive(150) && is_positive(226) && is_positive(331));
    STATIC_REQUIRE(!is_positive(421) && !is_positive(631) && !is_positive(99));
    STATIC_REQUIRE(is_negative(421) && is_negative(550) && !is_negative(631));
    STATIC_REQUIRE(is_intermediate(350) && !is_intermediate(250));
    STATIC_REQUIRE(is_completion(226) && is_completion(451) && is_completion(550));
    STATIC_REQUIRE(!is_completion(150) && !is_completion(331) && !is_completion(631));
    STATIC_REQUIRE(is_positive_completion(200) && !is_positive_completion(150));
    STATIC_REQUIRE(is_transient(425) && !is_transient(525));
    STATIC_REQUIRE(is_protected(632) && !is_protected(232));
    STATIC_REQUIRE(is_preliminary(reply_class::positive_preliminary));
}

TEST_CASE("valid means 100 to 699, whatever the second digit") {
    STATIC_REQUIRE(is_valid_reply_code(100));
    STATIC_REQUIRE(is_valid_reply_code(699));
    STATIC_REQUIRE(is_valid_reply_code(299));
    STATIC_REQUIRE(is_valid_reply_code(160));
    STATIC_REQUIRE_FALSE(is_valid_reply_code(99));
    STATIC_REQUIRE_FALSE(is_valid_reply_code(700));
    STATIC_REQUIRE_FALSE(is_valid_reply_code(0));
    STATIC_REQUIRE_FALSE(is_valid_reply_code(-503));
    STATIC_REQUIRE(category_of(160) == reply_category::unassigned);
    STATIC_REQUIRE(category_of(299) == reply_category::unassigned);
    STATIC_REQUIRE(category_of(245) == reply_category::unspecified);
    STATIC_REQUIRE(class_of(700) == reply_class::invalid);
    STATIC_REQUIRE(category_of(700) == reply_category::invalid);
}

TEST_CASE("explaining a known code copies the table entry") {
    constexpr reply_code_explanation e = explain(503);
    STATIC_REQUIRE(e.known());
    STATIC_REQUIRE(e.entry == find_reply_code(503).get());
    STATIC_REQUIRE(e.cls == reply_class::permanent_negative);
    CHECK(e.name == e.entry->name);
    CHECK(e.when == e.entry->when);
    CHECK(e.class_meaning == class_meaning(reply_class::permanent_negative));
}

TEST_CASE("an unknown but valid code is explained by its class and category") {
    constexpr reply_code_explanation e = explain(299);
    STATIC_REQUIRE(e.status == reply_code_status::unknown);
    STATIC_REQUIRE(e.valid());
    STATIC_REQUIRE_FALSE(e.known());
    STATIC_REQUIRE(e.cls == reply_class::positive_completion);
    STATIC_REQUIRE(e.category == reply_category::unassigned);
    STATIC_REQUIRE(e.entry == nullptr);
    CHECK(e.class_meaning == class_meaning(reply_class::positive_completion));
    CHECK(e.fix == class_advice(reply_class::positive_completion));
    CHECK_FALSE(e.description.empty());

    constexpr reply_code_explanation f = explain(455);
    STATIC_REQUIRE(f.cls == reply_class::transient_negative);
    STATIC_REQUIRE(f.category == reply_category::file_system);
    CHECK(f.category_meaning == category_meaning(reply_category::file_system));
}

TEST_CASE("invalid numbers are reported as invalid without touching the table") {
    for (int code : {0, 99, 700, 1000, -1, -503, 2147483647, -2147483647 - 1}) {
        INFO("code " << code);
        const reply_code_explanation e = explain(code);
        CHECK(e.status == reply_code_status::invalid);
        CHECK_FALSE(e.valid());
        CHECK(e.cls == reply_class::invalid);
        CHECK(e.category == reply_category::invalid);
        CHECK(e.entry == nullptr);
        CHECK_FALSE(find_reply_code(code).has_value());
        CHECK(find_reply_code(code).get() == nullptr);
        CHECK(mentions(e.description, "three digits"));
    }
}

TEST_CASE("comparing 120 and 503 reports the differences a reference page lists") {
    constexpr reply_code_comparison c = compare(120, 503);
    STATIC_REQUIRE_FALSE(c.same_class);
    STATIC_REQUIRE_FALSE(c.same_category);
    STATIC_REQUIRE(c.a.code == 120);
    STATIC_REQUIRE(c.b.code == 503);
    STATIC_REQUIRE(c.has(difference_kind::outcome));
    STATIC_REQUIRE(c.has(difference_kind::reply_class));
    STATIC_REQUIRE(c.has(difference_kind::client_action));
    STATIC_REQUIRE(c.has(difference_kind::category));
    STATIC_REQUIRE(c.has(difference_kind::replies_to));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::retry));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::detail));
    for (const reply_code_difference& d : c) {
        CHECK_FALSE(d.summary.empty());
        CHECK_FALSE(d.a.empty());
        CHECK_FALSE(d.b.empty());
        CHECK(d.a != d.b);
    }
    CHECK(mentions(c.deciding_rule, "outcome"));
    CHECK(c.use_a.replies_to == find_reply_code(120)->replies_to);
    CHECK(c.use_b.class_rule == class_server_rule(reply_class::permanent_negative));
    CHECK(c.use_a.category_rule == category_meaning(reply_category::connections));
}

TEST_CASE("comparing a transient and a permanent refusal is about retrying") {
    constexpr reply_code_comparison c = compare(450, 550);
    STATIC_REQUIRE(c.same_category);
    STATIC_REQUIRE_FALSE(c.same_class);
    STATIC_REQUIRE(c.has(difference_kind::retry));
    STATIC_REQUIRE(c.has(difference_kind::client_action));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::reply_class));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::outcome));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::category));
    CHECK(mentions(c.deciding_rule, "sent again unchanged"));
}

TEST_CASE("comparing codes of the same class and category points at the third digit") {
    constexpr reply_code_comparison c = compare(500, 501);
    STATIC_REQUIRE(c.same_class);
    STATIC_REQUIRE(c.same_category);
    STATIC_REQUIRE(c.has(difference_kind::detail));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::reply_class));
    CHECK(mentions(c.deciding_rule, "third digit"));
}

TEST_CASE("codes whose second digits are both unassigned are still in different categories") {
    // 6-9 in the second digit all read "unassigned" (RFC 959 §4.2 defines x0z-x5z): 160 and 190 differ in
    // that digit and share the third.
    constexpr reply_code_comparison c = compare(160, 190);
    STATIC_REQUIRE(c.same_class);
    STATIC_REQUIRE_FALSE(c.same_category);
    STATIC_REQUIRE(c.has(difference_kind::category));
    STATIC_REQUIRE_FALSE(c.has(difference_kind::detail));
    STATIC_REQUIRE_FALSE(compare(560, 570).same_category);
    STATIC_REQUIRE(compare(163, 168).same_category);
    STATIC_REQUIRE(compare(163, 168).has(difference_kind::detail));
}

namespace {
constexpr bool says(std::string_view text, std::string_view what) { return text.find(what) != std::string_view::npos; }
}  // namespace

TEST_CASE("the deciding rule of codes that differ in an unassigned second digit is about the second digit") {
    // 6-9 in the second digit all read "unassigned": the rule must follow the digits, as same_category does,
    // and say that neither digit means anything rather than list categories that do not apply.
    STATIC_REQUIRE_FALSE(compare(160, 170).same_category);
    STATIC_REQUIRE(says(compare(160, 170).deciding_rule, "second digit"));
    STATIC_REQUIRE(says(compare(160, 170).deciding_rule, "neither has a meaning"));
    STATIC_REQUIRE_FALSE(says(compare(160, 170).deciding_rule, "file system"));
    STATIC_REQUIRE_FALSE(says(compare(160, 170).deciding_rule, "third digit"));
    STATIC_REQUIRE(says(compare(299, 250).deciding_rule, "only one of them has a meaning"));
    STATIC_REQUIRE(says(compare(561, 571).deciding_rule, "second digit"));
    STATIC_REQUIRE_FALSE(says(compare(561, 571).deciding_rule, "third digit"));
    STATIC_REQUIRE(says(compare(299, 250).deciding_rule, "second digit"));
    STATIC_REQUIRE(says(compare(163, 168).deciding_rule, "third digit"));
    // Every pair of codes in one class (6yz aside, which has its own rule) agrees with same_category.
    for (int cls = 1; cls <= 5; ++cls)
        for (int a = cls * 100; a < cls * 100 + 100; ++a)
            for (int b = cls * 100; b < cls * 100 + 100; ++b) {
                if (a == b) continue;
                const reply_code_comparison c = compare(a, b);
                INFO(a << " " << b);
                REQUIRE(says(c.deciding_rule, "third digit") == c.same_category);
                REQUIRE(c.has(difference_kind::detail) == c.same_category);
            }
}

TEST_CASE("a protected 6yz reply compared with a refusal is described as wrapping one") {
    // RFC 2228 §5.2: a 6yz reply's outcome is that of the reply inside it; neither of 633 and 530 accepts.
    constexpr reply_code_comparison c = compare(633, 530);
    REQUIRE(c.has(difference_kind::outcome));
    for (const reply_code_difference& d : c)
        if (d.kind == difference_kind::outcome) {
            CHECK(mentions(d.summary, "wraps"));
            CHECK_FALSE(mentions(d.summary, "one accepts"));
        }
    CHECK(mentions(compare(200, 550).differences[0].summary, "one accepts"));
    // Unknown 6yz codes cite the RFC that defines the class, for the first digit only: RFC 2228 §5.2 defines
    // 631-633 and gives no 6yz second digit a category.
    STATIC_REQUIRE(explain(650).rfc == "RFC 2228 §5.2 (first digit only)");
    STATIC_REQUIRE(explain(600).rfc == "RFC 2228 §5.2 (first digit only)");
    STATIC_REQUIRE(explain(690).rfc == "RFC 2228 §5.2 (first digit only)");
    STATIC_REQUIRE(explain(590).rfc == "RFC 959 §4.2 (first digit only)");
    STATIC_REQUIRE(explain(455).rfc == "RFC 959 §4.2");
}

TEST_CASE("a protected reply's second digit is no category") {
    // RFC 2228 §5.2 defines 631-633 by their protection; what a 6yz reply is about is its inner reply's subject.
    STATIC_REQUIRE(category_of(600) == reply_category::unassigned);
    STATIC_REQUIRE(category_of(650) == reply_category::unassigned);
    STATIC_REQUIRE(category_of(631) == reply_category::unassigned);
    STATIC_REQUIRE(explain(650).category == reply_category::unassigned);
    CHECK(explain(650).category_meaning != category_meaning(reply_category::file_system));
    CHECK(mentions(explain(631).category_meaning, "wrapped inside"));
    CHECK(mentions(explain(650).description, "only the first digit"));
    // 631-633 are not "about login" as 230 and 530 are.
    STATIC_REQUIRE_FALSE(compare(631, 230).same_category);
    STATIC_REQUIRE_FALSE(compare(633, 530).same_category);
    STATIC_REQUIRE(compare(633, 530).has(difference_kind::category));
    STATIC_REQUIRE(compare(631, 632).same_category);  // same digit, and the third gives the protection
}

TEST_CASE("two protected replies are compared by the protection of the command they answer") {
    // RFC 2228 §7: a reply carries the protection of its command; §3 and §5.2 pair MIC with 631 ("safe"),
    // ENC with 632 ("private"), CONF with 633 ("confidential").
    constexpr reply_code_comparison c = compare(631, 632);
    CHECK_FALSE(mentions(c.deciding_rule, "not an alternative"));
    CHECK(mentions(c.deciding_rule, "RFC 2228 §7"));
    CHECK(mentions(c.deciding_rule, "631 for MIC, 632 for ENC, 633 for CONF"));
    CHECK(compare(633, 650).deciding_rule == c.deciding_rule);
    CHECK(mentions(find_reply_code(631)->when, "MIC"));
    CHECK(mentions(find_reply_code(632)->when, "ENC"));
    CHECK(mentions(find_reply_code(633)->when, "CONF"));
}

TEST_CASE("codes whose second digits both lack a meaning are compared by saying so") {
    constexpr reply_code_comparison c = compare(160, 170);
    REQUIRE(c.has(difference_kind::category));
    for (const reply_code_difference& d : c)
        if (d.kind == difference_kind::category) {
            CHECK(mentions(d.summary, "neither digit has a meaning"));
            CHECK(d.a != d.b);
            CHECK(mentions(d.a, "second digit 6"));
            CHECK(mentions(d.b, "second digit 7"));
            CHECK_FALSE(mentions(d.a, "No RFC assigns a meaning to this second digit"));
        }
    constexpr reply_code_comparison p = compare(631, 650);
    for (const reply_code_difference& d : p)
        if (d.kind == difference_kind::category) {
            CHECK(mentions(d.a, "second digit 3: no meaning in a protected reply"));
            CHECK(mentions(d.b, "second digit 5: no meaning in a protected reply"));
        }
}

TEST_CASE("exactly 221 and 421 close the control connection") {
    // RFC 959 §4.2: 221 "Service closing control connection", 421 "...closing control connection".
    for (int code = min_reply_code; code <= max_reply_code; ++code) {
        const reply_code_info* info = find_reply_code(code).get();
        if (info == nullptr) continue;
        INFO(code);
        CHECK(info->closes_control_connection == (code == 221 || code == 421));
    }
    STATIC_REQUIRE(compare(421, 450).has(difference_kind::closes_connection));
    STATIC_REQUIRE_FALSE(compare(425, 450).has(difference_kind::closes_connection));
}

TEST_CASE("534 and 535 also answer transfer commands, 225 only ABOR") {
    // RFC 2228 §6: 534 to STOR/STOU/RETR/LIST/NLST/APPE below the required protection level, 535 when the
    // protected data fails its check. RFC 959 §5.4 lists 225 under ABOR only; §3.2 has a transfer that leaves
    // the data connection open end with 250.
    for (const int code : {534, 535}) {
        INFO(code);
        for (const char* transfer : {"STOR", "STOU", "RETR", "LIST", "NLST", "APPE"})
            CHECK(mentions(find_reply_code(code)->replies_to, transfer));
    }
    CHECK(find_reply_code(225)->replies_to == "ABOR");
    CHECK_FALSE(mentions(find_reply_code(225)->when, "block mode keeps"));
    CHECK(mentions(find_reply_code(225)->description, "250 instead of 226 (§3.2)"));
}

TEST_CASE("comparing codes that differ in closing the connection and in carrying data says so") {
    constexpr reply_code_comparison c = compare(221, 227);
    STATIC_REQUIRE(c.has(difference_kind::closes_connection));
    STATIC_REQUIRE(c.has(difference_kind::text_carries_data));
    STATIC_REQUIRE(c.same_class);
    STATIC_REQUIRE(c.same_category);
}

TEST_CASE("comparing preliminary and completion replies explains the order to send them") {
    constexpr reply_code_comparison c = compare(150, 226);
    CHECK(mentions(c.deciding_rule, "1yz first"));
    constexpr reply_code_comparison d = compare(350, 250);
    CHECK(mentions(d.deciding_rule, "3yz"));
}

TEST_CASE("comparing a code with itself finds nothing to choose") {
    constexpr reply_code_comparison c = compare(226, 226);
    STATIC_REQUIRE(c.difference_count == 1);
    STATIC_REQUIRE(c.differences[0].kind == difference_kind::same_code);
    STATIC_REQUIRE(c.same_class && c.same_category);
}

TEST_CASE("comparing with an invalid number reports validity only") {
    constexpr reply_code_comparison c = compare(200, 1000);
    STATIC_REQUIRE(c.difference_count == 1);
    STATIC_REQUIRE(c.differences[0].kind == difference_kind::validity);
    STATIC_REQUIRE_FALSE(c.same_class);
    CHECK(c.differences[0].b == "not a reply code");
}

TEST_CASE("comparing unknown codes still compares their digits") {
    constexpr reply_code_comparison c = compare(299, 599);
    STATIC_REQUIRE(c.has(difference_kind::outcome));
    STATIC_REQUIRE(c.same_category);
    CHECK(c.a.name == "Unknown reply code");
}

TEST_CASE("a protected reply is compared as a wrapper, not an alternative") {
    constexpr reply_code_comparison c = compare(631, 200);
    STATIC_REQUIRE(c.has(difference_kind::outcome));
    CHECK(mentions(c.deciding_rule, "wraps"));
}

TEST_CASE("difference kinds have distinct names") {
    const difference_kind kinds[] = {
        difference_kind::same_code,         difference_kind::validity,         difference_kind::outcome,
        difference_kind::reply_class,       difference_kind::client_action,    difference_kind::retry,
        difference_kind::category,          difference_kind::detail,           difference_kind::replies_to,
        difference_kind::closes_connection, difference_kind::text_carries_data};
    for (std::size_t i = 0; i < std::size(kinds); ++i)
        for (std::size_t j = i + 1; j < std::size(kinds); ++j) CHECK(to_string(kinds[i]) != to_string(kinds[j]));
}

TEST_CASE("every pair of table codes compares within the fixed capacity") {
    for (const reply_code_info& x : reply_codes())
        for (const reply_code_info& y : reply_codes()) {
            const reply_code_comparison c = compare(x.code, y.code);
            REQUIRE(c.difference_count >= 1);
            REQUIRE(c.difference_count <= max_reply_code_differences);
            REQUIRE_FALSE(c.deciding_rule.empty());
        }
}

TEST_CASE("every RFC an entry cites is explained in its description or when") {
    for (const reply_code_info& e : reply_codes()) {
        std::string_view rest = e.rfc;
        bool first = true;
        while (!rest.empty()) {
            const std::size_t comma = rest.find(", ");
            const std::string_view rfc = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
            INFO("code " << e.code << ", " << std::string(rfc));
            // The first RFC defines the code; every later one must say what it adds.
            if (!first) CHECK((mentions(e.when, rfc) || mentions(e.description, rfc)));
            first = false;
        }
    }
}

TEST_CASE("the texts follow what the RFCs say, section by section") {
    // 502: RFC 959 §5.4 lists no 502 for SITE, STOU or ACCT; the entry says so instead of listing them.
    CHECK(mentions(find_reply_code(502)->when, "outside §5.4"));
    CHECK_FALSE(mentions(find_reply_code(502)->when, "SITE subcommands, REIN (vsftpd), SMNT, STOU, ACCT"));
    // 421 after AUTH TLS: RFC 4217 §10.1's three cases; RFC 2228 §8.2 allows 421 for every security command.
    const std::string_view when421 = find_reply_code(421)->when;
    CHECK(mentions(when421, "RFC 4217 §10.1"));
    CHECK(mentions(when421, "a 421 in clear"));
    CHECK(mentions(when421, "a protected 421"));
    CHECK(mentions(when421, "gets no reply"));
    CHECK(mentions(when421, "RFC 2228 §8.2"));
    CHECK_FALSE(mentions(when421, "RFC 2228 §3"));
    // 503 for MLSD without PORT/PASV is server practice: RFC 3659 §7.2.1 only lists 503, RFC 959 §3.2 gives every
    // transfer default data ports.
    CHECK(mentions(find_reply_code(503)->when, "server practice"));
    CHECK(mentions(find_reply_code(503)->when, "RFC 959 §3.2"));
    // ...and the generic rules' own 503 for a transfer without a data port is said to be that practice (check-sequence
    // without --server predicts 503 where this text said only 425 comes).
    CHECK(mentions(find_reply_code(503)->when, "ftpwire's generic rules (family rfc959"));
    // 451: RFC 959 §5.4 lists it for the six transfer commands, RFC 2389 §4 for OPTS; nothing else.
    CHECK(find_reply_code(451)->replies_to == "RETR, STOR, STOU, APPE, LIST, NLST, OPTS");
    // 110: only the receiving side sends it (RFC 959 §3.5, RFC 1123 §4.1.3.4), so not the server to RETR.
    CHECK(mentions(find_reply_code(110)->when, "RFC 959 §3.5"));
    CHECK(mentions(find_reply_code(110)->when, "no 110 to send"));
    // 215: in our own words, not RFC 959's sentence.
    CHECK_FALSE(mentions(find_reply_code(215)->description, "official system name from the"));
}

TEST_CASE("codes that close the connection are explained and compared as closing it") {
    // A review found 221 explained as "the client may send a new command" and its next step "continue with the
    // next command", 421's "retry ... from the beginning of the command sequence" (on a connection that is gone).
    CHECK(mentions(explain(221).class_meaning, "no command can follow"));
    CHECK(mentions(explain(421).class_meaning, "on a new connection"));
    STATIC_REQUIRE(explain(226).class_meaning == class_meaning(reply_class::positive_completion));
    constexpr reply_code_comparison c = compare(221, 421);
    bool next_step_found = false;
    for (const reply_code_difference& d : c) {
        if (d.kind != difference_kind::client_action) continue;
        next_step_found = true;
        CHECK(mentions(d.a, "connect again"));
        CHECK(mentions(d.b, "Connect again later"));
    }
    CHECK(next_step_found);
    CHECK(mentions(c.use_a.class_rule, "close the control connection"));
}

TEST_CASE("compare says nothing about the table's flags for a code the table does not know") {
    // A review found "429: keeps the control connection open" and "641: its text is for humans only".
    STATIC_REQUIRE_FALSE(compare(200, 429).has(difference_kind::closes_connection));
    STATIC_REQUIRE_FALSE(compare(631, 641).has(difference_kind::closes_connection));
    STATIC_REQUIRE(compare(631, 641).has(difference_kind::text_carries_data));  // 631's flag against "unknown"
    // The known code's flag still shows, against "not in ftpwire's table".
    constexpr reply_code_comparison c = compare(421, 429);
    STATIC_REQUIRE(c.has(difference_kind::closes_connection));
    for (const reply_code_difference& d : c)
        if (d.kind == difference_kind::closes_connection) CHECK(mentions(d.b, "not in ftpwire's table"));
    STATIC_REQUIRE(compare(221, 227).has(difference_kind::text_carries_data));
}

TEST_CASE("codes whose text a decoder reads in some replies are marked as carrying data") {
    // 120's minutes, 125/150's FILE: (RFC 1123 §4.1.2.9) and byte count, 200's PBSZ= (RFC 2228 §3), 250's MLST facts
    // (RFC 3659 §7.2), 350's marker: each has a decoder in payload.hpp.
    for (const int code : {120, 125, 150, 200, 214, 250, 350, 227, 257}) {
        INFO(code);
        CHECK(find_reply_code(code)->text_carries_data);
    }
    CHECK_FALSE(find_reply_code(226)->text_carries_data);
}

TEST_CASE("the deciding rule of codes with different outcomes names the events both can answer") {
    // RFC 959 §4.2: an unimplemented command gets 202 or 502; §5.4: a new connection 120/220 or 421. A review found
    // "The two never compete for the same situation" said of both pairs.
    CHECK_FALSE(mentions(compare(202, 502).deciding_rule, "never compete"));
    CHECK(mentions(compare(502, 202).deciding_rule, "this site does not implement"));
    CHECK(mentions(compare(120, 421).deciding_rule, "120, then 220, or 421"));
    CHECK_FALSE(mentions(compare(226, 426).deciding_rule, "RFC 959 §5.4"));
}
