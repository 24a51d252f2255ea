// The browser entry point: GLFW window on the WebGL2 canvas, ImGui backends, HiDPI sizing, the main loop,
// and the functions the page calls (text input, automation API).
//
// Sections: state · sizing · frame · exports · main
#include "core/app/automation_api.h"
#include "core/app/crm_app.h"
#include "core/app/crm_session.h"
#include "core/app/sync_api.h"
#include "core/store/json_text.h"
#include "shell/app.h"
#include "shell/font_manager.h"
#include "shell/paint_damage.h"
#include "shell/ui_registry.h"
#include "web/comfort_api.h"
#include "web/font_files.h"
#include "web/survey_bench_api.h"
#include "web/idb_persistence.h"
#include "web/key_input.h"
#include "web/out_of_memory.h"
#include "web/paint_pacer.h"
#include "web/page_services_web.h"
#include "web/web_platform.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <emscripten/heap.h>
#include <fstream>
#include <malloc.h>
#include <unistd.h>
#include <new>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <vector>

namespace {
using namespace crm;

// ---- state ----
struct WebApp {
    web::WebClock clock;
    web::WebPlatform platform;
    core::CrmSession session{clock, static_cast<uint64_t>(emscripten_random() * 9007199254740991.0)};
    // "crm", or "crm-demo" with ?demo; finished writes are reported between frames, among the background work
    web::IdbPersistence persistence{web::pageDatabaseName(),
                                    [this](std::function<void()> task) { platform.http().defer(std::move(task)); }};
    web::WebPageServices page;
    shell::FontManager fonts;
    web::WebSteadyClock frameClock;
    core::CrmApp crm{session, platform.httpClient(), platform.defaultDatabaseUrl()};
    shell::App app{crm, platform, fonts};
    GLFWwindow* window = nullptr;
    float dpr = 1.0f;
    bool readySignalled = false;
    bool completeSignalled = false;  // every record is in (the records load behind `ready`)
    bool fontFilesHandedOver = false;
    double startupWorkMs = 0;  // main() and the frames until ready: the app's own start-up work
    bool textInputActive = false;
    double lastInputMs = 0;  // the last frame that saw the user's mouse or keys (the background allowance's cue)
    ImVec2 caret{0, 0};
    web::PaintPacer paint;
};
WebApp* g_app = nullptr;

std::vector<unsigned char> readFile(const char* path) {  // in one read: byte by byte took 60 ms for the fonts
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::vector<unsigned char> bytes(in ? static_cast<size_t>(in.tellg()) : 0);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return bytes;
}

// Start-up marks for the benchmark (tests/bench/startup_bench.mjs): Module.crmStartup[name] = performance.now()
// the first time each is reached, and Module.crmStartupWorkMs, the app's own work until ready.
EM_JS(void, js_startup_mark, (const char* name, double workMs), {
    const marks = Module.crmStartup || (Module.crmStartup = {});
    const key = UTF8ToString(name);
    if (!(key in marks)) marks[key] = performance.now();
    Module.crmStartupWorkMs = workMs;
});
void startupMark(const char* name) { js_startup_mark(name, g_app->startupWorkMs); }

// ---- sizing: the canvas follows the window, in device pixels; ImGui works in device pixels too ----
// Not glfwSetWindowSize: Emscripten 3.1.6's GLFW requests fullscreen when the size equals the screen's, which
// a page may not do outside a user gesture (an exception every frame, and the canvas never resized).
EM_JS(void, js_resize_window, (int width, int height), {
    Browser.setCanvasSize(width, height);
    if (GLFW.active) {
        GLFW.active.width = width;
        GLFW.active.height = height;
    }
});

// The canvas's size in device pixels (boot.js sizes it the same way before it creates the context).
ImVec2 canvasPixels() {
    double cssW = 0, cssH = 0;
    emscripten_get_element_css_size("#canvas", &cssW, &cssH);
    g_app->dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    return ImVec2(static_cast<float>(static_cast<int>(cssW * g_app->dpr + 0.5)),
                  static_cast<float>(static_cast<int>(cssH * g_app->dpr + 0.5)));
}

void fitCanvas() {
    ImVec2 size = canvasPixels();
    int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    int curW = 0, curH = 0;
    glfwGetWindowSize(g_app->window, &curW, &curH);
    if (w > 0 && h > 0 && (w != curW || h != curH)) js_resize_window(w, h);
}

// ---- frame ----
// New glyphs were written into the atlas's pixels: upload those rows of the font texture only.
void uploadFontRows(shell::AtlasRows rows) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (rows.count <= 0 || !atlas.TexPixelsRGBA32) return;
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas.TexID)));
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, rows.first, atlas.TexWidth, rows.count, GL_RGBA, GL_UNSIGNED_BYTE,
                    atlas.TexPixelsRGBA32 + static_cast<size_t>(rows.first) * atlas.TexWidth);
}

