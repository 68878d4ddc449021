// Lists taken by zone transfer from an RPZ primary: refreshes and NOTIFY by zone and outcome,
// and the zone in force (docs/rpz-export.md, "Consumer").
#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

void render_rpz_secondary_families(Exposition& out, const MetricsView& view) {
    if (!view.zone_transfers) return;
    const auto zones = view.zone_transfers->zones();
    if (zones.empty()) return;
    out.family("roja_rpz_secondary_refreshes_total", "counter",
               "Refreshes of a zone taken from a primary, by outcome (axfr, ixfr, up_to_date, "
               "or why it failed).");
    for (const auto& [key, count] : view.zone_transfers->refreshes())
        out.sample("roja_rpz_secondary_refreshes_total",
                   {{"zone", key.first}, {"outcome", key.second}}, count);
    out.family("roja_rpz_secondary_notify_total", "counter",
               "NOTIFY messages received, by zone and outcome.");
    for (const auto& [key, count] : view.zone_transfers->notifies())
        out.sample("roja_rpz_secondary_notify_total",
                   {{"zone", key.first}, {"outcome", key.second}}, count);
    struct Gauge {
        std::string_view name, help;
        double (*value)(const SecondaryZoneFigures&);
    };
    static constexpr Gauge kGauges[] = {
        {"roja_rpz_secondary_serial", "SOA serial of the zone in force (0: none yet).",
         [](const SecondaryZoneFigures& z) { return static_cast<double>(z.serial); }},
        {"roja_rpz_secondary_records", "Records of the zone in force, its SOA left out.",
         [](const SecondaryZoneFigures& z) { return static_cast<double>(z.records); }},
        {"roja_rpz_secondary_last_success_timestamp_seconds",
         "Last refresh that reached the primary's serial (Unix time; 0: never).",
         [](const SecondaryZoneFigures& z) { return z.last_success; }},
        {"roja_rpz_secondary_expired",
         "1 when no refresh succeeded within the SOA expire time (the zone is still enforced).",
         [](const SecondaryZoneFigures& z) { return z.is_expired ? 1.0 : 0.0; }},
    };
    for (const Gauge& gauge : kGauges) {
        out.family(gauge.name, "gauge", gauge.help);
        for (const auto& [zone, figures] : zones)
            out.sample(gauge.name, {{"zone", zone}}, gauge.value(figures));
    }
}

}  // namespace roja::metrics
