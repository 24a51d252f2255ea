// A document nested deeper than any record (the automation API here; sync answers take the same parser,
// core/store/json_text.h) is refused with a message, and the page goes on working: before the limit, one
// nested 100,000 deep ran the wasm stack out and every later call failed. A large argument does not go
// through the stack at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './support.mjs';

test('a 100,000-deep document is refused as bad_request; 500 deep and 1.2 MB arguments are stored, in a bulk a too-deep one alone is refused; the page keeps working', { timeout: 120000 }, async () => {
  const app = await startApp();
  try {
    const page = await app.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.evaluate(() => window.crm.ready);
    // `depth` objects inside the document: it nests depth + 1 levels.
    const call = (method, depths) => page.evaluate(([method, depths]) => {
      const doc = (depth) => '{"_id":"note:deep' + depth + '","type":"note","deep":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}';
      const text = method === 'bulk' ? '[' + depths.map(doc).join(',') + ']' : doc(depths[0]);
      // As boot.js passes an argument (window.crm.put would first meet JSON.stringify's own depth limit).
      const size = Module.lengthBytesUTF8(text) + 1, ptr = Module._malloc(size);
      Module.stringToUTF8(text, ptr, size);
      try { return JSON.parse(Module.ccall('crm_api', 'string', ['string', 'number'], [method, ptr])); } finally { Module._free(ptr); }
    }, [method, depths]);
    const put = (depth) => call('put', [depth]);
    const deep = await put(100000);
    assert.equal(deep.error?.code, 'bad_request');
    assert.match(deep.error.message, /512/);
    const fine = await put(500);
    assert.equal(fine.result?.ok, true, JSON.stringify(fine));
    const depthBack = await page.evaluate(async () => {  // counted in the page: too deep to hand to the test
      let depth = 0;
      for (let x = (await window.crm.get('note:deep500')).deep; x && typeof x === 'object'; x = x.a) ++depth;
      return depth;
    });
    assert.equal(depthBack, 500);
    // The deepest document put takes (512 levels) is taken in a bulk too; one deeper is refused alone.
    const bulk = await call('bulk', [511, 512, 3]);
    assert.deepEqual(bulk.result?.map((r) => r.ok), [true, false, true], JSON.stringify(bulk));
    assert.equal(bulk.result[1].id, 'note:deep512');
    assert.match(bulk.result[1].reason, /512/);
    // A large argument goes through malloc'd memory, not the 1 MB stack (boot.js withHeapString).
    const big = await page.evaluate(() => window.crm.put({ _id: 'note:big', type: 'note', text: '长'.repeat(400000) }));
    assert.ok(big.ok, JSON.stringify(big));
    assert.equal(await page.evaluate(() => window.crm.get('note:big').then((d) => d.text.length)), 400000);
    const r = await page.evaluate(() => window.crm.put({ _id: 'customer:after-deep', type: 'customer', name: '之后的客户', phones: ['13900003333'] }));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(errors, []);
  } finally {
    await app.close();
  }
});