// Clears the regions to the window colour and draws the frame's commands inside them only; the rest of
// the canvas keeps its pixels (preserveDrawingBuffer, set where the page creates the context: boot.js).
void paintRegions(ImDrawData& data, const std::vector<shell::PixelRect>& regions, ImVec4 background) {
    int fbHeight = static_cast<int>(data.DisplaySize.y * data.FramebufferScale.y);
    glViewport(0, 0, static_cast<int>(data.DisplaySize.x * data.FramebufferScale.x), fbHeight);
    glClearColor(background.x, background.y, background.z, 1.0f);
    glEnable(GL_SCISSOR_TEST);
    for (const shell::PixelRect& r : regions) {
        glScissor(r.x0, fbHeight - r.y1, r.x1 - r.x0, r.y1 - r.y0);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
    shell::DamageClip clip(data, regions);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
}

void frameWork();

// Whether the mouse moved, a button or key is down, the wheel turned or text came in (ImGui's view of the events).
bool userInputThisFrame() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.MouseWheelH != 0) return true;
    if (!io.InputQueueCharacters.empty()) return true;
    for (bool down : io.MouseDown) {
        if (down) return true;
    }
    for (bool down : io.KeysDown) {
        if (down) return true;
    }
    return false;
}

// An allocation the browser refused (the wasm memory cannot grow) ends this frame's work, not the app: the
// session says so on screen and the next frames go on with what is in memory; saved data is untouched.
void frame() {
    try {
        frameWork();
    } catch (const std::bad_alloc&) {
        web::noteOutOfMemory();
        // The interrupted frame may have counted as painted what never reached the canvas: repaint it whole, so the
        // out-of-memory banner shows without waiting for input that changes the screen.
        g_app->paint.invalidate();
        ImGuiContext* context = ImGui::GetCurrentContext();
        if (context && context->WithinFrameScope) {
            ImGui::ErrorCheckEndFrameRecover(nullptr);  // closes the windows the interrupted frame left open
            ImGui::EndFrame();
        }
    }
    web::guardMemory([] { g_app->session.tick(); });  // saving goes on even when a frame could not be drawn
    web::keepEmergencyMemory();
}

void frameWork() {
    const double started = emscripten_get_now();
    // This frame's background work, an answer from the server included. The first frame that shows the loaded
    // store (the one that signals `ready`) draws the screen only: classification, the search index and the other
    // derived views start from the next frame.
    const bool firstWithData = !g_app->readySignalled && g_app->session.isLoaded();
    core::FrameBudget background =
        firstWithData ? core::FrameBudget::spent(g_app->frameClock)
                      : core::FrameBudget(g_app->frameClock, core::backgroundAllowanceMs(started - g_app->lastInputMs,
                                                                                        g_app->session.isComplete(),
                                                                                        g_app->crm.sync().state()));
    g_app->platform.http().pump();  // fetch answers reach the replicator here, between frames
    g_app->platform.pumpFiles();     // a file chosen in the file chooser reaches its requester
    fitCanvas();
    if (!g_app->fontFilesHandedOver) g_app->fontFilesHandedOver = web::handOverFontFiles(g_app->fonts);
    // New characters' glyphs (~0.3 ms each) wait while an answer from the server used the frame's time.
    switch (g_app->app.prepareFrame(g_app->dpr, firstWithData || background.remainingMs() > 0)) {
    case shell::FontAtlasChange::Rebuilt:
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        g_app->paint.invalidate();
        if (!g_app->readySignalled) startupMark("font atlas built");
        break;
    case shell::FontAtlasChange::GlyphsAdded:
        // New glyphs go into unused atlas space: what the canvas shows stays valid, and text that now uses
        // them has new vertices, so it is damage anyway.
        uploadFontRows(g_app->fonts.changedRows());
        break;
    case shell::FontAtlasChange::None: break;
    case shell::FontAtlasChange::Waiting: return;  // no atlas for this scale until the font files arrive
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (userInputThisFrame()) g_app->lastInputMs = started;
    g_app->app.frame(background);
    ImGui::Render();

    // A frame not painted leaves the canvas showing the last one painted; a painted one repaints what changed.
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    ImDrawData& drawData = *ImGui::GetDrawData();
    std::vector<shell::PixelRect> regions =
        g_app->paint.regionsToPaint(drawData, ImGui::ColorConvertFloat4ToU32(ImVec4(bg.x, bg.y, bg.z, 1.0f)),
                                    emscripten_get_now());
    if (!regions.empty()) paintRegions(drawData, regions, bg);
    web::releaseHeldKeys();  // this frame has seen the keys pressed before it

    bool wantText = ImGui::GetIO().WantTextInput;
    if (wantText != g_app->textInputActive || wantText) {
        g_app->textInputActive = wantText;
        web::setTextInputState(wantText, g_app->caret.x / g_app->dpr, g_app->caret.y / g_app->dpr);
    }
    g_app->platform.http().frameDone(!regions.empty());
    if (!g_app->readySignalled) {
        g_app->startupWorkMs += emscripten_get_now() - started;
        startupMark("first frame");
        if (g_app->session.isLoaded()) {
            g_app->readySignalled = true;
            startupMark("ready");
            web::signalReady();
        }
    }
    if (g_app->readySignalled && !g_app->completeSignalled && g_app->session.isComplete()) {
        g_app->completeSignalled = true;
        startupMark("records loaded");
        web::signalComplete();
    }
}

// window.crm.sync.*: core/app/sync_api.h; opening the conflict dialog is the shell's.
crm::core::Json syncApi(const std::string& method, const crm::core::Json& arg) {
    if (method == "sync.open_conflict") {
        if (arg.is_string()) g_app->app.syncView().openConflict(arg.get<std::string>());
        return crm::core::Json{{"result", g_app->crm.sync().status()}};
    }
    return crm::core::callSyncApi(g_app->crm.sync(), g_app->session, method, arg);
}

void setImeCaret(int x, int y) { g_app->caret = ImVec2(float(x), float(y)); }
void setClipboard(void*, const char* text) { g_app->platform.setClipboardText(text); }
// Paste arrives through the page's text field (a native paste event), so ImGui's own paste reads nothing.
const char* getClipboard(void*) { return ""; }

} // namespace

