// Issue 17 end to end (complaints): a complaint opened as a survey answer would (crm.complaints.open) is
// walked through all five stages by clicking the form's stage bar and fields, a skip is refused and the
// reason shown; a second complaint turns red on the board, in the status bar and in its form once the clock
// (crm.clock.shift) passes its deadline. Screenshots of the board and the form in zh-CN and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, click, typeInto, waitForItem, nextFrames, screenshot, uiItems } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function shot(page, name) {
  const file = await screenshot(page, name);
  assert.ok(fs.statSync(file).size > 10000, `${name} screenshot has content`);
}

// Polls the stored complaint until `predicate` holds (synchronous predicates only: see common notes).
async function waitForComplaint(page, id, predicate, what) {
  for (let i = 0; i < 200; ++i) {
    const doc = await page.evaluate((docId) => window.crm.get(docId), id);
    if (doc && predicate(doc)) return doc;
    await nextFrames(page, 2);
  }
  throw new Error(`complaint never reached: ${what}`);
}

async function pick(page, combo, option) {
  await click(page, combo);
  await click(page, `${combo}.${option}`);
}

test('a complaint walks through all five stages by clicking; a skip is refused and the reason shown', async () => {
  const page = await app.newPage({ viewport: { width: 1400, height: 1000 } });
  const put = await page.evaluate(() => window.crm.bulk([
    { _id: 'customer:k1', type: 'customer', name: '张伟', phones: ['13800000017'] },
    { _id: 'vehicle:k1', type: 'vehicle', customer_id: 'customer:k1', plate: '京A17017', vin: 'LSVAM4187C2184187' },
  ]));
  assert.ok(put.every((r) => r.ok), JSON.stringify(put));
  // Opened from given fields, as the survey screen's "open a complaint" offer does.
  const opened = await page.evaluate(() => window.crm.complaints.open({
    customer_id: 'customer:k1', vehicle_id: 'vehicle:k1', survey_id: 'survey:k1', matter: '回访评分 4 分：保养等待过久',
    channel: 'phone', severity: 'critical',
  }));
  assert.equal(opened.ok, true, JSON.stringify(opened));
  const id = opened.id;

  await click(page, 'nav.complaints');
  await waitForItem(page, `complaints.card.${id}`);
  await click(page, `complaints.card.${id}`);
  await waitForItem(page, 'complaint.stage.received');

  // A skip (received → investigating) is refused, and the form says why.
  await click(page, 'complaint.stage.investigating');
  await waitForItem(page, 'complaint.refusal');
  await shot(page, 'complaints-form-refused-skip-zh');
  assert.equal((await page.evaluate((docId) => window.crm.get(docId), id)).status, 'received');
  // The API refuses it the same way.
  const skip = await page.evaluate((docId) => window.crm.complaints.advance(docId, 'followed_up'), id);
  assert.equal(skip.ok, false);
  assert.equal(skip.refusal, 'skip');
  assert.match(skip.reason, /不能跳过/);

  // 登记: complainant, cause, owner (customer, matter and severity came with the opening).
  await typeInto(page, 'complaint.complainant', '张伟');
  await click(page, 'complaint.category.service');
  await typeInto(page, 'complaint.owner', '李娜');
  await click(page, 'complaint.advance');
  await waitForComplaint(page, id, (d) => d.status === 'registered', 'registered');
  // 调查分析
  await click(page, 'complaint.advance');
  await waitForComplaint(page, id, (d) => d.status === 'investigating', 'investigating');
  // 处理: findings, root cause, department, measures, told when and how.
  await typeInto(page, 'complaint.findings', '高峰时段未分流');
  await typeInto(page, 'complaint.root_cause', '预约排班不足');
  await pick(page, 'complaint.department', 'service_desk');
  await typeInto(page, 'complaint.measures', '增加高峰接待人员，赠送保养券');
  await typeInto(page, 'complaint.told_at', '2026-12-07 10:00');
  await pick(page, 'complaint.told_how', 'phone');
  await click(page, 'complaint.stage.resolved');
  await waitForComplaint(page, id, (d) => d.status === 'resolved', 'resolved');
  // 跟踪回访
  await typeInto(page, 'complaint.revisit_at', '2026-12-08 15:00');
  await pick(page, 'complaint.handling_satisfaction', 'satisfied');
  await click(page, 'complaint.advance');
  const done = await waitForComplaint(page, id, (d) => d.status === 'followed_up', 'followed_up');
  assert.equal(done.closed, true);
  assert.deepEqual(done.events.map((e) => e.kind), ['open', 'stage', 'stage', 'stage', 'stage']);
  assert.deepEqual(done.events.slice(1).map((e) => e.to), ['registered', 'investigating', 'resolved', 'followed_up']);
  assert.ok(done.events.every((e) => e.by && e.at), 'every event attributed and time-stamped');
  assert.equal(done.department, 'service_desk');
  // Date-times are typed in the shop's time (UTC+8) and stored in UTC.
  assert.equal(done.told_at, '2026-12-07T02:00:00Z');
  assert.equal(done.revisit_at, '2026-12-08T07:00:00Z');
  await waitForItem(page, 'complaint.event.0.stage');
  await shot(page, 'complaints-form-followed-up-zh');
  await click(page, 'complaint.back');
  await page.close();
});

