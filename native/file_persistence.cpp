// FilePersistence: append-only framed log with CRC32, fsync and torn-tail recovery.
//
// Sections: CRC32 and batch codec · open and recovery · load · write
#include "native/file_persistence.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace crm::core {

// ---- CRC32 and batch codec --------------------------------------------------------------------

namespace {
void putU32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}

bool getU32(std::string_view& in, uint32_t& v) {
    if (in.size() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(uint8_t(in[size_t(i)])) << (8 * i);
    in.remove_prefix(4);
    return true;
}

void putString(std::string& out, std::string_view s) {
    putU32(out, uint32_t(s.size()));
    out.append(s);
}

bool getString(std::string_view& in, std::string& s) {
    uint32_t n = 0;
    if (!getU32(in, n) || in.size() < n) return false;
    s.assign(in.substr(0, n));
    in.remove_prefix(n);
    return true;
}

bool getRecords(std::string_view& in, std::vector<Record>& out) {
    uint32_t n = 0;
    if (!getU32(in, n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        Record r;
        if (!getString(in, r.key) || !getString(in, r.value)) return false;
        out.push_back(std::move(r));
    }
    return true;
}

PersistStatus ioError(const std::string& what) {
    int err = errno;
    PersistStatus s;
    s.code = (err == ENOSPC || err == EDQUOT) ? "quota" : "io";
    s.detail = what + ": " + std::strerror(err);
    return s;
}

bool writeAll(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= size_t(w);
    }
    return true;
}
} // namespace

uint32_t FilePersistence::crc32(std::string_view data) {
    static const auto table = [] {
        std::vector<uint32_t> t(256);
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t crc = 0xFFFFFFFFu;
    for (char ch : data) crc = table[(crc ^ uint8_t(ch)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

std::string FilePersistence::encodeBatch(const Batch& batch) {
    std::string out;
    putU32(out, uint32_t(batch.docs.size()));
    for (const Record& r : batch.docs) {
        putString(out, r.key);
        putString(out, r.value);
    }
    putU32(out, uint32_t(batch.erasedDocs.size()));
    for (const std::string& k : batch.erasedDocs) putString(out, k);
    putU32(out, uint32_t(batch.meta.size()));
    for (const Record& r : batch.meta) {
        putString(out, r.key);
        putString(out, r.value);
    }
    return out;
}

bool FilePersistence::decodeBatch(std::string_view in, Batch& out) {
    out = Batch{};
    if (!getRecords(in, out.docs)) return false;
    uint32_t n = 0;
    if (!getU32(in, n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        std::string k;
        if (!getString(in, k)) return false;
        out.erasedDocs.push_back(std::move(k));
    }
    return getRecords(in, out.meta) && in.empty();
}

// ---- open and recovery ------------------------------------------------------------------------

FilePersistence::FilePersistence(std::string path) : m_path(std::move(path)) {}

FilePersistence::~FilePersistence() {
    if (m_fd >= 0) ::close(m_fd);
}

PersistStatus FilePersistence::open() {
    if (m_fd >= 0) return {};
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT, 0644);
    if (m_fd < 0) {
        PersistStatus s = ioError("open " + m_path);
        if (errno == EACCES || errno == EROFS || errno == ENOENT) s.code = "unavailable";
        return s;
    }
    return scan(nullptr, nullptr);
}

// Reads every frame; applies good ones to docs/meta (when given); truncates the file after the
// last good frame.
PersistStatus FilePersistence::scan(std::map<std::string, std::string>* docs, std::map<std::string, std::string>* meta) {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) return ioError("stat " + m_path);
    std::string data(size_t(st.st_size), '\0');
    size_t got = 0;
    while (got < data.size()) {
        ssize_t r = ::pread(m_fd, data.data() + got, data.size() - got, off_t(got));
        if (r < 0) {
            if (errno == EINTR) continue;
            return ioError("read " + m_path);
        }
        if (r == 0) break;
        got += size_t(r);
    }
    data.resize(got);

    size_t pos = 0;
    while (true) {
        std::string_view rest(data.data() + pos, data.size() - pos);
        uint32_t length = 0, crc = 0;
        if (!getU32(rest, length) || !getU32(rest, crc) || rest.size() < length) break;
        std::string_view payload = rest.substr(0, length);
        if (crc32(payload) != crc) break;
        Batch batch;
        if (!decodeBatch(payload, batch)) break;
        if (docs) {
            for (Record& r : batch.docs) (*docs)[std::move(r.key)] = std::move(r.value);
            for (const std::string& k : batch.erasedDocs) docs->erase(k);
        }
        if (meta) {
            for (Record& r : batch.meta) (*meta)[std::move(r.key)] = std::move(r.value);
        }
        pos += 8 + length;
    }
    m_discarded = data.size() - pos;
    m_validLength = pos;
    if (m_discarded > 0) {
        if (::ftruncate(m_fd, off_t(pos)) != 0 || ::fsync(m_fd) != 0) return ioError("truncate " + m_path);
    }
    return {};
}

// ---- load -------------------------------------------------------------------------------------

void FilePersistence::load(ChunkFn onChunk, DoneFn onDone) {
    PersistStatus status;
    std::map<std::string, std::string> docs, meta;
    if (m_fd < 0) {
        m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT, 0644);
        if (m_fd < 0) {
            status = ioError("open " + m_path);
            if (errno == EACCES || errno == EROFS || errno == ENOENT) status.code = "unavailable";
            onDone(status);
            return;
        }
    }
    status = scan(&docs, &meta);
    if (status.ok()) {
        std::vector<Record> chunk, metaRecords;
        for (auto& [k, v] : meta) metaRecords.push_back(Record{k, std::move(v)});
        size_t size = chunkSize ? chunkSize : 4096;
        for (auto& [k, v] : docs) {
            chunk.push_back(Record{k, std::move(v)});
            if (chunk.size() >= size) {
                onChunk(std::move(chunk), {});
                chunk = {};
            }
        }
        if (!chunk.empty() || !metaRecords.empty()) onChunk(std::move(chunk), std::move(metaRecords));
    }
    onDone(status);
}

// ---- write ------------------------------------------------------------------------------------

void FilePersistence::write(const Batch& batch, DoneFn onDone) {
    PersistStatus status = open();
    if (!status.ok()) {
        onDone(status);
        return;
    }
    std::string payload = encodeBatch(batch);
    std::string frame;
    frame.reserve(payload.size() + 8);
    putU32(frame, uint32_t(payload.size()));
    putU32(frame, crc32(payload));
    frame += payload;
    if (::lseek(m_fd, off_t(m_validLength), SEEK_SET) < 0 || !writeAll(m_fd, frame.data(), frame.size()) ||
        ::fsync(m_fd) != 0) {
        status = ioError("write " + m_path);
        if (::ftruncate(m_fd, off_t(m_validLength)) == 0) ::fsync(m_fd);  // keep the log clean
        onDone(status);
        return;
    }
    m_validLength += frame.size();
    onDone(status);
}

} // namespace crm::core
