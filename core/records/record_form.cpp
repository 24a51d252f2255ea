// RecordForm: texts from a document and back (see record_form.h).
#include "core/records/record_form.h"

#include "core/records/typed_input.h"

namespace crm::core {

void RecordForm::load(const RecordType& type, const Json& doc, ShopZone zone) {
    m_type = &type;
    m_zone = zone;
    m_doc = doc.is_object() ? doc : Json::object();
    m_doc["type"] = type.type;
    m_text.clear();
    for (const FieldSpec& field : type.fields) {
        if (!field.inForm) continue;
        auto it = m_doc.find(field.key);
        m_text[field.key] = it == m_doc.end() ? std::string() : inputText(field, *it, m_zone);
    }
    m_loaded = m_text;
}

FormResult RecordForm::build() const {
    FormResult result{m_doc, {}};
    if (!m_type) return result;
    for (const FieldSpec& field : m_type->fields) {
        auto text = m_text.find(field.key);
        if (!field.inForm || text == m_text.end()) continue;
        auto loaded = m_loaded.find(field.key);
        if (loaded != m_loaded.end() && loaded->second == text->second) continue;  // untouched: kept as stored
        TypedValue value = parseInput(field, text->second, m_zone);
        if (!value.ok()) {
            result.issues.push_back({field.key, inputErrorKey(value.error)});
            continue;
        }
        if (value.value.is_null()) result.doc.erase(field.key);
        else result.doc[field.key] = std::move(value.value);
    }
    return result;
}

}  // namespace crm::core
