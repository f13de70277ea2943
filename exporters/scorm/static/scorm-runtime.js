/* coursekit SCORM runtime: connects the HTML course, shown in a frame of this launch page,
 * to the LMS's SCORM 1.2 (`API`) or SCORM 2004 (`API_1484_11`) run-time API.
 *
 * The launch page holds the one LMS session (Initialize once, Terminate once), so the learner
 * can move between the course's pages without ending it. Course pages reach this runtime
 * through `window.parent.CourseKitScormHost` (scorm-bridge.js). Without an LMS (e.g. opened
 * from disk) the course runs exactly as the HTML site, with a "not connected" notice.
 *
 * Configuration comes from scorm-data.js (window.CourseKitScormData), written by the exporter.
 * No dependencies, no network requests.
 */
(function () {
  'use strict';

  var DATA = window.CourseKitScormData || { quizzes: [], interactions: {}, scos: {} };
  // The launch page names its SCO; in the default mode there is one, holding the whole course.
  var SCO = (DATA.scos || {})[window.CourseKitScormSco] || { pages: [], quizzes: [], start: 'index.html', mastery: null };
  var V12 = DATA.version === '1.2';
  var LIMIT_SUSPEND = V12 ? 4096 : 64000;
  var LIMIT_LOCATION = V12 ? 255 : 1000;

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
    set: function (element, value) {
      if (!this.active) return false;
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

  /* ---------------------------------------------------------------- formats */

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  // Session time: 1.2 CMITimespan HHHH:MM:SS.SS, 2004 ISO 8601 duration PT#H#M#S.
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    if (V12) {
      var sec = s.toFixed(2);
      if (s < 10) sec = '0' + sec;
      return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + sec;
    }
    return 'PT' + h + 'H' + m + 'M' + String(Math.round(s * 100) / 100) + 'S';
  }

  // Interaction time stamp: 1.2 time of day HH:MM:SS, 2004 an ISO 8601 date-time.
  function timestamp(date) {
    if (V12) return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
    // Fraction (two digits) before Z: some run-times accept a time zone only after one.
    return date.toISOString().replace(/(\.\d\d)\d*Z$/, '$1Z');
  }

  // A CMIDecimal: no exponent, at most 10 integer digits; '' if the number cannot be one.
  function decimal(x) {
    if (typeof x !== 'number' || !isFinite(x) || Math.abs(x) >= 1e10) return '';
    var s = x.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
    if (s === '-0') s = '0';
    return s;
  }

  // One line of text for the data model: no line breaks, never a leading '{' (a delimiter).
  function oneLine(text, limit) {
    var s = String(text == null ? '' : text).replace(/\s+/g, ' ').replace(/^\s+|\s+$/g, '');
    if (s.charAt(0) === '{') s = '(' + s.slice(1);
    return s.length > limit ? s.slice(0, limit) : s;
  }

  /* ---------------------------------------------------------------- interactions */

  function listSep() { return V12 ? ',' : '[,]'; }

  // The learner's response in this version's syntax; '' when there is nothing to report.
  function learnerResponse(spec, a) {
    if (a == null) return '';
    var sep = listSep();
    var i, parts = [];
    switch (spec.kind) {
      case 'single_choice':
      case 'multiple_response':
        for (i = 0; i < a.length; i++) if (spec.ids[a[i]] !== undefined) parts.push(spec.ids[a[i]]);
        return parts.join(sep);
      case 'true_false':
        if (a !== true && a !== false) return '';
        return V12 ? (a ? 't' : 'f') : (a ? 'true' : 'false');
      case 'numeric':
        var num = typeof a === 'number' ? a : parseFloat(String(a).replace(/^\s+|\s+$/g, ''));
        return isNaN(num) ? '' : decimal(num);
      case 'short_answer':
        return oneLine(a, V12 ? 255 : 250).split('[,]').join('[ ,]');
      case 'essay':
        return oneLine(a, V12 ? 255 : 4000);
      case 'matching':
        for (i = 0; i < a.length; i++) {
          if (a[i] != null && a[i] >= 0 && spec.rights[a[i]] !== undefined) {
            parts.push(spec.lefts[i] + (V12 ? '.' : '[.]') + spec.rights[a[i]]);
          }
        }
        return parts.join(sep);
      case 'ordering':
        for (i = 0; i < a.length; i++) if (spec.ids[a[i]] !== undefined) parts.push(spec.ids[a[i]]);
        return parts.length === spec.ids.length ? parts.join(sep) : '';
      case 'fill_blanks':
        if (spec.type2004 === 'long-fill-in' && !V12) {
          for (i = 0; i < a.length; i++) parts.push(oneLine(a[i], 4000));
          return oneLine(parts.join(' | '), 4000);
        }
        for (i = 0; i < a.length; i++) parts.push(oneLine(a[i], 250).split('[,]').join('[ ,]').split(',').join(V12 ? ' ' : ','));
        var joined = parts.join(sep);
        if (!/\S/.test(joined.split(sep).join(''))) return '';
        return V12 ? joined.slice(0, 255) : joined;
    }
    return '';
  }

  function resultWord(q) {
    if (q.kind === 'essay' || q.max == null) return 'neutral';
    if (q.score >= q.max - 1e-9) return 'correct';
    if (q.score <= 1e-9) return V12 ? 'wrong' : 'incorrect';
    return decimal(Math.round(q.score * 10000) / 10000);
  }

  function writeInteraction(quizId, q, now) {
    var spec = ((DATA.interactions || {})[quizId] || {})[q.id];
    if (!spec) return;
    var n = parseInt(lms.get('cmi.interactions._count'), 10);
    if (isNaN(n)) n = 0;
    var p = 'cmi.interactions.' + n + '.';
    lms.set(p + 'id', spec.id);
    lms.set(p + 'type', V12 ? spec.type12 : spec.type2004);
    lms.set(p + (V12 ? 'time' : 'timestamp'), timestamp(now));
    lms.set(p + 'weighting', spec.weighting);
    var patterns = V12 ? spec.correct12 : spec.correct2004;
    for (var i = 0; i < patterns.length; i++) lms.set(p + 'correct_responses.' + i + '.pattern', patterns[i]);
    var response = learnerResponse(spec, q.response);
    if (response !== '') lms.set(p + (V12 ? 'student_response' : 'learner_response'), response);
    lms.set(p + 'result', resultWord(q));
    if (q.latency != null && q.latency >= 0) lms.set(p + 'latency', timespan(q.latency));
    if (!V12 && spec.description) lms.set(p + 'description', spec.description);
  }

  /* ---------------------------------------------------------------- suspend data */

  // Compact, positional encoding of what a returning learner needs: the pages seen and each
  // quiz's state (questions drawn, answers, submitted or not). Quizzes and pages are indices
  // into this SCO's lists in scorm-data.js; numbers are base 36. Free text is escaped so the
  // delimiters , ; ! ~ never appear inside it; if the whole does not fit the version's limit
  // (4,096 characters in SCORM 1.2), the longest texts are shortened first, never the structure.
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
      var i, s;
      switch (kind) {
        case 'single_choice':
        case 'multiple_response':
          // a set of choice indices as a bit mask (4 choices fit one character)
          var mask = 0;
          for (i = 0; i < a.length; i++) mask += Math.pow(2, a[i]);
          return mask.toString(36);
        case 'true_false':
          return a === true ? 't' : a === false ? 'f' : '';
        case 'matching':
          s = '';
          for (i = 0; i < a.length; i++) s += (a[i] == null || a[i] < 0) ? '-' : a[i] < 36 ? a[i].toString(36) : '-';
          return s;
        case 'ordering':
          s = '';
          for (i = 0; i < a.length; i++) s += a[i].toString(36);
          return a.length <= 36 ? s : '';
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
          for (i = 0; i < s.length; i++) out.push(s.charAt(i) === '-' ? null : parseInt(s.charAt(i), 36));
          return out;
        case 'ordering':
          for (i = 0; i < s.length; i++) out.push(parseInt(s.charAt(i), 36));
          return out;
        case 'fill_blanks':
          var parts = s.split('|');
          for (i = 0; i < parts.length; i++) out.push(Codec.unesc(parts[i]));
          return out;
        default:
          return Codec.unesc(s);
      }
    },
    // quiz state: {questions: [{slot, variant, answer}], submitted, attempts}
    quiz: function (qi, st, textLimit) {
      var meta = DATA.quizzes[qi];
      var qs = [];
      for (var i = 0; i < st.questions.length; i++) {
        var q = st.questions[i];
        var kind = meta.kinds[q.slot];
        qs.push(q.slot.toString(36) + '^' + (q.variant || 0).toString(36) + '^' + Codec.answer(kind, q.answer, textLimit));
      }
      var score = st.submitted ? decimal(Math.round((st.score || 0) * 10000) / 10000) + '!' + decimal(Math.round((st.max || 0) * 10000) / 10000) : '!';
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
    encode: function (state) {
      var limit = 100000;
      var text;
      // shrink free text until it fits: full, 200, 60, 20, 0 characters per text answer
      var steps = [limit, 200, 60, 20, 0];
      for (var k = 0; k < steps.length; k++) {
        var quizzes = [];
        for (var qi in state.quizzes) {
          if (Object.prototype.hasOwnProperty.call(state.quizzes, qi)) quizzes.push(Codec.quiz(+qi, state.quizzes[qi], steps[k]));
        }
        quizzes.sort();
        text = 'c1~' + Codec.bits(state.visited) + '~' + quizzes.join(';');
        if (text.length <= LIMIT_SUSPEND) return text;
      }
      return 'c1~' + Codec.bits(state.visited) + '~'; // pathological: keep only the pages seen
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

  function floorTo(x, digits) {
    var f = Math.pow(10, digits);
    return Math.floor(x * f + 1e-6) / f;
  }

  function reportStatus() {
    if (!lms.active || reviewOnly) return;
    var complete = isComplete();
    var agg = aggregate();
    var scored = complete && agg.max > 0 && mastery != null;
    if (scored) {
      var ratio = agg.score / agg.max;
      // Rounded down, so the LMS never sees a pass the course did not award.
      lms.set(M.raw, decimal(floorTo(ratio * 100, 2)));
      lms.set(M.min, '0');
      lms.set(M.max, '100');
      if (!V12) lms.set('cmi.score.scaled', decimal(floorTo(ratio, 7)));
    }
    var passed = scored && agg.score / agg.max >= mastery - 1e-9;
    if (V12) {
      lms.set('cmi.core.lesson_status', !complete ? 'incomplete' : scored ? (passed ? 'passed' : 'failed') : 'completed');
    } else {
      lms.set('cmi.completion_status', complete ? 'completed' : 'incomplete');
      if (scored) lms.set('cmi.success_status', passed ? 'passed' : 'failed');
      if (complete) lms.set('cmi.progress_measure', '1');
    }
  }

  function saveState() {
    if (!lms.active || reviewOnly) return;
    lms.set('cmi.suspend_data', Codec.encode(state));
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
    saveQuiz: function (quizId, quizState) {
      var i = quizIndex(quizId);
      if (i < 0) return;
      state.quizzes[i] = quizState;
    },

    // A course page was shown in the frame: bookmark it and mark it visited.
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

    finish: function () {
      if (finished) return;
      finished = true;
      if (!lms.active) return;
      if (!reviewOnly) {
        saveState();
        var complete = isComplete();
        lms.set(M.exit, complete ? (V12 ? '' : 'normal') : 'suspend');
        lms.set(M.sessionTime, timespan(new Date().getTime() - started));
      }
      lms.commit();
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
    _learnerResponse: learnerResponse
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
      if (!reviewOnly) {
        if (fresh) {
          if (V12) lms.set('cmi.core.lesson_status', 'incomplete');
          else lms.set('cmi.completion_status', 'incomplete');
          saveState();
          lms.set(M.location, SCO.start);
        }
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

  window.addEventListener('pagehide', function () { Host.finish(); });
  window.addEventListener('beforeunload', function () { Host.finish(); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
