// Issue 5 end to end: a customer with a vehicle and service history created through the UI, the computed
// classification and reminders, a follow-up recorded from the agenda that resolves its reminder and shows in
// the timeline, filters and saved views; screenshots of the file, the filtered list and the agenda in
// zh-CN and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, click, typeInto, waitForItem, nextFrames, screenshot, uiItems } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// The dealership's calendar day (China Standard Time), as the app computes it.
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

async function query(page, selector) {
  return page.evaluate((s) => window.crm.query({ selector: s }), selector);
}

async function clearField(page, name) {
  await click(page, name);
  // Keys count once the app has focused its text input (as in typeInto).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 20000 });
  await nextFrames(page, 2);
  // Select all and delete, twice, a key a frame: ImGui 1.86 sees key state per frame, so presses within one
  // (slow) frame would merge and some would be lost.
  for (let round = 0; round < 2; ++round) {
    await page.keyboard.press('Control+A');
    await nextFrames(page, 2);
    await page.keyboard.press('Backspace');
    await nextFrames(page, 2);
  }
  await nextFrames(page, 2);
}

async function absent(page, name) {
  await nextFrames(page, 3);
  const items = await uiItems(page);
  return !items[name];
}

async function shot(page, name) {
  const file = await screenshot(page, name);
  assert.ok(fs.statSync(file).size > 10000, `${name} screenshot has content`);
}