// ---- exports: called from web/static/boot.js ----
extern "C" {

EMSCRIPTEN_KEEPALIVE void crm_text_input(const char* utf8) {
    web::guardMemory([utf8] {
        std::string text;
        for (const char* p = utf8; *p; ++p) {
            if (*p != '\n' && *p != '\r' && *p != '\t') text += *p;  // those come as key presses
        }
        g_app->fonts.noteText(text);
        web::queueTextInput(std::move(text));
    });
}

const char* apiCall(const char* method, const char* argJson);

EMSCRIPTEN_KEEPALIVE const char* crm_api(const char* method, const char* argJson) {
    try {
        return apiCall(method, argJson);
    } catch (const std::bad_alloc&) {
        web::noteOutOfMemory();
        // The interrupted frame may have counted as painted what never reached the canvas: repaint it whole, so the
        // out-of-memory banner shows without waiting for input that changes the screen.
        g_app->paint.invalidate();
        return R"({"error":{"code":"out_of_memory","message":"the browser has no more memory for the data"}})";
    }
}

const char* apiCall(const char* method, const char* argJson) {
    static std::string reply;
    std::string m = method;
    // The nesting limit counts from a document: a bulk argument's documents (level 1) each have their own, and one
    // nested deeper comes back marked, to be refused alone.
    crm::core::Json arg = m == "bulk" ? crm::core::parseJsonTextIsolatingDeep(argJson, 1) : crm::core::parseJsonText(argJson);
    if (arg.is_discarded()) {
        reply = R"({"error":{"code":"bad_request","message":"argument is not valid JSON, or nested more than 512 deep"}})";
        return reply.c_str();
    }
    if (m == "ui") {
        // Named widget rectangles in CSS pixels, for tests that click like a person.
        crm::core::Json items = crm::shell::publishedItems();
        for (auto& item : items) {
            for (const char* k : {"x", "y", "w", "h"}) item[k] = item[k].get<float>() / g_app->dpr;
        }
        reply = crm::core::Json{{"result", items}}.dump();
        return reply.c_str();
    }
    if (m == "memory") {
        // Memory the data takes, for the benchmark: the wasm heap, what malloc hands out, the packed documents;
        // and what decides the heap's size: where malloc's space starts (static data and the stack lie below)
        // and the most it ever took from the heap (the peak, e.g. during the reopen), so start + peak <= heap.
        struct mallinfo info = mallinfo();
        const size_t mallocStart = reinterpret_cast<size_t>(sbrk(0)) - size_t(info.arena);
        reply = crm::core::Json{{"result", {{"heapBytes", emscripten_get_heap_size()},
                                            {"allocatedBytes", info.uordblks},
                                            {"mallocFreeBytes", info.fordblks},  // taken from the heap, free again
                                            {"mallocStartBytes", mallocStart},
                                            {"mallocPeakBytes", info.usmblks},  // dlmalloc: its peak footprint
                                            {"packedBytes", g_app->session.store().packedBytes()},
                                            {"documents", g_app->session.store().docCount()},
                                            {"outOfMemory", g_app->session.outOfMemory()}}}}
                    .dump();
        return reply.c_str();
    }
    if (m == "search" || m.rfind("comfort.", 0) == 0) {
        reply = crm::web::comfortApi(g_app->app.comfort(), m, arg).dump();
        return reply.c_str();
    }
    if (m == "clock.shift") {
        if (arg.is_number()) g_app->clock.shift(arg.get<int64_t>());
        reply = crm::core::Json{{"result", {{"nowMs", g_app->clock.nowMs()}, {"offsetMs", g_app->clock.offsetMs()}}}}.dump();
        return reply.c_str();
    }
    if (m.rfind("surveys.", 0) == 0) {
        reply = (m == "surveys.bench" ? crm::core::Json{{"result", crm::web::surveyBench(arg)}}
                                      : crm::core::surveyApi(g_app->crm.surveys(), m, arg)).dump();
        return reply.c_str();
    }
    if (m.rfind("sync.", 0) == 0) {
        reply = syncApi(m, arg).dump();
        return reply.c_str();
    }
    const web::PaintPacer::Stats& paint = g_app->paint.stats();
    crm::core::Json extra = {{"online", g_app->platform.isOnline()},
                             {"sync", crm::core::syncStateName(g_app->crm.sync().state())},
                             {"section", static_cast<int>(g_app->app.section())},
                             {"glyphs", g_app->fonts.glyphCount()},
                             {"fontAtlasBaked", g_app->fonts.atlasBaked()},
                             {"commonGlyphsPending", g_app->fonts.commonPending()},
                             {"classesPending", g_app->crm.classes().pendingCustomers()},
                             {"comfort", g_app->app.comfort().status()},
                             {"paint", {{"paints", paint.paints}, {"partial", paint.partial}, {"areaShare", paint.areaShare}}}};
    reply = crm::core::callAutomation(g_app->session, m, arg, extra, &g_app->crm.complaintBoard()).dump();
    return reply.c_str();
}

} // extern "C"

