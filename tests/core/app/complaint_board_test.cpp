// Doctests for the complaints board kept up to date without rebuilds: the minute tick flips a card to warning
// and overdue exactly at its stored instants and moves the working time left (across lunch and the night),
// changed, new and deleted complaint documents and a renamed customer update only their cards, a settings
// change builds everything again — and after every step the cards equal a board built afresh from the store.
#include "core/app/complaint_board.h"
#include "tests/core/app/complaint_test_session.h"

#include <doctest/doctest.h>

#include <random>

using namespace crm::core;

namespace {
using test::DemoSession;
using test::local;

struct Session : test::ComplaintSession {
    std::string open(const char* customer, const char* severity = "critical") {
        return ComplaintSession::open({{"customer_id", customer}, {"severity", severity}});
    }
};

std::string cardText(const ComplaintCard& c) {
    return c.id + "|" + c.customerId + "|" + c.customerName + "|" + c.stage + "|" + c.severity + "|" + c.owner + "|" +
           c.category + "|" + c.matter + "|" + c.receivedAt + "|" + std::to_string(c.stageIndex) + "|" +
           deadlineStateName(c.state) + "|" + std::to_string(c.warnLevel) + "|" + std::to_string(c.paused) +
           std::to_string(c.closed) + std::to_string(c.hasDue) + "|" + std::to_string(c.leftMs);
}

// The kept board equals one built afresh from the documents at the same moment.
void checkSameAsFresh(CrmSession& session, const ComplaintBoard& kept, int64_t nowMs) {
    ComplaintBoard fresh(session);
    fresh.refresh(nowMs);
    const std::vector<const ComplaintCard*> keptCards = kept.filtered({}), freshCards = fresh.filtered({});
    REQUIRE(keptCards.size() == fresh.size());
    REQUIRE(kept.size() == fresh.size());
    for (size_t i = 0; i < keptCards.size(); ++i) {
        CHECK(cardText(*keptCards[i]) == cardText(*freshCards[i]));
        CHECK(kept.find(keptCards[i]->id) == keptCards[i]);
    }
    CHECK(kept.overdueCount() == fresh.overdueCount());
    CHECK(kept.owners() == fresh.owners());
}
}  // namespace

TEST_CASE("the minute tick flips a card to warning and overdue at its stored instants, without a rebuild") {
    Session s;
    std::string id = s.open("customer:1");  // critical: registered due 11:00, warnings at 10:00 (50%) and 10:36 (80%)
    ComplaintBoard board(s.session);
    board.refresh(s.clock.nowMs());
    REQUIRE(board.size() == 1);
    const ComplaintCard* card = board.find(id);
    REQUIRE(card);
    CHECK(card->state == DeadlineState::Ok);
    CHECK(card->leftMs == 2 * kHourMs);
    const int cardsBuilt = board.counters().cardsBuilt;
    // Minute by minute from 09:00 to 14:00 (lunch 12:00-13:30 is not working time).
    while (s.clock.nowMs() < local(2026, 3, 9, 14, 0)) {
        s.clock.advance(kMinuteMs);
        const int64_t now = s.clock.nowMs();
        const int judgedBefore = board.counters().judged;
        board.refresh(now);
        card = board.find(id);
        if (now < local(2026, 3, 9, 10, 0)) {
            CHECK(card->state == DeadlineState::Ok);
        } else if (now < local(2026, 3, 9, 10, 36)) {
            CHECK(card->state == DeadlineState::Warning);
            CHECK(card->warnLevel == 50);
        } else if (now < local(2026, 3, 9, 11, 0)) {
            CHECK(card->warnLevel == 80);
        } else {
            CHECK(card->overdue());
            CHECK(board.overdueCount() == 1);
        }
        // Judged again only at the three crossings.
        const bool crossing = now == local(2026, 3, 9, 10, 0) || now == local(2026, 3, 9, 10, 36) ||
                              now == local(2026, 3, 9, 11, 0);
        CHECK(board.counters().judged - judgedBefore == (crossing ? 1 : 0));
    }
    CHECK(board.find(id)->leftMs == -(60 + 30) * kMinuteMs);  // 11:00-12:00 and 13:30-14:00 overdue
    CHECK(board.counters().rebuilds == 1);
    CHECK(board.counters().cardsBuilt == cardsBuilt);  // no card built again
    checkSameAsFresh(s.session, board, s.clock.nowMs());
    // Over the night and a weekend the time left stays put; a refresh within the same minute does nothing.
    s.clock.set(local(2026, 3, 14, 10, 0));  // Saturday
    board.refresh(s.clock.nowMs());
    CHECK(board.find(id)->leftMs == -(60 + 270 + 4 * 480) * kMinuteMs);  // Monday 11:00-18:00, Tuesday-Friday
    checkSameAsFresh(s.session, board, s.clock.nowMs());
    // The clock moved back (tests and demos do): judged again, the warning is back.
    s.clock.set(local(2026, 3, 9, 10, 5));
    board.refresh(s.clock.nowMs());
    CHECK(board.find(id)->state == DeadlineState::Warning);
    CHECK(board.find(id)->leftMs == 55 * kMinuteMs);
    checkSameAsFresh(s.session, board, s.clock.nowMs());
    CHECK(board.counters().rebuilds == 1);
}