test('customer file: vehicle and service through the UI, class and reminders, follow-up from the agenda, timeline', async () => {
  const page = await app.newPage();

  // A new customer through the form, then the file opens from the list.
  await click(page, 'customers.new');
  await typeInto(page, 'form.name', '陈静');
  await typeInto(page, 'form.phone', '139 1234 5678');
  await typeInto(page, 'form.region', '广州');
  await click(page, 'form.save');
  await click(page, 'customers.row.陈静');
  await waitForItem(page, 'file.title');
  await waitForItem(page, 'file.class.C');           // no visits yet
  await waitForItem(page, 'file.lifecycle.potential');

  // Basic info: mark important, add a hobby; the edit is attributed.
  await click(page, 'basic.important');
  await typeInto(page, 'basic.hobbies', '钓鱼');
  await click(page, 'basic.save');
  await waitForItem(page, 'file.important');
  const [customer] = await query(page, { type: 'customer', name: '陈静' });
  assert.equal(customer.important, true);
  assert.equal(customer.hobbies, '钓鱼');
  assert.equal(customer.history.length, 1);
  assert.deepEqual(customer.history[0].fields, ['hobbies', 'important']);
  assert.ok(customer.history[0].by.length > 0, 'the edit records who made it');

  // Vehicles: a wrong VIN is refused with a message, nothing is saved.
  await click(page, 'file.tab.vehicles');
  await typeInto(page, 'vehicle.vin', 'LSVAM418');
  await typeInto(page, 'vehicle.plate', '粤B12345');
  await click(page, 'vehicle.save');
  await shot(page, 'file-vehicle-error-zh');
  assert.equal((await query(page, { type: 'vehicle' })).length, 0, 'invalid VIN: no vehicle saved');
  await clearField(page, 'vehicle.vin');
  await typeInto(page, 'vehicle.vin', 'LSVAM4187C2184187');
  await typeInto(page, 'vehicle.make', '大众');
  await typeInto(page, 'vehicle.model', '朗逸');
  await typeInto(page, 'vehicle.purchase_date', '2025-06-01');
  await typeInto(page, 'vehicle.in_service_date', '2025-06-01');
  await typeInto(page, 'vehicle.warranty_end', '2028-06-01');
  await typeInto(page, 'vehicle.warranty_km', '100000');
  await typeInto(page, 'vehicle.odometer', '15000');
  await click(page, 'vehicle.save');
  await waitForItem(page, 'vehicle.row.粤B12345').catch(async (e) => { await shot(page, 'file-vehicle-failed'); throw e; });
  const [vehicle] = await query(page, { type: 'vehicle' });
  assert.equal(vehicle.customer_id, customer._id);
  assert.equal(vehicle.vin, 'LSVAM4187C2184187');
  assert.equal(vehicle.plate, '粤B12345');
  assert.equal(vehicle.warranty_km, 100000);
  assert.equal(vehicle.odometer.length, 1);
  await waitForItem(page, 'file.warranty.in');       // computed: in warranty by date and mileage

  // Service history: a repair order paid by the customer.
  await click(page, 'file.tab.service');
  await typeInto(page, 'service.odometer_in', '15000');
  await typeInto(page, 'service.advisor', '李顾问');
  await typeInto(page, 'service.items', '首保 更换机油机滤');
  await typeInto(page, 'service.parts_amount', '480');
  await typeInto(page, 'service.labour_amount', '120');
  await click(page, 'service.save');
  await nextFrames(page, 3);
  const [order] = await query(page, { type: 'service_record' });
  assert.equal(order.customer_id, customer._id);
  assert.equal(order.vehicle_id, vehicle._id);
  assert.equal(order.date_in, today());
  assert.equal(order.parts_amount, 480);
  assert.equal(order.pay_type, 'customer');
  // One customer with spend is in the top 20%: class A; a vehicle makes the customer "closed".
  await waitForItem(page, 'file.class.A');
  await waitForItem(page, 'file.lifecycle.closed');
  await click(page, 'file.tab.basic');
  await waitForItem(page, 'basic.save');
  await shot(page, 'customer-file-zh');

  // The agenda: never followed up, so the revisit is due today.
  await click(page, 'nav.followups');
  await waitForItem(page, 'agenda.row.陈静.revisit');
  await shot(page, 'agenda-zh');
  await click(page, 'agenda.row.陈静.revisit');
  await waitForItem(page, 'fu.content');             // the file opens on the follow-up form
  await click(page, 'fu.channel.wechat');
  await typeInto(page, 'fu.content', '，已约下周保养');
  await click(page, 'fu.outcome.booked');
  await click(page, 'fu.save');
  await nextFrames(page, 3);
  const [followup] = await query(page, { type: 'followup' });
  assert.equal(followup.customer_id, customer._id);
  assert.equal(followup.channel, 'wechat');
  assert.equal(followup.outcome, 'booked');
  assert.equal(followup.date, today());
  assert.equal(followup.resolves, `revisit||${today()}`);
  assert.match(followup.content, /已约下周保养$/);

  // Resolved: gone from the agenda.
  await click(page, 'file.back');
  await waitForItem(page, 'agenda.summary');
  assert.ok(await absent(page, 'agenda.row.陈静.revisit'), 'the resolved reminder left the agenda');

  // The timeline shows the follow-up first, then the repair order, vehicle, edit and creation.
  await click(page, 'nav.customers');
  await click(page, 'customers.row.陈静');
  await click(page, 'file.tab.timeline');
  await waitForItem(page, 'timeline.0.followup');
  const items = Object.keys(await uiItems(page)).filter((k) => k.startsWith('timeline.'));
  for (const type of ['service_record', 'vehicle', 'customer_edited', 'customer_created']) {
    assert.ok(items.some((k) => k.endsWith(`.${type}`)), `timeline has ${type}: ${items.join(', ')}`);
  }
  await shot(page, 'timeline-zh');

  // English.
  await click(page, 'lang.en');
  await nextFrames(page, 3);
  await shot(page, 'timeline-en');
  await nextFrames(page, 10);  // the font atlas may be rebuilt for the new language's text
  await click(page, 'file.tab.basic');
  await waitForItem(page, 'basic.save');
  await shot(page, 'customer-file-en');
  await click(page, 'file.tab.vehicles');
  await waitForItem(page, 'vehicle.save');
  await shot(page, 'file-vehicles-en');
  await click(page, 'lang.zh');
  await page.close();
});

