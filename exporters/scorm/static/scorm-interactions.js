/* coursekit SCORM interactions: the cmi.interactions.n elements for one answered question.
 *
 * window.CourseKitScormInteractions(version, types, decimal) -> {
 *   elements(n, spec, q, detail, now)  [[element, value, interactionType], ...] in the order to set
 *   learnerResponse(spec, answer)      the response in the version's syntax ('' when none)
 * }
 * decimal is the course language's decimal separator when it is not '.' (scorm-data.js): numeric
 * answers are read by the quiz's scorer (static/scoring.js, which the launch page loads first).
 * spec is the question's entry in scorm-data.js (exporters/scorm/interactions.py), q the quiz
 * engine's result for it ({response, score, max, latency}); detail 'full' writes every element,
 * 'short' only id, type, learner response and result (what LMS reports list), for SCOs whose
 * questions would not otherwise fit what an LMS carries in one request (see scorm-runtime.js).
 *
 * Every value is checked against its SCORM type (scorm-types.js). What does not fit its type is
 * recorded as text instead of being refused: a numeric answer outside real(10,7) (e.g. 786432,
 * 1e-12) becomes 'fill-in' with the learner's text; a response or pattern that a typed
 * interaction cannot hold becomes 'fill-in' (1.2) or 'long-fill-in' (2004) text.
 */
