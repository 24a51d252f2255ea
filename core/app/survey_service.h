// The surveys of one open database: the answer table kept current in steps (a change to a survey, template,
// repair order or complaint marks it stale), the analysis the screen shows computed in steps, the survey
// entry's save (scores from the answers, validated through CrmSession) and the complaint a low survey offers.
// crm.surveys.* (surveyApi) answers from the same code.
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_filter.h"
#include "core/app/survey_analysis.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace crm::core {

class SurveyService {
public:
    SurveyService(CrmSession& session, const ClassificationService& classes);
    ~SurveyService();
    SurveyService(const SurveyService&) = delete;
    SurveyService& operator=(const SurveyService&) = delete;

    // Frame loop: gathers a stale table, then advances the requested analysis, `rows` rows' worth a call.
    // True while there is work.
    static constexpr size_t kGatherPerStep = 1500;  // documents decoded a step
    bool step(size_t rows = SurveyAnalysisRun::kRowsPerStep);
    bool busy() const { return m_stale || m_gathering || (m_run && !m_run->done()); }

    // Asks for an analysis (replaces any under way); analysis() is the latest finished one.
    void request(const AnalysisRequest& request);
    const AnalysisRequest& lastRequest() const { return m_request; }
    const std::optional<SurveyAnalysis>& analysis() const { return m_analysis; }
    double progress() const;
    uint64_t generation() const { return m_generation; }  // bumped when analysis() changes

    // The customers of cluster `c` (0-based) of analysis(), as a customer-list filter; null when there is none.
    std::shared_ptr<const CustomerSubset> clusterSubset(size_t c) const;

    // Everything at once (the automation API): gathers if stale, analyses.
    SurveyAnalysis analyzeNow(const AnalysisRequest& request);
    const SurveyTable& table() const { return m_table; }

    // Templates (active first, then by name) and the synced threshold settings.
    std::vector<SurveyTemplate> templates() const;
    SurveySettings settings() const;
    WriteResult saveSettings(const SurveySettings& settings, FieldIssues* issues = nullptr);

    // The Settings screen's survey rules: the threshold (settings:surveys) and the survey-due days, which are
    // follow-up rules (settings:followup; its other rules kept). Each document is validated by its
    // description (surveySettingsRule); the first refusal is returned and nothing after it is written.
    struct Rules {
        SurveySettings threshold;
        int dueDays = 3, windowDays = 30;
    };
    Rules rules() const;
    WriteResult saveRules(const Rules& rules, FieldIssues* issues = nullptr);

    // What the survey screen types: the answers as typed texts, one per template question.
    struct Entry {
        std::string templateId, customerId, serviceRecordId, channel = "phone", date;
        std::vector<std::string> answers;
    };
    // Reads the typed answers (a scale number, a choice's number 1..n, several numbers for a multiple
    // choice, free text; empty: not answered) and saves the survey; a refusal names the question
    // ("answers.<question id>") and why ("survey.error.scale", "survey.error.choice").
    WriteResult saveEntry(const Entry& entry, FieldIssues* issues = nullptr);
    struct RepairOrder {
        std::string id, date, advisor, vehicleId;
    };
    std::vector<RepairOrder> repairOrdersOf(const std::string& customerId) const;  // newest first

    // Saves a survey: `survey` carries template_id, customer_id, channel, date, answers …; scores are
    // computed from the answers and the template. `issues` receives what refused it.
    WriteResult saveSurvey(Json survey, FieldIssues* issues = nullptr);
    // The complaint the survey `surveyId` offers (null when no answer is low): the one place that writes it.
    std::optional<Json> complaintDraft(const std::string& surveyId) const;
    WriteResult openComplaint(const std::string& surveyId);

    CustomerGroups groupsOf(const std::string& customerId) const;
    CivilDate today() const { return chinaToday(m_session.clock().nowMs()); }
    CrmSession& session() { return m_session; }

private:
    void gatherStep(size_t budget);
    std::unordered_map<std::string, SurveyTemplate> templateMap() const;

    CrmSession& m_session;
    const ClassificationService& m_classes;
    int m_listener = 0;
    bool m_stale = true;
    bool m_gathering = false;
    enum class Gather { RepairOrders, Complaints, Surveys } m_gatherPhase = Gather::RepairOrders;
    std::vector<std::string> m_ids;
    size_t m_next = 0;
    std::unordered_map<std::string, RepairOrderInfo> m_repairOrders;
    std::unordered_map<std::string, std::vector<std::pair<int32_t, uint16_t>>> m_customerOrders;  // (day, advisor)
    std::unordered_map<std::string, SurveyTemplate> m_templates;
    std::unordered_map<std::string, size_t> m_templateUse;
    SurveyTable m_table, m_building;
    AnalysisRequest m_request;
    bool m_requested = false;
    std::optional<SurveyAnalysisRun> m_run;
    std::optional<SurveyAnalysis> m_analysis;
    uint64_t m_generation = 0;
};

// crm.surveys.*: "surveys.analyze" ({from, to, indicator, by, k, filter}) → SurveyAnalysis::toJson();
// "surveys.templates" → [{id, name, questions, weights}]; "surveys.complaint_draft" (survey id) → the draft
// or null; "surveys.open_complaint" (survey id) → {ok, id, rev} | refusal. Reply {"result"} / {"error"}.
Json surveyApi(SurveyService& surveys, std::string_view method, const Json& arg);

}  // namespace crm::core
