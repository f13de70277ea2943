/* coursekit scoring: interprets the scoring specification written by coursekit.scoring.
 *
 * One implementation for the HTML site and the SCORM packages; coursekit/scoring.py is its
 * Python twin and the tests require both to agree on a table of responses for every type.
 * No dependencies, no DOM: works in browsers and in node (module.exports).
 *
 *   CourseKitScoring.score(spec, response) -> {score, max, status, feedback, parts}
 *     status   'correct' | 'partial' | 'incorrect' | 'ungraded' (essays: score 0, max 0)
 *     feedback the feedback keys to show ('general', 'correct', 'incorrect', 'choice:i',
 *              'answer:i', 'model'), only those the question has (spec.fb)
 *     parts    per gap / pair / position: right (true) or not
 *   CourseKitScoring.normalize(text, caseSensitive) -> comparison form of a typed answer
 *   CourseKitScoring.parseNumber(text, decimal) -> number or null ('.' always, and `decimal`,
 *            the course language's separator, in its place; one decimal mark at most)
 *   CourseKitScoring.numberProblem(text, decimal) -> null (a number, or empty), 'separators'
 *            (digits with thousands separators or two decimal marks: refused, never guessed)
 *            or 'syntax' (not a number at all); quiz.js says which to the learner
 *
 * Responses: see coursekit/scoring.py (choice indices, bool, strings, index lists).
 *
 * This file also defines CourseKitL10n, the page scripts' messages and number formats in the
 * course's language (coursekit/i18n): like scoring, it is DOM-free, runs in node for the
 * tests, and is needed by every page, which loads this file first.
 */
