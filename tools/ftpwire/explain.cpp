// ftpwire explain CODE... / ftpwire compare A B: the reply-code table for humans (and --json for programs).
#include "json.hpp"
#include "subcommands.hpp"

#include <ftpwire/reply_code.hpp>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_cli {
namespace {

constexpr std::size_t page_width = 100;

// --- command line ----------------------------------------------------------------------------------------

struct code_arguments {
    bool json = false;
    bool help = false;
    std::vector<int> codes;
};

// A reply code argument is exactly three digits (RFC 959 §4.2) and must be a valid code (100..699).
bool parse_code(std::string_view arg, int& code) {
    if (arg.size() != 3) return false;
    int value = 0;
    for (char c : arg) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    if (!ftpwire::is_valid_reply_code(value)) return false;
    code = value;
    return true;
}

bool looks_like_option(std::string_view arg) {
    return arg.size() >= 2 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9');
}

// Returns false (after printing why) on bad usage.
bool parse_arguments(const char* subcommand, int argc, char** argv, code_arguments& out) {
    bool options_done = false;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!options_done && arg == "--") {
            options_done = true;
        } else if (!options_done && arg == "--json") {
            out.json = true;
        } else if (!options_done && (arg == "--help" || arg == "-h")) {
            out.help = true;
        } else if (!options_done && looks_like_option(arg)) {
            std::fprintf(stderr, "ftpwire %s: unknown option '%s' (try ftpwire %s --help)\n", subcommand, argv[i],
                         subcommand);
            return false;
        } else {
            int code = 0;
            if (!parse_code(arg, code)) {
                std::fprintf(stderr,
                             "ftpwire %s: '%s' is not a reply code: a reply code is three digits, the first from 1 "
                             "to 6 (100-699)\n",
                             subcommand, argv[i]);
                return false;
            }
            out.codes.push_back(code);
        }
    }
    return true;
}

// --- text layout -----------------------------------------------------------------------------------------

// Terminal columns taken by s: UTF-8 continuation bytes take none ("§", "—" are one column each).
std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// Splits text into lines of at most width columns, breaking at spaces (a longer word gets a line of its own).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_width = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        // The blanks between two words on one line are kept as they are: RFC 2228's 336 text has two after
        // "password." ("Username okay, need password.  Challenge is ...").
        const std::size_t gap_start = i;
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t gap = i - gap_start;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j == i) break;
        const std::string_view word = text.substr(i, j - i);
        const std::size_t w = display_width(word);
        if (line_width > 0 && line_width + gap + w > width) {
            lines.push_back(line);
            line.clear();
            line_width = 0;
        }
        if (line_width > 0) {
            line.append(gap, ' ');
            line_width += gap;
        }
        line += word;
        line_width += w;
        i = j;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

void print_paragraph(std::string_view text, std::size_t indent) {
    for (const std::string& line : wrap(text, page_width - indent))
        std::printf("%*s%s\n", static_cast<int>(indent), "", line.c_str());
}

void print_section(const char* heading, std::string_view text) {
    std::printf("\n%s\n", heading);
    print_paragraph(text, 2);
}

std::string pad_to(std::string s, std::size_t width) {
    const std::size_t w = display_width(s);
    if (w < width) s.append(width - w, ' ');
    return s;
}

std::string str(std::string_view s) { return std::string(s); }

// "503 Bad sequence of commands — permanent negative completion, syntax"
std::string title_of(const ftpwire::reply_code_explanation& e) {
    return std::to_string(e.code) + " " + str(e.name) + " \u2014 " + str(ftpwire::to_string(e.cls)) + ", " +
           str(ftpwire::to_string(e.category));
}

std::string reply_line_of(const ftpwire::reply_code_explanation& e) {
    return e.text.empty() ? std::string("(no RFC defines a text for this code)")
                          : std::to_string(e.code) + " " + str(e.text);
}

// --- explain ---------------------------------------------------------------------------------------------

void print_explanation(const ftpwire::reply_code_explanation& e) {
    std::printf("%s\n", title_of(e).c_str());
    print_section("Reply Text", reply_line_of(e));
    print_section(
        "Class", str(ftpwire::to_string(e.cls)) + " (" + std::to_string(e.code / 100) + "yz): " + str(e.class_meaning));
    print_section("Category", str(ftpwire::to_string(e.category)) + " (x" + std::to_string(e.code / 10 % 10) +
                                  "z): " + str(e.category_meaning));
    print_section("Description", e.description);
    print_section("When You See It", e.when);
    print_section("How to Fix", e.fix);
    print_section("In Reply To", e.replies_to);
    print_section("RFC", e.rfc);
}