TEST_CASE("a changed complaint document updates its card only; settings build everything again") {
    Session s;
    s.session.putDocument(Json{{"_id", "customer:1"}, {"type", "customer"}, {"name", "张伟"}, {"phones", {"13900000017"}}});
    std::string first = s.open("customer:1"), second = s.open("customer:2", "normal");
    ComplaintBoard board(s.session);
    board.refresh(s.clock.nowMs());
    CHECK(board.counters().cardsBuilt == 2);
    CHECK(board.find(first)->customerName == "张伟");
    CHECK(board.owners() == std::vector<std::string>{""});

    s.clock.advance(10 * 1000);
    REQUIRE(s.api("complaints.advance", {{"id", second}, {"stage", "registered"},
                                         {"fields", {{"complainant", "王芳"}, {"category", "service"}, {"owner", "王五"}}}})["ok"] == true);
    board.refresh(s.clock.nowMs());  // the same minute: the change is applied at once
    CHECK(board.find(second)->stage == "registered");
    CHECK(board.find(second)->owner == "王五");
    CHECK(board.owners() == std::vector<std::string>{"", "王五"});
    CHECK(board.counters().cardsBuilt == 3);  // only the changed complaint's card
    checkSameAsFresh(s.session, board, s.clock.nowMs());

    // Paced (the status bar, every frame): a change waits until a second after the last refresh.
    Json customer = *s.session.store().get("customer:1");
    customer["name"] = "张伟伟";
    REQUIRE(s.session.putDocument(customer).ok());
    board.refresh(s.clock.nowMs() + 500, true);
    CHECK(board.find(first)->customerName == "张伟");
    board.refresh(s.clock.nowMs() + 1000, true);
    CHECK(board.find(first)->customerName == "张伟伟");  // the customer renamed, without building the card
    CHECK(board.counters().cardsBuilt == 3);

    // A new complaint and a deleted one.
    std::string third = s.open("customer:3", "high");
    board.refresh(s.clock.nowMs() + 1000);
    const uint64_t beforeDelete = board.generation();
    Json doc = s.api("get", first);
    REQUIRE(s.api("remove", {{"id", first}, {"rev", doc["_rev"]}})["ok"] == true);
    board.refresh(s.clock.nowMs() + 1000);
    CHECK(board.find(first) == nullptr);
    CHECK(board.generation() > beforeDelete);  // a deletion builds no card but changes what views show
    REQUIRE(board.find(third));
    CHECK(board.size() == 2);
    CHECK(board.counters().rebuilds == 1);
    checkSameAsFresh(s.session, board, s.clock.nowMs() + 1000);

    // Other documents do not wake the board; the deadline settings rebuild it.
    const int built = board.counters().cardsBuilt;
    const uint64_t generation = board.generation();
    s.session.putDocument(Json{{"_id", "customer:9"}, {"type", "customer"}, {"name", "赵六"}, {"phones", {"13900000019"}}});
    board.refresh(s.clock.nowMs() + 1000);
    CHECK(board.counters().cardsBuilt == built);
    CHECK(board.generation() == generation);  // views caching on it keep their results
    ComplaintSettings settings = loadComplaintSettings(s.session.store());
    settings.deadlines.serviceManager = "周经理";
    saveComplaintSettings(s.session, settings);
    board.refresh(s.clock.nowMs() + 1000);
    CHECK(board.counters().rebuilds == 2);
    CHECK(board.settings().deadlines.serviceManager == "周经理");
}

TEST_CASE("over the demo's complaints, hour by hour over a week with edits, the kept board equals a fresh one") {
    DemoSession demo;
    FixedClock& clock = demo.clock;
    CrmSession& session = demo.session;
    ComplaintBoard board(session);
    board.refresh(clock.nowMs());
    REQUIRE(board.size() >= 15);
    REQUIRE(board.overdueCount() > 0);
    for (int hour = 1; hour <= 7 * 24; hour += 5) {
        clock.set(local(2024, 6, 3, 8, 0) + hour * kHourMs + 7 * kMinuteMs);
        if (hour % 3 == 0) {  // an edit now and then: a new owner on one complaint
            const ComplaintCard& c = *board.filtered({})[size_t(hour) % board.size()];
            Json doc = *session.store().get(c.id);
            doc["owner"] = "值班" + std::to_string(hour);
            REQUIRE(session.putDocument(doc).ok());
        }
        board.refresh(clock.nowMs());
        checkSameAsFresh(session, board, clock.nowMs());
    }
    CHECK(board.counters().rebuilds == 1);
}

