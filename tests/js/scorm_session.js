/* Run plans of SCORM launches in jsdom and print, as JSON, what the learner saw and what the
 * LMS (scorm-again) stored. Used by tests/test_scorm_jsdom.py:
 *
 *   node tests/js/scorm_session.js PLANS.json
 *   node tests/js/scorm_session.js --serve      (PLANS per line on stdin, out per line on stdout,
 *                                               after a line '# <plan> <launch index>' per launch)
 *
 * PLANS = {name: PLAN}, run one after another in this one process (a warm process launches a
 * package several times faster than a new one); the output is {name: out}.
 * PLAN = {pkg: folder of the unpacked package, version: '1.2' | '2004', launches: [launch]}
 * launch = {initial: null | 'previous' | {cmi}, patch: {cmi, merged into initial},
 *           page: the SCO's launch page (default scorm.html),
 *           lms: true (false: the launch page opened with no LMS around it),
 *           quirks: {} (how the LMS departs from scorm-again, see record_api.js),
 *           crash: false (true: the browser dies while the first course page loads, no steps;
 *                  cmi is what the LMS committed, null if nothing),
 *           served: false (true, with lms false: the launch page served from a web server,
 *                   the browser's storage kept from the plan's earlier served launches),
 *           clock: null (ms since 1970: every page of the launch reads this time, which stands
 *                  still but for {later: ms} steps),
 *           random: null (a number in [0, 1): Math.random's every answer in the package's pages),
 *           where: {frames: 1, popup: false} (where the LMS puts the launch page: that many frames
 *                  below the window holding the API, or with popup in a new window that window
 *                  opened, itself the launch page with frames 0; see lms.js launch),
 *           steps: [{goto: page} | {answer: [quiz, qid, kind, response]} |
 *                   {check: quiz, confirm: bool} | {retry: quiz} | {look: quiz} |
 *                   {follow: link selector} | {sidebar: true} | {text: selector}: the element's text |
 *                   {later: ms}: the clock moves on |
 *                   {stay: true}: a beforeunload at the launch page that no unload follows (the
 *                   learner cancelled leaving, or the navigation turned into a download)]}
 * out = [{steps: [what each step returned], cmi, calls, problems, frame, notice: shown or not}]
 *       (a served launch: {steps, frame, notice, connected, stored: the origin's localStorage, problems})
 */
'use strict';

const fs = require('fs');
const { launch, openAlone, openServed } = require('./lms');
const learner = require('./learner');

function merge(base, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = Object.assign({}, base && typeof base === 'object' ? base : {});
  for (const k of Object.keys(patch)) out[k] = merge(out[k], patch[k]);
  return out;
}

async function step(session, page, s) {
  if (s.goto !== undefined) return { page: await session.goto(s.goto) };
  if (s.stay) { // the browser asked whether the SCO's window may be left, and it stays
    const sco = session.sco();
    sco.dispatchEvent(new sco.Event('beforeunload', { cancelable: true }));
    return null;
  }
  if (s.later !== undefined) { session.later(s.later); return null; }
  const win = page.current;
  if (s.answer) return learner.answer(win, ...s.answer);
  if (s.check) return learner.check(win, s.check, s.confirm !== false);
  if (s.look) return learner.look(win, s.look);
  if (s.retry) return learner.retry(win, s.retry);
  if (s.follow) return learner.follow(win, s.follow);
  if (s.sidebar) return learner.sidebar(win);
  if (s.text) return learner.text(win, s.text);
  throw new Error('unknown step ' + JSON.stringify(s));
}

// Each step in turn, on the page the last goto showed; what each returned.
async function steps(session, list) {
  const page = { current: session.page() };
  const results = [];
  for (const s of list || []) {
    const r = await step(session, page, s);
    if (r && r.page) { page.current = r.page; results.push(null); } else results.push(r === undefined ? null : r);
  }
  return results;
}

// --serve: '# <plan> <launch index>' on stdout as each launch starts, so that pytest can give each
// launch a deadline (tests/support/jsdom_lms.py): a page whose script never returns blocks this
// process, and no timeout in it can fire.
let progress = () => {};

async function run(name, plan) {
  const out = [];
  let previous = null;
  let stored = {};
  for (const [i, l] of plan.launches.entries()) {
    progress(name, i);
    if (l.lms === false && l.served) {
      const session = await openServed(plan.pkg, stored, l.page || 'scorm.html');
      const frame = session.frameSrc();
      const results = await steps(session, l.steps);
      const end = session.close();
      stored = end.stored;
      out.push(Object.assign({ steps: results, frame }, end));
      continue;
    }
    if (l.lms === false) {
      out.push(await openAlone(plan.pkg, l.page));
      continue;
    }
    let initial = l.initial === 'previous' ? previous : l.initial || null;
    if (l.patch) initial = merge(initial, l.patch);
    const session = await launch(plan.pkg, plan.version, initial, l.page || 'scorm.html', l.quirks || {}, !!l.crash, l.clock, l.where || {}, l.random == null ? null : l.random);
    const frame = session.frameSrc();
    if (l.crash) {
      const end = session.crash();
      previous = end.cmi;
      out.push(Object.assign({ frame }, end));
      continue;
    }
    const results = await steps(session, l.steps);
    const end = session.close();
    previous = end.cmi;
    out.push(Object.assign({ steps: results, frame }, end));
  }
  return out;
}

async function runAll(plans) {
  const out = {};
  for (const name of Object.keys(plans)) out[name] = await run(name, plans[name]);
  return out;
}

function fail(e) { process.stderr.write(String(e.stack || e) + '\n'); process.exit(1); }

if (process.argv[2] === '--serve') {
  // One PLANS object per line on stdin, its output as one line on stdout, in order: a test
  // module keeps one warm process and runs each test's plans when the test needs them.
  progress = (name, i) => process.stdout.write('# ' + name + ' ' + i + '\n'); // a pipe: written at once
  let buffer = '';
  let queue = Promise.resolve();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      queue = queue.then(() => runAll(JSON.parse(line)))
        .then((out) => new Promise((resolve) => process.stdout.write(JSON.stringify(out) + '\n', resolve)))
        .catch(fail);
    }
  });
  process.stdin.on('end', () => queue.then(() => process.exit(0)));
} else {
  runAll(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))
    // exit only once stdout is flushed: a pipe takes large output in several writes
    .then((out) => process.stdout.write(JSON.stringify(out), () => process.exit(0)))
    .catch(fail);
}
