"""The warning page in a real browser: Debian's headless Chromium loads it for a blocked name (the
name mapped to the warning page with --host-resolver-rules), the DOM shows the texts in the
language asked for, the page fetches nothing from anywhere else (Chromium's net log), and a phone-
sized screenshot is written to $ROJA_BUILD_DIR/integration-output/screenshots/."""
import json
import os
import shutil
import subprocess

import roja_harness as rh

ORDERS_CSV = """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
akep-1,domain,casino.test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,
akep-2,domain,harm.test,Agjencia Shtetërore për të Drejtat e Fëmijës,124/2025,2025-03-02,Ligji 18/2017,child-protection,2025-03-02,
"""
CHROMIUM = shutil.which("chromium")


def screenshot_dir():
    build = os.environ.get("ROJA_BUILD_DIR")
    path = os.path.join(build, "integration-output", "screenshots") if build else rh.env().path("screenshots")
    os.makedirs(path, exist_ok=True)
    return path


class WarningPageInBrowser(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        orders = e.write("lists/orders.csv", ORDERS_CSV)
        cls.page = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
blocking:
  organisation: "Test ISP"
warning_page:
  enabled: true
  listen: ["{cls.page[0]}:{cls.page[1]}"]
  https: off
  operator_url: "https://isp.example/bllokime"
  appeal_url: "https://isp.example/ankesa"
  contact_phone: "+355 4 222 2222"
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])
        cls.runs = 0

    def chromium(self, host, *args, language="sq"):
        """Runs headless Chromium on http://host/ (mapped to the warning page; every other name
        fails to resolve, so nothing can leave the machine); returns (stdout, page URLs)."""
        self.assertIsNotNone(CHROMIUM, "chromium is not installed (scripts/install-deps.sh test)")
        type(self).runs += 1
        profile = self.env.path(f"chromium-{self.runs}")
        net_log = self.env.path(f"net-{self.runs}.json")
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", f"--accept-lang={language}",
               f"--host-resolver-rules=MAP {host} {self.page[0]}:{self.page[1]}, MAP * ~NOTFOUND",
               f"--log-net-log={net_log}", *args, f"http://{host}/"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return out.stdout, self.page_requests(net_log, host)

    @staticmethod
    def page_requests(net_log, host):
        """URLs the page itself asked for (its network isolation key is the page's site)."""
        with open(net_log) as f:
            log = json.load(f)
        start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        urls = set()
        for event in log["events"]:
            params = event.get("params", {})
            if event["type"] == start_job and f"http://{host}" in params.get("network_isolation_key", ""):
                urls.add(params["url"])
        return urls

    def test_the_dom_shows_the_albanian_page_and_nothing_is_fetched_elsewhere(self):
        dom, urls = self.chromium("casino.test", "--dump-dom")
        self.assertIn('<html lang="sq">', dom)
        self.assertIn("Kjo faqe është bllokuar", dom)
        self.assertIn("AKEP", dom)
        self.assertIn("123/2025", dom)
        self.assertIn("Ju nuk keni bërë asgjë të gabuar", dom)
        self.assertIn("http://casino.test/", urls)
        self.assertTrue(all(u.startswith("http://casino.test/") for u in urls), urls)

    def test_english_for_an_english_browser(self):
        dom, _ = self.chromium("casino.test", "--dump-dom", language="en-US,en")
        self.assertIn('<html lang="en">', dom)
        self.assertIn("This page has been blocked", dom)

    def test_a_child_protection_page_renders_with_the_helpline(self):
        dom, urls = self.chromium("harm.test", "--dump-dom")
        self.assertIn("ALO 116 111", dom)
        self.assertIn("Agjencia Shtetërore për të Drejtat e Fëmijës", dom)
        self.assertTrue(all(u.startswith("http://harm.test/") for u in urls), urls)

    def test_a_phone_sized_screenshot_is_written(self):
        for host in ["casino.test", "harm.test"]:
            path = os.path.join(screenshot_dir(), f"warning-page-{host}.png")
            if os.path.exists(path):
                os.remove(path)
            self.chromium(host, "--window-size=412,1400", "--hide-scrollbars", f"--screenshot={path}")
            with open(path, "rb") as f:
                png = f.read()
            self.assertTrue(png.startswith(b"\x89PNG"), path)
            self.assertGreater(len(png), 10000, "a blank screenshot would be tiny")


if __name__ == "__main__":
    rh.main()
