/* coursekit quiz engine: runs the page's quizzes with no server.
 *
 * The page holds, per quiz, a <section data-ck-quiz="ID"> with one <template> per question
 * variant, and the scoring specification (coursekit.scoring) in <script id="ck-data">.
 * Each attempt draws the questions (select, shuffle_questions) and one variant per question,
 * shuffles choices where the format says so, and scores with CourseKitScoring only.
 *
 * Hook API (window.CourseKit), for the SCORM runtime and other hosts:
 *   CourseKit.storage          set BEFORE this script runs: {getItem, setItem, removeItem};
 *                              default localStorage (memory if unavailable)
 *   CourseKit.storagePrefix    set before this script runs; default 'coursekit:<course>:quiz:'.
 *                              Key of a quiz = prefix + quiz id.
 *   CourseKit.onQuizChecked(cb) -> unsubscribe function. cb(result) after every "Check":
 *        result = {quiz, score, max, passed, passingScore, attempt, latency,
 *                  questions: [{id, slot, variant, type, kind, response, status,
 *                               score, max (both absent for essays), latency}]}
 *   CourseKit.getState(quizId) -> a copy of the quiz's state, or (no argument) {id: state}
 *   CourseKit.setState(quizId, state)  adopt a state (e.g. from suspend_data), score it from
 *                              its answers (a checked state), save, redraw
 *   CourseKit.reset(quizId)    start a new attempt
 *   CourseKit.quizIds()        the quizzes on this page
 *   CourseKit.spec(quizId)     the quiz's scoring specification
 *   CourseKit.scoring          CourseKitScoring (score, normalize, parseNumber, numberProblem)
 *   CourseKit.l10n             CourseKitL10n of this page: gettext, ngettext, number, percent
 *                              in the course's language (data: <script id="ck-l10n">)
 *   document event 'coursekit:quizchecked' (detail = result), 'coursekit:ready'
 *
 * After a check, the correct answer of every question not answered fully right is shown
 * (static/answers.js) and read out in the result's live region, as the quiz's show_answers says
 * (spec.show: 'always', 'after_pass' = only after a check that passes, 'never'). What is shown
 * follows from the saved state alone, so a restored state (reload, SCORM resume) shows the same.
 * Checking with unanswered questions first asks to confirm in the quiz's <dialog data-ck-confirm>.
 *
 * State of a quiz (what is saved): {questions: [{slot, variant, answer, order?}],
 *   submitted, attempts, score?, max?}. slot indexes the quiz's questions as authored, variant
 *   the slot's variants (0-based); answer is the response in the form coursekit.scoring
 *   documents (choice indices, bool, string, index lists, strings per gap) or null; order is
 *   the display order of choices / right-hand options / ordering items (optional).
 *
 * Every string shown to the learner goes through gettext/ngettext below: pybabel extracts
 * them into coursekit.pot (docs/translating.md), and the page carries their translations.
 */
