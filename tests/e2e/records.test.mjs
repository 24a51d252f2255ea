// Issue 15 end to end: screens drawn from the record descriptions. A customer's region and a vehicle's
// plate edited through the UI show as "before → after" in the timeline and in crm.records.history; the
// same invalid vehicle is refused identically by the form and by crm.put; screenshots of the basic form,
// the vehicle form and the timeline in zh-CN and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, click, typeInto, waitForItem, nextFrames, screenshot, uiItems } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function clearField(page, name) {
  await click(page, name);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 20000 });
  await nextFrames(page, 2);
  for (let round = 0; round < 2; ++round) {
    await page.keyboard.press('Control+A');
    await nextFrames(page, 2);
    await page.keyboard.press('Backspace');
    await nextFrames(page, 2);
  }
  await nextFrames(page, 2);
}

async function shot(page, name) {
  const file = await screenshot(page, name);
  assert.ok(fs.statSync(file).size > 10000, `${name} screenshot has content`);
}

// The issues the form shows, as "field:code" (named "vehicle.issue.<field>:<code>").
async function shownIssues(page, prefix) {
  await nextFrames(page, 3);
  return Object.keys(await uiItems(page)).filter((k) => k.startsWith(`${prefix}.issue.`))
    .map((k) => k.slice(prefix.length + '.issue.'.length)).sort();
}

test('edits through the UI show before → after in the timeline; an invalid vehicle is refused alike by form and crm.put', async () => {
  const page = await app.newPage();
  const put = await page.evaluate(() => window.crm.bulk([
    { _id: 'customer:r1', type: 'customer', name: '周涛', phones: ['13700000009'], region: '北京' },
    { _id: 'vehicle:r1', type: 'vehicle', customer_id: 'customer:r1', plate: '京A12345', vin: 'LSVAM4187C2184187', usage: 'private' },
  ]));
  assert.ok(put.every((r) => r.ok), JSON.stringify(put));
  await click(page, 'customers.row.周涛');
  await waitForItem(page, 'basic.region');
  await shot(page, 'records-basic-form-zh');

  // The region, edited in the basic form drawn from the customer description.
  await clearField(page, 'basic.region');
  await typeInto(page, 'basic.region', '上海');
  await click(page, 'basic.save');
  await page.waitForFunction(async () => (await window.crm.get('customer:r1')).region === '上海', null, { timeout: 10000 });

  // The plate, edited in the vehicle form.
  await click(page, 'file.tab.vehicles');
  await click(page, 'vehicle.row.京A12345');
  await nextFrames(page, 3);
  await clearField(page, 'vehicle.plate');
  await typeInto(page, 'vehicle.plate', '京B54321');
  await click(page, 'vehicle.save');
  await waitForItem(page, 'vehicle.row.京B54321');
  assert.equal((await page.evaluate(() => window.crm.get('vehicle:r1'))).plate, '京B54321');

  // The timeline says what changed, in words.
  await click(page, 'file.tab.timeline');
  await waitForItem(page, 'timeline.change.地区: 北京 → 上海');
  await waitForItem(page, 'timeline.change.车牌号: 京A12345 → 京B54321');
  await shot(page, 'records-timeline-history-zh');
  const history = await page.evaluate(() => window.crm.records.history('customer:r1'));
  assert.equal(history.length, 1);
  assert.ok(history[0].by.length > 0, 'who made the edit');
  assert.deepEqual(history[0].changes.map((c) => [c.field, c.before, c.after]), [['region', '北京', '上海']]);
  const vehicleHistory = await page.evaluate(() => window.crm.records.history('vehicle:r1'));
  assert.deepEqual(vehicleHistory.at(-1).changes.map((c) => [c.field, c.before, c.after]), [['plate', '京A12345', '京B54321']]);

  // The same invalid vehicle: refused by the form...
  await click(page, 'file.tab.vehicles');
  await waitForItem(page, 'vehicle.save');
  if ((await uiItems(page))['file.new_vehicle']) await click(page, 'file.new_vehicle');
  await typeInto(page, 'vehicle.vin', 'LSVAM418');
  await typeInto(page, 'vehicle.plate', '京C11111');
  await click(page, 'vehicle.save');
  await waitForItem(page, 'vehicle.issue.vin:check.vin.length');
  const formIssues = await shownIssues(page, 'vehicle');
  await shot(page, 'records-vehicle-form-refused-zh');
  const vehicles = await page.evaluate(() => window.crm.query({ selector: { type: 'vehicle' } }));
  assert.equal(vehicles.length, 1, 'the refused vehicle was not saved');
  // ...and by crm.put, with the same problems and the message the form shows.
  const refused = await page.evaluate(() => window.crm.put({ type: 'vehicle', customer_id: 'customer:r1', vin: 'LSVAM418', plate: '京C11111', usage: 'private' }));
  assert.equal(refused.ok, false);
  assert.deepEqual(refused.errors.map((e) => `${e.field}:${e.code}`).sort(), formIssues);
  const checked = await page.evaluate(() => window.crm.records.validate({ type: 'vehicle', vin: 'LSVAM418', plate: '京C11111' }));
  assert.equal(checked.ok, false);
  assert.deepEqual(checked.errors, refused.errors);

  // Descriptions for integrators: labels in the UI language, enum options translated.
  const types = await page.evaluate(() => window.crm.records.types());
  const usage = types.find((t) => t.type === 'vehicle').fields.find((f) => f.key === 'usage');
  assert.equal(usage.kind, 'enum');
  assert.deepEqual(usage.options.map((o) => o.label), ['私用', '公司']);

  // English.
  await click(page, 'lang.en');
  await nextFrames(page, 10);
  await shot(page, 'records-vehicle-form-en');
  await click(page, 'file.tab.timeline');
  await waitForItem(page, 'timeline.change.Region: 北京 → 上海');
  await waitForItem(page, 'timeline.change.Plate: 京A12345 → 京B54321');
  await shot(page, 'records-timeline-history-en');
  await click(page, 'file.tab.basic');
  await waitForItem(page, 'basic.save');
  await shot(page, 'records-basic-form-en');
  await click(page, 'lang.zh');
  await page.close();
});