(function () {
  'use strict';

  var RESPONSE_BYTES = 1000; // a learner response's share of a request, URL-encoded
  var NODE_LIMITS = [250, 100, 40, 15, 5]; // characters per text answer, tried in turn

  window.CourseKitScormInteractions = function (version, T, decimal) {
    var V12 = version === '1.2';
    var SEP = V12 ? ',' : '[,]';
    var S = window.CourseKitScoring; // the quiz engine's scorer: numbers and white space as it reads them

    function pad(n, width) {
      var s = String(n);
      while (s.length < width) s = '0' + s;
      return s;
    }

    // One line of text for the data model: no line breaks, never a leading '{' (a delimiter).
    function oneLine(text, limit) {
      var s = String(text == null ? '' : text).replace(/\s+/g, ' ').replace(/^\s+|\s+$/g, '');
      if (s.charAt(0) === '{') s = '(' + s.slice(1);
      return s.length > limit ? s.slice(0, limit).replace(/\s+$/, '') : s;
    }

    // A text node of a 2004 fill-in list: the list delimiter may not appear inside it.
    function node(text, limit) {
      return oneLine(text, limit).split('[,]').join('[ ,]');
    }

    // A numeric answer as the scorer read it (parseNumber: its syntax and decimal mark, and Python's
    // white space around it, U+001C-U+001F and U+0085 included), in plain decimal; null when it read
    // no number or no plain decimal holds it.
    function number(a) {
      return T.plain(S.parseNumber(a, decimal));
    }

    // The learner's response in this version's syntax, text answers at most `limit` characters each.
    function respond(spec, a, limit) {
      if (a == null) return '';
      var i, parts = [];
      switch (spec.kind) {
        case 'single_choice':
        case 'multiple_response':
          for (i = 0; i < a.length; i++) if (spec.ids[a[i]] !== undefined) parts.push(spec.ids[a[i]]);
          return parts.join(SEP);
        case 'true_false':
          if (a !== true && a !== false) return '';
          return V12 ? (a ? 't' : 'f') : (a ? 'true' : 'false');
        case 'numeric':
          return number(a) || '';
        case 'short_answer':
          return V12 ? oneLine(a, Math.min(limit, 255)) : node(a, limit);
        case 'essay':
          return oneLine(a, V12 ? Math.min(limit, 255) : limit * 16);
        case 'matching':
          for (i = 0; i < a.length; i++) {
            if (a[i] != null && a[i] >= 0 && spec.rights[a[i]] !== undefined) {
              parts.push(spec.lefts[i] + (V12 ? '.' : '[.]') + spec.rights[a[i]]);
            }
          }
          return parts.join(SEP);
        case 'ordering':
          for (i = 0; i < a.length; i++) if (spec.ids[a[i]] !== undefined) parts.push(spec.ids[a[i]]);
          return parts.length === spec.ids.length ? parts.join(SEP) : '';
        case 'fill_blanks':
          if (!V12 && spec.type2004 === 'long-fill-in') {
            for (i = 0; i < a.length; i++) parts.push(oneLine(a[i], limit));
            if (!/\S/.test(parts.join(''))) return ''; // every gap empty: no response
            return oneLine(parts.join(' | '), 4000);
          }
          for (i = 0; i < a.length; i++) parts.push(V12 ? oneLine(a[i], limit).split(',').join(' ') : node(a[i], limit));
          var joined = parts.join(SEP);
          if (!/\S/.test(parts.join(''))) return '';
          return V12 ? oneLine(joined, 255) : joined;
      }
      return '';
    }

    // The longest form of the response whose URL-encoded size stays within RESPONSE_BYTES.
    function learnerResponse(spec, a) {
      var out = '';
      for (var k = 0; k < NODE_LIMITS.length; k++) {
        out = respond(spec, a, NODE_LIMITS[k]);
        if (encodeURIComponent(out).length <= RESPONSE_BYTES) return out;
      }
      return out.slice(0, 20);
    }

    function rawText(a) {
      return oneLine(Object.prototype.toString.call(a) === '[object Array]' ? a.join(', ') : a, V12 ? 255 : 250);
    }

    // {type, patterns, response}: the typed form when every value fits its type, else text.
    function typed(spec, q) {
      var type = V12 ? spec.type12 : spec.type2004;
      var patterns = (V12 ? spec.correct12 : spec.correct2004).slice();
      var response = learnerResponse(spec, q.response);
      if (spec.kind === 'numeric') {
        var hasText = q.response != null && S.normalize(String(q.response), true) !== ''; // the scorer's white space
        var fits = patterns.length > 0 && (!hasText || (response !== '' && T.fitsNumber(response)));
        if (!fits) {
          return {
            type: 'fill-in',
            patterns: spec.numtext == null ? [] : [V12 ? oneLine(spec.numtext, 255) : node(spec.numtext, 250)],
            response: hasText ? (V12 ? rawText(q.response) : node(q.response, 250)) : ''
          };
        }
      }
      var ok = response === '' || T.fitsResponse(type, response);
      for (var i = 0; ok && i < patterns.length; i++) ok = T.fitsPattern(type, patterns[i]);
      if (ok) return { type: type, patterns: patterns, response: response };
      // A typed interaction cannot hold it (e.g. more than 36 choices in 1.2): keep it as text.
      // 2004 text lists are joined with ' | ', as the exporter writes a long-fill-in pattern
      // (interactions.py): LMSs such as scorm-again refuse a long-fill-in pattern with a comma.
      var textType = V12 ? 'fill-in' : 'long-fill-in';
      var limit = V12 ? 255 : 4000;
      var texts = [];
      for (i = 0; i < patterns.length; i++) {
        var p = oneLine(V12 ? patterns[i] : patterns[i].split('[,]').join(' | '), limit);
        if (T.fitsPattern(textType, p)) texts.push(p);
      }
      response = oneLine(V12 ? response : response.split('[,]').join(' | '), limit);
      return { type: textType, patterns: V12 ? texts : texts.slice(0, 1), response: T.fitsResponse(textType, response) ? response : '' };
    }

    function resultWord(q) {
      if (q.kind === 'essay' || q.max == null) return 'neutral';
      if (q.score >= q.max - 1e-9) return 'correct';
      if (q.score <= 1e-9) return V12 ? 'wrong' : 'incorrect';
      return T.plain(Math.round(q.score * 10000) / 10000); // partial credit: the points earned
    }

    // Session time and latency: 1.2 CMITimespan HHHH:MM:SS.SS, 2004 ISO 8601 duration PT#H#M#S.
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

    function elements(n, spec, q, detail, now) {
      var p = 'cmi.interactions.' + n + '.';
      var rec = typed(spec, q);
      var full = detail === 'full';
      var out = [[p + 'id', spec.id], [p + 'type', rec.type]];
      if (full) {
        out.push([p + (V12 ? 'time' : 'timestamp'), timestamp(now)]);
        var w = V12 ? spec.weighting12 : spec.weighting2004;
        if (w != null) out.push([p + 'weighting', w]);
      }
      if (detail !== 'short') {
        for (var i = 0; i < rec.patterns.length; i++) out.push([p + 'correct_responses.' + i + '.pattern', rec.patterns[i]]);
      }
      if (rec.response !== '') out.push([p + (V12 ? 'student_response' : 'learner_response'), rec.response]);
      var result = resultWord(q);
      if (result != null && T.valid(p + 'result', result)) out.push([p + 'result', result]);
      if (full && q.latency != null && q.latency >= 0) out.push([p + 'latency', timespan(q.latency)]);
      if (full && !V12 && spec.description) out.push([p + 'description', spec.description]);
      for (var k = 0; k < out.length; k++) out[k].push(rec.type);
      return out;
    }

    return { elements: elements, learnerResponse: learnerResponse, timespan: timespan, oneLine: oneLine };
  };
})();
