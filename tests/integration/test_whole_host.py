"""http_filter.whole_host_authorities: URL entries cannot be enforced inside TLS, so an authority
may ask that its URL entries block their whole host. rojad then answers the host with the warning
address (and the order's EDE), for every group, whether or not the HTTP filter runs; URL entries of
other authorities leave their host alone."""
import roja_harness as rh
from roja_harness import dc

ORDERS = """id,type,value,authority,decision,decision_date,legal_basis,category
u1,url,https://listed.test/secret/page,AKEP,300/2026,2026-11-01,Ligji 9/2025,gambling
u2,url,https://sibling.test/one/article,Court,12/2026,2026-11-02,Court order,defamation
"""


class WholeHost(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        orders = e.write("lists/orders.csv", ORDERS)
        config = e.write("roja.yaml", f"""admin:
  enabled: false
http_filter:
  whole_host_authorities: [AKEP]
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def test_the_listed_authoritys_url_blocks_its_host(self):
        r = dc.query(self.rojad.server, "listed.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4})
        codes = [ede.code for ede in dc.ede_options(r)]
        self.assertEqual(codes, [16], "Censored: an authority's order")

    def test_other_authorities_url_entries_leave_the_host_alone(self):
        r = dc.query(self.rojad.server, "sibling.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.15"})

    def test_names_below_the_host_are_not_blocked(self):
        r = dc.query(self.rojad.server, "www.listed.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.11"})


if __name__ == "__main__":
    rh.main()
