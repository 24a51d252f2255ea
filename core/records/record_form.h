// A record being edited in a generic form: each described field's typed text, loaded from a document and
// turned back into one. Only fields whose text changed are parsed again, so values the form did not touch
// stay exactly as stored; the document is then validated by CrmSession like every other write.
#pragma once
#include "core/domain/shop_zone.h"
#include "core/json.h"
#include "core/records/field_issue.h"
#include "core/records/record_type.h"

#include <map>
#include <string>

namespace crm::core {

struct FormResult {
    Json doc;            // the edited document (with the _id/_rev it was loaded with)
    FieldIssues issues;  // typed input that could not be parsed (the document is then not to be saved)
    bool ok() const { return issues.empty(); }
};

class RecordForm {
public:
    // Starts editing `doc` (an empty object with a "type" for a new record) of `type`; date-times are shown
    // and typed in `zone` (the shop's: CrmSession::shopZone()).
    void load(const RecordType& type, const Json& doc, ShopZone zone);
    const RecordType* type() const { return m_type; }
    const Json& original() const { return m_doc; }
    bool isNew() const { return !m_doc.contains("_rev"); }
    std::string& text(const std::string& key) { return m_text[key]; }
    bool changed() const { return m_text != m_loaded; }
    // Continues the edits on `doc` (a newer revision of the same record): fields not typed into come from it.
    void rebase(const Json& doc) {
        m_doc = doc;
        m_doc["type"] = m_type ? m_type->type : doc.value("type", "");
    }
    FormResult build() const;

private:
    const RecordType* m_type = nullptr;
    ShopZone m_zone;
    Json m_doc = Json::object();
    std::map<std::string, std::string> m_text, m_loaded;
};

}  // namespace crm::core
