// Decode a query and build a blocked redirect answer, with Roja's wire codec and with ldns
// (wire2pkt, build the answer packet, pkt2wire); prints ns per query and the ratio.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon/wire/canned_answers.hpp"

// ldns last: its headers redefine bool, which breaks <optional> included after them.
#include <ldns/ldns.h>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kIterations = 1'000'000;

// "Ads.Tracker.Example" A with EDNS (1232, DO), as a stub resolver sends it.
std::vector<std::uint8_t> sample_query() {
    std::vector<std::uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1};
    for (const char* label : {"Ads", "Tracker", "Example"}) {
        q.push_back(static_cast<std::uint8_t>(std::char_traits<char>::length(label)));
        for (const char* c = label; *c; ++c) q.push_back(static_cast<std::uint8_t>(*c));
    }
    const std::uint8_t tail[] = {0, 0, 1, 0, 1, 0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0};
    q.insert(q.end(), std::begin(tail), std::end(tail));
    return q;
}

double roja_ns(const std::vector<std::uint8_t>& query) {
    static constexpr roja::wire::Ipv4Address kAddress{0, 0, 0, 0};
    std::array<std::uint8_t, 1232> out{};
    roja::wire::QueryView view;
    roja::wire::BlockedAnswer blocked;
    blocked.ttl = 300;
    blocked.ipv4 = std::span(&kAddress, 1);
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (int i = 0; i < kIterations; ++i) {
        roja::wire::decode_query(query, view);
        auto answer = roja::wire::write_redirect(out, view.udp_answer_limit(), view, blocked);
        if (!answer) std::abort();
        bytes += answer->size();
    }
    const auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    std::printf("roja: %zu bytes per answer\n", bytes / kIterations);
    return elapsed / kIterations;
}

// The same work the way an ldns-based server does it.
std::size_t ldns_answer(const std::vector<std::uint8_t>& query) {
    ldns_pkt* pkt = nullptr;
    if (ldns_wire2pkt(&pkt, query.data(), query.size()) != LDNS_STATUS_OK) std::abort();
    ldns_pkt* answer = ldns_pkt_new();
    ldns_pkt_set_id(answer, ldns_pkt_id(pkt));
    ldns_pkt_set_qr(answer, true);
    ldns_pkt_set_rd(answer, ldns_pkt_rd(pkt));
    ldns_pkt_set_ra(answer, true);
    ldns_rr* question = ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(pkt), 0));
    ldns_pkt_push_rr(answer, LDNS_SECTION_QUESTION, question);
    ldns_rr* a = ldns_rr_new_frm_type(LDNS_RR_TYPE_A);
    ldns_rr_set_owner(a, ldns_rdf_clone(ldns_rr_owner(question)));
    ldns_rr_set_ttl(a, 300);
    ldns_rr_set_rdf(a, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, "\0\0\0\0"), 0);
    ldns_pkt_push_rr(answer, LDNS_SECTION_ANSWER, a);
    ldns_pkt_set_edns_udp_size(answer, 1232);
    ldns_pkt_set_edns_do(answer, ldns_pkt_edns_do(pkt));
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, answer, &size) != LDNS_STATUS_OK) std::abort();
    free(wire);
    ldns_pkt_free(answer);
    ldns_pkt_free(pkt);
    return size;
}

double ldns_ns(const std::vector<std::uint8_t>& query) {
    const int iterations = kIterations / 10;
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (int i = 0; i < iterations; ++i) bytes += ldns_answer(query);
    const auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    std::printf("ldns: %zu bytes per answer\n", bytes / iterations);
    return elapsed / iterations;
}

}  // namespace

int main() {
    const auto query = sample_query();
    const double roja = roja_ns(query);
    const double ldns = ldns_ns(query);
    std::printf(
        "decode query + redirect answer: roja %.0f ns/op, ldns %.0f ns/op, ldns/roja %.1fx\n", roja,
        ldns, ldns / roja);
    return 0;
}
