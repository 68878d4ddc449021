#include "daemon/rpz/xfr_reader.hpp"

#include "daemon/wire/dns_constants.hpp"

namespace roja::rpz {

namespace {

bool is_soa(const ResponseRecord& record) {
    return record.type == wire::type::kSoa && record.soa.has_value();
}

}  // namespace

bool XfrReader::is_in_zone(const std::string& owner) const {
    return owner == apex_ || (owner.size() > apex_.size() && owner.ends_with(apex_) &&
                              owner[owner.size() - apex_.size() - 1] == '.');
}

Result<void> XfrReader::count_record() {
    if (++records_ > max_records_) return XfrFailure::oversized;
    return {};
}

Result<bool> XfrReader::take(std::vector<ResponseRecord>& answers) {
    // Result<bool> from an error needs saying so: an error_code also converts to bool.
    const auto fail = [](boost::system::error_code error) {
        return Result<bool>(boost::system::in_place_error, error);
    };
    // An answer without the SOA first (a referral, NODATA) is no transfer: waiting for more
    // would only wait for the timeout.
    if (answers.empty() && step_ == Step::first_soa) return fail(XfrFailure::garbled);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (step_ == Step::done) return fail(XfrFailure::garbled);  // after the closing SOA
        if (!is_in_zone(answers[i].owner)) return fail(XfrFailure::garbled);
        if (auto taken = take_one(answers[i]); !taken) return fail(taken.error());
    }
    // IXFR answered with the SOA alone (RFC 1995 §2, §4).
    if (step_ == Step::second && current_ && answers.size() == 1) {
        const bool is_current = serial() == *current_;
        shape_ = is_current ? XfrShape::up_to_date : XfrShape::needs_axfr;
        step_ = Step::done;
    }
    return step_ == Step::done;
}

Result<void> XfrReader::take_one(ResponseRecord& record) {
    switch (step_) {
        case Step::first_soa:
            if (!is_soa(record) || record.owner != apex_) return XfrFailure::garbled;
            first_soa_ = std::move(record);
            step_ = Step::second;
            return {};
        case Step::second:
            return take_second(record);
        case Step::zone:
            if (is_soa(record)) {
                if (record.soa->fields.serial != serial()) return XfrFailure::garbled;
                step_ = Step::done;
                return {};
            }
            if (auto counted = count_record(); !counted) return counted;
            zone_.add(record, scratch_);
            scratch_.clear();
            return {};
        default:
            return take_difference(record);
    }
}

// The record after the first SOA says which shape the transfer has.
Result<void> XfrReader::take_second(ResponseRecord& record) {
    const bool starts_differences = is_soa(record) && current_ &&
                                    record.soa->fields.serial == *current_ && serial() != *current_;
    if (starts_differences) {
        shape_ = XfrShape::incremental;
        step_ = Step::old_soa;
        return take_difference(record);
    }
    shape_ = XfrShape::full;
    zone_.set_soa(*first_soa_);
    step_ = Step::zone;
    return take_one(record);
}

// old SOA, deletions, new SOA, additions; the primary's SOA where an old SOA would be ends it.
Result<void> XfrReader::take_difference(ResponseRecord& record) {
    if (!is_soa(record)) {
        if (step_ == Step::old_soa) return XfrFailure::garbled;
        if (auto counted = count_record(); !counted) return counted;
        changes_.push_back({step_ == Step::additions, std::move(record)});
        return {};
    }
    const std::uint32_t serial_seen = record.soa->fields.serial;
    switch (step_) {
        case Step::old_soa:
        case Step::additions:
            if (step_ == Step::additions && serial_seen == serial()) {
                if (diff_serial_ != serial()) return XfrFailure::garbled;
                step_ = Step::done;
                return {};
            }
            // Each difference starts where the one before ended (the first: at our serial).
            if (serial_seen != (step_ == Step::old_soa ? *current_ : diff_serial_))
                return XfrFailure::garbled;
            step_ = Step::deletions;
            return {};
        default:  // deletions: the newer SOA of this difference
            diff_serial_ = serial_seen;
            step_ = Step::additions;
            return {};
    }
}

}  // namespace roja::rpz