(function (root) {
  'use strict';

  // Python's str.split() white space (str.isspace), so trimming and collapsing match.
  var WS = /[\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var TRIM = /^[\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  var NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

  // Python's str.casefold (full Unicode case folding), approximated per code point by
  // lower -> upper -> lower (so 'ß' and 'ẞ' become 'ss', 'ς' 'σ'); per code point, because
  // toLowerCase on a whole string applies the final-sigma rule that casefold does not.
  function casefold(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      var code = s.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) { c = s.slice(i, i + 2); i++; }
      if (c === '\u0131') { out += c; continue; } // dotless i: casefold keeps it
      var f = c.toLowerCase().toUpperCase().toLowerCase();
      // Cherokee folds to its capital letters.
      var k = f.length === 1 ? f.charCodeAt(0) : 0;
      if (k >= 0xab70 && k <= 0xabbf) f = String.fromCharCode(k - 0x97d0);
      else if (k >= 0x13f8 && k <= 0x13fd) f = String.fromCharCode(k - 8);
      out += f;
    }
    return out;
  }

  function normalize(text, caseSensitive) {
    var s = String(text).normalize('NFC').replace(WS, ' ');
    if (s.charAt(0) === ' ') s = s.slice(1);
    if (s.charAt(s.length - 1) === ' ') s = s.slice(0, -1);
    return caseSensitive ? s : casefold(s);
  }

  function parseNumber(text, decimal) {
    if (typeof text === 'number') return isFinite(text) ? text : null;
    if (typeof text !== 'string') return null;
    var s = text.replace(TRIM, '');
    if (decimal && decimal !== '.' && s.indexOf(decimal) >= 0 && s.indexOf('.') < 0 &&
        s.split(decimal).length === 2) s = s.replace(decimal, '.');
    return NUMBER.test(s) ? parseFloat(s) : null;
  }

  // Digits grouped by separators (1,000 / 1.000,5 / 1 000 / 1'000) or with two decimal marks.
  var SEPARATED = /^[+-]?[0-9]*(?:[.,\u0020\u00a0\u202f'\u2019\u066b\u066c][0-9]+)+(?:[eE][+-]?[0-9]+)?$/;

  function numberProblem(text, decimal) {
    if (text == null) return null;
    var s = String(text).replace(TRIM, '');
    if (s === '' || parseNumber(s, decimal) !== null) return null;
    return SEPARATED.test(s) ? 'separators' : 'syntax';
  }

  function numericCorrect(value, answer, tolerance) {
    return Math.abs(value - answer) <= tolerance + 1e-9 * Math.max(Math.abs(answer), tolerance);
  }

  function isInt(x) { return typeof x === 'number' && Math.floor(x) === x; }

  function indices(response, n) {
    var out = [];
    if (!Array.isArray(response)) return out;
    for (var i = 0; i < response.length; i++) {
      var r = response[i];
      if (isInt(r) && r >= 0 && r < n && out.indexOf(r) < 0) out.push(r);
    }
    return out;
  }

  function countScore(points, good, n, scoring) {
    if (scoring === 'partial') return points * good / n;
    return good === n ? points : 0;
  }

  function score(spec, response) {
    var t = spec.type, points = spec.points, scoring = spec.scoring;
    var keys = spec.fb || [];
    var extra = [], parts = [], s = 0, i;
    if (t === 'essay') {
      return { score: 0, max: 0, status: 'ungraded', feedback: ['general', 'model'].filter(function (k) { return keys.indexOf(k) >= 0; }), parts: [] };
    }
    if (t === 'single_choice' || t === 'multiple_response') {
      var picks = indices(response, spec.n);
      var sorted = picks.slice().sort(function (a, b) { return a - b; });
      for (i = 0; i < sorted.length; i++) extra.push('choice:' + sorted[i]);
      var good = 0;
      for (i = 0; i < picks.length; i++) if (spec.correct.indexOf(picks[i]) >= 0) good++;
      if (t === 'single_choice') {
        s = picks.length === 1 && good === 1 ? points : 0;
      } else if (scoring === 'partial') {
        var frac = (good - (picks.length - good)) / spec.correct.length;
        s = Math.max(0, frac) * points;
      } else {
        s = good === spec.correct.length && picks.length === good ? points : 0;
      }
    } else if (t === 'true_false') {
      s = typeof response === 'boolean' && response === spec.correct ? points : 0;
    } else if (t === 'numeric') {
      var value = parseNumber(response, spec.decimal);
      s = value !== null && numericCorrect(value, spec.correct, spec.tolerance) ? points : 0;
    } else if (t === 'short_answer') {
      var best = 0, bestI = -1;
      if (typeof response === 'string') {
        var mine = normalize(response, spec.case);
        // The highest-scoring match wins; a match scoring 0 still shows its feedback.
        for (i = 0; i < spec.answers.length; i++) {
          if (normalize(spec.answers[i][0], spec.case) === mine && (bestI < 0 || spec.answers[i][1] > best)) {
            best = spec.answers[i][1];
            bestI = i;
          }
        }
      }
      if (bestI >= 0) extra.push('answer:' + bestI);
      s = best * points;
    } else if (t === 'matching') {
      var given = Array.isArray(response) ? response : [];
      var n = 0;
      for (i = 0; i < spec.n; i++) {
        var ok = i < given.length && isInt(given[i]) && given[i] === spec.correct[i];
        parts.push(ok);
        if (ok) n++;
      }
      s = countScore(points, n, spec.n, scoring);
    } else if (t === 'ordering') {
      var order = Array.isArray(response) ? response : [];
      var check = order.filter(isInt).sort(function (a, b) { return a - b; });
      var valid = check.length === spec.n && order.length === spec.n;
      for (i = 0; valid && i < spec.n; i++) if (check[i] !== i) valid = false;
      var right = 0;
      for (i = 0; i < spec.n; i++) {
        var at = valid && order[i] === i;
        parts.push(at);
        if (at) right++;
      }
      s = countScore(points, right, spec.n, scoring);
    } else if (t === 'fill_blanks') {
      var answers = Array.isArray(response) ? response : [];
      var hits = 0;
      for (i = 0; i < spec.gaps.length; i++) {
        var gap = spec.gaps[i];
        var text = i < answers.length && typeof answers[i] === 'string' ? answers[i] : null;
        var hit = false;
        if (text !== null && gap.correct !== undefined) {
          hit = text.replace(TRIM, '') === gap.correct;
        } else if (text !== null) {
          var norm = normalize(text, gap.case);
          for (var j = 0; j < gap.accept.length && !hit; j++) hit = normalize(gap.accept[j], gap.case) === norm;
        }
        parts.push(hit);
        if (hit) hits++;
      }
      s = countScore(points, hits, spec.gaps.length, scoring);
    } else {
      throw new Error('unknown question type ' + t);
    }
    var status = s >= points - 1e-12 ? 'correct' : s <= 0 ? 'incorrect' : 'partial';
    var fb = extra.concat([status === 'correct' ? 'correct' : 'incorrect', 'general']);
    return { score: s, max: points, status: status, feedback: fb.filter(function (k) { return keys.indexOf(k) >= 0; }), parts: parts };
  }

  /* ---------------------------------------------------------------- CourseKitL10n
   * The page's <script type="application/json" id="ck-l10n"> (coursekit/i18n/ui.py
   * browser_data): {lang, messages: {msgid: text or [forms]}, plural: tree, other: form for
   * counts that are not whole, numbers: {decimal, group, minus, percent: [prefix, suffix]}}.
   * A page without it is in plain English: the msgids are the English text.
   *   gettext(msgid, values)  ngettext(singular, plural, n, values)   values fill %(name)s
   *   number(x)  at most 2 decimals    percent(fraction)  at most 1 decimal
   *   decimal    the separator a learner may type besides '.'
   * CourseKitL10n.page() is the page's own (read from the page once), CourseKitL10n.create(data)
   * one from given data (tests).
   */
  var ENGLISH = { lang: 'en', messages: {}, plural: ['!=', 'n', 1], other: 1,
    numbers: { decimal: '.', group: ',', minus: '-', percent: ['', '%'] } };

  // The plural rule's tree (coursekit/i18n/plural.py): C integer arithmetic over n.
  function pluralIndex(tree, n) {
    if (tree === 'n') return n;
    if (typeof tree === 'number') return tree;
    var op = tree[0], a, b;
    if (op === '?') return pluralIndex(tree[1], n) ? pluralIndex(tree[2], n) : pluralIndex(tree[3], n);
    if (op === '!') return pluralIndex(tree[1], n) ? 0 : 1;
    a = pluralIndex(tree[1], n);
    b = pluralIndex(tree[2], n);
    switch (op) {
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return (a / b) < 0 ? Math.ceil(a / b) : Math.floor(a / b);
      case '%': return a % b;
    }
    throw new Error('unknown operator in plural rule: ' + op);
  }

  function interpolate(text, values) {
    return String(text).replace(/%(?:\((\w+)\)s|%)/g, function (m, name) {
      if (!name) return '%';
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  function groupDigits(digits, sep) {
    var out = '';
    while (digits.length > 3) {
      out = sep + digits.slice(-3) + out;
      digits = digits.slice(0, -3);
    }
    return digits + out;
  }

  function L10n(data) {
    data = data || ENGLISH;
    var messages = data.messages || {};
    var nums = data.numbers || ENGLISH.numbers;
    var self = this;
    this.lang = data.lang || 'en';
    this.decimal = nums.decimal.length === 1 && !/[0-9+\-eE ]/.test(nums.decimal) ? nums.decimal : '.';
    this.pluralIndex = function (n) {
      // (a rule may be the number 0, one form for every count: not "no rule")
      var rule = data.plural === undefined || data.plural === null ? ENGLISH.plural : data.plural;
      return n === Math.floor(n) ? pluralIndex(rule, n) : (data.other === undefined ? 1 : data.other);
    };
    this.gettext = function (msgid, values) {
      var t = Object.prototype.hasOwnProperty.call(messages, msgid) ? messages[msgid] : msgid;
      return interpolate(Array.isArray(t) ? t[0] : t, values);
    };
    this.ngettext = function (singular, plural, n, values) {
      var forms = Object.prototype.hasOwnProperty.call(messages, singular) ? messages[singular] : null, t;
      if (Array.isArray(forms)) t = forms[Math.min(self.pluralIndex(n), forms.length - 1)];
      else if (typeof forms === 'string') t = forms;
      else t = n === 1 ? singular : plural;
      var v = { num: n };
      for (var k in values) if (Object.prototype.hasOwnProperty.call(values, k)) v[k] = values[k];
      return interpolate(t, v);
    };
    // Math.round then the shortest decimal (String), grouped: numbers.py does the same steps.
    this.number = function (x, decimals) {
      if (decimals === undefined) decimals = 2;
      if (!isFinite(x)) return String(x);
      var scale = Math.pow(10, decimals), scaled = x * scale;
      // x itself where x * scale is infinite (above 1.8e306: a whole number already), not Infinity.
      var v = isFinite(scaled) ? Math.floor(scaled + 0.5) / scale : x;
      var s = String(Math.abs(v));
      if (/e/.test(s)) return (v < 0 ? nums.minus : '') + s;
      var parts = s.split('.');
      var out = groupDigits(parts[0], nums.group) + (parts[1] ? nums.decimal + parts[1] : '');
      return (v < 0 ? nums.minus : '') + out;
    };
    this.percent = function (fraction) {
      return nums.percent[0] + self.number(fraction * 100, 1) + nums.percent[1];
    };
  }

  var api = { score: score, normalize: normalize, parseNumber: parseNumber, numberProblem: numberProblem, casefold: casefold };
  // The page's own CourseKitL10n (its <script id="ck-l10n">, read once): what every page script
  // (quiz.js, answers.js, site.js, theme.js) asks for its words. Plain English without a page.
  var pageL10n = null;
  function page() {
    if (pageL10n) return pageL10n;
    var data = null;
    try {
      var el = typeof document !== 'undefined' && document.getElementById('ck-l10n');
      if (el) data = JSON.parse(el.textContent);
    } catch (e) { data = null; /* plain English */ }
    pageL10n = new L10n(data);
    return pageL10n;
  }

  var l10n = { create: function (data) { return new L10n(data); }, page: page };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    module.exports.L10n = l10n;
  }
  root.CourseKitScoring = api;
  root.CourseKitL10n = l10n;
})(typeof window !== 'undefined' ? window : this);