test('a complaint turns red on the board, in the status bar and in its form once its deadline passes', async () => {
  const page = await app.newPage({ viewport: { width: 1400, height: 900 } });
  await page.evaluate(() => window.crm.bulk([{ _id: 'customer:k2', type: 'customer', name: '李秀英', phones: ['13900000017'] }]));
  const opened = await page.evaluate(() => window.crm.complaints.open({
    customer_id: 'customer:k2', matter: '发动机故障灯反复亮起', channel: 'hotline', severity: 'critical',
  }));
  const id = opened.id;
  const before = await page.evaluate((docId) => window.crm.complaints.deadlines(docId), id);
  assert.deepEqual(before.map((d) => d.stage), ['registered', 'investigating', 'resolved', 'followed_up']);
  assert.notEqual(before[0].state, 'overdue');
  await click(page, 'nav.complaints');
  await waitForItem(page, `complaints.card.${id}`);
  assert.equal((await uiItems(page))['status.overdue_complaints'], undefined, 'nothing overdue yet');

  // Four days later (whatever today is, more than 2 working hours have passed): overdue.
  await page.evaluate(() => window.crm.clock.shift(4 * 24 * 3600 * 1000));
  const after = await page.evaluate((docId) => window.crm.complaints.deadlines(docId), id);
  assert.equal(after[0].state, 'overdue');
  await waitForItem(page, 'status.overdue_complaints');
  const board = await page.evaluate(() => window.crm.complaints.board({ overdue: true }));
  assert.ok(board.cards.some((c) => c.id === id && c.state === 'overdue'), JSON.stringify(board));
  await shot(page, 'complaints-board-overdue-zh');
  await click(page, 'complaints.swimlanes');
  await waitForItem(page, 'complaints.lane.');  // unassigned lane
  await shot(page, 'complaints-board-swimlanes-zh');
  await click(page, 'complaints.swimlanes');
  await click(page, `complaints.card.${id}`);
  await waitForItem(page, 'complaint.deadline.registered.overdue');
  await shot(page, 'complaints-form-overdue-zh');

  // The agenda escalates it (no service manager named: to everyone).
  await click(page, 'nav.followups');
  await waitForItem(page, `agenda.complaint.${id}`);
  await shot(page, 'complaints-agenda-escalation-zh');

  // English.
  await click(page, 'lang.en');
  await click(page, 'nav.complaints');
  await nextFrames(page, 5);
  if ((await uiItems(page))['complaint.back']) await click(page, 'complaint.back');
  await waitForItem(page, `complaints.card.${id}`);
  await shot(page, 'complaints-board-en');
  await click(page, `complaints.card.${id}`);
  await waitForItem(page, 'complaint.deadline.registered.overdue');
  await shot(page, 'complaints-form-en');
  await click(page, 'complaint.back');
  await click(page, 'complaints.view.summary');
  await waitForItem(page, 'complaints.summary.on_time');
  await shot(page, 'complaints-summary-en');
  await click(page, 'complaints.view.list');
  await waitForItem(page, `complaints.row.${id}`);
  await shot(page, 'complaints-list-en');
  await click(page, 'lang.zh');
  await page.evaluate(() => window.crm.clock.shift(-4 * 24 * 3600 * 1000));
  await page.close();
});

test('the demo has complaints in every stage, most on time and some overdue: board and summary', async () => {
  const page = await app.newPage({ query: '?demo=400', viewport: { width: 1400, height: 900 } });
  await page.waitForFunction(() => {
    const s = JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['comfort.status', 'null'])).result;
    return s.demoTotal === 400 && !s.demoFilling;
  }, null, { timeout: 180000, polling: 500 });
  await page.evaluate(() => window.crm.whenSaved());
  const board = await page.evaluate(() => window.crm.complaints.board({}));
  assert.deepEqual([...new Set(board.cards.map((c) => c.stage))].sort(),
    ['followed_up', 'investigating', 'received', 'registered', 'resolved']);
  const open = board.cards.filter((c) => c.stage !== 'followed_up');
  assert.ok(board.overdue > 0 && board.overdue < open.length / 2, `${board.overdue} of ${open.length} open overdue`);
  const summary = await page.evaluate(() => window.crm.complaints.summary({ from: '2020-01-01', to: '2030-12-31' }));
  assert.equal(summary.total, board.cards.length);
  assert.ok(summary.onTimeShare > 0.5, JSON.stringify(summary));
  await click(page, 'nav.complaints');
  await waitForItem(page, 'complaints.count');
  await nextFrames(page, 5);
  await shot(page, 'complaints-board-demo-zh');
  await click(page, 'complaints.view.summary');
  await waitForItem(page, 'complaints.summary.by_category');
  await shot(page, 'complaints-summary-demo-zh');
  await click(page, 'lang.en');
  await nextFrames(page, 5);
  await shot(page, 'complaints-summary-demo-en');
  await click(page, 'complaints.view.board');
  await nextFrames(page, 5);
  await shot(page, 'complaints-board-demo-en');
  await click(page, 'lang.zh');
  await page.close();
});
