// MD5 (RFC 1321) for revision hashes and attachment digests; not for security.
// Attachment digests are "md5-<base64 of the 16 raw bytes>", as CouchDB and PouchDB write them.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace crm::core {

class Md5 {
public:
    Md5();
    void update(std::string_view data);
    std::array<uint8_t, 16> finish();  // the object must not be updated afterwards

    static std::array<uint8_t, 16> digest(std::string_view data);
    static std::string hex(std::string_view data);             // 32 lower-case hex chars
    static std::string attachmentDigest(std::string_view data);  // "md5-<base64>"

private:
    void block(const uint8_t* p);
    uint32_t m_state[4];
    uint64_t m_length = 0;  // bytes so far
    uint8_t m_buffer[64];
    size_t m_buffered = 0;
};

} // namespace crm::core
