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
 *   CourseKitScoring.parseNumber(text) -> number or null
 *
 * Responses: see coursekit/scoring.py (choice indices, bool, strings, index lists).
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

  function parseNumber(text) {
    if (typeof text === 'number') return isFinite(text) ? text : null;
    if (typeof text !== 'string') return null;
    var s = text.replace(TRIM, '');
    return NUMBER.test(s) ? parseFloat(s) : null;
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
      var value = parseNumber(response);
      s = value !== null && numericCorrect(value, spec.correct, spec.tolerance) ? points : 0;
    } else if (t === 'short_answer') {
      var best = 0, bestI = -1;
      if (typeof response === 'string') {
        var mine = normalize(response, spec.case);
        for (i = 0; i < spec.answers.length; i++) {
          if (normalize(spec.answers[i][0], spec.case) === mine && spec.answers[i][1] > best) {
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

  var api = { score: score, normalize: normalize, parseNumber: parseNumber, casefold: casefold };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.CourseKitScoring = api;
})(typeof window !== 'undefined' ? window : this);
