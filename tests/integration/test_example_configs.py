"""Every configuration Roja ships (config/examples/*.yaml, and packaging/roja.yaml that becomes
/etc/roja/roja.yaml) passes `rojad --check-config`; a broken copy does not, and says where."""
import glob
import os
import subprocess

import roja_harness as rh

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SHIPPED = sorted(glob.glob(os.path.join(SOURCE, "config", "examples", "*.yaml"))) + [
    os.path.join(SOURCE, "packaging", "roja.yaml")]


def check_config(path):
    return subprocess.run([os.environ.get("ROJAD", ""), "--check-config", path], capture_output=True,
                          text=True, timeout=30)


class ExampleConfigs(rh.RojaTestCase):
    def test_the_isp_school_and_minimal_examples_are_shipped(self):
        names = {os.path.basename(p) for p in SHIPPED}
        self.assertLessEqual({"isp.yaml", "school.yaml", "minimal.yaml", "roja.yaml"}, names)

    def test_every_shipped_config_passes_check_config(self):
        for path in SHIPPED:
            with self.subTest(config=os.path.basename(path)):
                r = check_config(path)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout.strip(), f"{path}: OK")
                self.assertEqual(r.stderr, "")

    def test_a_broken_copy_fails_with_file_line_and_key(self):
        with open(os.path.join(SOURCE, "config", "examples", "school.yaml")) as f:
            text = f.read().replace("safesearch: true", "safesearch: sometimes", 1)
        path = self.env.write("broken-school.yaml", text)
        r = check_config(path)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, rf"{path}:\d+:\d+: groups\[0\]\.safesearch: ")


if __name__ == "__main__":
    rh.main()
