// Interop: random revision histories fed to PouchDB's own merge code (pouchdb-merge) and to our
// core (the revtree_oracle tool); winner, conflicts and leaves must be identical for every case.
// Run: node --test tests/interop/   (CRM_NATIVE_BUILD = folder holding revtree_oracle)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { rng } from './mulberry32.mjs';

const require = createRequire(import.meta.url);
const { merge, winningRev, collectConflicts, collectLeaves, revExists } = require('pouchdb-merge');

const CASES = Number(process.env.CRM_INTEROP_CASES || 3000);
const SEED = Number(process.env.CRM_INTEROP_SEED || 0x5eed1234);
const buildDir = process.env.CRM_NATIVE_BUILD || '/work/main/build/native';
const oracle = [path.join(buildDir, 'revtree_oracle'), path.join(buildDir, 'tests', 'revtree_oracle')]
  .find((p) => existsSync(p));

// One random case: a "true" revision forest with globally unique hashes, then a sequence of edits
// that each reveal one node with a (possibly stemmed) slice of its ancestry.
function makeCase(rand, index) {
  const int = (n) => Math.floor(rand() * n);
  const used = new Set();
  const hash = () => {
    const alphabet = rand() < 0.5 ? '0123456789abcdef' : 'abcXYZ019_';
    for (;;) {
      let h = '';
      const len = 1 + int(rand() < 0.7 ? 3 : 8);
      for (let i = 0; i < len; i++) h += alphabet[int(alphabet.length)];
      if (!used.has(h)) {
        used.add(h);
        return h;
      }
    }
  };
  const nodes = []; // {pos, hash, parent (index|-1), deleted}
  const roots = 1 + (rand() < 0.15 ? 1 + int(2) : 0);
  for (let r = 0; r < roots; r++) {
    nodes.push({ pos: 1 + (rand() < 0.1 ? int(4) : 0), hash: hash(), parent: -1, deleted: false });
  }
  const size = 1 + int(rand() < 0.2 ? 40 : 12);
  for (let i = 0; i < size; i++) {
    // Mostly extend a recent node (long chains), sometimes branch from anywhere.
    const from = rand() < 0.7 ? nodes.length - 1 - int(Math.min(3, nodes.length)) : int(nodes.length);
    nodes.push({ pos: nodes[from].pos + 1, hash: hash(), parent: from, deleted: false });
  }
  for (const n of nodes) n.deleted = rand() < 0.25;
  const ancestry = (i) => {
    const ids = [];
    for (let k = i; k !== -1; k = nodes[k].parent) ids.push(nodes[k].hash);
    return ids;
  };
  const isLeaf = nodes.map((_, i) => !nodes.some((n) => n.parent === i));
  const leafIdx = nodes.map((_, i) => i).filter((i) => isLeaf[i]);
  const edits = [];
  const count = 1 + int(10);
  for (let e = 0; e < count; e++) {
    const i = rand() < 0.75 ? leafIdx[int(leafIdx.length)] : int(nodes.length);
    const n = nodes[i];
    const edit = { _rev: `${n.pos}-${n.hash}`, _deleted: n.deleted };
    const r = rand();
    if (r < 0.15) {
      // no _revisions: the single revision only
    } else {
      let ids = ancestry(i);
      if (r < 0.45) ids = ids.slice(0, 1 + int(ids.length)); // a stemmed (partial) history
      edit._revisions = { start: n.pos, ids };
    }
    edits.push(edit);
  }
  const revsLimit = rand() < 0.3 ? 1 + int(5) : 1000;
  return { id: `doc${index}`, edits, revsLimit };
}

// PouchDB's bulkDocs(new_edits:false) path building and merge, per edit, in order.
function pouchApply(c) {
  let tree = [];
  for (const edit of c.edits) {
    const opts = { status: 'available' };
    if (edit._deleted) opts.deleted = true;
    let pathTree;
    if (edit._revisions) {
      const ids = edit._revisions.ids;
      let node = [ids[0], opts, []];
      for (let i = 1; i < ids.length; i++) node = [ids[i], { status: 'missing' }, [node]];
      pathTree = { pos: edit._revisions.start - ids.length + 1, ids: node };
    } else {
      const dash = edit._rev.indexOf('-');
      pathTree = { pos: parseInt(edit._rev.slice(0, dash), 10), ids: [edit._rev.slice(dash + 1), opts, []] };
    }
    if (tree.length && revExists(tree, edit._rev)) continue; // PouchDB's updateDoc: known rev, no-op
    tree = merge(tree, pathTree, c.revsLimit).tree;
  }
  const metadata = { rev_tree: tree };
  const uniq = (xs) => [...new Set(xs)].sort();
  const leaves = new Map();
  for (const l of collectLeaves(tree)) leaves.set(l.rev, !!l.opts.deleted);
  return {
    winner: winningRev(metadata),
    conflicts: uniq(collectConflicts(metadata)),
    leaves: [...leaves.keys()].sort().map((rev) => ({ rev, deleted: leaves.get(rev) })),
  };
}

const leafKeys = (leaves) => (leaves || []).map((l) => `${l.rev}${l.deleted ? ' (deleted)' : ''}`).sort();

test('revision trees agree with PouchDB (pouchdb-merge) on winner, conflicts and leaves', () => {
  assert.ok(oracle, `revtree_oracle not found under ${buildDir} (set CRM_NATIVE_BUILD)`);
  const rand = rng(SEED);
  const cases = [];
  for (let i = 0; i < CASES; i++) cases.push(makeCase(rand, i));
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const run = spawnSync(oracle, [], { input, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  assert.equal(run.status, 0, `oracle failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, cases.length);

  const mismatches = [];
  let conflicted = 0;
  let stemmedSmall = 0;
  let deletedWinners = 0;
  cases.forEach((c, i) => {
    const ours = JSON.parse(lines[i]);
    const theirs = pouchApply(c);
    if (theirs.conflicts.length) conflicted++;
    if (c.revsLimit < 10) stemmedSmall++;
    if (theirs.leaves.find((l) => l.rev === theirs.winner)?.deleted) deletedWinners++;
    const same =
      !ours.errors &&
      ours.winner === theirs.winner &&
      JSON.stringify(ours.conflicts) === JSON.stringify(theirs.conflicts) &&
      JSON.stringify(leafKeys(ours.leaves)) === JSON.stringify(leafKeys(theirs.leaves));
    if (!same) mismatches.push({ case: c, ours, theirs });
  });
  if (mismatches.length) {
    console.error(`${mismatches.length} mismatches; first:`, JSON.stringify(mismatches[0], null, 1));
  }
  // The generator must actually exercise the interesting shapes.
  assert.ok(conflicted > CASES / 20, `only ${conflicted} cases with conflicts`);
  assert.ok(stemmedSmall > CASES / 10, `only ${stemmedSmall} cases with a small revsLimit`);
  assert.ok(deletedWinners > 0, 'no case with a deleted winner');
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${CASES} cases differ from PouchDB`);
  console.log(`interop: ${CASES} cases agree (${conflicted} with conflicts, ${stemmedSmall} with revsLimit < 10)`);
});