test('list filters combine with classification, saved views are documents; agenda and list screenshots', async () => {
  const page = await app.newPage();
  const day = today();
  const back = (n) => new Date(Date.parse(day) - n * 86400000).toISOString().slice(0, 10);
  const docs = [];
  const names = ['王芳', '李娜', '张敏', '刘洋', '赵磊', '孙丽', '周杰', '吴静', '郑浩', '冯雪'];
  names.forEach((name, i) => {
    const id = `customer:f${i}`;
    docs.push({ _id: id, type: 'customer', name, phones: [`1390000000${i}`], region: i % 2 ? '深圳' : '广州',
      important: i === 1, lifecycle: i === 9 ? 'intent' : undefined, owner: '李顾问' });
    if (i < 8) {
      docs.push({ _id: `vehicle:f${i}`, type: 'vehicle', customer_id: id, plate: `粤B1000${i}`, in_service_date: back(400),
        warranty_end: back(-300 + i * 100), warranty_km: 60000 });
      for (let v = 0; v <= i; ++v) {
        docs.push({ type: 'service_record', customer_id: id, vehicle_id: `vehicle:f${i}`, date_in: back(20 + v * 40),
          odometer_in: 8000 + v * 2000, parts_amount: 300 * (i + 1), labour_amount: 100, pay_type: 'customer' });
      }
    }
    if (i % 3 === 0) docs.push({ type: 'followup', customer_id: id, date: back(10 * i + 5), channel: 'phone', content: '回访' });
  });
  docs.forEach((d) => { if (d.lifecycle === undefined) delete d.lifecycle; });
  const put = await page.evaluate((d) => window.crm.bulk(d), docs);
  assert.ok(put.every((r) => r.ok));
  await nextFrames(page, 3);
  await waitForItem(page, 'customers.class.吴静.A');   // 8 visits >= 6
  await waitForItem(page, 'customers.class.冯雪.C');

  // Value class A, then A and important: combinable.
  await click(page, 'filter.class');
  await click(page, 'filter.class.A');
  await nextFrames(page, 2);
  assert.ok(await absent(page, 'customers.row.冯雪'), 'C customer filtered out');
  await waitForItem(page, 'customers.row.吴静');
  await shot(page, 'list-filtered-zh');
  await click(page, 'filter.important');
  await nextFrames(page, 2);
  assert.ok(await absent(page, 'customers.row.吴静'), 'not important: filtered out');
  await click(page, 'filter.important');

  // Save the view; it is a document of type "view".
  await click(page, 'views.save');
  await typeInto(page, 'views.name', 'A类客户');
  await click(page, 'views.confirm');
  await nextFrames(page, 2);
  const views = await query(page, { type: 'view' });
  assert.equal(views.length, 1);
  assert.equal(views[0].name, 'A类客户');
  assert.equal(views[0].filter.value_class, 'A');
  // Clear the filters, then apply the saved view again.
  await click(page, 'filter.clear');
  await waitForItem(page, 'customers.row.冯雪');
  await click(page, 'views.combo');
  await click(page, 'views.item.A类客户');
  await waitForItem(page, 'filter.clear');           // a filter is active again
  assert.ok(await absent(page, 'customers.row.冯雪'), 'the saved view filters again');

  await click(page, 'lang.en');
  await nextFrames(page, 3);
  await shot(page, 'list-filtered-en');
  await click(page, 'nav.followups');
  await waitForItem(page, 'agenda.summary');
  await shot(page, 'agenda-en');
  await click(page, 'nav.settings');
  await waitForItem(page, 'settings.save_rules');
  await shot(page, 'rule-settings-en');
  await click(page, 'lang.zh');
  await nextFrames(page, 3);
  await shot(page, 'rule-settings-zh');
  await page.close();
});

test('rule settings are a synced document and change the classification', async () => {
  const page = await app.newPage();
  await page.evaluate(() => window.crm.bulk([
    { _id: 'customer:s1', type: 'customer', name: '钱进' },
    { _id: 'customer:s2', type: 'customer', name: '孔明' },
    { type: 'service_record', customer_id: 'customer:s1', date_in: new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10), parts_amount: 100 },
    { type: 'service_record', customer_id: 'customer:s1', date_in: new Date(Date.now() - 60 * 86400000).toISOString().slice(0, 10), parts_amount: 100 },
  ]));
  await nextFrames(page, 3);
  await click(page, 'filter.clear').catch(() => {});
  await waitForItem(page, 'customers.class.钱进.A');    // top 20% by spend
  await click(page, 'nav.settings');
  // A: top 0% by spend, so only visits count (2 < 6): 钱进 becomes B (2 visits: not >= 3, but top 50%).
  await clearField(page, 'settings.a_share');
  await typeInto(page, 'settings.a_share', '0');
  await page.keyboard.press('Enter');
  await click(page, 'settings.save_rules');
  await nextFrames(page, 3);
  const settings = await page.evaluate(() => window.crm.get('settings:classification'));
  assert.equal(settings.class_a_top_share, 0);
  await click(page, 'nav.customers');
  await waitForItem(page, 'customers.class.钱进.B');
  await page.close();
});

