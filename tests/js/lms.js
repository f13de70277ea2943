/* A SCORM package launched in jsdom by a stand-in LMS whose run-time is scorm-again.
 *
 * The same arrangement as tests/support/scorm_lms.py, without a browser: the LMS window loads
 * scorm-again's browser build and sets window.API (1.2) or window.API_1484_11 (2004); the
 * package's launch page runs in a frame of it and shows the course pages in its own frame, so
 * a learner at a course page goes through quiz.js -> scorm-bridge.js -> scorm-runtime.js ->
 * scorm-again. A session ends as an LMS ends it: the SCO's window is going away ('pagehide').
 * What the LMS stores is read from scorm-again's own cmi object.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { JSDOM, ResourceLoader, VirtualConsole } = require('jsdom');

const ROOT = path.resolve(__dirname, '..', '..');
// scorm-again's browser builds, one per version (the minified ones: a launch parses one afresh)
const SCORM_AGAIN = {
  '1.2': fs.readFileSync(path.join(ROOT, 'node_modules', 'scorm-again', 'dist', 'scorm12.min.js'), 'utf8'),
  '2004': fs.readFileSync(path.join(ROOT, 'node_modules', 'scorm-again', 'dist', 'scorm2004.min.js'), 'utf8')
};

// scripts/mutation.sh: Stryker picks the live mutant through this variable, which a page's
// scripts cannot read (their global object is the jsdom window): every script of every page
// gets it set first, as tests/support/stryker.py does for Chromium.
const MUTANT = process.env.__STRYKER_ACTIVE_MUTANT__;

// A launch's clock (launch option `clock`): every page of the package reads the time from the
// LMS window's CK_CLOCK.at, which stands still unless a step moves it on (Session.later).
const CLOCK = `(function (w) {
  var c = w.top && w.top.CK_CLOCK, R = w.Date;
  if (!c || R.ckClock) return;
  function D() {
    if (!new.target) return String(new R(c.at));
    return arguments.length ? new (Function.prototype.bind.apply(R, [null].concat([].slice.call(arguments))))() : new R(c.at);
  }
  D.now = function () { return c.at; };
  D.parse = R.parse; D.UTC = R.UTC; D.prototype = R.prototype; D.ckClock = true;
  w.Date = D;
})(window);
`;

// A launch's chance (launch option `random`, a number in [0, 1)): Math.random answers it in
// every page of the package, so what a page draws (questions, variants, orders) is known. (A page
// that shuffles until the order changes, as an ordering question, then never ends.)
const RANDOM = (x) => `Math.random = function () { return ${JSON.stringify(x)}; };\n`;

class PackageLoader extends ResourceLoader {
  // hold: a launch page's URL; every other page then never arrives (the first course page is
  // still loading when the browser dies, see Session.crash); clock: the launch has a clock;
  // random: what Math.random answers (null: the page's own)
  constructor(hold = null, clock = false, random = null) { super(); this.hold = hold; this.clock = clock; this.random = random; }

  fetch(url, options) {
    if (this.hold && url !== this.hold && /\.html?$/.test(new URL(url).pathname)) {
      const never = new Promise(() => {});
      never.abort = () => {};
      return never;
    }
    const loading = super.fetch(url, options);
    if (!(MUTANT || this.clock || this.random != null) || !/\.js$/.test(new URL(url).pathname)) return loading;
    const prelude = (MUTANT ? `(globalThis.__stryker__ = globalThis.__stryker__ || {}).activeMutant = ${JSON.stringify(MUTANT)};\n` : '')
      + (this.clock ? CLOCK : '') + (this.random != null ? RANDOM(this.random) : '');
    const out = loading.then((body) => Buffer.concat([Buffer.from(prelude), body]));
    out.abort = () => loading.abort();
    return out;
  }
}

// Every problem a page reports (uncaught exceptions, console errors, jsdom's own) fails the test.
function watchedConsole(problems) {
  const vc = new VirtualConsole();
  vc.on('error', (...a) => problems.push('console.error: ' + a.join(' ')));
  vc.on('warn', (...a) => problems.push('console.warn: ' + a.join(' ')));
  vc.on('jsdomError', (e) => problems.push('jsdom: ' + (e.stack || e.message || e)));
  return vc;
}

const LMS_SCRIPT = fs.readFileSync(path.join(__dirname, 'record_api.js'), 'utf8');

// A wait that gave up says what the pages reported meanwhile (a script error is the usual cause).
function withProblems(e, problems) {
  if (problems.length) e.message += '; the pages reported: ' + problems.join(' | ');
  return e;
}

function until(test, what, timeout = 5000) {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    (function poll() {
      let value;
      try { value = test(); } catch (e) { value = undefined; }
      if (value) return resolve(value);
      if (Date.now() - start > timeout) return reject(new Error('timed out waiting for ' + what));
      setTimeout(poll, 5);
    })();
  });
}

// The launch page `depth` frames below `win` (the frames between are empty pages of the LMS);
// a function giving its window.
function nest(win, depth, url) {
  let doc = win.document;
  for (let i = 1; i < depth; i++) {
    const between = doc.createElement('iframe');
    doc.body.appendChild(between);
    doc = between.contentDocument;
  }
  const frame = doc.createElement('iframe');
  frame.id = 'sco';
  frame.src = url;
  doc.body.appendChild(frame);
  return () => frame.contentWindow;
}

/* One launch of the package in folder `pkg` (SCORM `version` '1.2' or '2004'), the LMS holding
 * `initial` (a previous session's cmi) if given; `page` is the SCO's launch page; `quirks`: how
 * this LMS departs from scorm-again (tests/js/record_api.js). `crash`: the course's first page
 * never arrives; the session is ready once the launch page has started it (then Session.crash).
 * `random`: what Math.random answers in the package's pages (null: their own).
 * `where`: where the LMS puts the launch page, {frames: n (default 1: a frame of the window that
 * holds the API; 0 only with popup), popup: false (true: in a new window the LMS's window opened,
 * itself the launch page with frames 0, else holding it n frames down), opened: false (true: the
 * LMS's window was itself opened by another page of the LMS, which holds no API: Moodle's player
 * in a new window)}. */
