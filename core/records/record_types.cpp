// The descriptions of every record type (DESIGN.md section 3). Labels and option texts are i18n keys
// (core/app/catalog_records.cpp); rules that look at several fields are in record_rules.cpp.
#include "core/records/record_type.h"

#include "core/domain/complaint_workflow.h"
#include "core/domain/surveys.h"
#include "core/records/record_rules.h"

namespace crm::core {
namespace {
using K = FieldKind;

FieldSpec f(const char* key, const char* label, FieldKind kind = K::Text) {
    FieldSpec s;
    s.key = key;
    s.label = label;
    s.kind = kind;
    if (kind == K::Date) s.hint = "YYYY-MM-DD";
    if (kind == K::DateTime) s.hint = "YYYY-MM-DD HH:MM";
    return s;
}
FieldSpec req(FieldSpec s) {
    s.required = true;
    return s;
}
FieldSpec shown(FieldSpec s) {  // kept and shown, not edited in the generic form
    s.inForm = false;
    return s;
}
FieldSpec choice(const char* key, const char* label, const char* prefix, std::vector<const char*> options) {
    FieldSpec s = f(key, label, K::Enum);
    s.optionPrefix = prefix;
    s.options = std::move(options);
    return s;
}
FieldSpec ref(const char* key, const char* label, const char* type) {
    FieldSpec s = shown(f(key, label, K::Reference));
    s.refType = type;
    return s;
}
FieldSpec many(FieldSpec s) {
    s.many = true;
    return s;
}
FieldSpec hint(FieldSpec s, const char* text) {
    s.hint = text;
    return s;
}

const std::vector<const char*> kChannels = {"phone", "wechat", "sms", "email", "visit"};

std::vector<RecordType> describe() {
    std::vector<RecordType> t;
    t.push_back({"customer", "doctype.customer",
                 {req(f("name", "field.name")),
                  choice("gender", "field.gender", "gender.", {"male", "female"}),
                  hint(many(f("phones", "field.phones", K::Phone)), "138 0013 8000"),
                  f("wechat", "field.wechat"),
                  f("email", "field.email", K::Email),
                  hint(f("birthday", "field.birthday", K::Birthday), "YYYY-MM-DD / 农历 YYYY-MM-DD"),
                  f("id_number", "field.id_number"),
                  f("company", "field.company"),
                  f("position", "field.position"),
                  f("region", "field.region"),
                  f("address", "field.address"),
                  choice("lifecycle", "field.lifecycle", "lifecycle.", {"potential", "intent", "closed"}),
                  choice("values_orientation", "field.values", "values.", {"relationship", "value", "time"}),
                  choice("preferred_channel", "field.preferred_channel", "channel.", kChannels),
                  f("preferred_time", "field.preferred_time"),
                  f("source", "field.source"),
                  f("owner", "field.owner"),
                  f("important", "field.important", K::Bool),
                  f("consent_contact", "field.consent", K::Bool),
                  f("family", "field.family"),
                  f("hobbies", "field.hobbies"),
                  f("personality", "field.personality"),
                  f("notes", "field.notes", K::Multiline),
                  shown(many(f("tags", "field.tags")))},
                 {},
                 {"name", "phones", "region", "company", "owner"},
                 "name",
                 false,
                 {"name", "region"}});
    t.push_back({"vehicle", "doctype.vehicle",
                 {f("vin", "field.vin", K::Vin),
                  f("plate", "field.plate", K::Plate),
                  f("make", "field.make"),
                  f("model", "field.model"),
                  f("purchase_date", "field.purchase_date", K::Date),
                  f("in_service_date", "field.in_service_date", K::Date),
                  f("warranty_end", "field.warranty_end", K::Date),
                  f("warranty_km", "field.warranty_km", K::Km),
                  f("insurance_end", "field.insurance_end", K::Date),
                  choice("usage", "col.usage", "usage.", {"private", "company"}),
                  f("commercial", "usage.commercial", K::Bool),
                  shown(f("odometer", "col.odometer", K::List)),
                  ref("customer_id", "doctype.customer", "customer")},
                 {vehicleIdentityRule},
                 {"plate", "vin", "make", "model", "usage"},
                 "plate",
                 false,
                 {"plate", "make", "model", "vin"}});
    t.push_back({"service_record", "doctype.service_record",
                 {ref("vehicle_id", "col.vehicle", "vehicle"),
                  req(f("date_in", "field.date_in", K::Date)),
                  f("date_out", "field.date_out", K::Date),
                  f("odometer_in", "field.odometer_in", K::Km),
                  f("odometer_out", "field.odometer_out", K::Km),
                  f("advisor", "field.advisor"),
                  f("items", "field.items", K::List),
                  f("parts_amount", "field.parts_amount", K::Money),
                  f("labour_amount", "field.labour_amount", K::Money),
                  choice("pay_type", "col.pay_type", "pay.", {"customer", "warranty", "internal"}),
                  f("comeback", "service.comeback", K::Bool),
                  f("voided", "field.voided", K::Bool),
                  ref("customer_id", "doctype.customer", "customer")},
                 {serviceOdometerRule, serviceDatesRule},
                 {"date_in", "vehicle_id", "odometer_in", "items", "advisor", "parts_amount", "labour_amount",
                  "pay_type"},
                 "date_in",
                 true,
                 {"items", "advisor", "pay_type"}});
    t.push_back({"purchase", "doctype.purchase",
                 {req(f("date", "field.purchase_on", K::Date)),
                  req(hint(f("item", "field.purchase_item"), "file.purchase_item_hint")),
                  ref("vehicle_id", "col.vehicle", "vehicle"),
                  req(hint(f("amount", "field.purchase_amount", K::Money), "128000")),
                  f("salesperson", "field.salesperson"),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"date", "item", "amount", "salesperson"},
                 "date",
                 true,
                 {"item", "amount", "salesperson"}});
    t.push_back({"followup", "doctype.followup",
                 {f("date", "col.date", K::Date),
                  req(choice("channel", "field.channel", "channel.", kChannels)),
                  req(f("content", "field.content")),
                  choice("outcome", "field.outcome", "outcome.", {"reached", "no_answer", "booked", "declined"}),
                  f("next_date", "field.next_date", K::Date),
                  shown(f("resolves", "field.resolves")),
                  shown(f("by", "col.by")),
                  shown(f("staff", "col.by")),
                  ref("customer_id", "doctype.customer", "customer")},
                 {followupDatesRule},
                 {"date", "channel", "content", "outcome", "next_date"},
                 "date",
                 true,
                 {"channel", "content", "outcome"}});
    // Complaints (core/domain/complaint_workflow.h): the stage, pause state, events and deadlines are the
    // workflow's (shown, never edited in the form); the fields in the order the stages fill them.
    t.push_back({"complaint", "doctype.complaint",
                 {req(f("received_at", "field.received_at", K::DateTime)),
                  choice("channel", "field.channel", "complaint.channel.",
                         {kComplaintChannels.begin(), kComplaintChannels.end()}),
                  shown(choice("status", "col.status", "complaint.stage.",
                               {kComplaintStageKeys.begin(), kComplaintStageKeys.end()})),
                  f("complainant", "complaint.field.complainant"),
                  f("matter", "complaint.field.matter", K::Multiline),
                  choice("category", "complaint.field.category", "complaint.category.",
                         {kComplaintCategories.begin(), kComplaintCategories.end()}),
                  choice("severity", "field.severity", "severity.",
                         {kComplaintSeverities.begin(), kComplaintSeverities.end()}),
                  f("owner", "field.owner"),
                  f("findings", "complaint.field.findings", K::Multiline),
                  f("root_cause", "complaint.field.root_cause"),
                  choice("department", "complaint.field.department", "complaint.department.",
                         {"workshop", "service_desk", "parts", "sales", "customer_care", "manufacturer"}),
                  f("measures", "complaint.field.measures", K::Multiline),
                  f("compensation", "complaint.field.compensation", K::Money),
                  f("told_at", "complaint.field.told_at", K::DateTime),
                  choice("told_how", "complaint.field.told_how", "complaint.told.",
                         {"phone", "wechat", "in_person", "sms", "email"}),
                  f("revisit_at", "complaint.field.revisit_at", K::DateTime),
                  choice("handling_satisfaction", "complaint.field.satisfaction", "complaint.satisfaction.",
                         {"very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"}),
                  shown(f("paused", "complaint.field.paused", K::Bool)),
                  shown(f("closed", "complaint.field.closed", K::Bool)),
                  ref("customer_id", "doctype.customer", "customer"),
                  ref("vehicle_id", "col.vehicle", "vehicle"),
                  ref("service_record_id", "doctype.service_record", "service_record"),
                  ref("survey_id", "doctype.survey", "survey"),
                  shown(f("events", "field.events", K::List)),
                  shown(f("deadlines", "complaint.field.deadlines", K::List))},
                 {},
                 {"received_at", "status", "severity", "category", "matter", "owner"},
                 "received_at",
                 true,
                 {"status", "category", "matter"}});
    t.push_back({"survey", "doctype.survey",
                 {f("date", "col.date", K::Date),
                  choice("channel", "field.channel", "survey.channel.", {"phone", "face_to_face", "questionnaire", "online"}),
                  ref("template_id", "doctype.survey_template", "survey_template"),
                  ref("service_record_id", "doctype.service_record", "service_record"),
                  ref("complaint_id", "doctype.complaint", "complaint"),
                  ref("vehicle_id", "col.vehicle", "vehicle"),
                  f("advisor", "field.advisor"),
                  shown(f("answers", "survey.answers", K::List)),
                  shown(f("scores", "field.scores", K::List)),
                  f("comment", "field.comment", K::Multiline),
                  ref("customer_id", "doctype.customer", "customer")},
                 {surveyAnswersRule},
                 {"date", "channel", "comment"},
                 "date",
                 true,
                 {"channel", "comment"}});
    t.push_back({"survey_template", "doctype.survey_template",
                 {req(f("name", "field.title")), shown(f("questions", "field.questions", K::List)),
                  shown(f("weights", "field.weights", K::List)), f("active", "field.active", K::Bool)},
                 {surveyTemplateRule},
                 {"name", "active"},
                 "name",
                 false,
                 {"name"}});
    t.push_back({"evaluation", "doctype.evaluation",
                 {f("date", "col.date", K::Date),
                  ref("template_id", "doctype.evaluation_template", "evaluation_template"),
                  shown(f("scores", "field.scores", K::List)),
                  f("basis", "field.basis", K::Multiline),
                  f("recommendation", "field.recommendation", K::Multiline),
                  shown(f("approvals", "field.approvals", K::List)),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"date", "recommendation"},
                 "date",
                 true,
                 {"recommendation"}});
    t.push_back({"evaluation_template", "doctype.evaluation_template",
                 {req(f("name", "field.title")), shown(f("indicators", "field.indicators", K::List)),
                  shown(f("bands", "field.bands", K::List))},
                 {},
                 {"name"},
                 "name",
                 false,
                 {"name"}});
    t.push_back({"points", "doctype.points",
                 {f("date", "col.date", K::Date),
                  choice("kind", "col.kind", "points.kind.", {"earned", "redeemed", "expired", "adjusted"}),
                  f("amount", "field.points", K::Integer),
                  f("reason", "field.reason"),
                  f("expires", "field.expires", K::Date),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"date", "kind", "amount", "reason"},
                 "date",
                 true,
                 {"kind", "amount", "reason"}});
    t.push_back({"voucher", "doctype.voucher",
                 {req(f("code", "field.code")),
                  f("value", "col.amount", K::Money),
                  f("valid_from", "field.valid_from", K::Date),
                  f("valid_until", "field.valid_until", K::Date),
                  choice("state", "col.status", "voucher.state.", {"issued", "used", "expired"}),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"code", "value", "valid_until", "state"},
                 "valid_until",
                 true,
                 {"code", "value", "state"}});
    t.push_back({"warranty_claim", "doctype.warranty_claim",
                 {ref("vehicle_id", "col.vehicle", "vehicle"),
                  ref("service_record_id", "doctype.service_record", "service_record"),
                  choice("state", "col.status", "claim.state.", {"draft", "submitted", "approved", "rejected", "settled"}),
                  shown(f("lines", "field.lines", K::List)),
                  f("settlement_month", "field.settlement_month"),
                  f("amount", "col.amount", K::Money),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"state", "settlement_month", "amount"},
                 "settlement_month",
                 true,
                 {"state", "amount"}});
    t.push_back({"task", "doctype.task",
                 {req(f("title", "field.title")),
                  f("due", "col.due", K::Date),
                  f("owner", "field.owner"),
                  choice("state", "col.status", "task.state.", {"todo", "doing", "done"}),
                  f("notes", "field.notes", K::Multiline),
                  ref("customer_id", "doctype.customer", "customer")},
                 {},
                 {"title", "due", "owner", "state"},
                 "due",
                 false,
                 {"title", "state"}});
    t.push_back({"campaign", "doctype.campaign",
                 {req(f("name", "field.title")),
                  choice("kind", "col.kind", "campaign.kind.", {"event", "care"}),
                  f("start", "field.start", K::Date),
                  f("end", "field.end", K::Date),
                  shown(f("invitations", "field.invitations", K::List))},
                 {campaignDatesRule},
                 {"name", "kind", "start", "end"},
                 "start",
                 true,
                 {"name", "kind"}});
    t.push_back({"view", "doctype.view",
                 {req(f("name", "views.name")), shown(f("view_of", "field.view_of")),
                  shown(f("filter", "customers.filter", K::List)), shown(f("sort", "field.sort", K::List)),
                  shown(f("columns", "field.columns", K::List))},
                 {},
                 {"name", "view_of"},
                 "name",
                 false,
                 {"name"}});
    // settings:classification, settings:followup, … : the shop's rules, edited in Settings; their numbers
    // are read by core/domain with defaults for anything missing, so no field is required here; the survey
    // threshold and survey-due days are range-checked (surveySettingsRule).
    t.push_back({"settings", "doctype.settings", {}, {surveySettingsRule}, {}, "", false, {}});
    return t;
}
}  // namespace

std::string FieldSpec::optionLabelKey(std::string_view option) const {
    return std::string(optionPrefix) + std::string(option);
}

const FieldSpec* RecordType::field(std::string_view key) const {
    for (const FieldSpec& f : fields) {
        if (key == f.key) return &f;
    }
    return nullptr;
}

const std::vector<RecordType>& recordTypes() {
    static const std::vector<RecordType> types = describe();
    return types;
}

const RecordType* findRecordType(std::string_view type) {
    for (const RecordType& t : recordTypes()) {
        if (t.type == type) return &t;
    }
    return nullptr;
}

const RecordType* recordTypeOf(const Json& doc) {
    if (!doc.is_object()) return nullptr;
    auto it = doc.find("type");
    if (it == doc.end() || !it->is_string()) return nullptr;
    return findRecordType(it->get_ref<const std::string&>());
}

std::string_view kindName(FieldKind kind) {
    switch (kind) {
        case K::Text: return "text";
        case K::Multiline: return "multiline";
        case K::Phone: return "phone";
        case K::Email: return "email";
        case K::Date: return "date";
        case K::DateTime: return "date-time";
        case K::Money: return "money";
        case K::Integer: return "integer";
        case K::Km: return "km";
        case K::Enum: return "enum";
        case K::Bool: return "bool";
        case K::Reference: return "reference";
        case K::List: return "list";
        case K::Attachment: return "attachment";
        case K::Vin: return "vin";
        case K::Plate: return "plate";
        case K::Birthday: return "birthday";
    }
    return "text";
}

bool hasErrors(const FieldIssues& issues) {
    for (const FieldIssue& i : issues) {
        if (!i.warning) return true;
    }
    return false;
}

}  // namespace crm::core
