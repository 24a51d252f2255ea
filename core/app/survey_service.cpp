// SurveyService (see survey_service.h): gathering the answer table in steps, the analysis job, survey saves
// and the complaint offer; surveyApi for window.crm.surveys.
#include "core/app/survey_service.h"

#include "core/app/complaint_service.h"
#include "core/json_field.h"
#include "core/records/record_validation.h"

#include <algorithm>
#include <stdexcept>

namespace crm::core {
namespace {
bool isSurveyInput(const std::string& type) {
    return type == "survey" || type == "survey_template" || type == "service_record" || type == "complaint" ||
           type == "vehicle";
}

Json templateJson(const SurveyTemplate& t) {
    Json questions = Json::array();
    for (const SurveyQuestion& q : t.questions) {
        questions.push_back({{"id", q.id}, {"text", q.text}, {"kind", questionKindKey(q.kind)}, {"indicator", q.indicator},
                             {"options", q.options}});
    }
    Json weights = Json::object();
    for (size_t i = 0; i < kIndicatorCount; ++i) {
        if (t.weights[i] > 0) weights[kSurveyIndicators[i]] = t.weights[i];
    }
    return {{"id", t.id}, {"name", t.name}, {"questions", questions}, {"weights", weights}};
}
}  // namespace

SurveyService::SurveyService(CrmSession& session, const ClassificationService& classes)
    : m_session(session), m_classes(classes) {
    m_listener = m_session.store().addListener([this](const Change& change) {
        if (isSurveyInput(change.type) || change.deleted || change.reloaded) m_stale = true;
    });
}

SurveyService::~SurveyService() { m_session.store().removeListener(m_listener); }

CustomerGroups SurveyService::groupsOf(const std::string& customerId) const {
    CustomerGroups g;
    if (const CustomerRow* row = m_session.customers().find(customerId)) g.region = row->region;
    if (const CustomerClassification* c = m_classes.classOf(customerId)) {
        g.valueClass = std::string(valueClassKey(c->valueClass));
        g.loyalty = std::string(loyaltyKey(c->loyalty));
    }
    return g;
}

std::unordered_map<std::string, SurveyTemplate> SurveyService::templateMap() const {
    std::unordered_map<std::string, SurveyTemplate> out;
    m_session.store().forEachDoc([&](const std::string& id, const Json& body) {
        out.emplace(id, parseSurveyTemplate(id, body));
        return true;
    }, "survey_template");
    return out;
}

std::vector<SurveyTemplate> SurveyService::templates() const {
    std::vector<SurveyTemplate> out;
    for (auto& [id, t] : templateMap()) out.push_back(t);
    std::sort(out.begin(), out.end(), [](const SurveyTemplate& a, const SurveyTemplate& b) { return a.name < b.name; });
    std::stable_partition(out.begin(), out.end(), [&](const SurveyTemplate& t) {
        std::optional<Json> body = m_session.store().winningBody(t.id);
        return body && body->value("active", true);
    });
    return out;
}

SurveySettings SurveyService::settings() const {
    std::optional<Json> body = m_session.store().winningBody(kSurveySettingsId);
    return SurveySettings::fromJson(body ? *body : Json());
}

namespace {
WriteResult putSettings(CrmSession& session, const char* id, Json doc, FieldIssues* issues) {
    if (std::optional<Json> current = session.store().get(id)) doc["_rev"] = (*current)["_rev"];
    doc["_id"] = id;
    doc["type"] = "settings";
    return session.putDocument(std::move(doc), issues);
}
}  // namespace

WriteResult SurveyService::saveSettings(const SurveySettings& settings, FieldIssues* issues) {
    return putSettings(m_session, kSurveySettingsId, settings.toJson(), issues);
}

SurveyService::Rules SurveyService::rules() const {
    FollowupSettings f = m_classes.followupSettings();
    return {settings(), f.surveyDueDays, f.surveyWindowDays};
}

WriteResult SurveyService::saveRules(const Rules& rules, FieldIssues* issues) {
    FollowupSettings f = m_classes.followupSettings();
    const bool dueChanged = f.surveyDueDays != rules.dueDays || f.surveyWindowDays != rules.windowDays;
    f.surveyDueDays = rules.dueDays;
    f.surveyWindowDays = rules.windowDays;
    Json followup = f.toJson();
    followup["_id"] = kFollowupSettingsId;
    followup["type"] = "settings";
    FieldIssues found = validateRecord(followup);  // before either document is written
    for (const FieldIssue& issue : found) {
        if (issue.warning) continue;
        if (issues) *issues = found;
        return WriteResult{kFollowupSettingsId, "", DocError{"bad_request", issue.code}};
    }
    WriteResult r = saveSettings(rules.threshold, issues);
    if (!r.ok() || !dueChanged) return r;
    return putSettings(m_session, kFollowupSettingsId, std::move(followup), issues);
}

// ---- gathering: repair orders (advisor, model), complaints, then surveys, a slice of documents a step ----
void SurveyService::gatherStep(size_t budget) {
    DocumentStore& store = m_session.store();
    if (!m_gathering) {
        m_gathering = true;
        m_stale = false;
        m_building.clear();
        m_repairOrders.clear();
        m_customerOrders.clear();
        m_templateUse.clear();
        m_templates = templateMap();
        m_gatherPhase = Gather::RepairOrders;
        m_ids = store.idsOfType("service_record");
        m_next = 0;
    }
    size_t end = std::min(m_ids.size(), m_next + budget);
    for (; m_next < end; ++m_next) {
        const std::string& id = m_ids[m_next];
        std::optional<Json> body = store.winningBody(id);
        if (!body) continue;
        switch (m_gatherPhase) {
        case Gather::RepairOrders: {
            if (body->value("voided", false)) break;
            std::string vehicle = stringField(*body, "vehicle_id");
            RepairOrderInfo info{stringField(*body, "advisor"), vehicle.empty() ? "" : store.winningField(vehicle, "model")};
            std::optional<CivilDate> day = CivilDate::parse(stringField(*body, "date_in"));
            if (day) {
                uint16_t advisor = m_building.intern(info.advisor);
                const std::string customer = stringField(*body, "customer_id");
                m_building.events.push_back({int32_t(day->toDays()), advisor, false,
                                             customer.empty() ? UINT32_MAX : m_building.customerIndex(customer),
                                             m_building.intern(info.model)});
                m_customerOrders[customer].push_back({int32_t(day->toDays()), advisor});
            }
            m_repairOrders.emplace(id, std::move(info));
            break;
        }
        case Gather::Complaints: {
            // A complaint counts against the advisor of its repair order; one that names none, against the
            // advisor of the customer's last repair order before it.
            std::optional<CivilDate> day = CivilDate::parse(stringField(*body, "received_at"));
            if (!day) break;
            uint16_t advisor = 0, model = 0;
            const std::string customer = stringField(*body, "customer_id");
            if (auto ro = m_repairOrders.find(stringField(*body, "service_record_id")); ro != m_repairOrders.end()) {
                advisor = m_building.intern(ro->second.advisor);
                model = m_building.intern(ro->second.model);
            } else if (auto orders = m_customerOrders.find(stringField(*body, "customer_id")); orders != m_customerOrders.end()) {
                int32_t latest = INT32_MIN;
                for (auto [when, who] : orders->second) {
                    if (when <= day->toDays() && when > latest) latest = when, advisor = who;
                }
            }
            if (advisor)
                m_building.events.push_back({int32_t(day->toDays()), advisor, true,
                                             customer.empty() ? UINT32_MAX : m_building.customerIndex(customer), model});
            break;
        }
        case Gather::Surveys: {
            std::string customer = stringField(*body, "customer_id");
            if (customer.empty()) break;
            ++m_templateUse[stringField(*body, "template_id")];
            addSurveyRow(m_building, customer, *body, m_templates, [this](const std::string& ro) {
                auto it = m_repairOrders.find(ro);
                return it != m_repairOrders.end() ? it->second : RepairOrderInfo{};
            });
            break;
        }
        }
    }
    if (m_next < m_ids.size()) return;
    m_next = 0;
    if (m_gatherPhase == Gather::RepairOrders) {
        m_gatherPhase = Gather::Complaints;
        m_ids = store.idsOfType("complaint");
    } else if (m_gatherPhase == Gather::Complaints) {
        m_gatherPhase = Gather::Surveys;
        m_ids = store.idsOfType("survey");
    } else {
        // The composite uses the weights of the template most answers came from.
        auto most = std::max_element(m_templateUse.begin(), m_templateUse.end(),
                                     [](auto& a, auto& b) { return a.second < b.second; });
        if (most != m_templateUse.end()) {
            if (auto t = m_templates.find(most->first); t != m_templates.end()) m_building.weights = t->second.weights;
        }
        m_run.reset();  // it points into the table being replaced
        m_table = std::move(m_building);
        m_building.clear();
        m_ids.clear();
        m_repairOrders.clear();
        m_customerOrders.clear();
        m_gathering = false;
        if (m_requested) request(m_request);
    }
}

bool SurveyService::step(size_t rows) {
    if (!m_session.isComplete()) return false;
    if (m_stale || m_gathering) {
        if (!m_requested) return false;  // nobody looks at surveys: gather when asked
        gatherStep(kGatherPerStep);
        return true;
    }
    if (!m_run || m_run->done()) return false;
    if (m_run->step(rows)) {
        m_analysis = m_run->takeResult();
        ++m_generation;
    }
    return true;
}

void SurveyService::request(const AnalysisRequest& request) {
    m_request = request;
    m_request.settings = settings();
    m_requested = true;
    m_run.emplace(m_table, m_request, [this](const std::string& id) { return groupsOf(id); });
}

std::shared_ptr<const CustomerSubset> SurveyService::clusterSubset(size_t c) const {
    if (!m_analysis || c >= m_analysis->clusterCustomers.size()) return nullptr;
    const std::vector<std::string>& ids = m_analysis->clusterCustomers[c];
    return std::make_shared<const CustomerSubset>(CustomerSubset{int(c + 1), {ids.begin(), ids.end()}});
}

double SurveyService::progress() const {
    if (m_gathering && !m_ids.empty()) return 0.5 * double(m_next) / double(m_ids.size());
    return m_run ? 0.5 + 0.5 * m_run->progress() : 0.0;
}

SurveyAnalysis SurveyService::analyzeNow(const AnalysisRequest& request) {
    while (m_stale || m_gathering) gatherStep(SIZE_MAX / 4);
    AnalysisRequest r = request;
    r.settings = settings();
    return analyzeSurveys(m_table, r, [this](const std::string& id) { return groupsOf(id); });
}

WriteResult SurveyService::saveSurvey(Json survey, FieldIssues* issues) {
    std::string templateId = stringField(survey, "template_id");
    if (std::optional<Json> body = templateId.empty() ? std::nullopt : m_session.store().winningBody(templateId)) {
        survey["scores"] = surveyScores(parseSurveyTemplate(templateId, *body), survey.value("answers", Json::object()));
    }
    survey["type"] = "survey";
    return m_session.putDocument(std::move(survey), issues);
}

namespace {
// One typed answer as the value stored in `answers`; nullopt with `code` set when it does not fit.
std::optional<Json> readAnswer(const SurveyQuestion& q, const std::string& text, std::string& code) {
    std::vector<long> numbers;
    std::string digits;
    for (char c : text + " ") {
        if (c >= '0' && c <= '9') digits += c;
        else if (!digits.empty()) numbers.push_back(std::stol(digits.substr(0, 6))), digits.clear();
    }
    if (isScale(q.kind)) {
        ScaleRange r = scaleOf(q.kind);
        if (numbers.size() == 1 && numbers[0] >= r.lo && numbers[0] <= r.hi) return Json(numbers[0]);
        code = "survey.error.scale";
        return std::nullopt;
    }
    if (q.kind == QuestionKind::Text) return Json(text);
    Json chosen = Json::array();
    for (long n : numbers) {
        if (n < 1 || size_t(n) > q.options.size()) {
            code = "survey.error.choice";
            return std::nullopt;
        }
        chosen.push_back(q.options[size_t(n - 1)]);
    }
    if (q.kind == QuestionKind::Single) {
        if (chosen.size() == 1) return chosen[0];
        code = "survey.error.choice";
        return std::nullopt;
    }
    return chosen;
}
}  // namespace

WriteResult SurveyService::saveEntry(const Entry& entry, FieldIssues* issues) {
    std::optional<Json> tplBody = m_session.store().winningBody(entry.templateId);
    if (!tplBody) return WriteResult{"", "", DocError{"bad_request", "survey.error.template"}};
    if (entry.customerId.empty()) return WriteResult{"", "", DocError{"bad_request", "survey.error.customer"}};
    SurveyTemplate tpl = parseSurveyTemplate(entry.templateId, *tplBody);
    Json answers = Json::object();
    FieldIssues found;
    for (size_t i = 0; i < tpl.questions.size() && i < entry.answers.size(); ++i) {
        const std::string& text = entry.answers[i];
        if (text.find_first_not_of(' ') == std::string::npos) continue;
        std::string code;
        if (std::optional<Json> value = readAnswer(tpl.questions[i], text, code)) answers[tpl.questions[i].id] = *value;
        else found.push_back({"answers." + tpl.questions[i].id, code});
    }
    if (!found.empty()) {
        if (issues) *issues = found;
        return WriteResult{"", "", DocError{"bad_request", found[0].code}};
    }
    Json survey = {{"template_id", entry.templateId}, {"customer_id", entry.customerId}, {"channel", entry.channel},
                   {"date", entry.date},               {"answers", answers}};
    if (!entry.serviceRecordId.empty()) {
        survey["service_record_id"] = entry.serviceRecordId;
        for (const RepairOrder& ro : repairOrdersOf(entry.customerId)) {
            if (ro.id != entry.serviceRecordId) continue;
            if (!ro.advisor.empty()) survey["advisor"] = ro.advisor;
            if (!ro.vehicleId.empty()) survey["vehicle_id"] = ro.vehicleId;
        }
    }
    return saveSurvey(std::move(survey), issues);
}

std::vector<SurveyService::RepairOrder> SurveyService::repairOrdersOf(const std::string& customerId) const {
    std::vector<RepairOrder> out;
    for (const std::string& id : m_classes.byCustomer().lookup(customerId)) {
        if (m_session.store().winningField(id, "type") != "service_record") continue;
        std::optional<Json> body = m_session.store().winningBody(id);
        if (!body || body->value("voided", false)) continue;
        out.push_back({id, stringField(*body, "date_in"), stringField(*body, "advisor"), stringField(*body, "vehicle_id")});
    }
    std::sort(out.begin(), out.end(), [](const RepairOrder& a, const RepairOrder& b) { return a.date > b.date; });
    return out;
}

std::optional<Json> SurveyService::complaintDraft(const std::string& surveyId) const {
    std::optional<Json> survey = m_session.store().winningBody(surveyId);
    if (!survey) return std::nullopt;
    std::string templateId = stringField(*survey, "template_id");
    std::optional<Json> tpl = templateId.empty() ? std::nullopt : m_session.store().winningBody(templateId);
    if (!tpl) return std::nullopt;
    return complaintDraftFromSurvey(*survey, surveyId, parseSurveyTemplate(templateId, *tpl), settings(),
                                    formatIsoUtc(m_session.clock().nowMs()));
}

// The one call site that writes a complaint from a survey (the complaint workflow's open() replaces it).
WriteResult SurveyService::openComplaint(const std::string& surveyId) {
    std::optional<Json> draft = complaintDraft(surveyId);
    if (!draft) return WriteResult{surveyId, "", DocError{"bad_request", "survey.error.not_low"}};
    return core::openComplaint(m_session, *draft).write;  // the complaint workflow opens it at "received"
}

Json surveyApi(SurveyService& surveys, std::string_view method, const Json& arg) {
    auto error = [](const std::string& code, const std::string& message) {
        return Json{{"error", {{"code", code}, {"message", message}}}};
    };
    auto written = [](const WriteResult& r) {
        if (r.ok()) return Json{{"result", {{"ok", true}, {"id", r.id}, {"rev", r.rev}}}};
        return Json{{"result", {{"ok", false}, {"id", r.id}, {"error", r.error->error}, {"reason", r.error->reason}}}};
    };
    try {
        if (method == "surveys.analyze") return Json{{"result", surveys.analyzeNow(AnalysisRequest::fromJson(arg)).toJson()}};
        if (method == "surveys.templates") {
            Json out = Json::array();
            for (const SurveyTemplate& t : surveys.templates()) out.push_back(templateJson(t));
            return Json{{"result", out}};
        }
        if (!arg.is_string()) return error("bad_request", std::string(method) + " expects a survey id");
        if (method == "surveys.complaint_draft") {
            std::optional<Json> draft = surveys.complaintDraft(arg.get<std::string>());
            return Json{{"result", draft ? *draft : Json(nullptr)}};
        }
        if (method == "surveys.open_complaint") return written(surveys.openComplaint(arg.get<std::string>()));
        return error("unknown_method", "unknown method " + std::string(method));
    } catch (const std::exception& e) {
        return error("bad_request", e.what());
    }
}

}  // namespace crm::core
