// Segments: writing and reading the many-documents-per-value format (see segment.h).
#include "core/store/segment.h"

#include "core/store/varint.h"

#include <cstdio>

namespace crm::core::segment {

void Writer::add(std::string_view id, std::string_view record) {
    putVarint(m_body, id.size());
    m_body += id;
    putVarint(m_body, record.size());
    m_body += record;
    ++m_count;
}

std::string Writer::finish() const {
    std::string out;
    out.reserve(m_body.size() + 24);
    out.push_back(kMagic);
    out.push_back(static_cast<char>(kVersion));
    putVarint(out, m_number);
    putVarint(out, m_count);
    out += m_body;
    return out;
}

std::optional<Contents> read(std::string_view bytes) {
    ByteCursor in(bytes);
    uint8_t magic = 0, version = 0;
    uint64_t count = 0;
    Contents contents;
    if (!in.byte(magic) || magic != static_cast<uint8_t>(kMagic) || !in.byte(version) || version != kVersion ||
        !in.varint(contents.number) || !in.varint(count) || count > in.remaining() / 2) {
        return std::nullopt;
    }
    contents.entries.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
        uint64_t idSize = 0, recordSize = 0;
        Entry e;
        if (!in.varint(idSize) || !in.bytes(idSize, e.id) || e.id.empty() || !in.varint(recordSize) ||
            !in.bytes(recordSize, e.record)) {
            return std::nullopt;
        }
        contents.entries.push_back(e);
    }
    if (!in.atEnd()) return std::nullopt;
    return contents;
}

std::string key(uint64_t number, Stage stage) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, stage == Stage::Records ? "r%010llu" : "%010llu",
                  static_cast<unsigned long long>(number));
    return buffer;
}

Stage stageOfType(std::string_view type) {
    // The record types no first-screen view reads (core/records/record_types.cpp): the bulk of a shop's documents.
    static constexpr std::string_view kRecordTypes[] = {"service_record", "purchase", "followup", "complaint",
                                                        "survey",         "evaluation", "points", "voucher",
                                                        "warranty_claim", "task"};
    for (std::string_view records : kRecordTypes) {
        if (type == records) return Stage::Records;
    }
    return Stage::FirstScreen;
}

Stage stageOf(std::string_view id) {
    const size_t colon = id.find(':');
    return colon == std::string_view::npos ? Stage::FirstScreen : stageOfType(id.substr(0, colon));
}

} // namespace crm::core::segment