void write_explanation_fields(json_writer& w, const ftpwire::reply_code_explanation& e) {
    w.field("code", e.code);
    w.field("status", ftpwire::to_string(e.status));
    w.field("known", e.known());
    w.field("name", e.name);
    w.field("class", ftpwire::to_string(e.cls));
    w.field("class_digit", e.code / 100);
    w.field("category", ftpwire::to_string(e.category));
    w.field("category_digit", e.code / 10 % 10);
    w.field("text", e.text);
    w.field("description", e.description);
    w.field("when", e.when);
    w.field("fix", e.fix);
    w.field("replies_to", e.replies_to);
    w.field("rfc", e.rfc);
    w.field("class_meaning", e.class_meaning);
    w.field("category_meaning", e.category_meaning);
    w.field("closes_control_connection", e.entry != nullptr && e.entry->closes_control_connection);
    w.field("text_carries_data", e.entry != nullptr && e.entry->text_carries_data);
}

void print_explain_usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: ftpwire explain [--json] CODE...\n\n"
                 "Explains each FTP reply code: title (name, class, category), the RFC's reply text, what it\n"
                 "means, when you see it, how to fix it, and the RFCs that define it. A CODE is three digits\n"
                 "from 100 to 699; codes no RFC defines are explained by their first two digits.\n\n"
                 "  --json   one JSON object per code per line (keys: code, name, class, category, text,\n"
                 "           description, when, fix, rfc, and more)\n\n"
                 "exit status: 0 explained, 2 bad usage (no code, or an argument that is not a reply code)\n");
}

// --- compare ---------------------------------------------------------------------------------------------

// One row of the side-by-side table: a label and both sides, each wrapped into its own column.
void print_row(const char* label, std::string_view left, std::string_view right) {
    constexpr std::size_t label_width = 12;
    constexpr std::size_t separator_width = 3;  // " | "
    constexpr std::size_t column = (page_width - label_width - separator_width) / 2;
    const std::vector<std::string> l = wrap(left, column);
    const std::vector<std::string> r = wrap(right, column);
    for (std::size_t i = 0; i < l.size() || i < r.size(); ++i) {
        const std::string lab = pad_to(i == 0 ? std::string(label) : std::string(), label_width);
        const std::string a = pad_to(i < l.size() ? l[i] : std::string(), column);
        const std::string b = i < r.size() ? r[i] : std::string();
        std::string line = lab + a + " | " + b;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::printf("%s\n", line.c_str());
    }
}

// "  label  text", continuation lines indented under the text.
void print_labeled(std::string_view label, std::string_view text, std::size_t indent, std::size_t label_width) {
    const std::vector<std::string> lines = wrap(text, page_width - indent - label_width);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string lab = pad_to(i == 0 ? str(label) : std::string(), label_width);
        std::printf("%*s%s%s\n", static_cast<int>(indent), "", lab.c_str(), lines[i].c_str());
    }
}

void print_usage_note(const ftpwire::reply_code_usage& u, ftpwire::reply_class cls, ftpwire::reply_category cat) {
    constexpr std::size_t label_width = 14;
    std::printf("\n  Send %d %s\n", u.code, str(u.name).c_str());
    print_labeled("in reply to", u.replies_to, 4, label_width);
    print_labeled("situation", u.situation, 4, label_width);
    print_labeled(std::to_string(u.code / 100) + "yz rule", str(ftpwire::to_string(cls)) + ": " + str(u.class_rule), 4,
                  label_width);
    print_labeled("subject", str(ftpwire::to_string(cat)) + ": " + str(u.category_rule), 4, label_width);
}

