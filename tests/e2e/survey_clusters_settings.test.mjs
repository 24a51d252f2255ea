// Issue 17 (surveys) end to end, the gaps closed later: a cluster of the analysis shown in the customer list
// (a button per cluster; the list then holds exactly that cluster's customers, as crm.surveys.analyze lists
// them, under a chip that removes the filter), and the survey rules in Settings (the low-score threshold typed
// there moves the complaint offer; an out-of-range value is refused in words and not stored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, click, waitForItem, nextFrames, screenshot, uiItems, scrollTo } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const TEMPLATE = {
  _id: 'survey_template:gaps', type: 'survey_template', name: '售后回访', active: true,
  questions: [
    { id: 'advisor', text: '服务顾问', kind: 'scale5', indicator: 'advisor' },
    { id: 'quality', text: '维修质量', kind: 'scale5', indicator: 'service_quality' },
    { id: 'overall', text: '总体满意度', kind: 'scale10', indicator: 'overall' },
  ],
  weights: { advisor: 50, service_quality: 50 },
};

// 40 customers, a repair order and a survey each; one in three unhappy, so the clusters differ.
function shopData(today) {
  const docs = [TEMPLATE];
  const day = new Date(today.getTime() - 10 * 86400000).toISOString().slice(0, 10);
  for (let c = 0; c < 40; c++) {
    const id = `customer:g${c}`;
    docs.push({ _id: id, type: 'customer', name: `顾客${c}`, phones: [`138${String(c).padStart(8, '0')}`], region: ['北京市', '上海市'][c % 2] });
    const ro = `service_record:g${c}`;
    docs.push({ _id: ro, type: 'service_record', customer_id: id, date_in: day, advisor: ['李娜', '王强'][c % 2], items: ['保养'] });
    const a = c % 3 === 0 ? 1 + (c % 2) : 4 + (c % 2);
    const q = c % 3 === 0 ? 2 : 3 + (c % 3);
    const overall = c % 3 === 0 ? 3 : 8 + (c % 3);
    docs.push({ _id: `survey:g${c}`, type: 'survey', customer_id: id, template_id: TEMPLATE._id, service_record_id: ro,
      channel: 'phone', date: day, answers: { advisor: a, quality: q, overall } });
  }
  return docs;
}

async function shot(page, name) {
  const file = await screenshot(page, name);
  assert.ok(fs.statSync(file).size > 10000, `${name} screenshot has content`);
}


// The number the customer list shows ("customers.count.<n>").
async function listCount(page) {
  const key = Object.keys(await uiItems(page)).find((k) => k.startsWith('customers.count.'));
  return key ? Number(key.slice('customers.count.'.length)) : null;
}