async function launch(pkg, version, initial = null, page = 'scorm.html', quirks = {}, crash = false, clock = null, where = {}, random = null) {
  const problems = [];
  const lmsUrl = pathToFileURL(path.join(pkg, '..', 'lms.html')).href;
  const launchUrl = pathToFileURL(path.join(pkg, page)).href;
  const depth = where.frames == null ? 1 : where.frames;
  if (depth < (where.popup ? 0 : 1)) throw new Error('no place for the launch page: ' + JSON.stringify(where));
  const html = '<!DOCTYPE html><html><head><title>LMS</title>'
    + '<script>' + SCORM_AGAIN[version].replace(/<\/script/gi, '<\\/script') + '</script>'
    + '<script>var V12 = ' + JSON.stringify(version === '1.2') + ', INITIAL = ' + JSON.stringify(initial)
    + ', LMS_QUIRKS = ' + JSON.stringify(quirks) + ', CK_CLOCK = ' + JSON.stringify(clock == null ? null : { at: clock }) + ';'
    + LMS_SCRIPT + '</script></head><body></body></html>';
  const options = () => ({
    runScripts: 'dangerously', resources: new PackageLoader(crash ? launchUrl : null, clock != null, random),
    pretendToBeVisual: true, virtualConsole: watchedConsole(problems)
  });
  const course = where.opened ? new JSDOM('<!DOCTYPE html><html><head><title>LMS course page</title></head><body></body></html>',
    { url: pathToFileURL(path.join(pkg, '..', 'course.html')).href }) : null;
  const dom = new JSDOM(html, { url: lmsUrl, ...options(), beforeParse: course ? (win) => { win.opener = course.window; } : undefined });
  const lms = dom.window;
  const doms = course ? [dom, course] : [dom];
  let sco;
  if (!where.popup) {
    sco = nest(lms, depth, launchUrl);
  } else {
    // The LMS's window opened the SCO's: that window's opener; the clock is the LMS's.
    const opened = (win) => { win.opener = lms; win.CK_CLOCK = lms.CK_CLOCK; };
    const popup = depth === 0
      ? new JSDOM(fs.readFileSync(path.join(pkg, page), 'utf8'), { url: launchUrl, ...options(), beforeParse: opened })
      : new JSDOM('<!DOCTYPE html><html><head><title>SCO window</title></head><body></body></html>',
        { url: pathToFileURL(path.join(pkg, '..', 'sco-window.html')).href, ...options(), beforeParse: opened });
    doms.push(popup);
    sco = depth === 0 ? () => popup.window : nest(popup.window, depth, launchUrl);
  }
  // The launch page points its frame at the start (or resume) page once it has connected.
  await until(() => {
    const w = sco();
    const f = w && w.document.getElementById('ck-scorm-frame');
    const src = f && f.getAttribute('src');
    if (crash) return w.CourseKitScormHost && src;
    return w.CourseKitScormHost && src && f.contentWindow && f.contentWindow.location.pathname.endsWith('/' + src.split('#')[0])
      && f.contentDocument.readyState === 'complete' && f.contentWindow.CourseKit;
  }, 'the launch page').catch((e) => { throw withProblems(e, problems); });
  return new Session(dom, sco, problems, version, doms);
}

class Session {
  constructor(dom, sco, problems, version, doms = [dom]) {
    this.dom = dom;
    this.doms = doms; // the LMS's window, and the one it opened for the SCO (a popup)
    this.lms = dom.window;
    this.sco = sco;
    this.problems = problems;
    this.version = version;
  }

  get host() { return this.sco().CourseKitScormHost; }

