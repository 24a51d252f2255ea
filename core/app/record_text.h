// Records in words, in the UI language: field labels, stored values as people read them (enum options
// translated, money with ¥, km), history changes ("地区: 北京 → 上海") and validation messages; and the
// descriptions as JSON for the automation API (crm.records.types()).
#pragma once
#include "core/domain/shop_zone.h"
#include "core/json.h"
#include "core/records/field_issue.h"
#include "core/records/record_history.h"
#include "core/records/record_type.h"

#include <string>

namespace crm::core {

// The zone date-times are shown in: the shop's, handed in once a frame (CrmApp::runBackgroundWork) from
// CrmSession::shopZone(), as the language is; UTC+8 until then.
void setDisplayZone(ShopZone zone);
ShopZone displayZone();

std::string fieldLabel(const RecordType* type, const std::string& field);
// A writer's name as stored (history "by", events, owners) for reading: the device's default name translated.
std::string userText(const std::string& name);
// A stored value for reading; "—" when absent.
std::string valueText(const FieldSpec* field, const Json& value);
std::string valueText(const RecordType* type, const std::string& field, const Json& value);
// "label: before → after" (or just the label for entries of older versions that kept field names only).
std::string changeText(const RecordType* type, const FieldChange& change);
// Every change of a history entry, joined by "; ".
std::string changesText(const RecordType* type, const std::vector<FieldChange>& changes);
// A validation message: "label: problem" for per-field input problems, the sentence itself otherwise.
std::string issueText(const RecordType* type, const FieldIssue& issue);
// All issues of a document as {field, message, warning} objects.
Json issuesJson(const Json& doc, const FieldIssues& issues);
// The descriptions: [{type, label, fields: [{key, kind, label, required, options: [{value, label}]}], …}].
Json recordTypesJson();

}  // namespace crm::core
