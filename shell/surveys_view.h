// The Surveys section (满意度调查): "Record" — a survey typed by keyboard alone during a phone interview
// (digits, Enter or Tab moves on; a low answer offers a complaint) — and "Analysis" — the numbers of
// core/app/survey_analysis drawn with shell/charts, a cluster's customers shown in the customer list.
// survey_entry_view.cpp and survey_analysis_view.cpp; survey_settings_view.cpp draws the survey rules in Settings.
#pragma once
#include "core/app/survey_service.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crm::shell {

class SurveysView {
public:
    using ShowCustomersFn = std::function<void(std::shared_ptr<const core::CustomerSubset>)>;
    SurveysView(core::SurveyService& surveys, ShowCustomersFn showCustomers)
        : m_surveys(surveys), m_showCustomers(std::move(showCustomers)) {}
    void draw();
    void drawSettings();  // the survey rules, in the Settings section

private:
    // Record
    void drawEntry();
    void drawCustomerPicker();
    bool focusField(int index);  // true once: the field `index` takes the keyboard focus now
    void save();
    // Analysis
    void drawAnalysis();
    void drawControls();
    void drawIndicators(const core::SurveyAnalysis& a);
    void drawCrossTab(const core::SurveyAnalysis& a);
    void drawCorrelations(const core::SurveyAnalysis& a);
    void drawClusters(const core::SurveyAnalysis& a);
    void drawAdvisors(const core::SurveyAnalysis& a);
    void requestAnalysis();

    core::SurveyService& m_surveys;
    ShowCustomersFn m_showCustomers;  // switches to the customer list narrowed to a cluster
    // Record
    std::vector<core::SurveyTemplate> m_templates;
    int m_template = 0;
    std::string m_customerText, m_customerId, m_customerName;
    std::vector<core::SurveyService::RepairOrder> m_orders;
    std::string m_orderText = "1", m_channelText = "1", m_date;
    std::vector<std::string> m_answers;
    int m_focus = 0;  // field to focus next frame (-1: none)
    core::FieldIssues m_issues;
    std::string m_message, m_savedId;
    bool m_offerComplaint = false;
    // Analysis
    int m_period = 2;  // 3, 6, 12 months, all
    int m_indicator = int(core::kOverallIndicator);
    int m_by = 2;  // advisor
    int m_k = 4;
    bool m_requested = false;
    // Settings
    core::SurveyService::Rules m_rules;
    bool m_rulesLoaded = false, m_rulesError = false;
    std::string m_rulesMessage;  // catalog key of the last save's outcome
};

}  // namespace crm::shell