  // The page the launch page shows in its frame, as it pointed the frame there.
  frameSrc() { return this.sco().document.getElementById('ck-scorm-frame').getAttribute('src'); }

  page() { return this.sco().document.getElementById('ck-scorm-frame').contentWindow; }

  // Show `page` of the course in the launch page's frame; the page's window once its quizzes are ready.
  async goto(page) {
    const frame = this.sco().document.getElementById('ck-scorm-frame');
    const old = frame.contentWindow;
    if (old) old.__ckLeaving = true;
    frame.src = page;
    return until(() => {
      const w = frame.contentWindow;
      return w && !w.__ckLeaving && w.document.readyState === 'complete' && w.location.pathname.endsWith('/' + page)
        && w.CourseKit && typeof w.CourseKit.quizIds === 'function' && w;
    }, page).catch((e) => { throw withProblems(e, this.problems); });
  }

  // The launch's clock (launch option `clock`) moves on by `ms`.
  later(ms) { this.lms.CK_CLOCK.at += ms; }

  // The LMS ends the session: the SCO's window goes away.
  close() {
    const sco = this.sco();
    sco.dispatchEvent(new sco.Event('pagehide'));
    const calls = this.lms.calls;
    const cmi = JSON.parse(JSON.stringify(this.lms.api.cmi));
    const notice = sco.document.getElementById('ck-scorm-notice');
    const shown = notice ? !notice.hidden : null; // the "not connected" notice
    for (const d of this.doms) d.window.close();
    return { calls, cmi, notice: shown, problems: this.problems };
  }

  // The browser dies (no pagehide, no Terminate): the LMS keeps what was last committed (cmi:
  // null when nothing was).
  crash() {
    const calls = this.lms.calls;
    const cmi = this.lms.committed;
    for (const d of this.doms) d.window.close();
    return { calls, cmi, problems: this.problems };
  }
}

/* A page of the package opened on its own, no LMS around it: the launch page (what the learner
 * is told, where the course starts) or a course page (it must run as the HTML site). */
async function openAlone(pkg, page = 'scorm.html') {
  const problems = [];
  const dom = await JSDOM.fromFile(path.join(pkg, page), {
    runScripts: 'dangerously', resources: new PackageLoader(), pretendToBeVisual: true,
    virtualConsole: watchedConsole(problems)
  });
  const win = dom.window;
  if (page !== 'scorm.html') {
    const ready = await until(() => win.document.readyState === 'complete' && win.CourseKit && win.CourseKit.quizIds, page + ' alone');
    const out = { quizzes: ready(), problems };
    win.close();
    return out;
  }
  await until(() => win.CourseKitScormHost && win.document.readyState === 'complete', 'the launch page alone');
  const notice = win.document.getElementById('ck-scorm-notice');
  const out = { notice: notice ? !notice.hidden : null, frame: win.document.getElementById('ck-scorm-frame').getAttribute('src'),
    connected: win.CourseKitScormHost.connected, problems };
  win.close();
  return out;
}

// A web server's origin for the package (a file: page has no localStorage, a served one does).
const ORIGIN = 'http://course.test/';

class ServedLoader extends PackageLoader {
  constructor(folder) { super(); this.folder = folder; }
  fetch(url, options) {
    const u = new URL(url);
    if (u.origin + '/' !== ORIGIN) return null; // nothing leaves the package
    return super.fetch(pathToFileURL(path.join(this.folder, decodeURIComponent(u.pathname))).href, options);
  }
}

/* The launch page served from a web server with no LMS around it, the browser holding `stored`
 * (the origin's localStorage, {key: value}) from earlier visits; a Session whose close() returns
 * {stored, problems}. The launch page's frames share its origin, and so its storage. */
async function openServed(pkg, stored = {}, page = 'scorm.html') {
  const problems = [];
  const dom = new JSDOM(fs.readFileSync(path.join(pkg, page), 'utf8'), {
    url: ORIGIN + page, runScripts: 'dangerously', resources: new ServedLoader(pkg), pretendToBeVisual: true,
    virtualConsole: watchedConsole(problems),
    beforeParse(win) { for (const [k, v] of Object.entries(stored)) win.localStorage.setItem(k, v); }
  });
  const win = dom.window;
  await until(() => {
    const f = win.CourseKitScormHost && win.document.getElementById('ck-scorm-frame');
    return f && f.getAttribute('src') && f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentWindow.CourseKit;
  }, 'the served launch page');
  const session = new Session(dom, () => win, problems, null);
  session.close = () => {
    const out = {};
    for (let i = 0; i < win.localStorage.length; i++) out[win.localStorage.key(i)] = win.localStorage.getItem(win.localStorage.key(i));
    const notice = win.document.getElementById('ck-scorm-notice');
    const end = { stored: out, notice: notice ? !notice.hidden : null, connected: win.CourseKitScormHost.connected, problems };
    win.close();
    return end;
  };
  return session;
}

module.exports = { launch, openAlone, openServed };
