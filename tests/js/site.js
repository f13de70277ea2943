/* Pages of the HTML site in jsdom, as a learner visits them one after another.
 *
 * The site is served from its folder under http://course.test/ (a real origin, so quiz.js gets
 * the browser's localStorage; a file: URL has none); what one page stored is handed to the next
 * page before its scripts run, as a browser keeps a site's storage between pages.
 *
 *   node tests/js/site.js PLAN.json
 *
 * PLAN = {site: folder, visits: [{page, fresh: true (start with empty storage: another learner),
 *                                  init: script run before the page's own (a host's storage,
 *                                        a seeded Math.random),
 *                                  steps: [...learner steps, see scorm_session.js (an
 *                                          answer step with `optional: true` is skipped when
 *                                          its question was not drawn)
 *                                          | {sidebar: true} (the statuses now)
 *                                          | {focus: true} (where the keyboard focus is)
 *                                          | {js: expression} (its value, as JSON: a host's calls)
 *                                          | {wait: ms}]}]}
 * out = [{steps, progress: {quiz: [text, class]}, sidebar: [text per status], problems}]
 * Several plans in one process (a warm process opens a page several times faster than a new
 * one): {plans: {name: PLAN}} gives {name: out}.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { JSDOM, ResourceLoader, VirtualConsole } = require('jsdom');
const learner = require('./learner');

const ORIGIN = 'http://course.test/';
const MUTANT = process.env.__STRYKER_ACTIVE_MUTANT__; // see lms.js

class SiteLoader extends ResourceLoader {
  constructor(folder) { super(); this.folder = folder; }
  fetch(url) {
    const u = new URL(url);
    if (u.origin + '/' !== ORIGIN) return null; // nothing leaves the site
    let body = fs.readFileSync(path.join(this.folder, decodeURIComponent(u.pathname)));
    if (MUTANT && /\.js$/.test(u.pathname)) {
      body = Buffer.concat([Buffer.from(`(globalThis.__stryker__ = globalThis.__stryker__ || {}).activeMutant = ${JSON.stringify(MUTANT)};\n`), body]);
    }
    return Promise.resolve(body);
  }
}

function visit(folder, page, stored, init) {
  const problems = [];
  const vc = new VirtualConsole();
  vc.on('error', (...a) => problems.push('console.error: ' + a.join(' ')));
  vc.on('warn', (...a) => problems.push('console.warn: ' + a.join(' ')));
  vc.on('jsdomError', (e) => problems.push('jsdom: ' + (e.stack || e.message || e)));
  const html = fs.readFileSync(path.join(folder, page), 'utf8');
  const dom = new JSDOM(html, {
    url: ORIGIN + page, runScripts: 'dangerously', resources: new SiteLoader(folder), pretendToBeVisual: true,
    virtualConsole: vc,
    beforeParse(win) {
      for (const [k, v] of Object.entries(stored)) win.localStorage.setItem(k, v);
      if (init) win.eval(init);
    }
  });
  return new Promise((resolve, reject) => {
    const start = Date.now();
    (function poll() {
      const w = dom.window;
      if (w.document.readyState === 'complete' && w.CourseKit && typeof w.CourseKit.quizIds === 'function') return resolve({ dom, problems });
      if (Date.now() - start > 5000) return reject(new Error('timed out loading ' + page));
      setTimeout(poll, 5);
    })();
  });
}

// Whether question `qid` was drawn (an answer step marked `optional` is skipped when not).
function shown(win, quizId, qid) {
  return !!learner.quiz(win, quizId).querySelector(`li.ck-question[data-ck-qid='${qid}']`);
}

function sidebarOf(win) {
  return Array.from(win.document.querySelectorAll('[data-ck-side-status]')).map((el) => [el.textContent.trim(), el.className]);
}

// A line on stderr before each page and step: the driver (tests/support/jsdom_site.py) stops a
// run that makes no progress (a script in an endless loop blocks node's own timers).
function begin(...where) { process.stderr.write('@ ' + JSON.stringify(where) + '\n'); }

async function run(plan, name) {
  const out = [];
  let stored = {};
  for (const [k, v] of plan.visits.entries()) {
    begin(name, 'visit', k, v.page);
    const { dom, problems } = await visit(plan.site, v.page, v.fresh ? {} : stored, v.init);
    const win = dom.window;
    const steps = [];
    for (const s of v.steps || []) {
      begin(name, 'visit', k, 'step', steps.length);
      if (s.answer && s.optional && !shown(win, s.answer[0], s.answer[1])) steps.push(null);
      else if (s.answer) steps.push(learner.answer(win, ...s.answer) ?? null);
      else if (s.check) steps.push(learner.check(win, s.check, s.confirm !== false));
      else if (s.retry) steps.push(learner.retry(win, s.retry) ?? null);
      else if (s.look) steps.push(learner.look(win, s.look));
      else if (s.sidebar) steps.push(sidebarOf(win));
      else if (s.focus) steps.push(learner.focus(win));
      else if (s.js) steps.push(JSON.parse(JSON.stringify(win.eval(s.js)) ?? 'null'));
      else if (s.wait) { await new Promise((r) => setTimeout(r, s.wait)); steps.push(null); }
      else throw new Error('unknown step ' + JSON.stringify(s));
    }
    const progress = {};
    win.document.querySelectorAll('[data-ck-progress]').forEach((el) => {
      progress[el.getAttribute('data-ck-progress')] = [el.textContent.trim(), el.className];
    });
    const sidebar = sidebarOf(win);
    stored = {};
    let ls = null;
    try { ls = win.localStorage; } catch (e) { /* blocked by the visit's init: nothing to carry */ }
    for (let i = 0; ls && i < ls.length; i++) stored[ls.key(i)] = ls.getItem(ls.key(i));
    win.close();
    out.push({ steps, progress, sidebar, problems });
  }
  return out;
}

async function runAll(input) {
  if (!input.plans) return run(input, 'plan');
  const out = {};
  for (const name of Object.keys(input.plans)) out[name] = await run(input.plans[name], name);
  return out;
}

runAll(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))
  // exit only once stdout is flushed: a pipe takes large output in several writes
  .then((out) => process.stdout.write(JSON.stringify(out), () => process.exit(0)))
  .catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); process.exit(1); });