test('a cluster shown in the customer list under a removable chip; the threshold typed in Settings moves the complaint offer', async () => {
  const page = await app.newPage();
  const put = await page.evaluate((docs) => window.crm.bulk(docs), shopData(new Date()));
  assert.ok(put.every((r) => r.ok), JSON.stringify(put.filter((r) => !r.ok).slice(0, 3)));

  // ---- The analysis screen's cluster 2, in the customer list. ----
  const a = await page.evaluate(() => window.crm.surveys.analyze({ k: 4 }));
  assert.equal(a.clusters.clusters.length, 4);
  const cluster = a.clusters.clusters[1];
  assert.equal(cluster.customers.length, cluster.size);
  assert.ok(cluster.size > 0 && cluster.size < 40);
  await click(page, 'nav.surveys');
  await click(page, 'surveys.tab.analysis');
  await waitForItem(page, 'chart.cluster.2', 20000);
  await scrollTo(page, 'analysis.cluster.2');
  await shot(page, 'surveys-clusters-button-zh');
  await click(page, 'analysis.cluster.2');
  await waitForItem(page, 'customers.chip.cluster');
  await nextFrames(page, 3);
  assert.equal(await listCount(page), cluster.size, 'the list holds as many customers as the cluster');
  const names = new Set(cluster.customers.map((id) => `顾客${id.slice('customer:g'.length)}`));
  const shown = Object.keys(await uiItems(page)).filter((k) => k.startsWith('customers.row.')).map((k) => k.slice('customers.row.'.length));
  assert.ok(shown.length > 0 && shown.length <= cluster.size);
  for (const name of shown) assert.ok(names.has(name), `${name} is in cluster 2`);
  await shot(page, 'customers-cluster-chip-zh');
  await click(page, 'lang.en');
  await nextFrames(page, 5);
  await shot(page, 'customers-cluster-chip-en');
  await click(page, 'lang.zh');
  // The chip removed: every customer again.
  await click(page, 'customers.chip.cluster');
  await nextFrames(page, 3);
  assert.equal(await listCount(page), 40);
  assert.ok(!Object.keys(await uiItems(page)).includes('customers.chip.cluster'));

  // ---- The threshold: 7 of 10 is not low by default; typed 7 in Settings, it is. ----
  const survey = { _id: 'survey:seven', type: 'survey', customer_id: 'customer:g1', template_id: TEMPLATE._id, channel: 'phone',
    date: new Date().toISOString().slice(0, 10), answers: { advisor: 4, quality: 4, overall: 7 } };
  assert.ok((await page.evaluate((s) => window.crm.put(s), survey)).ok);
  assert.equal(await page.evaluate(() => window.crm.surveys.complaintDraft('survey:seven')), null);
  await click(page, 'nav.settings');
  await scrollTo(page, 'settings.surveys');
  await click(page, 'settings.surveys');
  await scrollTo(page, 'settings.save_surveys');
  const typeNumber = async (name, text) => {
    await click(page, name);  // the field selects its number: typing replaces it
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 5000 });
    await page.keyboard.type(text, { delay: 10 });
    await nextFrames(page, 2);
  };
  // Out of range first: refused in words, nothing stored.
  await typeNumber('settings.survey_low10', '10');
  await click(page, 'settings.save_surveys');
  await waitForItem(page, 'settings.surveys_refused');
  await shot(page, 'settings-surveys-refused-zh');
  assert.equal(await page.evaluate(() => window.crm.get('settings:surveys')), null);
  await typeNumber('settings.survey_low10', '7');
  await typeNumber('settings.survey_due', '5');
  await click(page, 'settings.save_surveys');
  await waitForItem(page, 'settings.surveys_saved');
  await shot(page, 'settings-surveys-saved-zh');
  const stored = await page.evaluate(() => window.crm.get('settings:surveys'));
  assert.equal(stored.low_on_10, 7);
  assert.equal(stored.low_on_5, 2);
  assert.equal((await page.evaluate(() => window.crm.get('settings:followup'))).survey_due_days, 5);
  const draft = await page.evaluate(() => window.crm.surveys.complaintDraft('survey:seven'));
  assert.ok(draft, 'a 7 of 10 now offers a complaint');
  assert.equal(draft.survey_id, 'survey:seven');
  await click(page, 'lang.en');
  await nextFrames(page, 5);
  await scrollTo(page, 'settings.save_surveys');
  await shot(page, 'settings-surveys-en');
  await click(page, 'lang.zh');

  // On the survey screen too: a 7 of 10 typed by keyboard now shows the offer.
  await click(page, 'nav.surveys');
  await click(page, 'surveys.tab.record');
  await waitForItem(page, 'survey.customer');
  await click(page, 'survey.customer');
  const keys = async (text) => { await page.keyboard.type(text, { delay: 10 }); await nextFrames(page, 2); await page.keyboard.press('Enter'); await nextFrames(page, 3); };
  await keys('13800000004');
  await keys('1');
  await keys('1');
  await keys('4');
  await keys('4');
  await keys('7');  // overall; Enter on the last answer saves
  await waitForItem(page, 'survey.open_complaint');
  await shot(page, 'surveys-record-offer-threshold-zh');
  await page.close();
});