void print_comparison(const ftpwire::reply_code_comparison& c) {
    const std::string a = std::to_string(c.a.code);
    const std::string b = std::to_string(c.b.code);
    std::printf("%s vs %s\n\n", a.c_str(), b.c_str());
    print_row("", title_of(c.a), title_of(c.b));
    print_row("", "", "");
    print_row("Class", str(ftpwire::to_string(c.a.cls)) + (c.same_class ? " (same)" : ""),
              str(ftpwire::to_string(c.b.cls)) + (c.same_class ? " (same)" : ""));
    print_row("Category", str(ftpwire::to_string(c.a.category)) + (c.same_category ? " (same)" : ""),
              str(ftpwire::to_string(c.b.category)) + (c.same_category ? " (same)" : ""));
    print_row("Reply text", reply_line_of(c.a), reply_line_of(c.b));
    print_row("", "", "");
    print_row("Meaning", c.a.description, c.b.description);
    print_row("", "", "");
    print_row("When seen", c.a.when, c.b.when);
    print_row("", "", "");
    print_row("What to do", c.a.fix, c.b.fix);
    print_row("", "", "");
    print_row("In reply to", c.a.replies_to, c.b.replies_to);
    print_row("RFC", c.a.rfc, c.b.rfc);

    std::printf("\nKey Differences\n");
    std::size_t n = 0;
    for (const ftpwire::reply_code_difference& d : c) {
        ++n;
        std::printf("  %zu. %s\n", n, str(d.summary).c_str());
        print_labeled(a + ": ", d.a, 5, a.size() + 2);
        print_labeled(b + ": ", d.b, 5, b.size() + 2);
    }

    std::printf("\nWhen to Use Which\n");
    print_paragraph(c.deciding_rule, 2);
    if (c.a.valid() && c.b.valid() && c.a.code != c.b.code) {
        print_usage_note(c.use_a, c.a.cls, c.a.category);
        print_usage_note(c.use_b, c.b.cls, c.b.category);
    }
}

void write_usage(json_writer& w, const ftpwire::reply_code_usage& u) {
    w.begin_object();
    w.field("code", u.code);
    w.field("name", u.name);
    w.field("replies_to", u.replies_to);
    w.field("situation", u.situation);
    w.field("send_when", u.class_rule);
    w.field("about", u.category_rule);
    w.end_object();
}

void write_comparison(json_writer& w, const ftpwire::reply_code_comparison& c) {
    w.begin_object();
    w.key("a");
    w.begin_object();
    write_explanation_fields(w, c.a);
    w.end_object();
    w.key("b");
    w.begin_object();
    write_explanation_fields(w, c.b);
    w.end_object();
    w.field("same_class", c.same_class);
    w.field("same_category", c.same_category);
    w.key("differences");
    w.begin_array();
    for (const ftpwire::reply_code_difference& d : c) {
        w.begin_object();
        w.field("kind", ftpwire::to_string(d.kind));
        w.field("summary", d.summary);
        w.field("a", d.a);
        w.field("b", d.b);
        w.end_object();
    }
    w.end_array();
    w.key("when_to_use_which");
    w.begin_object();
    w.field("rule", c.deciding_rule);
    w.key("a");
    write_usage(w, c.use_a);
    w.key("b");
    write_usage(w, c.use_b);
    w.end_object();
    w.end_object();
}

void print_compare_usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: ftpwire compare [--json] A B\n\n"
                 "Compares two FTP reply codes side by side (class, category, reply text, meaning, when each is\n"
                 "seen, what to do), then lists the key differences and when to use which (for server authors).\n"
                 "A and B are three-digit codes from 100 to 699.\n\n"
                 "  --json   one JSON object: {\"a\":{...},\"b\":{...},\"differences\":[...],\n"
                 "           \"when_to_use_which\":{...}}\n\n"
                 "exit status: 0 compared, 2 bad usage (not exactly two codes, or not reply codes)\n");
}

}  // namespace

int run_explain(int argc, char** argv) {
    code_arguments args;
    if (!parse_arguments("explain", argc, argv, args)) return exit_usage;
    if (args.help) {
        print_explain_usage(stdout);
        return exit_ok;
    }
    if (args.codes.empty()) {
        std::fprintf(stderr, "ftpwire explain: no reply code given\n");
        print_explain_usage(stderr);
        return exit_usage;
    }
    json_writer w;
    for (std::size_t i = 0; i < args.codes.size(); ++i) {
        const ftpwire::reply_code_explanation e = ftpwire::explain(args.codes[i]);
        if (args.json) {
            w.begin_object();
            write_explanation_fields(w, e);
            w.end_object();
            w.write_line(stdout);
        } else {
            if (i > 0) std::printf("\n");
            print_explanation(e);
        }
    }
    return exit_ok;
}

int run_compare(int argc, char** argv) {
    code_arguments args;
    if (!parse_arguments("compare", argc, argv, args)) return exit_usage;
    if (args.help) {
        print_compare_usage(stdout);
        return exit_ok;
    }
    if (args.codes.size() != 2) {
        std::fprintf(stderr, "ftpwire compare: expected exactly two reply codes, got %zu\n", args.codes.size());
        print_compare_usage(stderr);
        return exit_usage;
    }
    const ftpwire::reply_code_comparison c = ftpwire::compare(args.codes[0], args.codes[1]);
    if (args.json) {
        json_writer w;
        write_comparison(w, c);
        w.write_line(stdout);
    } else {
        print_comparison(c);
    }
    return exit_ok;
}

}  // namespace ftpwire_cli
