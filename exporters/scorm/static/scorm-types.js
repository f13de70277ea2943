/* coursekit SCORM data types: every value the runtime writes is checked here before SetValue,
 * so that no call fails on any course, and sized as the LMS will send it.
 *
 * window.CourseKitScormTypes(version) -> {
 *   plain(x)             shortest round-trip plain decimal of a number ('1e-12' -> '0.000000000001'), or null
 *   fitsNumber(text)     a number the version's numeric elements accept (2004 real(10,7), 1.2 CMIDecimal)
 *   valid(element, value, interactionType)  the value fits the element's SCORM data type
 *   bytes(element, value)  what the element adds to a request of Moodle's SCORM API
 * }
 *
 * The rules are the SCORM run-time data types (1.2 RTE 3.4, 2004 RTE 4.1 and its SPM limits),
 * at their strictest where LMSs differ: 2004 real(10,7) as Moodle enforces it (at most 5 integer
 * digits) with at most 7 decimals and 10 significant digits; 1.2 CMIDecimal with at most 3
 * integer digits; 1.2 strings of 255 characters (CMIString255, CMIFeedback), identifiers of
 * [A-Za-z0-9_-]. The Python twin for values computed at build time is exporters/scorm/datatypes.py.
 */
(function () {
  'use strict';

  var PLAIN = /^-?(\d+)(?:\.(\d+))?$/;

  // Shortest round-trip text of a finite number as a plain decimal, without exponent.
  function plain(x) {
    if (typeof x !== 'number' || !isFinite(x)) return null;
    if (x === 0) return '0'; // also -0
    var s = String(x); // shortest round-trip form (ECMAScript Number::toString)
    var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
    if (!m) return s;
    var digits = m[2] + (m[3] || '');
    var exp = parseInt(m[4], 10);
    if (Math.abs(exp) > 40) return null; // 1e300: no plain form anyone wants
    var point = 1 + exp; // position of the decimal point in digits
    var out;
    if (point <= 0) out = '0.' + new Array(1 - point).join('0') + digits;
    else if (point >= digits.length) out = digits + new Array(point - digits.length + 1).join('0');
    else out = digits.slice(0, point) + '.' + digits.slice(point);
    return m[1] + out;
  }

  function fitsReal107(text) {
    var m = PLAIN.exec(String(text));
    if (!m) return false;
    var frac = m[2] || '';
    return m[1].length <= 5 && frac.length <= 7 && (m[1] + frac).replace(/^0+/, '').length <= 10;
  }

  function fitsDecimal12(text, low, high) {
    var m = PLAIN.exec(String(text));
    return !!m && m[1].length <= 3 && (low == null || (+text >= low && +text <= high));
  }

  // localized_string_type / characterstring without a {lang=} prefix: one line, not starting with '{'.
  function oneLineString(s, max) {
    return typeof s === 'string' && s.length <= max && !/[\n\r\u2028\u2029]/.test(s) && s.charAt(0) !== '{';
  }

  function nodes(value, sep) { return String(value).split(sep); }

  function allMatch(list, test, max, unique) {
    if (list.length < 1 || list.length > max) return false;
    var seen = {};
    for (var i = 0; i < list.length; i++) {
      if (!test(list[i])) return false;
      if (unique && seen['$' + list[i]]) return false;
      seen['$' + list[i]] = true;
    }
    return true;
  }

  var SHORT_ID_2004 = /^[A-Za-z0-9_.:\-()+=@;$!*'%/#]{1,250}$/;
  var SHORT_ID_12 = /^[0-9a-z]$/;

  function shortId2004(s) { return SHORT_ID_2004.test(s); }
  function pair2004(s) { var p = s.split('[.]'); return p.length === 2 && shortId2004(p[0]) && shortId2004(p[1]); }
  function pair12(s) { var p = s.split('.'); return p.length === 2 && SHORT_ID_12.test(p[0]) && SHORT_ID_12.test(p[1]); }

  // Strips the {case_matters=..}{order_matters=..} delimiters a 2004 fill-in pattern may start with.
  function stripPrefixes(s) {
    var m;
    while ((m = /^\{(case_matters|order_matters)=(true|false)\}/.exec(s))) s = s.slice(m[0].length);
    return s;
  }

  var Rules2004 = {
    response: {
      'true-false': function (v) { return v === 'true' || v === 'false'; },
      choice: function (v) { return allMatch(nodes(v, '[,]'), shortId2004, 36, true); },
      'fill-in': function (v) { return allMatch(nodes(v, '[,]'), function (n) { return n === '' || oneLineString(n, 250); }, 10); },
      'long-fill-in': function (v) { return oneLineString(v, 4000); },
      matching: function (v) { return allMatch(nodes(v, '[,]'), pair2004, 36); },
      sequencing: function (v) { return allMatch(nodes(v, '[,]'), shortId2004, 36); },
      numeric: fitsReal107
    },
    pattern: {
      'true-false': function (v) { return v === 'true' || v === 'false'; },
      choice: function (v) { return allMatch(nodes(v, '[,]'), shortId2004, 36, true); },
      'fill-in': function (v) { return allMatch(nodes(stripPrefixes(v), '[,]'), function (n) { return n === '' || oneLineString(n, 250); }, 10); },
      // a comma: scorm-again refuses it in a pattern of a type without a list delimiter
      'long-fill-in': function (v) { return oneLineString(stripPrefixes(v), 4000) && v.indexOf(',') < 0; },
      matching: function (v) { return allMatch(nodes(v, '[,]'), pair2004, 36); },
      sequencing: function (v) { return allMatch(nodes(v, '[,]'), shortId2004, 36); },
      numeric: function (v) {
        var r = nodes(v, '[:]');
        return r.length === 2 && fitsReal107(r[0]) && fitsReal107(r[1]) && +r[0] <= +r[1];
      }
    },
    element: [
      [/^cmi\.(interactions\.\d+\.(id|objectives\.\d+\.id)|objectives\.\d+\.id)$/, function (v) { return /^\S{1,4000}$/.test(v); }],
      [/^cmi\.interactions\.\d+\.type$/, function (v) { return /^(true-false|choice|fill-in|long-fill-in|matching|performance|sequencing|likert|numeric|other)$/.test(v); }],
      [/^cmi\.interactions\.\d+\.timestamp$/, function (v) { return /^(19[7-9]\d|20[0-2]\d|203[0-8])-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,2})?Z$/.test(v); }],
      [/^cmi\.(session_time|interactions\.\d+\.latency)$/, function (v) { return /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(v) && v !== 'P' && !/T$/.test(v); }],
      [/^cmi\.interactions\.\d+\.weighting$/, fitsReal107],
      [/^cmi\.interactions\.\d+\.result$/, function (v) { return /^(correct|incorrect|unanticipated|neutral)$/.test(v) || (fitsReal107(v) && /^-?\d{1,4}(\.|$)/.test(v)); }],
      [/^cmi\.interactions\.\d+\.description$/, function (v) { return oneLineString(v, 250); }],
      [/^cmi\.(score|objectives\.\d+\.score)\.scaled$/, function (v) { return fitsReal107(v) && +v >= -1 && +v <= 1; }],
      [/^cmi\.(score|objectives\.\d+\.score)\.(raw|min|max)$/, fitsReal107],
      [/^cmi\.(progress_measure|objectives\.\d+\.progress_measure)$/, function (v) { return fitsReal107(v) && +v >= 0 && +v <= 1; }],
      [/^cmi\.(completion_status|objectives\.\d+\.completion_status)$/, function (v) { return /^(completed|incomplete|not attempted|unknown)$/.test(v); }],
      [/^cmi\.(success_status|objectives\.\d+\.success_status)$/, function (v) { return /^(passed|failed|unknown)$/.test(v); }],
      [/^cmi\.exit$/, function (v) { return /^(time-out|suspend|logout|normal|)$/.test(v); }],
      [/^cmi\.location$/, function (v) { return v.length <= 1000; }],
      [/^cmi\.suspend_data$/, function (v) { return v.length <= 64000; }]
    ]
  };

  var Rules12 = {
    response: {
      'true-false': function (v) { return /^[01tf]$/.test(v); },
      choice: function (v) { return allMatch(nodes(v, ','), function (n) { return SHORT_ID_12.test(n); }, 36, true); },
      'fill-in': function (v) { return v.length <= 255 && !/[\n\r]/.test(v); },
      matching: function (v) { return allMatch(nodes(v, ','), pair12, 36); },
      sequencing: function (v) { return allMatch(nodes(v, ','), function (n) { return SHORT_ID_12.test(n); }, 36); },
      numeric: function (v) { return PLAIN.test(v) && v.length <= 255; }
    },
    element: [
      [/^cmi\.(interactions\.\d+\.(id|objectives\.\d+\.id)|objectives\.\d+\.id)$/, function (v) { return /^[A-Za-z0-9_-]{1,255}$/.test(v); }],
      [/^cmi\.interactions\.\d+\.type$/, function (v) { return /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/.test(v); }],
      [/^cmi\.interactions\.\d+\.time$/, function (v) { return /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(v); }],
      [/^cmi\.(core\.session_time|interactions\.\d+\.latency)$/, function (v) { return /^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/.test(v); }],
      [/^cmi\.interactions\.\d+\.weighting$/, function (v) { return fitsDecimal12(v, -100, 100); }],
      [/^cmi\.interactions\.\d+\.result$/, function (v) { return /^(correct|wrong|unanticipated|neutral)$/.test(v) || fitsDecimal12(v); }],
      [/^cmi\.core\.score\.(raw|min|max)$/, function (v) { return fitsDecimal12(v, 0, 100); }],
      [/^cmi\.core\.lesson_status$/, function (v) { return /^(passed|completed|failed|incomplete|browsed)$/.test(v); }],
      [/^cmi\.core\.exit$/, function (v) { return /^(time-out|suspend|logout|)$/.test(v); }],
      [/^cmi\.core\.lesson_location$/, function (v) { return v.length <= 255; }],
      [/^cmi\.suspend_data$/, function (v) { return v.length <= 4096; }]
    ]
  };

  window.CourseKitScormTypes = function (version) {
    var v12 = version === '1.2';
    var rules = v12 ? Rules12 : Rules2004;
    return {
      plain: plain,
      fitsNumber: v12 ? function (t) { return PLAIN.test(String(t)) && String(t).length <= 255; } : fitsReal107,
      fitsResponse: function (type, value) {
        var f = rules.response[type];
        return !!f && typeof value === 'string' && f(value);
      },
      fitsPattern: function (type, value) {
        var f = (rules.pattern || rules.response)[type];
        return !!f && typeof value === 'string' && f(value);
      },
      valid: function (element, value, type) {
        value = String(value);
        if (/\.(learner_response|student_response)$/.test(element)) return this.fitsResponse(type, value);
        if (/\.correct_responses\.\d+\.pattern$/.test(element)) return this.fitsPattern(type, value);
        for (var i = 0; i < rules.element.length; i++) if (rules.element[i][0].test(element)) return rules.element[i][1](value);
        return false; // an element this runtime does not write
      },
      // Moodle's API posts '&' + name with dots as '__' + '=' + encodeURIComponent(value) per element.
      bytes: function (element, value) {
        return 2 + element.replace(/\./g, '__').length + encodeURIComponent(String(value)).length;
      }
    };
  };
})();
