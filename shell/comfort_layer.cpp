// ComfortLayer: sliced jobs (search index, demo fill), banners, status items, help window, IME composition.
//
// Sections: construction · frame work (slices, shortcuts) · banners · status items · overlays
#include "shell/comfort_layer.h"

#include "core/app/i18n.h"
#include "shell/shortcuts.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <new>
#include <imgui.h>
#include <imgui_internal.h>

namespace crm::shell {
using core::tr;

namespace {
const char* const kDemoStateId = "_local/demo_fill";
constexpr double kDemoBudgetMs = 12.0;
// The fill waits while this many changes are not saved yet: it never runs far ahead of the disk, so running
// out of memory leaves little unsaved, and saving it needs little memory.
constexpr size_t kDemoUnsavedLimit = 4000;

double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

// ---- construction ----
ComfortLayer::ComfortLayer(core::CrmSession& session, core::CustomerSearch& search, FontManager& fonts, Hooks hooks)
    : m_session(session), m_fonts(fonts), m_hooks(std::move(hooks)), m_search(search),
      m_searchView(m_search, [this](const std::string& id) {
          if (m_hooks.openCustomer) m_hooks.openCustomer(id);
      }) {}

core::Json ComfortLayer::status() const {
    return core::Json{{"demo", m_page->isDemo()},
                      {"demoFilling", m_demo != nullptr},
                      {"demoStopped", m_demoStopped},
                      {"demoGenerated", m_demoWritten},
                      {"demoTotal", m_demoTotal},
                      {"searchIndexed", m_search.index().size()},
                      {"searchPending", m_search.pending()},
                      {"searchOpen", m_searchView.isOpen()},
                      {"helpOpen", m_helpOpen},
                      {"updateReady", m_page->updateReady()},
                      {"offlineReload", m_page->offlineReload()}};
}

// ---- frame work ----
void ComfortLayer::beginFrame() {
    if (m_session.isComplete() && !m_demoChecked) {
        m_demoChecked = true;
        if (m_page->isDemo()) {
            // Fill the demo database when it is empty, or finish a fill that a reload interrupted.
            std::optional<core::Json> state = m_session.store().getLocal(kDemoStateId);
            size_t done = state ? state->value("generated", size_t(0)) : 0;
            size_t total = state ? state->value("total", size_t(0)) : m_page->demoCustomers();
            if ((!state && m_session.customers().size() == 0) || (state && done < total)) {
                core::DemoOptions options;
                options.customers = total;
                int64_t today = state ? state->value("today", int64_t(0)) : 0;
                options.today = today ? core::CivilDate::fromDays(today)
                                      : core::CivilDate::fromDays(m_session.clock().nowMs() / 86400000);
                m_demo = std::make_unique<core::DemoGenerator>(options);
                m_demo->resumeAt(done);
                m_demoTotal = total;
                m_demoWritten = done;
            } else {
                m_demoTotal = m_demoWritten = done;
            }
        }
    }
    if (m_demo && m_session.outOfMemory()) {
        m_demoStopped = true;  // memory ran out elsewhere (saving, a view): the fill must not take more
        m_demo.reset();
    }
    if (m_demo && m_session.pendingSaves() < kDemoUnsavedLimit) stepDemo(kDemoBudgetMs);

    if (shortcutPressed(Shortcut::Search)) m_searchView.open();
    if (shortcutPressed(Shortcut::Help)) m_helpOpen = !m_helpOpen;
    if (shortcutPressed(Shortcut::NewCustomer) && m_hooks.newCustomer) m_hooks.newCustomer();
    if (shortcutPressed(Shortcut::NextRecord)) stepRecord(1);
    if (shortcutPressed(Shortcut::PreviousRecord)) stepRecord(-1);
    if (m_helpOpen && !m_searchView.isOpen() && shortcutPressed(Shortcut::Close)) m_helpOpen = false;
}

void ComfortLayer::stepDemo(double budgetMs) {
    double start = nowMs();
    std::vector<core::Json> batch;
    bool more = true;
    try {
        while (more && nowMs() - start < budgetMs) {
            batch.clear();
            more = m_demo->next(batch, 20);
            m_session.putDocuments(std::move(batch));
        }
    } catch (const std::bad_alloc&) {
        // The browser gave the page no more memory: stop here, say why, keep what was generated.
        batch.clear();
        batch.shrink_to_fit();
        m_session.noteOutOfMemory();
        m_demoStopped = true;
        more = false;
    }
    m_demoWritten = m_demo->generated();
    core::Json state = m_session.store().getLocal(kDemoStateId).value_or(core::Json{{"_id", kDemoStateId}});
    state["generated"] = m_demoWritten;
    state["total"] = m_demoTotal;
    state["today"] = m_demo->options().today.toDays();
    state["seed"] = m_demo->options().seed;
    m_session.store().putLocal(state);
    if (!more) m_demo.reset();
}

void ComfortLayer::stepRecord(int delta) {
    if (!m_hooks.currentCustomer || !m_hooks.openCustomer) return;
    std::string current = m_hooks.currentCustomer();
    if (current.empty()) return;
    const auto& rows = m_session.customers().view("", core::CustomerColumn::Name, true);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i]->id != current) continue;
        long next = static_cast<long>(i) + delta;
        if (next >= 0 && next < static_cast<long>(rows.size())) m_hooks.openCustomer(rows[next]->id);
        return;
    }
}

