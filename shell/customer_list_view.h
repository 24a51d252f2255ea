// The customer list: a filter box, a "new customer" button and a virtualised, sortable table
// (ImGuiListClipper) over every customer with its computed classification (sortable too), combinable
// classification and region filters, a survey cluster's chip and saved views (customer_list_filters.cpp); a click opens the customer
// file, a row's "follow-up" button a quick follow-up popup (customer_list_followup.cpp).
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_file.h"
#include "core/app/customer_filter.h"
#include "core/store/secondary_index.h"
#include "shell/customer_form_view.h"
#include "shell/customer_file_widgets.h"

#include <functional>
#include <string>

namespace crm::shell {

class CustomerListView {
public:
    using OpenFn = std::function<void(const std::string& customerId)>;
    using UserFn = std::function<std::string()>;
    CustomerListView(core::CrmSession& session, CustomerFormView& form, core::ClassificationService& classes,
                     core::CustomerFiles& files, OpenFn open, UserFn currentUser)
        : m_session(session),
          m_form(form),
          m_classes(classes),
          m_files(files),
          m_open(std::move(open)),
          m_user(std::move(currentUser)),
          m_views(session.store(), "saved_views", core::SecondaryIndex::Field{"name"}, "view") {}
    void draw();
    // Narrows the list to `subset` (a survey cluster), other filters cleared; a chip names it until removed.
    void showSubset(std::shared_ptr<const core::CustomerSubset> subset);

private:
    // customer_list_filters.cpp: the filter bar, saved views and the classification cells.
    void drawFilters();
    void drawSaveViewPopup();
    void applyView(const core::SavedView& view);
    void drawClassCells(const core::CustomerRow& row);
    void drawRegionFilter();
    void drawSubsetChip();
    // customer_list_followup.cpp: the quick follow-up popup.
    void openQuickFollowup(const core::CustomerRow& row);
    void drawQuickFollowup();

    core::CrmSession& m_session;
    CustomerFormView& m_form;
    core::ClassificationService& m_classes;
    core::CustomerFiles& m_files;
    OpenFn m_open;
    UserFn m_user;
    core::CustomerFilter m_classFilter;  // text comes from m_filter
    core::FilteredCustomers m_filtered;
    core::SecondaryIndex m_views;  // saved views by name
    std::string m_viewId;          // the saved view last applied ("" = none)
    std::string m_newViewName;
    std::string m_viewMessage;
    int m_applyColumns = -1;      // bit mask of optional columns to apply on the next table draw
    int m_visibleColumns = 0x1f;  // optional columns shown in the last frame
    std::string m_filter;
    core::CustomerColumn m_sortColumn = core::CustomerColumn::Name;
    bool m_sortAscending = true;
    std::vector<std::pair<std::string, size_t>> m_regions;  // region filter choices, built when it opens
    uint64_t m_regionsGeneration = 0;
    // quick follow-up
    std::string m_quickId, m_quickName;
    bool m_openQuick = false;
    FollowupForm m_quickForm;
};

}  // namespace crm::shell
