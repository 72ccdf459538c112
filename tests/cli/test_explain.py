"""ftpwire explain / ftpwire compare, run through the built binary (env FTPWIRE_CLI)."""
import json
import os
import subprocess
import sys
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "")

RFC959_CODES = [110, 120, 125, 150, 200, 202, 211, 212, 213, 214, 215, 220, 221, 225, 226, 227, 230, 250, 257,
                331, 332, 350, 421, 425, 426, 450, 451, 452, 500, 501, 502, 503, 504, 530, 532, 550, 551, 552, 553]
EXTENSION_CODES = [228, 521, 232, 234, 235, 334, 335, 336, 431, 533, 534, 535, 536, 537, 631, 632, 633, 229, 522]
REQUIRED_KEYS = ["code", "name", "class", "category", "text", "description", "when", "fix", "rfc"]


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8")


def json_lines(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


class ExplainText(unittest.TestCase):
    def test_503_has_a_title_line_and_every_section(self):
        r = run("explain", "503")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "503 Bad sequence of commands \u2014 permanent negative completion, syntax")
        for heading in ["Description", "When You See It", "How to Fix", "RFC"]:
            self.assertIn(heading, lines)
        self.assertLess(lines.index("Description"), lines.index("When You See It"))
        self.assertLess(lines.index("When You See It"), lines.index("How to Fix"))
        self.assertLess(lines.index("How to Fix"), lines.index("RFC"))
        self.assertIn("PASS before USER", " ".join(r.stdout.split()))
        self.assertEqual(r.stderr, "")

    def test_425_teaches_passive_versus_active_and_firewalls(self):
        out = " ".join(run("explain", "425").stdout.split())
        for phrase in ["passive mode", "active mode", "firewall", "NAT", "EPSV"]:
            self.assertIn(phrase, out)

    def test_120_title_names_its_class_and_category(self):
        first = run("explain", "120").stdout.splitlines()[0]
        self.assertEqual(first, "120 Service ready soon \u2014 positive preliminary, connections")

    def test_the_reply_text_keeps_its_spaces(self):
        # RFC 2228 §5.1 writes 336 with two spaces after "password."; the text wrapping joined words with one (found
        # by review). (Blanks where a line breaks are dropped, as before.)
        self.assertIn('336 Username okay, need password.  Challenge is "...."', run("explain", "336").stdout)

    def test_several_codes_are_explained_in_order(self):
        r = run("explain", "220", "530", "150")
        self.assertEqual(r.returncode, 0, r.stderr)
        titles = [line for line in r.stdout.splitlines() if "\u2014" in line]
        self.assertEqual([t.split()[0] for t in titles], ["220", "530", "150"])

    def test_an_unknown_valid_code_is_explained_by_its_digits(self):
        r = run("explain", "299")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("positive completion", r.stdout.splitlines()[0])
        self.assertIn("Unknown reply code", r.stdout)
        r = run("explain", "455")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("transient negative completion, file system", r.stdout.splitlines()[0])

    def test_no_line_is_wider_than_100_columns(self):
        for args in [("explain", *map(str, RFC959_CODES + EXTENSION_CODES)), ("compare", "120", "503"),
                     ("compare", "425", "522"), ("compare", "631", "299")]:
            r = run(*args)
            self.assertEqual(r.returncode, 0, r.stderr)
            for line in r.stdout.splitlines():
                self.assertLessEqual(len(line), 100, line)

    def test_help_documents_the_subcommand(self):
        r = run("explain", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: ftpwire explain", r.stdout)
        self.assertIn("--json", r.stdout)
        top = run("--help")
        self.assertIn("explain [--json] CODE...", top.stdout)
        self.assertIn("compare [--json] A B", top.stdout)


class ExplainJson(unittest.TestCase):
    def test_every_listed_code_has_all_required_fields(self):
        codes = RFC959_CODES + EXTENSION_CODES
        r = run("explain", "--json", *map(str, codes))
        self.assertEqual(r.returncode, 0, r.stderr)
        objects = json_lines(r.stdout)
        self.assertEqual([o["code"] for o in objects], codes)
        for o in objects:
            for key in REQUIRED_KEYS:
                self.assertIn(key, o)
                if key != "code":
                    self.assertIsInstance(o[key], str)
                    self.assertTrue(o[key], f"{o['code']}: empty {key}")
            self.assertIsInstance(o["code"], int)
            self.assertTrue(o["known"])
            self.assertEqual(o["class_digit"], o["code"] // 100)
            self.assertEqual(o["category_digit"], o["code"] // 10 % 10)
            self.assertIn("RFC", o["rfc"])

    def test_rfc959_codes_cite_rfc_959(self):
        for o in json_lines(run("explain", "--json", *map(str, RFC959_CODES)).stdout):
            self.assertIn("RFC 959", o["rfc"], o["code"])

    def test_503_fields(self):
        [o] = json_lines(run("explain", "503", "--json").stdout)
        self.assertEqual(o["code"], 503)
        self.assertEqual(o["name"], "Bad sequence of commands")
        self.assertEqual(o["class"], "permanent negative completion")
        self.assertEqual(o["category"], "syntax")
        self.assertEqual(o["text"], "Bad sequence of commands.")

    def test_unknown_code_reports_class_and_category(self):
        [o] = json_lines(run("explain", "--json", "299").stdout)
        self.assertEqual(o["status"], "unknown")
        self.assertFalse(o["known"])
        self.assertEqual(o["class"], "positive completion")
        self.assertEqual(o["category"], "unassigned")
        self.assertEqual(o["text"], "")

    def test_each_object_is_on_its_own_line(self):
        out = run("explain", "--json", "200", "226").stdout
        self.assertEqual(len(out.splitlines()), 2)


class Compare(unittest.TestCase):
    def test_120_versus_503_side_by_side(self):
        r = run("compare", "120", "503")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "120 vs 503")
        class_row = next(line for line in lines if line.startswith("Class "))
        left, right = class_row.split(" | ")
        self.assertIn("positive preliminary", left)
        self.assertIn("permanent negative completion", right)
        category_row = next(line for line in lines if line.startswith("Category "))
        self.assertIn("connections", category_row.split(" | ")[0])
        self.assertIn("syntax", category_row.split(" | ")[1])
        self.assertIn("Key Differences", lines)
        self.assertIn("When to Use Which", lines)
        self.assertLess(lines.index("Key Differences"), lines.index("When to Use Which"))
        guidance = " ".join(r.stdout[r.stdout.index("When to Use Which"):].split())
        self.assertIn("Send 120 Service ready soon", guidance)
        self.assertIn("Send 503 Bad sequence of commands", guidance)

    def test_json_has_both_sides_differences_and_guidance(self):
        r = run("compare", "--json", "120", "503")
        self.assertEqual(r.returncode, 0, r.stderr)
        [d] = json_lines(r.stdout)
        self.assertEqual(d["a"]["code"], 120)
        self.assertEqual(d["b"]["code"], 503)
        for side in ("a", "b"):
            for key in REQUIRED_KEYS:
                self.assertIn(key, d[side])
        self.assertFalse(d["same_class"])
        self.assertFalse(d["same_category"])
        kinds = [x["kind"] for x in d["differences"]]
        self.assertIn("outcome", kinds)
        self.assertIn("class", kinds)
        self.assertIn("category", kinds)
        for x in d["differences"]:
            self.assertTrue(x["summary"] and x["a"] and x["b"])
        self.assertTrue(d["when_to_use_which"]["rule"])
        self.assertEqual(d["when_to_use_which"]["a"]["code"], 120)
        self.assertEqual(d["when_to_use_which"]["b"]["code"], 503)

    def test_transient_versus_permanent_is_about_retrying(self):
        [d] = json_lines(run("compare", "--json", "450", "550").stdout)
        self.assertTrue(d["same_category"])
        self.assertIn("retry", [x["kind"] for x in d["differences"]])

    def test_same_class_and_category_points_at_the_third_digit(self):
        [d] = json_lines(run("compare", "--json", "500", "501").stdout)
        self.assertTrue(d["same_class"] and d["same_category"])
        self.assertIn("detail", [x["kind"] for x in d["differences"]])
        self.assertIn("third digit", d["when_to_use_which"]["rule"])

    def test_unknown_codes_can_be_compared(self):
        r = run("compare", "299", "200")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Key Differences", r.stdout)


class BadInput(unittest.TestCase):
    def assert_usage_error(self, *args, mentions=None):
        r = run(*args)
        self.assertEqual(r.returncode, 2, f"{args}: {r.stdout}")
        self.assertEqual(r.stdout, "", args)
        self.assertTrue(r.stderr.strip(), args)
        if mentions:
            self.assertIn(mentions, r.stderr)

    def test_explain_rejects_what_is_not_a_reply_code(self):
        for bad in ["abc", "1000", "0", "99", "700", "-5", "5o3", "0200", "20", ""]:
            self.assert_usage_error("explain", bad, mentions="not a reply code")

    def test_explain_rejects_a_bad_code_among_good_ones_and_prints_nothing(self):
        self.assert_usage_error("explain", "200", "abc", "503", mentions="'abc'")

    def test_explain_without_codes(self):
        self.assert_usage_error("explain", mentions="no reply code")
        self.assert_usage_error("explain", "--json", mentions="no reply code")

    def test_unknown_option(self):
        self.assert_usage_error("explain", "--yaml", "200", mentions="unknown option")
        self.assert_usage_error("compare", "--wide", "120", "503", mentions="unknown option")

    def test_compare_needs_exactly_two_codes(self):
        self.assert_usage_error("compare", mentions="exactly two")
        self.assert_usage_error("compare", "120", mentions="exactly two")
        self.assert_usage_error("compare", "120", "503", "220", mentions="exactly two")

    def test_compare_rejects_invalid_codes(self):
        self.assert_usage_error("compare", "120", "1000", mentions="not a reply code")
        self.assert_usage_error("compare", "--json", "xyz", "503", mentions="not a reply code")


if __name__ == "__main__":
    if not CLI or not os.path.exists(CLI):
        print("FTPWIRE_CLI must name the built ftpwire tool", file=sys.stderr)
        sys.exit(2)
    unittest.main()