// ---- banners ----
void ComfortLayer::drawBanners(bool offerDemo) {
    if (m_page->updateReady() &&
        banner("update_banner", BannerTone::Info, tr("update.ready"), "update.banner", "update.reload")) {
        m_page->applyUpdate();
    }
    if (m_page->isDemo()) {
        char stopped[256] = "";
        if (m_demoStopped)
            std::snprintf(stopped, sizeof stopped, tr("demo.stopped"), static_cast<int>(m_demoWritten),
                          static_cast<int>(m_demoTotal));
        if (banner("demo_banner", BannerTone::Notice, m_demoStopped ? stopped : tr("demo.banner"), "demo.banner",
                   "demo.exit")) {
            m_page->openDatabase(false);
        }
    } else if (offerDemo && m_session.isComplete() && m_session.customers().size() == 0 &&
               banner("empty_banner", BannerTone::Success, tr("demo.offer"), nullptr, "demo.open")) {
        m_page->openDatabase(true);
    }
}

// ---- status items ----
void ComfortLayer::drawStatusItems() {
    if (m_demo) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        char text[96];
        std::snprintf(text, sizeof text, tr("demo.progress"), static_cast<int>(m_demoWritten), static_cast<int>(m_demoTotal));
        statusProgress(m_demoTotal ? float(m_demoWritten) / float(m_demoTotal) : 0.0f, text, 16.0f);
        markItem("demo.progress");
    } else if (m_search.pending() > 0 && m_search.batchTotal() > 200) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        char text[64];
        std::snprintf(text, sizeof text, tr("search.indexing"), static_cast<int>(m_search.progress() * 100));
        statusProgress(m_search.progress(), text, 10.0f);
        markItem("search.progress");
    }
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    if (ImGui::SmallButton(label("search.button").c_str())) m_searchView.open();
    markItem("search.button");
    ImGui::SameLine();
    if (ImGui::SmallButton(" ? ")) m_helpOpen = !m_helpOpen;
    markItem("help.button");
}

// ---- overlays ----
void ComfortLayer::drawOverlays() {
    m_searchView.draw();
    if (m_helpOpen) drawHelp();
    drawComposition();
}

void ComfortLayer::drawHelp() {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30.0f, 0), ImGuiCond_Appearing);
    std::string title = std::string(tr("help.title")) + "###help";
    if (ImGui::Begin(title.c_str(), &m_helpOpen, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        markItem("help.window");
        if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8.0f);
            ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch);
            for (Shortcut s : kAllShortcuts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(shortcutKeys(s));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(shortcutAction(s)));
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
        ImGui::TextWrapped("%s", tr("help.tips"));
    }
    ImGui::End();
}

void ComfortLayer::drawComposition() {
    std::string text = m_page->composition();
    if (text.empty() || !ImGui::GetIO().WantTextInput) return;
    m_fonts.noteText(text);
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImVec2 caret = g.PlatformImePos;  // top-left of the caret, set by the active text field
    if (caret.x == FLT_MAX) return;
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    ImVec2 pad(ImGui::GetStyle().FramePadding.x * 0.5f, 1.0f);
    ImVec2 a(caret.x, caret.y - pad.y), b(caret.x + size.x + pad.x * 2, caret.y + size.y + pad.y);
    draw->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_PopupBg), 2.0f);
    draw->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), 2.0f);
    draw->AddText(ImVec2(caret.x + pad.x, caret.y), ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
    // The usual IME underline below the composed text.
    draw->AddLine(ImVec2(caret.x + pad.x, caret.y + size.y), ImVec2(caret.x + pad.x + size.x, caret.y + size.y),
                  ImGui::GetColorU32(ImGuiCol_Text), 1.0f);
    markItem("ime.composition");
}

} // namespace crm::shell
