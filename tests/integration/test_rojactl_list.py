"""`rojactl list check` and `rojactl list lookup`, as an operator runs them before deploying a list:
the report (entries by kind, bad lines as FILE:LINE: reason), exit 0 when the file was read even
with bad lines, 1 when it could not be read or parsed at all; lookups name the deciding entry."""
import os
import subprocess
import tempfile
import unittest

ROJACTL = os.environ.get("ROJACTL", "")
DATA = os.environ.get("ROJA_SHARED_DATA", "")


def rojactl(*args):
    return subprocess.run([ROJACTL, *args], capture_output=True, text=True)


class RojactlList(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not ROJACTL or not os.access(ROJACTL, os.X_OK):
            raise AssertionError("ROJACTL is not set to the built rojactl")
        cls.tmp = tempfile.TemporaryDirectory(prefix="roja-rojactl-")
        cls.plain = os.path.join(cls.tmp.name, "list.txt")
        with open(cls.plain, "w") as f:
            f.write("# operator list\ncasino.example\n*.ads.example\nbad name.example\n" + "a" * 64 + ".example\n")
        cls.csv = os.path.join(cls.tmp.name, "orders.csv")
        with open(cls.csv, "w") as f:
            f.write("value,authority\nx.example,AKEP\n")  # no id/type: not an entry CSV at all

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_check_reports_entries_and_bad_lines_with_their_numbers(self):
        p = rojactl("list", "check", self.plain)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout + p.stderr
        self.assertIn("entries: 2", out)
        self.assertIn(f"{self.plain}:4:", out)
        self.assertIn(f"{self.plain}:5:", out)
        self.assertIn("63", out)  # the label limit is named

    def test_check_fails_on_a_missing_file_and_on_a_csv_without_its_columns(self):
        self.assertEqual(rojactl("list", "check", os.path.join(self.tmp.name, "none.txt")).returncode, 1)
        p = rojactl("list", "check", self.csv, "--format", "csv")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)

    def test_lookup_names_the_deciding_entry(self):
        p = rojactl("list", "lookup", self.plain, "www.casino.example", "x.ads.example", "example.org")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertIn("line 2", lines[0])
        self.assertIn("line 3", lines[1])
        self.assertIn("no match", lines[2])

    def test_the_real_regulator_list_checks_clean(self):
        path = os.path.join(DATA, "regulator", "it-adm-gambling-blacklist-2023-09.hosts")
        p = rojactl("list", "check", path)
        self.assertEqual(p.returncode, 0)
        self.assertIn("hosts", p.stdout)
        self.assertIn("entries: 9685", p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
