// The RPZ export (docs/rpz-export.md): each zone's version in force, the transfers it served by
// kind and outcome, the NOTIFY rounds, and the serial each consumer holds. Absent when rojad
// exports nothing, so a node without the bridge shows no empty families.
#include "daemon/api/metrics_page/metrics_families.hpp"
#include "daemon/rpz/rpz_counters.hpp"

namespace roja::metrics {

namespace {

using rpz::RpzFigures;
using rpz::RpzZoneFigures;

struct ZoneGauge {
    std::string_view name, type, help;
    std::uint64_t (*value)(const RpzZoneFigures&);
};

constexpr ZoneGauge kZoneGauges[] = {
    {"roja_rpz_zone_serial", "gauge", "SOA serial of the exported zone's version in force.",
     [](const RpzZoneFigures& z) -> std::uint64_t { return z.serial; }},
    {"roja_rpz_zone_triggers", "gauge", "Triggers (owner names) of the version in force.",
     [](const RpzZoneFigures& z) { return z.triggers; }},
    {"roja_rpz_zone_records", "gauge", "Resource records of the version in force (apex excluded).",
     [](const RpzZoneFigures& z) { return z.records; }},
    {"roja_rpz_zone_not_expressible", "gauge",
     "URL and SNI entries of the zone's lists that RPZ cannot express (left out).",
     [](const RpzZoneFigures& z) { return z.not_expressible; }},
    {"roja_rpz_zone_too_long", "gauge",
     "Entries left out because their RPZ owner name would exceed 255 octets.",
     [](const RpzZoneFigures& z) { return z.too_long; }},
    {"roja_rpz_zone_versions_total", "counter", "Versions of the zone built since start.",
     [](const RpzZoneFigures& z) { return z.versions; }},
};

void render_zones(Exposition& out, const RpzFigures& figures) {
    for (const ZoneGauge& gauge : kZoneGauges) {
        out.family(gauge.name, gauge.type, gauge.help);
        for (const auto& [zone, values] : figures.zones)
            out.sample(gauge.name, {{"zone", zone}}, gauge.value(values));
    }
}

void render_transfers(Exposition& out, const RpzFigures& figures) {
    out.family("roja_rpz_transfers_total", "counter",
               "Requests to the RPZ listener by zone (empty: not exported), kind and outcome.");
    for (const auto& [key, values] : figures.transfers)
        out.sample("roja_rpz_transfers_total",
                   {{"zone", key.zone}, {"kind", key.kind}, {"outcome", key.outcome}},
                   values.count);
    out.family("roja_rpz_transfer_bytes_total", "counter",
               "Bytes sent in answer, by zone, kind and outcome.");
    for (const auto& [key, values] : figures.transfers)
        out.sample("roja_rpz_transfer_bytes_total",
                   {{"zone", key.zone}, {"kind", key.kind}, {"outcome", key.outcome}},
                   values.bytes);
}

void render_consumers(Exposition& out, const RpzFigures& figures) {
    out.family("roja_rpz_consumer_serial", "gauge",
               "Serial each consumer holds: the one it transferred, or the one its IXFR named.");
    for (const auto& [key, values] : figures.consumers)
        out.sample("roja_rpz_consumer_serial", {{"zone", key.zone}, {"consumer", key.consumer}},
                   static_cast<std::uint64_t>(values.serial));
    out.family("roja_rpz_consumer_seen_timestamp_seconds", "gauge",
               "When rojad last learnt a consumer's serial (Unix time).");
    for (const auto& [key, values] : figures.consumers)
        out.sample("roja_rpz_consumer_seen_timestamp_seconds",
                   {{"zone", key.zone}, {"consumer", key.consumer}},
                   static_cast<double>(values.unix_time));
    out.family("roja_rpz_notify_total", "counter",
               "NOTIFY messages by zone and outcome (sent, acknowledged, failed: given up).");
    for (const auto& [key, count] : figures.notifies)
        out.sample("roja_rpz_notify_total", {{"zone", key.zone}, {"outcome", key.outcome}}, count);
}

}  // namespace

void render_rpz_families(Exposition& out, const MetricsView& view) {
    if (!view.rpz) return;
    const RpzFigures figures = view.rpz->snapshot();
    render_zones(out, figures);
    render_transfers(out, figures);
    render_consumers(out, figures);
}

}  // namespace roja::metrics
