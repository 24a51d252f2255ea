// Segments: many documents' records in ONE stored value. Reading a few large IndexedDB values is far faster
// than reading one small value per document, so WriteBehind folds the per-document records it writes (the
// log) into segments, and a load reads the segments first, then what is left of the log.
//
// Layout: 0xC9 (magic, never the first byte of a JSON text or of a document record), format version 1,
// the segment's number, the entry count, then per entry the document id and its record (as
// DocumentStore::encodeRecord gives it), each as varint length + bytes.
//
// Stages: a load hands the store the first screen's documents first (stage FirstScreen: customers, vehicles,
// settings, templates, any id of a form not listed below), signals `ready`, and takes in the records (stage
// Records: repair orders, purchases, follow-ups, complaints, surveys, points, ...) behind it. A document's stage
// follows from its id's type prefix ("followup:..."), which never changes: all its copies lie in one stage, so a
// type change or a deletion can never leave a later copy in the other stage. Segments hold one stage's documents;
// a Records segment's key starts with 'r' (after every digit: IndexedDB reads the first stage with keys < "r").
// Segments written before stages existed (digits only) are read in the first stage, whatever they hold.
//
// A document can be stored more than once (in the log and in a segment, in two segments, after a crash
// between two writes): the copy with the later update seq wins (`supersedes`), an equal seq is the same
// write and loads once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::core::segment {

constexpr char kMagic = static_cast<char>(0xC9);
constexpr uint8_t kVersion = 1;

// Builds one segment, entry by entry.
class Writer {
public:
    explicit Writer(uint64_t number) : m_number(number) {}
    void add(std::string_view id, std::string_view record);
    size_t bytes() const { return m_body.size(); }
    size_t count() const { return m_count; }
    uint64_t number() const { return m_number; }
    std::string finish() const;  // the stored value

private:
    uint64_t m_number;
    size_t m_count = 0;
    std::string m_body;
};

struct Entry {
    std::string_view id;
    std::string_view record;
};

struct Contents {
    uint64_t number = 0;
    std::vector<Entry> entries;  // views into the bytes read
};

// The entries of a stored segment; nullopt when the bytes are not a whole, well-formed segment.
std::optional<Contents> read(std::string_view bytes);

enum class Stage : uint8_t { FirstScreen, Records };
constexpr char kRecordsKeyPrefix = 'r';

// The stage a document type's copies are stored and loaded in ("followup" -> Records; see above).
Stage stageOfType(std::string_view type);
// The stage a document's copies are stored and loaded in: the stage of its id's type prefix (none: FirstScreen).
Stage stageOf(std::string_view id);

// The storage key of segment `number`: fixed-width digits, so keys sort in number order; with 'r' in front for
// the Records stage. A number is unique within a stage, and mostly across both: a first-screen segment written
// while the Records stage is still being read can take the number of a Records segment not read yet (their keys
// differ, so neither is overwritten). A stored segment is named by its stage and number together (Place).
std::string key(uint64_t number, Stage stage = Stage::FirstScreen);
using Place = std::pair<Stage, uint64_t>;
// The stage of a stored segment, by its key.
inline Stage stageOfKey(std::string_view key) {
    return !key.empty() && key[0] == kRecordsKeyPrefix ? Stage::Records : Stage::FirstScreen;
}

// Whether a stored copy of a document with update seq `incoming` replaces the copy already loaded
// (`current`, 0 when none). A record without a seq (0: the JSON records of earlier versions, which only
// ever sit in the log) always loads.
inline bool supersedes(uint64_t incoming, uint64_t current) { return incoming == 0 || incoming > current; }

} // namespace crm::core::segment
