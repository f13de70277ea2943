/* coursekit SCORM runtime: connects the HTML course, shown in a frame of this launch page,
 * to the LMS's SCORM 1.2 (`API`) or SCORM 2004 (`API_1484_11`) run-time API.
 *
 * The launch page holds the one LMS session (Initialize once, Terminate once), so the learner
 * can move between the course's pages without ending it. Course pages reach this runtime
 * through `window.parent.CourseKitScormHost` (scorm-bridge.js). Without an LMS (e.g. opened
 * from disk) the course runs exactly as the HTML site, with a "not connected" notice.
 *
 * Configuration comes from scorm-data.js (window.CourseKitScormData), written by the exporter.
 * Loaded after scorm-types.js (SCORM data types, request sizes) and scorm-interactions.js (the
 * cmi.interactions elements of one question). No other dependencies, no network requests.
 */
(function () {
  'use strict';

  var DATA = window.CourseKitScormData || { quizzes: [], interactions: {}, scos: {} };
  // The launch page names its SCO; in the default mode there is one, holding the whole course.
  var SCO = (DATA.scos || {})[window.CourseKitScormSco] || { pages: [], quizzes: [], start: 'index.html', mastery: null };
  var V12 = DATA.version === '1.2';
  var LIMIT_SUSPEND = V12 ? 4096 : 64000;
  var LIMIT_LOCATION = V12 ? 255 : 1000;
  var T = window.CourseKitScormTypes(DATA.version);
  var I = window.CourseKitScormInteractions(DATA.version, T, DATA.decimal);

  // What one request of the LMS's API may carry. Moodle's SCORM 2004 API posts every element set
  // so far in this attempt (earlier sessions included) on each Commit and Terminate, and on
  // unload through navigator.sendBeacon, which Chromium refuses above 64 KiB in flight. The
  // exporter (exporters/scorm/budget.py) splits the budget: a reserve for the status, score,
  // location and objective elements, the interactions, and at least suspendFloor bytes for
  // suspend_data, which may also use whatever the interactions leave.
  var BUDGET = SCO.budget || { request: 32768, reserve: 2048, interactions: 22528, unknown: 1200 };

  /* ---------------------------------------------------------------- LMS API discovery */

  // The ADL algorithm: this window and its parents (at most 7 hops), then the opener's chain.
  function findIn(win, name) {
    for (var hops = 0; win && hops <= 7; hops++) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* a cross-origin frame: keep walking */ }
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  function findAPI() {
    var name = V12 ? 'API' : 'API_1484_11';
    var api = findIn(window, name);
    if (!api) {
      try { if (window.opener) api = findIn(window.opener, name); } catch (e) { api = null; }
    }
    if (!api) {
      try { if (window.top && window.top.opener) api = findIn(window.top.opener, name); } catch (e) { api = null; }
    }
    return api;
  }

  /* ---------------------------------------------------------------- LMS calls */

  var M = V12 ? {
    init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
    finish: 'LMSFinish', error: 'LMSGetLastError',
    location: 'cmi.core.lesson_location', entry: 'cmi.core.entry', exit: 'cmi.core.exit',
    sessionTime: 'cmi.core.session_time', mode: 'cmi.core.lesson_mode',
    raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max'
  } : {
    init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
    finish: 'Terminate', error: 'GetLastError',
    location: 'cmi.location', entry: 'cmi.entry', exit: 'cmi.exit',
    sessionTime: 'cmi.session_time', mode: 'cmi.mode',
    raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max'
  };

  var lms = {
    api: null,
    active: false, // between a successful Initialize and Terminate
    errors: [], // [call, element, code] of every failed call, for diagnosis (never thrown)

    call: function (method, a, b) {
      var result;
      try {
        result = b === undefined ? this.api[method](a) : this.api[method](a, b);
      } catch (e) {
        this.errors.push([method, a, 'exception']);
        return '';
      }
      return String(result);
    },
    check: function (method, element, result) {
      if (result === 'true') return true;
      var code = '';
      try { code = String(this.api[M.error]()); } catch (e) { code = 'exception'; }
      this.errors.push([method, element, code]);
      return false;
    },
    get: function (element) {
      if (!this.active) return '';
      var value = this.call(M.get, element);
      var code = '0';
      try { code = String(this.api[M.error]()); } catch (e) { code = '0'; }
      if (code !== '0' && code !== '') { this.errors.push([M.get, element, code]); return ''; }
      return value;
    },
    // Every value is checked against its SCORM type first: one that does not fit is never sent.
    set: function (element, value, interactionType) {
      if (!this.active) return false;
      if (!T.valid(element, value, interactionType)) {
        this.errors.push([M.set, element, 'type', String(value)]);
        return false;
      }
      return this.check(M.set, element, this.call(M.set, element, String(value)));
    },
    commit: function () {
      if (!this.active) return false;
      return this.check(M.commit, '', this.call(M.commit, ''));
    },
    start: function () {
      this.api = findAPI();
      if (!this.api) return false;
      this.active = this.check(M.init, '', this.call(M.init, ''));
      return this.active;
    },
    finish: function () {
      if (!this.active) return;
      this.active = false; // before the call: Terminate must never run twice
      this.check(M.finish, '', this.call(M.finish, ''));
    }
  };

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /* ---------------------------------------------------------------- interactions */

  // The interactions this attempt has recorded, as Moodle's API sizes them, carried from session
  // to session in suspend_data. An interaction that would take the SCO past its share of the
  // budget is written in a shorter form, or not at all (the score and status are always written).
  var Ledger = {
    count: 0, // interactions recorded in this attempt
    bytes: 0, // their size in a request
    skipped: 0, // answered questions left out in this session
    reconcile: function (lmsCount) {
      // Interactions the LMS holds that suspend_data does not know about: assume the worst.
      if (lmsCount > this.count) {
        this.bytes += (lmsCount - this.count) * BUDGET.unknown;
        this.count = lmsCount;
      }
    }
  };

  function writeInteraction(quizId, q, now) {
    var spec = ((DATA.interactions || {})[quizId] || {})[q.id];
    if (!spec) return;
    var n = parseInt(lms.get('cmi.interactions._count'), 10) || 0;
    var all = ['full', 'standard', 'short'];
    var forms = all.slice(Math.max(0, all.indexOf(SCO.detail)));
    for (var f = 0; f < forms.length; f++) {
      var els = I.elements(n, spec, q, forms[f], now);
      var cost = 0;
      for (var k = 0; k < els.length; k++) cost += T.bytes(els[k][0], els[k][1]);
      if (Ledger.bytes + cost > BUDGET.interactions) continue;
      for (k = 0; k < els.length; k++) lms.set(els[k][0], els[k][1], els[k][2]);
      Ledger.count = Math.max(Ledger.count, n + 1);
      Ledger.bytes += cost;
      return;
    }
    Ledger.skipped++;
  }

  function floorTo(x, digits) {
    var f = Math.pow(10, digits);
    return Math.floor(x * f + 1e-6) / f;
  }

  /* ---------------------------------------------------------------- suspend data */

  // Compact, positional encoding of what a returning learner needs: the pages seen and each
  // quiz's state (questions drawn, answers, submitted or not). Quizzes and pages are indices
  // into this SCO's lists in scorm-data.js; numbers are base 36. Free text is escaped so the
  // delimiters , ; ! ~ never appear inside it; if the whole does not fit the version's limit
  // (4,096 characters in SCORM 1.2) or its share of the request budget, the longest texts are
  // shortened first, never the structure. A last field carries the interaction Ledger.
  var Codec = {
    esc: function (s) {
      return String(s).replace(/[%,;!~|\^]/g, function (c) { return '%' + pad(c.charCodeAt(0).toString(16), 2); });
    },
    unesc: function (s) {
      return String(s).replace(/%([0-9a-f]{2})/gi, function (m, h) { return String.fromCharCode(parseInt(h, 16)); });
    },
    // answer (normalized, see scorm-bridge.js) -> string
    answer: function (kind, a, textLimit) {
      if (a == null) return '';
      var i;
      switch (kind) {
        case 'single_choice':
        case 'multiple_response':
          // a set of choice indices as a bit mask (4 choices fit one character)
          var mask = 0;
          for (i = 0; i < a.length; i++) mask += Math.pow(2, a[i]);
          return mask.toString(36);
        case 'true_false':
          return a === true ? 't' : a === false ? 'f' : '';
        case 'matching': // an option's index per pair, '-' for a pair left open
        case 'ordering': // the items' indices in the learner's order
          return Codec.indices(a);
        case 'fill_blanks':
          var parts = [];
          for (i = 0; i < a.length; i++) parts.push(Codec.esc(String(a[i] == null ? '' : a[i]).slice(0, textLimit)));
          return parts.join('|');
        default: // numeric, short_answer, essay: text
          return Codec.esc(String(a).slice(0, textLimit));
      }
    },
    parseAnswer: function (kind, s) {
      var i, out = [];
      if (s === '') return null;
      switch (kind) {
        case 'single_choice':
        case 'multiple_response':
          var mask = parseInt(s, 36);
          for (i = 0; mask > 0; i++, mask = Math.floor(mask / 2)) if (mask % 2) out.push(i);
          return out;
        case 'true_false':
          return s === 't' ? true : s === 'f' ? false : null;
        case 'matching':
        case 'ordering':
          return Codec.parseIndices(s);
        case 'fill_blanks':
          var parts = s.split('|');
          for (i = 0; i < parts.length; i++) out.push(Codec.unesc(parts[i]));
          return out;
        default:
          return Codec.unesc(s);
      }
    },
    // A list of indices (null: a matching pair left open, written '-'): one base-36 character
    // each while every index is below 36 (the form of older packages' data, still read), else
    // '.' before each index, so a 37th option or item keeps its place (no short-form text
    // starts with '.'). quiz.js reads a pair as an option's index or null, never negative.
    indices: function (a) {
      var wide = false, i, out = [];
      for (i = 0; i < a.length; i++) if (a[i] >= 36) wide = true;
      for (i = 0; i < a.length; i++) out.push(a[i] == null ? '-' : a[i].toString(36));
      return wide ? '.' + out.join('.') : out.join('');
    },
    parseIndices: function (s) {
      var parts = s.charAt(0) === '.' ? s.slice(1).split('.') : s.split('');
      var out = [];
      for (var i = 0; i < parts.length; i++) out.push(parts[i] === '-' ? null : parseInt(parts[i], 36));
      return out;
    },
    // quiz state: {questions: [{slot, variant, answer}], submitted, attempts, score, max (exact: a later session reports them)}
    quiz: function (qi, st, textLimit) {
      var meta = DATA.quizzes[qi];
      var qs = [];
      var begun = false;
      for (var j = 0; j < st.questions.length; j++) if (st.questions[j].answer != null) begun = true;
      for (var i = 0; i < st.questions.length; i++) {
        var q = st.questions[i];
        var kind = meta.kinds[q.slot];
        // In a quiz the learner has begun, an ordering question not moved yet is answered by the
        // order it is shown in (quiz.js scores it so): kept as its answer, which is its order on
        // resume, instead of an order drawn anew that would change what is scored. (A quiz with
        // no answer at all stays "not taken yet".)
        var answer = q.answer == null && kind === 'ordering' && q.order && begun ? q.order : q.answer;
        qs.push(q.slot.toString(36) + '^' + (q.variant || 0).toString(36) + '^' + Codec.answer(kind, answer, textLimit));
      }
      var score = st.submitted ? T.plain(st.score || 0) + '!' + T.plain(st.max || 0) : '!';
      return qi.toString(36) + '!' + (st.submitted ? 1 : 0) + '!' + (st.attempts || 0).toString(36) + '!' + score + '!' + qs.join(',');
    },
    parseQuiz: function (s) {
      var f = s.split('!');
      var qi = parseInt(f[0], 36);
      var meta = DATA.quizzes[qi];
      if (!meta || f.length < 6) return null;
      var st = { questions: [], submitted: f[1] === '1', attempts: parseInt(f[2], 36) || 0 };
      if (st.submitted) { st.score = parseFloat(f[3]) || 0; st.max = parseFloat(f[4]) || 0; }
      var qs = f[5] ? f[5].split(',') : [];
      for (var i = 0; i < qs.length; i++) {
        var g = qs[i].split('^');
        var slot = parseInt(g[0], 36);
        if (isNaN(slot) || meta.kinds[slot] === undefined) return null;
        st.questions.push({ slot: slot, variant: parseInt(g[1], 36) || 0, answer: Codec.parseAnswer(meta.kinds[slot], g.slice(2).join('^')) });
      }
      return { index: qi, state: st };
    },
    bits: function (flags) {
      // visited pages as a bit string, 5 pages per base-32 digit
      var out = '';
      for (var i = 0; i < flags.length; i += 5) {
        var v = 0;
        for (var j = 0; j < 5; j++) if (flags[i + j]) v += 1 << j;
        out += v.toString(32);
      }
      return out;
    },
    parseBits: function (s, n) {
      var flags = [];
      for (var i = 0; i < n; i++) {
        var v = parseInt(s.charAt(Math.floor(i / 5)) || '0', 32);
        flags.push(!!(v & (1 << (i % 5))));
      }
      return flags;
    },
    // maxBytes: the URL-encoded size suspend_data may take in a request of the LMS's API.
    encode: function (state, maxBytes) {
      // The interactions recorded so far (count.bytes), so a later session keeps to the budget.
      var ledger = '~' + Ledger.count.toString(36) + '.' + Ledger.bytes.toString(36);
      var fits = function (t) { return t.length <= LIMIT_SUSPEND && (maxBytes == null || encodeURIComponent(t).length <= maxBytes); };
      // Every free text at most textLimit characters.
      var build = function (textLimit) {
        var quizzes = [];
        for (var qi in state.quizzes) {
          if (Object.prototype.hasOwnProperty.call(state.quizzes, qi)) quizzes.push(Codec.quiz(+qi, state.quizzes[qi], textLimit));
        }
        quizzes.sort();
        return 'c1~' + Codec.bits(state.visited) + '~' + quizzes.join(';') + ledger;
      };
      var text = build(100000);
      if (fits(text)) return text;
      // The longest texts are shortened first: to 200 characters (room for later sessions'
      // interactions), else to the largest length at which the whole fits (a binary search), so
      // that every text shorter than that is kept whole. (Steps of 60 and 20 cut a 30-character
      // short answer to 20 when many long essays needed room, and it came back wrong.)
      text = build(200);
      if (fits(text)) return text;
      if (!fits(build(0))) return 'c1~' + Codec.bits(state.visited) + '~' + ledger; // pathological: keep only the pages seen
      var lo = 0, hi = 200;
      while (hi - lo > 1) {
        var mid = Math.floor((lo + hi) / 2);
        if (fits(build(mid))) lo = mid;
        else hi = mid;
      }
      return build(lo);
    },
    decode: function (text) {
      var state = { visited: Codec.parseBits('', SCO.pages.length), quizzes: {} };
      if (!text || text.slice(0, 3) !== 'c1~') return state;
      var f = text.split('~');
      state.visited = Codec.parseBits(f[1] || '', SCO.pages.length);
      var qs = f[2] ? f[2].split(';') : [];
      for (var i = 0; i < qs.length; i++) {
        var parsed = Codec.parseQuiz(qs[i]);
        if (parsed) state.quizzes[parsed.index] = parsed.state;
      }
      // suspend_data saved before this field existed has none: both count 0 (parseInt(undefined,
      // 36) reads the word "undefined" as a base-36 number: 8.6e13 bytes, and nothing would fit again).
      var ledger = (f[3] || '').split('.');
      state.ledger = { count: parseInt(ledger[0] || '0', 36) || 0, bytes: parseInt(ledger[1] || '0', 36) || 0 };
      return state;
    }
  };

  /* ---------------------------------------------------------------- the course session */

  var started = new Date().getTime();
  var state = Codec.decode('');
  var mastery = SCO.mastery; // fraction, or null when the SCO has no scored question
  var reviewOnly = false;
  var resumed = false;
  var finished = false;

  function quizIndex(quizId) {
    for (var i = 0; i < (DATA.quizzes || []).length; i++) if (DATA.quizzes[i].id === quizId) return i;
    return -1;
  }

  function pageIndex(path) {
    var pages = SCO.pages;
    for (var i = 0; i < pages.length; i++) if (pages[i] === path) return i;
    return -1;
  }

  function allQuizzesSubmitted() {
    for (var k = 0; k < SCO.quizzes.length; k++) {
      var i = quizIndex(SCO.quizzes[k]);
      if (!state.quizzes[i] || !state.quizzes[i].submitted) return false;
    }
    return true;
  }

  function allPagesVisited() {
    for (var i = 0; i < state.visited.length; i++) if (!state.visited[i]) return false;
    return true;
  }

  function isComplete() {
    return SCO.quizzes.length ? allQuizzesSubmitted() : allPagesVisited();
  }

  // Course-level score: sum of the quizzes' points over the sum of their maxima (essays are
  // already left out of both by the quiz engine), as a percentage 0..100 so that it compares
  // directly with SCORM 1.2's masteryscore; 2004 also gets score.scaled = the ratio.
  function aggregate() {
    var score = 0, max = 0;
    for (var k in state.quizzes) {
      var q = state.quizzes[k];
      if (Object.prototype.hasOwnProperty.call(state.quizzes, k) && q.submitted) { score += q.score || 0; max += q.max || 0; }
    }
    return { score: score, max: max };
  }

  // The SCO's primary objective (declared in the 2004 manifest when the SCO is scored): found by
  // its id (Moodle creates it from the manifest before the SCO starts), else added.
  var objectiveIndex = -1;
  function objectivePrefix() {
    if (objectiveIndex < 0) {
      var count = parseInt(lms.get('cmi.objectives._count'), 10) || 0;
      for (var i = 0; i < count && objectiveIndex < 0; i++) {
        if (lms.get('cmi.objectives.' + i + '.id') === SCO.objective) objectiveIndex = i;
      }
      if (objectiveIndex < 0) {
        if (!lms.set('cmi.objectives.' + count + '.id', SCO.objective)) return null;
        objectiveIndex = count;
      }
    }
    return 'cmi.objectives.' + objectiveIndex + '.';
  }

  function reportObjective(complete, scored, passed, scaled) {
    var p = objectivePrefix();
    if (!p) return;
    lms.set(p + 'completion_status', complete ? 'completed' : 'incomplete');
    lms.set(p + 'success_status', scored ? (passed ? 'passed' : 'failed') : 'unknown');
    if (scored) lms.set(p + 'score.scaled', scaled);
  }

  function reportStatus() {
    if (!lms.active || reviewOnly) return;
    var complete = isComplete();
    var agg = aggregate();
    var scored = complete && agg.max > 0 && mastery != null;
    var scaled = null;
    if (scored) {
      var ratio = agg.score / agg.max;
      // Rounded down, so the LMS never sees a pass the course did not award.
      scaled = T.plain(floorTo(ratio, 7));
      lms.set(M.raw, T.plain(floorTo(ratio * 100, 2)));
      lms.set(M.min, '0');
      lms.set(M.max, '100');
      if (!V12) lms.set('cmi.score.scaled', scaled);
    }
    var passed = scored && agg.score / agg.max >= mastery - 1e-9;
    if (V12) {
      lms.set('cmi.core.lesson_status', !complete ? 'incomplete' : scored ? (passed ? 'passed' : 'failed') : 'completed');
    } else {
      lms.set('cmi.completion_status', complete ? 'completed' : 'incomplete');
      // 'unknown' until scored again: a reopened quiz must not leave an earlier 'passed' standing
      // beside 'incomplete' (1.2 says 'incomplete', the objective 'unknown').
      lms.set('cmi.success_status', scored ? (passed ? 'passed' : 'failed') : 'unknown');
      if (complete) lms.set('cmi.progress_measure', '1');
      if (SCO.objective) reportObjective(complete, scored, passed, scaled);
    }
  }

  function saveState() {
    if (!lms.active || reviewOnly) return;
    // suspend_data may use what the interactions leave of the request (at least BUDGET.suspendFloor).
    lms.set('cmi.suspend_data', Codec.encode(state, BUDGET.request - BUDGET.reserve - Ledger.bytes));
  }

  // SCORM 2004: 'suspend' always, so the LMS keeps this attempt's data and hands it back on
  // return and in review (Moodle hands back nothing after 'normal'; a new attempt is the LMS's
  // choice). 1.2: 'suspend' until the SCO is complete, then '' (Moodle hands 1.2 data back anyway).
  function exitValue() {
    return V12 && isComplete() ? '' : 'suspend';
  }

  var Host = {
    connected: false,
    version: DATA.version,
    errors: lms.errors,

    // Key/value storage for the quiz engine, backed by suspend_data instead of localStorage.
    loadQuiz: function (quizId) {
      var i = quizIndex(quizId);
      return i >= 0 && state.quizzes[i] ? JSON.parse(JSON.stringify(state.quizzes[i])) : null;
    },
    // Whether this SCO holds the quiz's state (one SCO per chapter: another SCO's quiz is unknown
    // here, and the sidebar shows no status for it rather than a wrong one).
    knowsQuiz: function (quizId) {
      return SCO.quizzes.indexOf(quizId) >= 0;
    },
    saveQuiz: function (quizId, quizState) {
      var i = quizIndex(quizId);
      if (i < 0) return;
      state.quizzes[i] = quizState;
    },

    // A course page was shown in the frame: bookmark it and mark it visited (a natural point
    // to commit, so that little is left for the exit request).
    pageShown: function (path) {
      if (finished) return;
      var p = pageIndex(path.split('#')[0]);
      if (p >= 0) state.visited[p] = true;
      if (!this.connected || reviewOnly) return;
      if (path.length <= LIMIT_LOCATION) lms.set(M.location, path);
      if (!SCO.quizzes.length) reportStatus();
      saveState();
      lms.commit();
    },

    // A quiz was checked: result = {quiz, score, max, questions: [{id, kind, score, max, response, latency}]}
    quizChecked: function (result, quizState) {
      if (finished) return;
      var i = quizIndex(result.quiz);
      if (i < 0) return;
      var st = quizState || state.quizzes[i] || { questions: [], attempts: 0 };
      st.submitted = true;
      st.score = result.score;
      st.max = result.max;
      state.quizzes[i] = st;
      if (!this.connected || reviewOnly) return;
      var now = new Date();
      for (var k = 0; k < result.questions.length; k++) writeInteraction(result.quiz, result.questions[k], now);
      reportStatus();
      saveState();
      lms.commit();
    },

    // The page is going away: one Terminate, with no Commit before it (Terminate stores the data,
    // and a second request as large would double what must leave during unload).
    finish: function () {
      if (finished) return;
      finished = true;
      if (!lms.active) return;
      if (!reviewOnly) {
        saveState();
        lms.set(M.exit, exitValue());
        lms.set(M.sessionTime, I.timespan(new Date().getTime() - started));
      }
      lms.finish();
    },

    // One SCO per chapter: the page may not link to pages of other SCOs (see scorm-bridge.js).
    pages: SCO.restrict ? SCO.pages : [],
    allowsPage: function (url) {
      var root = new URL('.', window.location.href).href;
      var abs = String(url).split('#')[0].split('?')[0];
      if (abs.indexOf(root) !== 0) return true;
      var rel = abs.slice(root.length);
      return !/\.html?$/i.test(rel) || pageIndex(rel) >= 0;
    },

    // exposed for tests
    _codec: Codec,
    _state: function () { return state; },
    _learnerResponse: I.learnerResponse,
    _ledger: Ledger
  };
  window.CourseKitScormHost = Host;

  function startPage() {
    var loc = lms.active && resumed ? lms.get(M.location) : '';
    if (loc && pageIndex(loc.split('#')[0]) >= 0) return loc;
    return SCO.start;
  }

  function boot() {
    var notice = document.getElementById('ck-scorm-notice');
    var frame = document.getElementById('ck-scorm-frame');
    if (lms.start()) {
      Host.connected = true;
      var mode = lms.get(M.mode);
      reviewOnly = mode === 'review' || mode === 'browse';
      var status = V12 ? lms.get('cmi.core.lesson_status') : lms.get('cmi.completion_status');
      var fresh = status === 'not attempted' || status === 'unknown' || status === '';
      // SCORM 2004 answers GetValue of a never-set element with error 403, so saved data is read
      // only in an attempt this runtime has seen before: resumed, or a status it set (it always
      // sets suspend_data and location together with the first status). 1.2 returns '' instead.
      resumed = V12 || lms.get(M.entry) === 'resume' || !fresh;
      if (resumed) state = Codec.decode(lms.get('cmi.suspend_data'));
      Ledger.count = state.ledger ? state.ledger.count : 0;
      Ledger.bytes = state.ledger ? state.ledger.bytes : 0;
      Ledger.reconcile(parseInt(lms.get('cmi.interactions._count'), 10) || 0);
      if (!reviewOnly) {
        if (fresh) {
          if (V12) lms.set('cmi.core.lesson_status', 'incomplete');
          else lms.set('cmi.completion_status', 'incomplete');
          saveState();
          lms.set(M.location, SCO.start);
        }
        // From the start of the attempt: an exit request lost during unload still resumes.
        lms.set(M.exit, exitValue());
        if (fresh) lms.commit();
        // The LMS's own copy of the 1.2 mastery score (from the manifest) wins if it has one.
        // (2004's cmi.scaled_passing_score is not read: unset, it is an error 403.)
        var lmsMastery = V12 ? parseFloat(lms.get('cmi.student_data.mastery_score')) : NaN;
        if (!isNaN(lmsMastery) && mastery != null) mastery = lmsMastery / 100;
      }
      if (notice) notice.hidden = true;
    } else if (notice) {
      notice.hidden = false;
    }
    if (frame) frame.setAttribute('src', startPage());
  }

  // pagehide only: every browser fires it when the window really goes (the LMS removing the frame
  // included). beforeunload may be followed by no unload (leaving cancelled at a prompt, a
  // navigation that turns into a download), and a session ended there records nothing more.
  window.addEventListener('pagehide', function () { Host.finish(); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