test('quick follow-up from the list, region filter, purchases and attachments in the file, delete', async () => {
  const page = await app.newPage();
  const put = await page.evaluate(() => window.crm.bulk([
    { _id: 'customer:q1', type: 'customer', name: '孙悦', phones: ['13700000001'], region: '杭州' },
    { _id: 'customer:q2', type: 'customer', name: '钱程', phones: ['13700000002'], region: '苏州' },
    { _id: 'vehicle:q1', type: 'vehicle', customer_id: 'customer:q1', plate: '浙A12345', vin: 'LSVAM4187C2184187' },
  ]));
  assert.ok(put.every((r) => r.ok));
  await nextFrames(page, 3);
  await click(page, 'filter.clear').catch(() => {});

  // The region filter lists the regions in the data; choosing one hides the others.
  await click(page, 'filter.region');
  await click(page, 'filter.region.杭州');
  await waitForItem(page, 'customers.row.孙悦');
  assert.ok(await absent(page, 'customers.row.钱程'), 'another region is filtered out');
  await shot(page, 'list-region-zh');

  // Quick follow-up from the row, without opening the file.
  await click(page, 'customers.followup.孙悦');
  await waitForItem(page, 'quickfu.save');
  await typeInto(page, 'fu.content', '电话回访，周六到店保养');
  await click(page, 'fu.outcome.booked');
  await shot(page, 'list-quick-followup-zh');
  await click(page, 'quickfu.save');
  await nextFrames(page, 3);
  const [quick] = await query(page, { type: 'followup', customer_id: 'customer:q1' });
  assert.equal(quick.content, '电话回访，周六到店保养');
  assert.equal(quick.channel, 'phone');
  assert.equal(quick.outcome, 'booked');
  assert.equal(quick.date, today());
  assert.ok(await absent(page, 'quickfu.save'), 'the popup closed');
  await click(page, 'filter.clear');

  // Purchases tab: a car bought, tied to the vehicle.
  await click(page, 'customers.row.孙悦');
  await click(page, 'file.tab.purchases');
  await typeInto(page, 'purchase.item', '大众 朗逸');
  await typeInto(page, 'purchase.amount', '128,800');
  await typeInto(page, 'purchase.salesperson', '王销售');
  await click(page, 'purchase.save');
  await waitForItem(page, 'purchase.row.大众 朗逸');
  const [purchase] = await query(page, { type: 'purchase' });
  assert.equal(purchase.customer_id, 'customer:q1');
  assert.equal(purchase.amount, 128800);
  assert.equal(purchase.salesperson, '王销售');
  assert.equal(purchase.date, today());
  await shot(page, 'file-purchases-zh');

  // Attachments: a file through the page's file input becomes an attachment of the customer; then removed.
  await click(page, 'file.tab.attachments');
  const chooser = page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null);
  await click(page, 'attach.add');
  const file = { name: '行驶证.txt', mimeType: 'text/plain', buffer: Buffer.from('浙A12345 行驶证 副本') };
  const fc = await chooser;
  if (fc) await fc.setFiles(file);
  else await page.setInputFiles('#crm-file-input', file);
  await waitForItem(page, 'attach.row.行驶证.txt');
  await page.evaluate(() => window.crm.whenSaved());
  let doc = await page.evaluate(() => window.crm.get('customer:q1'));
  assert.equal(doc._attachments['行驶证.txt'].content_type, 'text/plain');
  assert.equal(doc._attachments['行驶证.txt'].length, file.buffer.length);
  assert.deepEqual(doc.history.at(-1).fields, ['attachments']);
  await shot(page, 'file-attachments-zh');
  await click(page, 'attach.remove.行驶证.txt');
  await click(page, 'attach.confirm_remove.行驶证.txt');
  await nextFrames(page, 3);
  doc = await page.evaluate(() => window.crm.get('customer:q1'));
  assert.equal(doc._attachments, undefined, 'the attachment is gone');

  // English views of the new tabs.
  await click(page, 'lang.en');
  await nextFrames(page, 10);
  await click(page, 'file.tab.purchases');
  await waitForItem(page, 'purchase.save');
  await shot(page, 'file-purchases-en');
  await click(page, 'lang.zh');

  // Delete the customer from the file (with confirmation).
  await click(page, 'file.delete');
  await click(page, 'confirm.delete');
  await page.evaluate(() => window.crm.whenSaved());
  assert.equal(await page.evaluate(() => window.crm.get('customer:q1')), null);
  await waitForItem(page, 'customers.new');
  await page.close();
});