(function () {
  'use strict';

  var CK = window.CourseKit = window.CourseKit || {};
  var S = window.CourseKitScoring;
  var A = window.CourseKitAnswers;
  var dataEl = document.getElementById('ck-data');
  var DATA = { course: '', quizzes: {} };
  try { if (dataEl) DATA = JSON.parse(dataEl.textContent); } catch (e) { /* keep empty */ }
  var L = window.CourseKitL10n.page(); // the page's words and numbers (<script id="ck-l10n">)
  function gettext(msgid, values) { return L.gettext(msgid, values); }
  function ngettext(singular, plural, n, values) { return L.ngettext(singular, plural, n, values); }
  var listeners = [];
  var controllers = {};

  /* ------------------------------------------------------------------ storage */

  function memoryStorage() {
    var m = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : null; },
      setItem: function (k, v) { m[k] = String(v); },
      removeItem: function (k) { delete m[k]; }
    };
  }

  function pickStorage() {
    if (CK.storage) return CK.storage;
    try {
      var ls = window.localStorage;
      ls.setItem('coursekit:probe', '1');
      ls.removeItem('coursekit:probe');
      return ls;
    } catch (e) {
      return memoryStorage(); // storage blocked (privacy settings): progress lasts the visit
    }
  }

  var store = pickStorage();
  function keyOf(quizId) { return (CK.storagePrefix || ('coursekit:' + DATA.course + ':quiz:')) + quizId; }
  function load(quizId) {
    try { return JSON.parse(store.getItem(keyOf(quizId)) || 'null'); } catch (e) { return null; }
  }
  function save(quizId, st) {
    try { store.setItem(keyOf(quizId), JSON.stringify(st)); } catch (e) { /* full or blocked */ }
  }

  /* ------------------------------------------------------------------ helpers */

  function $all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function range(n) { var a = []; for (var i = 0; i < n; i++) a.push(i); return a; }
  function shuffled(a) {
    a = a.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
  function isIdentity(a) { for (var i = 0; i < a.length; i++) if (a[i] !== i) return false; return true; }
  function copy(x) { return x == null ? x : JSON.parse(JSON.stringify(x)); }
  function fmt(x) { return L.number(x); }
  function isPerm(a, n) {
    if (!Array.isArray(a) || a.length !== n) return false;
    var seen = {};
    for (var i = 0; i < n; i++) {
      // whole numbers only: 1.5 names no item, and drawing by it broke the whole quiz
      if (typeof a[i] !== 'number' || Math.floor(a[i]) !== a[i] || a[i] < 0 || a[i] >= n || seen[a[i]]) return false;
      seen[a[i]] = true;
    }
    return true;
  }

  // Display order for one drawn question: choices (if shuffle), right-hand options (if
  // shuffle), ordering items (always: the authored order is the answer).
  function displayOrder(spec) {
    var t = spec.type;
    if ((t === 'single_choice' || t === 'multiple_response') && spec.shuffle) return shuffled(range(spec.n));
    if (t === 'matching' && spec.shuffle) return shuffled(range(spec.options));
    if (t === 'ordering') {
      var o = shuffled(range(spec.n));
      while (spec.n > 1 && isIdentity(o)) o = shuffled(range(spec.n));
      return o;
    }
    return null;
  }

  function orderLength(spec) {
    if (spec.type === 'matching') return spec.options;
    return spec.n;
  }

  /* ------------------------------------------------------------------ one quiz */

  function Quiz(section) {
    this.id = section.getAttribute('data-ck-quiz');
    this.spec = DATA.quizzes[this.id];
    this.section = section;
    this.form = section.querySelector('[data-ck-form]');
    this.list = section.querySelector('[data-ck-questions]');
    this.result = section.querySelector('[data-ck-result]');
    this.checkBtn = section.querySelector('[data-ck-check]');
    this.retryBtn = section.querySelector('[data-ck-retry]');
    this.announcer = document.createElement('p');
    this.announcer.className = 'ck-visually-hidden';
    this.announcer.setAttribute('aria-live', 'polite');
    this.form.appendChild(this.announcer);
    this.result.setAttribute('tabindex', '-1');
    this.confirmBox = section.querySelector('[data-ck-confirm]');
    var self = this;
    this.form.addEventListener('submit', function (ev) { ev.preventDefault(); self.submit(); });
    if (this.confirmBox) this.wireConfirm();
    this.retryBtn.addEventListener('click', function () { self.retry(); });
    var st = load(this.id);
    this.adopt(this.valid(st) ? st : this.newAttempt(st && typeof st.attempts === 'number' ? st.attempts : 0));
  }

  Quiz.prototype.specOf = function (q) { return this.spec.slots[q.slot][q.variant]; };

  Quiz.prototype.valid = function (st) {
    if (!st || !Array.isArray(st.questions) || !st.questions.length) return false;
    for (var i = 0; i < st.questions.length; i++) {
      var q = st.questions[i];
      if (!q || !this.spec.slots[q.slot] || !this.spec.slots[q.slot][q.variant || 0]) return false;
    }
    return true;
  };

  Quiz.prototype.newAttempt = function (attempts) {
    var spec = this.spec;
    var slots = range(spec.slots.length);
    var drawn = spec.select != null || spec.shuffle ? shuffled(slots) : slots;
    if (spec.select != null) drawn = drawn.slice(0, spec.select);
    if (!spec.shuffle) drawn.sort(function (a, b) { return a - b; });
    var questions = drawn.map(function (s) {
      var variant = Math.floor(Math.random() * spec.slots[s].length);
      var q = { slot: s, variant: variant, answer: null };
      var order = displayOrder(spec.slots[s][variant]);
      if (order) q.order = order;
      return q;
    });
    return { questions: questions, submitted: false, attempts: attempts || 0 };
  };

  // Take a state (saved, restored from a host, or new) and draw it.
  Quiz.prototype.adopt = function (st) {
    for (var i = 0; i < st.questions.length; i++) {
      var q = st.questions[i];
      q.variant = q.variant || 0;
      var spec = this.specOf(q);
      if (q.order !== undefined && !isPerm(q.order, orderLength(spec))) delete q.order;
      if (q.order === undefined) {
        // A host may keep no display order: an ordering answer is one; else draw anew.
        if (spec.type === 'ordering' && isPerm(q.answer, spec.n)) q.order = q.answer.slice();
        else { var o = displayOrder(spec); if (o) q.order = o; }
      }
    }
    this.state = st;
    this.started = Date.now();
    this.draw();
    if (st.submitted) {
      // The score follows from the answers: a host's state may carry none (or an old one), and
      // the sidebar and home page read the saved score, so they must say what this page says.
      var ev = this.evaluate();
      st.score = ev.score;
      st.max = ev.max;
      this.showResults(ev, false);
    } else this.clearResults();
  };

  Quiz.prototype.draw = function () {
    var self = this;
    this.list.textContent = '';
    this.items = [];
    var total = this.state.questions.length;
    this.state.questions.forEach(function (q, k) {
      var tpl = self.section.querySelector('template[data-ck-template="' + q.slot + '-' + q.variant + '"]');
      var frag = document.importNode(tpl.content, true);
      var li = frag.querySelector('.ck-question');
      self.list.appendChild(frag);
      var num = li.querySelector('[data-ck-qnum]');
      if (num) num.textContent = gettext('Question %(number)s of %(count)s', { number: k + 1, count: total });
      var spec = self.specOf(q);
      self.applyOrder(li, spec, q.order);
      self.writeAnswer(li, spec, q.answer);
      self.wire(li, q, spec);
      self.items.push(li);
    });
  };

  Quiz.prototype.applyOrder = function (li, spec, order) {
    if (!order) return;
    var t = spec.type, i, parent;
    if (t === 'single_choice' || t === 'multiple_response') {
      parent = li.querySelector('[data-ck-options]');
      for (i = 0; i < order.length; i++) parent.appendChild(parent.querySelector('[data-ck-option="' + order[i] + '"]'));
    } else if (t === 'matching') {
      $all(li, 'select[data-ck-left]').forEach(function (sel) {
        for (i = 0; i < order.length; i++) sel.appendChild(sel.querySelector('option[value="' + order[i] + '"]'));
      });
    } else if (t === 'ordering') {
      parent = li.querySelector('[data-ck-order]');
      for (i = 0; i < order.length; i++) parent.appendChild(parent.querySelector('[data-ck-item="' + order[i] + '"]'));
    }
  };

  Quiz.prototype.readAnswer = function (li, spec) {
    var t = spec.type, el;
    switch (t) {
      case 'single_choice':
        el = li.querySelector('input[type=radio]:checked');
        return el ? [parseInt(el.value, 10)] : null;
      case 'multiple_response':
        var picks = $all(li, 'input[type=checkbox]:checked').map(function (e) { return parseInt(e.value, 10); });
        return picks.sort(function (a, b) { return a - b; });
      case 'true_false':
        el = li.querySelector('input[type=radio]:checked');
        return el ? el.value === 'true' : null;
      case 'numeric':
      case 'short_answer':
      case 'essay':
        el = li.querySelector('[data-ck-input]');
        return el.value === '' ? null : el.value;
      case 'matching':
        return $all(li, 'select[data-ck-left]').map(function (s) { return s.value === '' ? null : parseInt(s.value, 10); });
      case 'ordering':
        return $all(li, '[data-ck-item]').map(function (e) { return parseInt(e.getAttribute('data-ck-item'), 10); });
      case 'fill_blanks':
        return $all(li, '[data-ck-gap]').map(function (e) { return e.value; });
    }
    return null;
  };

  Quiz.prototype.writeAnswer = function (li, spec, a) {
    if (a == null) return;
    var t = spec.type;
    if (t === 'single_choice' || t === 'multiple_response') {
      $all(li, 'input[data-ck-option], input').forEach(function (e) {
        if (e.type === 'radio' || e.type === 'checkbox') e.checked = a.indexOf(parseInt(e.value, 10)) >= 0;
      });
    } else if (t === 'true_false') {
      $all(li, 'input[type=radio]').forEach(function (e) { e.checked = (e.value === 'true') === a; });
    } else if (t === 'numeric' || t === 'short_answer' || t === 'essay') {
      li.querySelector('[data-ck-input]').value = String(a);
    } else if (t === 'matching') {
      $all(li, 'select[data-ck-left]').forEach(function (s, i) { s.value = a[i] == null ? '' : String(a[i]); });
    } else if (t === 'ordering') {
      if (!isPerm(a, spec.n)) return;
      var parent = li.querySelector('[data-ck-order]');
      for (var i = 0; i < a.length; i++) parent.appendChild(parent.querySelector('[data-ck-item="' + a[i] + '"]'));
    } else if (t === 'fill_blanks') {
      $all(li, '[data-ck-gap]').forEach(function (e, i) {
        if (typeof a[i] === 'string') e.value = a[i];
      });
    }
  };

  Quiz.prototype.wire = function (li, q, spec) {
    var self = this;
    function changed() {
      if (self.state.submitted) return;
      q.answer = self.readAnswer(li, spec);
      self.persist();
    }
    li.addEventListener('change', function () {
      changed();
      // Say at once (on leaving the field) when a number will be refused; clear it when fixed.
      if (spec.type === 'numeric' && !self.state.submitted) self.showNumberMessage(li, spec, q.answer);
    });
    li.addEventListener('input', function (ev) {
      if (spec.type === 'essay') self.countWords(li);
      changed(ev);
    });
    // Option text that holds block content is a <div>, not a <label>: clicking it still picks.
    $all(li, '[data-ck-click]').forEach(function (d) {
      d.addEventListener('click', function () {
        var input = document.getElementById(d.getAttribute('data-ck-click'));
        if (input && !input.disabled) { input.click(); input.focus(); }
      });
    });
    $all(li, '[data-ck-move]').forEach(function (btn) {
      btn.addEventListener('click', function () { self.move(li, btn, q, spec); });
    });
    if (spec.type === 'essay') this.countWords(li);
  };

  Quiz.prototype.countWords = function (li) {
    var hint = li.querySelector('[data-ck-words]');
    var text = li.querySelector('[data-ck-input]').value;
    var n = text.trim() ? text.trim().split(/\s+/).length : 0;
    if (!hint.hasAttribute('data-base')) hint.setAttribute('data-base', hint.textContent);
    var base = hint.getAttribute('data-base');
    hint.textContent = (base ? base + ' ' : '') + ngettext('%(num)s word so far.', '%(num)s words so far.', n);
  };

  Quiz.prototype.move = function (li, btn, q, spec) {
    if (this.state.submitted) return;
    var item = btn.closest('[data-ck-item]');
    var parent = item.parentNode;
    var dir = parseInt(btn.getAttribute('data-ck-move'), 10);
    var items = $all(parent, '[data-ck-item]');
    var pos = items.indexOf(item);
    var to = pos + dir;
    if (to < 0 || to >= items.length) {
      this.announce(dir < 0 ? gettext('Already first.') : gettext('Already last.'));
      return;
    }
    if (dir < 0) parent.insertBefore(item, items[to]);
    else parent.insertBefore(item, items[to].nextSibling);
    btn.focus();
    // The spoken name (formulas as words), not the flattened text: every item has one
    // (exporters/html/quiz_view.py Option.name; empty only for an item without text).
    var text = item.getAttribute('data-ck-name');
    this.announce(gettext('"%(item)s" moved to position %(position)s of %(count)s.', { item: text, position: to + 1, count: items.length }));
    q.answer = this.readAnswer(li, spec);
    this.persist();
  };

  Quiz.prototype.announce = function (text) {
    var a = this.announcer;
    a.textContent = '';
    window.setTimeout(function () { a.textContent = text; }, 30);
  };

  Quiz.prototype.persist = function () { save(this.id, this.state); };

  Quiz.prototype.evaluate = function () {
    var self = this, score = 0, max = 0, ungraded = 0;
    var results = this.state.questions.map(function (q, k) {
      var spec = self.specOf(q);
      var r = S.score(spec, q.answer);
      if (r.status === 'ungraded') ungraded++;
      score += r.score;
      max += r.max;
      return { q: q, spec: spec, r: r, li: self.items[k] };
    });
    return { results: results, score: score, max: max, ungraded: ungraded };
  };

  /* ---------------------------------------------------------------- unanswered questions */

  // Whether a response counts as an answer: every gap and pair filled, some text typed, some
  // choice made. An ordering question always has an order, so it always counts.
  function answered(spec, a) {
    if (a == null) return false;
    switch (spec.type) {
      case 'multiple_response': return a.length > 0;
      case 'matching': return a.every(function (x) { return x != null; });
      case 'fill_blanks': return a.every(function (x) { return String(x).trim() !== ''; });
      case 'numeric':
      case 'short_answer':
      case 'essay': return String(a).trim() !== '';
    }
    return true;
  }

  // Question numbers (1-based, as shown) whose answer is missing or incomplete.
  Quiz.prototype.unanswered = function () {
    var self = this, out = [];
    this.state.questions.forEach(function (q, k) {
      var spec = self.specOf(q);
      if (!answered(spec, self.readAnswer(self.items[k], spec))) out.push(k + 1);
    });
    return out;
  };

  function listed(numbers) {
    var n = numbers.length;
    var text = n === 1 ? String(numbers[0])
      : gettext('%(list)s and %(last)s', { list: numbers.slice(0, -1).join(', '), last: numbers[n - 1] });
    return ngettext('question %(numbers)s', 'questions %(numbers)s', n, { numbers: text });
  }

  // The Check button: straight to the check, or first the confirmation (a native modal dialog:
  // focus moves into it and stays there, Escape cancels; no dialog support: window.confirm).
  Quiz.prototype.submit = function () {
    if (this.state.submitted) return;
    // A number that would be refused is said first: it is typed, so not missing, and the
    // confirmation would only delay the message.
    var self = this;
    this.state.questions.forEach(function (q, k) { q.answer = self.readAnswer(self.items[k], self.specOf(q)); });
    if (!this.numbersReadable()) return;
    var missing = this.unanswered();
    if (!missing.length) { this.check(); return; }
    var text = gettext('Not answered yet: %(questions)s. Questions without an answer score no points.',
      { questions: listed(missing) });
    var box = this.confirmBox;
    if (!box || typeof box.showModal !== 'function') {
      if (window.confirm(text + ' ' + gettext('Check anyway?'))) this.check();
      return;
    }
    this.missing = missing;
    box.querySelector('[data-ck-confirm-text]').textContent = text;
    box.returnValue = '';
    box.showModal();
    box.querySelector('[data-ck-confirm-no]').focus(); // the safe choice
  };

  Quiz.prototype.wireConfirm = function () {
    var self = this, box = this.confirmBox;
    // "Check anyway" checks at once (the dialog's close event comes a task later).
    box.querySelector('[data-ck-confirm-yes]').addEventListener('click', function () { box.close('check'); self.check(); });
    box.querySelector('[data-ck-confirm-no]').addEventListener('click', function () { box.close('back'); });
    box.addEventListener('close', function () {
      if (box.returnValue === 'check') return;
      // Back to the first question that needs an answer.
      var li = self.items[(self.missing || [1])[0] - 1];
      var control = li && li.querySelector('input, select, textarea, button');
      if (control) control.focus();
    });
  };

  Quiz.prototype.check = function () {
    if (this.state.submitted) return;
    var self = this;
    this.state.questions.forEach(function (q, k) {
      var spec = self.specOf(q);
      q.answer = self.readAnswer(self.items[k], spec);
    });
    if (!this.numbersReadable()) return;
    var ev = this.evaluate();
    var st = this.state;
    st.submitted = true;
    st.attempts = (st.attempts || 0) + 1;
    st.score = ev.score;
    st.max = ev.max;
    this.persist();
    this.showResults(ev, true);
    var latency = Date.now() - this.started;
    var passed = ev.max > 0 && ev.score / ev.max >= this.spec.pass - 1e-9;
    var result = {
      quiz: this.id, score: ev.score, max: ev.max, passed: passed, passingScore: this.spec.pass,
      attempt: st.attempts, latency: latency,
      questions: ev.results.map(function (x) {
        var out = { id: x.spec.id, slot: x.q.slot, variant: x.q.variant, type: x.spec.type, kind: x.spec.type,
          response: copy(x.q.answer), status: x.r.status, latency: latency };
        if (x.r.status !== 'ungraded') { out.score = x.r.score; out.max = x.r.max; }
        return out;
      })
    };
    listeners.slice().forEach(function (cb) {
      try { cb(copy(result)); } catch (e) { if (window.console) console.warn('coursekit: onQuizChecked listener failed', e); }
    });
    try { document.dispatchEvent(new CustomEvent('coursekit:quizchecked', { detail: copy(result) })); } catch (e) { /* old browser */ }
    showSidebarStatus();
  };

  Quiz.prototype.clearResults = function () {
    this.result.textContent = '';
    this.result.className = 'ck-quiz-result';
    this.checkBtn.hidden = false;
    this.retryBtn.hidden = true;
  };

  /* A numeric answer that is no number in the course's language (2,505 in English, 1.000,5
   * in German) is refused before scoring, with the reason in the learner's language: a
   * thousands separator is never guessed to be one. */
  Quiz.prototype.numberMessage = function (answer, spec) {
    var problem = S.numberProblem(answer, spec.decimal);
    if (!problem) return '';
    var values = { answer: String(answer).trim(), example: '1234' + L.decimal + '5' };
    if (problem === 'syntax') return gettext('"%(answer)s" is not a number: write it with digits, for example %(example)s.', values);
    return L.decimal === '.'
      ? gettext('"%(answer)s" is not accepted: use a point for decimals and no thousands separators, for example %(example)s.', values)
      : gettext('"%(answer)s" is not accepted: use a comma or a point for decimals and no thousands separators, for example %(example)s.', values);
  };

  Quiz.prototype.showNumberMessage = function (li, spec, answer) {
    var input = li.querySelector('[data-ck-input]');
    var id = input.id + '-error';
    var box = document.getElementById(id);
    var message = this.numberMessage(answer, spec);
    if (!message) {
      if (box) box.parentNode.removeChild(box);
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') || '').replace(id, '').trim());
      if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
      return false;
    }
    if (!box) {
      box = document.createElement('p');
      box.id = id;
      box.className = 'ck-input-error';
      box.setAttribute('data-ck-input-error', '');
      input.closest('.ck-answer-line').insertAdjacentElement('afterend', box);
      input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + id).trim());
    }
    box.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    return true;
  };

  // False (and every refused answer marked, the first focused) when a numeric answer is no number.
  Quiz.prototype.numbersReadable = function () {
    var self = this, bad = [];
    this.state.questions.forEach(function (q, k) {
      var spec = self.specOf(q);
      if (spec.type === 'numeric' && self.showNumberMessage(self.items[k], spec, q.answer)) bad.push(self.items[k]);
    });
    if (!bad.length) return true;
    this.result.className = 'ck-quiz-result ck-failed';
    this.result.textContent = ngettext('%(num)s answer is not a number yet: correct it, then check again.',
      '%(num)s answers are not numbers yet: correct them, then check again.', bad.length);
    bad[0].querySelector('[data-ck-input]').focus();
    return false;
  };

  function statusText(status) {
    if (status === 'correct') return gettext('Correct');
    if (status === 'partial') return gettext('Partly correct');
    if (status === 'incorrect') return gettext('Incorrect');
    return gettext('Submitted');
  }

  function hasPassed(ev, pass) { return ev.max > 0 && ev.score / ev.max >= pass - 1e-9; }

  // Whether this checked attempt shows correct answers (show_answers). A quiz with nothing scored
  // automatically (only essays) has no pass to wait for: after_pass shows them once submitted.
  Quiz.prototype.reveals = function (ev) {
    var mode = this.spec.show || 'always';
    if (mode === 'never') return false;
    if (mode === 'after_pass') return ev.max === 0 || hasPassed(ev, this.spec.pass);
    return true;
  };

  Quiz.prototype.showResults = function (ev, moveFocus) {
    var self = this;
    var reveal = this.reveals(ev);
    ev.results.forEach(function (x) { self.showQuestion(x.li, x.spec, x.q, x.r, reveal); });
    $all(this.form, 'input, select, textarea, [data-ck-move]').forEach(function (e) { e.disabled = true; });
    var text;
    if (ev.max > 0) {
      var passed = hasPassed(ev, this.spec.pass);
      var values = { score: fmt(ev.score), max: fmt(ev.max), percent: L.percent(ev.score / ev.max), needed: L.percent(this.spec.pass) };
      text = ngettext('You scored %(score)s of %(max)s point (%(percent)s).', 'You scored %(score)s of %(max)s points (%(percent)s).', ev.max, values) +
        ' ' + (passed ? gettext('Passed: %(needed)s needed.', values) : gettext('Not passed yet: %(needed)s needed.', values));
      this.result.className = 'ck-quiz-result ' + (passed ? 'ck-passed' : 'ck-failed');
    } else {
      text = gettext('Your answers are saved. Nothing in this quiz is scored automatically.');
      this.result.className = 'ck-quiz-result ck-ungraded';
    }
    if (ev.ungraded && ev.max > 0) {
      text += ' ' + ngettext('%(num)s written answer is not scored automatically.', '%(num)s written answers are not scored automatically.', ev.ungraded);
    }
    this.result.textContent = text;
    this.announceAnswers(ev, reveal);
    this.checkBtn.hidden = true;
    this.retryBtn.hidden = false;
    if (moveFocus) this.result.focus();
  };

  // Correct answers of the questions not answered fully right: a block under each question, and
  // in the result's live region (read when it takes focus) one sentence per question, formulas
  // as words. after_pass before a pass only says that they will come.
  Quiz.prototype.announceAnswers = function (ev, reveal) {
    var mode = this.spec.show || 'always';
    if (!reveal) {
      if (mode === 'after_pass') this.result.appendChild(document.createTextNode(' ' + gettext('Correct answers are shown after a passing attempt.')));
      return;
    }
    if (!A) return;
    var spoken = [];
    ev.results.forEach(function (x, k) {
      if (x.r.status !== 'incorrect' && x.r.status !== 'partial') return;
      var said = A.show(x.li, x.spec);
      if (said != null) spoken.push(gettext('Question %(number)s: %(answer)s.', { number: k + 1, answer: said }));
    });
    if (!spoken.length) return;
    var n = spoken.length;
    this.result.appendChild(document.createTextNode(' ' + ngettext(
      'The correct answer is shown below the question not answered fully right.',
      'The correct answer is shown below each of the %(num)s questions not answered fully right.', n)));
    var words = document.createElement('span');
    words.className = 'ck-visually-hidden';
    words.textContent = ' ' + spoken.join(' ');
    this.result.appendChild(words);
  };

  Quiz.prototype.showQuestion = function (li, spec, q, r, reveal) {
    $all(li, '[data-ck-fb]').forEach(function (e) {
      var key = e.getAttribute('data-ck-fb');
      // An essay's model answer is its correct answer: shown only when answers are.
      e.hidden = r.feedback.indexOf(key) < 0 || (key === 'model' && !reveal);
    });
    var line = li.querySelector('[data-ck-q-result]');
    line.hidden = false;
    line.className = 'ck-q-result ck-' + r.status;
    line.textContent = r.status === 'ungraded'
      ? gettext('Submitted. Not scored automatically: compare your answer with the model answer, if there is one.')
      : ngettext('%(status)s: %(score)s of %(max)s point.', '%(status)s: %(score)s of %(max)s points.', r.max,
        { status: statusText(r.status), score: fmt(r.score), max: fmt(r.max) });
    li.className = li.className.replace(/\sck-(correct|partial|incorrect|ungraded)\b/g, '') + ' ck-' + r.status;
    function mark(el, ok) {
      if (!el) return;
      el.className = 'ck-mark ' + (ok ? 'ck-right' : 'ck-wrong');
      el.textContent = ok ? '\u2713 ' + gettext('right') : '\u2717 ' + gettext('wrong');
    }
    var t = spec.type;
    if (t === 'single_choice' || t === 'multiple_response' || t === 'true_false') {
      $all(li, '.ck-option').forEach(function (opt) {
        var input = opt.querySelector('input');
        if (!input.checked) return;
        var ok = t === 'true_false' ? (input.value === 'true') === spec.correct : spec.correct.indexOf(parseInt(input.value, 10)) >= 0;
        mark(opt.querySelector('[data-ck-mark]'), ok);
      });
    } else if (t === 'numeric' || t === 'short_answer') {
      if (q.answer != null) mark(li.querySelector('[data-ck-mark]'), r.status !== 'incorrect');
    } else if (t === 'matching' || t === 'fill_blanks') {
      r.parts.forEach(function (ok, i) { mark(li.querySelector('[data-ck-part="' + i + '"]'), ok); });
    } else if (t === 'ordering') {
      var items = $all(li, '[data-ck-item]');
      r.parts.forEach(function (ok, i) { if (items[i]) mark(items[i].querySelector('[data-ck-mark]'), ok); });
    }
  };

  Quiz.prototype.retry = function () {
    var attempts = this.state.attempts || 0;
    this.adopt(this.newAttempt(attempts));
    this.persist();
    showSidebarStatus(); // the new attempt is not taken yet: the last check's status is gone
    $all(this.form, 'input, select, textarea, [data-ck-move]').forEach(function (e) { e.disabled = false; });
    var first = this.list.querySelector('input, select, textarea, button');
    if (first) first.focus();
  };

  /* ------------------------------------------------------------------ home-page progress */

  function showProgress() {
    var meta = DATA.progress || {};
    $all(document, '[data-ck-progress]').forEach(function (el) {
      var id = el.getAttribute('data-ck-progress');
      var st = load(id);
      var title = (meta[id] && meta[id].title) || id;
      if (!st || !Array.isArray(st.questions)) return;
      if (st.submitted && st.max > 0) {
        var passed = st.score / st.max >= ((meta[id] && meta[id].pass) || 0) - 1e-9;
        var values = { quiz: title, score: fmt(st.score), max: fmt(st.max) };
        el.textContent = passed
          ? ngettext('%(quiz)s: %(score)s of %(max)s point, passed', '%(quiz)s: %(score)s of %(max)s points, passed', st.max, values)
          : ngettext('%(quiz)s: %(score)s of %(max)s point, not passed yet', '%(quiz)s: %(score)s of %(max)s points, not passed yet', st.max, values);
        el.className = 'ck-progress-item ' + (passed ? 'ck-passed' : 'ck-failed');
      } else if (st.submitted) {
        el.textContent = gettext('%(quiz)s: submitted', { quiz: title });
      } else if (st.questions.some(function (q) { return q.answer != null; })) {
        el.textContent = gettext('%(quiz)s: in progress', { quiz: title });
      }
    });
  }

  /* ------------------------------------------------------------------ sidebar status */

  // A quiz's status from its saved state (localStorage, or the LMS's runtime state when a SCORM
  // host set CourseKit.storage): 'passed', 'failed', 'progress', 'none', or null when this page
  // cannot know (CourseKit.quizKnown, set by a host, says no: another SCO's quiz).
  function quizStatus(id, pass) {
    if (typeof CK.quizKnown === 'function' && !CK.quizKnown(id)) return null;
    var st = load(id);
    if (!st || !Array.isArray(st.questions)) return 'none';
    if (st.submitted) {
      if (!(st.max > 0)) return 'passed'; // only essays: submitted is all the site can know
      return st.score / st.max >= pass - 1e-9 ? 'passed' : 'failed';
    }
    return st.questions.some(function (q) { return q.answer != null; }) ? 'progress' : 'none';
  }
  CK.quizStatus = quizStatus;

  function showSidebarStatus() {
    $all(document, '[data-ck-side-quizzes]').forEach(function (li) {
      var el = li.querySelector('[data-ck-side-status]');
      var quizzes = (li.getAttribute('data-ck-side-quizzes') || '').split(' ').filter(Boolean);
      if (!el || !quizzes.length) return;
      var states = quizzes.map(function (q) {
        var i = q.lastIndexOf(':');
        return quizStatus(q.slice(0, i), parseFloat(q.slice(i + 1)));
      }).filter(function (x) { return x !== null; });
      if (!states.length) { el.textContent = ''; el.className = 'ck-side-status'; return; }
      var count = function (v) { return states.filter(function (x) { return x === v; }).length; };
      var text, cls = '';
      if (count('passed') === states.length) { text = '\u2713 ' + gettext('Quiz passed'); cls = ' ck-passed'; }
      else if (count('passed') > 0) {
        text = ngettext('%(passed)s of %(num)s quiz passed', '%(passed)s of %(num)s quizzes passed', states.length,
          { passed: count('passed') });
      }
      else if (count('failed') > 0) { text = gettext('Quiz not passed yet'); cls = ' ck-failed'; }
      else if (count('progress') > 0) text = gettext('Quiz in progress');
      else text = gettext('Quiz not taken yet');
      if (states.length > 1 && count('passed') === states.length) text = '\u2713 ' + gettext('All quizzes passed');
      el.textContent = text;
      el.className = 'ck-side-status' + cls;
    });
  }

  /* ------------------------------------------------------------------ public API */

  CK.onQuizChecked = function (cb) {
    listeners.push(cb);
    return function () { var i = listeners.indexOf(cb); if (i >= 0) listeners.splice(i, 1); };
  };
  CK.quizIds = function () { return Object.keys(controllers); };
  CK.spec = function (quizId) { return copy(DATA.quizzes[quizId]); };
  CK.getState = function (quizId) {
    if (quizId !== undefined) return controllers[quizId] ? copy(controllers[quizId].state) : null;
    var out = {};
    for (var id in controllers) if (Object.prototype.hasOwnProperty.call(controllers, id)) out[id] = copy(controllers[id].state);
    return out;
  };
  CK.setState = function (quizId, st) {
    var c = controllers[quizId];
    if (!c || !c.valid(st)) return false;
    $all(c.form, 'input, select, textarea, [data-ck-move]').forEach(function (e) { e.disabled = false; });
    c.adopt(copy(st));
    c.persist();
    showSidebarStatus(); // the adopted state's status, not the one before it
    return true;
  };
  CK.reset = function (quizId) { if (controllers[quizId]) controllers[quizId].retry(); };
  CK.scoring = S;
  CK.l10n = L;

  function init() {
    $all(document, 'section[data-ck-quiz]').forEach(function (section) {
      var id = section.getAttribute('data-ck-quiz');
      if (DATA.quizzes[id]) controllers[id] = new Quiz(section);
    });
    showProgress();
    showSidebarStatus();
    try { document.dispatchEvent(new CustomEvent('coursekit:ready')); } catch (e) { /* old browser */ }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