// ---- main ----
int main() {
    const double started = emscripten_get_now();
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    web::keepEmergencyMemory();
    g_app = new WebApp();
    web::setOutOfMemoryHandler([] { g_app->session.noteOutOfMemory(); });
    g_app->app.comfort().setPage(&g_app->page);
    // The demo database never syncs: its made-up customers must not reach the shop's server.
    if (g_app->page.isDemo()) g_app->crm.sync().disable("sync.demo_off");
    // IndexedDB reads the stored records on its own threads while main() sets up and the first frame is drawn;
    // the records reach the store between frames, after main returns.
    g_app->session.open(&g_app->persistence, [](const crm::core::LoadReport&) {
        startupMark("store loaded");
        g_app->app.onLoaded();
    });
    // The WebGL context: the page created it while the wasm loaded (web/static/boot.js, with the attributes the
    // painting relies on), so GLFW finds it ready instead of waiting for it (about a second with a software GPU).
    // The window has the canvas's size already: resizing the context's drawing buffer costs as much again.
    ImVec2 size = canvasPixels();
    g_app->window = glfwCreateWindow(size.x > 0 ? static_cast<int>(size.x) : 1280,
                                     size.y > 0 ? static_cast<int>(size.y) : 800, "CRM", nullptr, nullptr);
    if (!g_app->window) return 1;
    glfwMakeContextCurrent(g_app->window);
    startupMark("window");

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini on a virtual file system
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(g_app->window, true);
    glfwSetCharCallback(g_app->window, nullptr);  // text arrives through the page's text field
    web::installKeyInput(g_app->window);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    io.ImeSetInputScreenPosFn = setImeCaret;
    io.SetClipboardTextFn = setClipboard;
    io.GetClipboardTextFn = getClipboard;

    web::startFetchingFontFiles(g_app->fonts);
    // The first atlas baked at build time for the common pixel scales (web/CMakeLists.txt), loaded at the first
    // frame instead of rasterised; the font files follow (web/font_files.h).
    g_app->fonts.setBakedAtlasSource([](float pixelScale) {
        return readFile(("/fonts/" + shell::FontManager::bakedAtlasName(pixelScale)).c_str());
    });
    fitCanvas();
    g_app->startupWorkMs = emscripten_get_now() - started;
    startupMark("main done");
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