TEST_CASE("a bulk load (the store opened from disk) builds the board again from what was loaded") {
    Session s;
    std::string first = s.open("customer:1");
    ComplaintBoard board(s.session);
    board.refresh(s.clock.nowMs());
    REQUIRE(board.size() == 1);
    // Another device's complaint arrives as a loaded record, heard only once the load ends.
    Session other;
    other.clock.advance(60 * 1000);  // another id
    std::string second = other.open("customer:2", "normal");
    REQUIRE(second != first);
    std::string record = other.session.store().encodeRecord(second).value();
    DocumentStore& store = s.session.store();
    store.beginBulkLoad();
    REQUIRE(store.restoreKeys(other.session.store().keys().encode()));
    REQUIRE(store.loadRecord(second, record));
    board.refresh(s.clock.nowMs());
    CHECK(board.find(second) == nullptr);  // not heard yet
    store.endBulkLoad();
    board.refresh(s.clock.nowMs());
    CHECK(board.counters().rebuilds == 2);
    CHECK(board.find(first) != nullptr);
    CHECK(board.find(second) != nullptr);
    checkSameAsFresh(s.session, board, s.clock.nowMs());
}

TEST_CASE("a build in steps with random writes between them ends equal to a one-step build; refresh() completes it") {
    DemoSession demo;
    FixedClock& clock = demo.clock;
    CrmSession& session = demo.session;
    FixedSteadyClock steady;
    test::RandomWrites write{demo, [](Json& complaint, int n) {
                                 complaint["owner"] = "值班" + std::to_string(n);
                                 complaint["severity"] = (n % 2) ? "critical" : "normal";
                             }};
    for (int round = 0; round < 3; ++round) {
        ComplaintBoard board(session, 37 + round * 50);  // a few complaints a step
        int steps = 0;
        do {
            FrameBudget oneStep(steady, 0.0);  // the first step only
            board.refreshInSteps(clock.nowMs(), oneStep);
            for (const ComplaintCard* c : board.filtered({})) REQUIRE(board.find(c->id) == c);  // answers from what is built
            for (int k = 0; k < 2; ++k) write(steps * 2 + k + round * 10000);
            ++steps;
        } while (board.building());
        CHECK(steps > 10);
        CHECK(board.counters().rebuilds == 1);
        // The writes of the last step are pending; the next refresh applies them, as it would after a one-step build.
        board.refresh(clock.nowMs());
        checkSameAsFresh(session, board, clock.nowMs());

        // A query that wants every card completes a build under way in one call.
        ComplaintBoard partial(session, 37);
        FrameBudget oneStep(steady, 0.0);
        partial.refreshInSteps(clock.nowMs(), oneStep);
        REQUIRE(partial.building());
        write(round * 10000 + 9999);
        partial.refresh(clock.nowMs());
        CHECK_FALSE(partial.building());
        checkSameAsFresh(session, partial, clock.nowMs());
    }
}

TEST_CASE("the order is newest received first, then by id, through receipt times that tie, are short or empty, and edits") {
    Session s;
    ComplaintBoard board(s.session);
    std::mt19937 random(17);
    // Receipt times sharing their first 16 bytes (the order's numeric key), shorter than it, empty, and with a
    // zero byte where a shorter one's padding is.
    const std::vector<std::string> times = {"", "2026", "2026-03-09T09:00", std::string("2026-03-09T09:00\0", 17),
                                            "2026-03-09T09:00:00+08:00", "2026-03-09T09:00:30+08:00",
                                            "2026-03-09T09:01:00+08:00", "2026-03-10T08:00:00+08:00", "2027"};
    auto write = [&](int n) {
        const std::string id = "complaint:order-" + std::to_string(random() % 60);
        std::optional<Json> doc = s.session.store().get(id);
        if (doc && random() % 4 == 0) {
            REQUIRE(s.session.store().remove(id, (*doc)["_rev"].get<std::string>()).ok());
            return;
        }
        Json next = doc ? *doc : Json{{"_id", id}, {"type", "complaint"}, {"customer_id", "customer:1"}};
        next["received_at"] = times[random() % times.size()];
        next["owner"] = "值班" + std::to_string(n % 3);
        REQUIRE(s.session.store().put(next).ok());  // straight to the store, as another device's document may come
    };
    auto ordered = [](const ComplaintCard* a, const ComplaintCard* b) {
        return a->receivedAt != b->receivedAt ? a->receivedAt > b->receivedAt : a->id < b->id;
    };
    for (int n = 0; n < 80; ++n) write(n);
    board.refresh(s.clock.nowMs());
    REQUIRE(board.size() > 30);
    for (int round = 0; round < 40; ++round) {
        for (int k = 0; k < 1 + round % 4; ++k) write(round * 10 + k);
        board.refresh(s.clock.nowMs());
        const std::vector<const ComplaintCard*> cards = board.filtered({});
        CHECK(std::is_sorted(cards.begin(), cards.end(), ordered));
        CHECK(std::adjacent_find(cards.begin(), cards.end(), [](auto* a, auto* b) { return a->id == b->id; }) == cards.end());
        checkSameAsFresh(s.session, board, s.clock.nowMs());
    }
    CHECK(board.counters().rebuilds == 1);
}
