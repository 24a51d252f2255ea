// A _changes page read in time slices (see changes_reader.h).
#include "core/sync/changes_reader.h"

#include "core/store/json_text.h"

namespace crm::core {

namespace {
constexpr size_t kNone = std::string::npos;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';  // JSON's whitespace
}

size_t skipSpace(const std::string& s, size_t i) {
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// One past the JSON value that starts at `i`, found by its strings and brackets only (the value itself is
// parsed later, which checks it); kNone: cut short.
size_t valueEnd(const std::string& s, size_t i) {
    size_t n = s.size();
    if (i >= n) return kNone;
    if (s[i] != '"' && s[i] != '{' && s[i] != '[') {  // a number or a literal
        while (i < n && !isSpace(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']')
            ++i;
        return i;
    }
    int depth = 0;
    for (; i < n; ++i) {
        char c = s[i];
        if (c == '"') {
            for (++i; i < n && s[i] != '"'; ++i) {
                if (s[i] == '\\') ++i;
            }
            if (i >= n) return kNone;
            if (depth == 0) return i + 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return kNone;
}

Json parseRange(const std::string& s, size_t begin, size_t end) {
    return parseJsonText(std::string_view(s).substr(begin, end - begin));
}
}  // namespace

void ChangesReader::start(std::string body, size_t wholeUpTo) {
    drop();
    m_body = std::move(body);
    m_active = true;
    if (m_body.size() <= wholeUpTo || !scan()) {
        m_rows.clear();
        readWhole();
        m_done = true;
    }
}

// The page's top level: `{ "key": value, … }`; each value but `results` parsed and kept in a head, which
// changesAnswer() checks with an empty `results`.
bool ChangesReader::scan() {
    const std::string& s = m_body;
    Json head = Json::object();
    size_t i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '{') return false;
    i = skipSpace(s, i + 1);
    for (;;) {
        if (i >= s.size() || s[i] != '"') return false;
        size_t keyEnd = valueEnd(s, i);
        if (keyEnd == kNone) return false;
        Json key = parseRange(s, i, keyEnd);
        if (!key.is_string()) return false;
        i = skipSpace(s, keyEnd);
        if (i >= s.size() || s[i] != ':') return false;
        i = skipSpace(s, i + 1);
        size_t end = valueEnd(s, i);
        if (end == kNone) return false;
        const std::string& name = key.get_ref<const std::string&>();
        if (head.contains(name)) return false;  // a repeated key
        if (name == "results") {
            if (!scanRows(i, end)) return false;
            head[name] = Json::array();
        } else {
            Json value = parseRange(s, i, end);
            if (value.is_discarded()) return false;
            head[name] = std::move(value);
        }
        i = skipSpace(s, end);
        if (i < s.size() && s[i] == ',') {
            i = skipSpace(s, i + 1);
            continue;
        }
        if (i < s.size() && s[i] == '}') break;
        return false;
    }
    if (skipSpace(s, i + 1) != s.size()) return false;
    m_page = changesAnswer(head.dump());
    m_page.value.rows.reserve(m_rows.size());
    return m_page.ok();
}

// `results`: `[ row, row, … ]`, each row's byte range kept.
bool ChangesReader::scanRows(size_t i, size_t end) {
    const std::string& s = m_body;
    if (s[i] != '[') return false;
    i = skipSpace(s, i + 1);
    if (i < end && s[i] == ']') return i + 1 == end;
    for (;;) {
        size_t rowEnd = valueEnd(s, i);
        if (rowEnd == kNone || rowEnd > end) return false;
        m_rows.emplace_back(i, rowEnd);
        i = skipSpace(s, rowEnd);
        if (i < end && s[i] == ',') {
            i = skipSpace(s, i + 1);
            continue;
        }
        return i < end && s[i] == ']' && i + 1 == end;
    }
}

bool ChangesReader::readSome(int64_t sliceMs, const Clock& clock) {
    int64_t start = sliceMs > 0 ? clock.nowMs() : 0;
    while (!m_done && m_next < m_rows.size()) {
        auto [begin, end] = m_rows[m_next++];
        Json row = parseChangeRow(std::string_view(m_body).substr(begin, end - begin));
        ChangeRow read;
        if (row.is_discarded() || !readChangeRow(row, read).empty()) {
            readWhole();  // the whole page's answer says what is wrong
            break;
        }
        m_page.value.rows.push_back(std::move(read));
        if (sliceMs > 0 && m_next < m_rows.size() && clock.nowMs() - start >= sliceMs) return false;
    }
    m_done = true;
    return true;
}

Checked<ChangesPage> ChangesReader::take() {
    Checked<ChangesPage> page = std::move(m_page);
    drop();
    return page;
}

void ChangesReader::drop() {
    m_active = m_done = false;
    m_body = std::string();
    m_rows.clear();
    m_next = 0;
    m_page = {};
}

}  // namespace crm::core
