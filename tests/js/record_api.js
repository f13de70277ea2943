// The LMS side of a SCORM test, shared by the Chromium LMS page (tests/support/scorm_lms.py)
// and the jsdom one (tests/js/lms.js): scorm-again's API for SCORM 1.2 (V12) or 2004, holding
// INITIAL (a previous session's cmi, or null), with every call recorded in `calls` as
// [method, element, value, result, last error]. Both pages define V12 and INITIAL first, and
// may define LMS_QUIRKS, how this LMS departs from scorm-again:
//   blankStatus: true   answers '' for a status it was never given, where scorm-again answers
//                       'not attempted' (1.2) or 'unknown' (2004);
//   blankError: true    GetLastError answers '' for no error, where scorm-again answers '0';
//   refuse: {method: code}  the method answers 'false' ('' for GetValue, as SCORM says) without
//                       doing anything, and GetLastError then answers `code` (e.g. an Initialize
//                       the LMS refuses);
//   throws: [[method, element]]  the method throws for that element (null: any), as a broken
//                       API does; nothing is recorded in the LMS.
var calls = [];
var committed = null; // the cmi as the last successful Commit or Terminate stored it
var quirks = (typeof LMS_QUIRKS === 'object' && LMS_QUIRKS) || {};
var STATUS = V12 ? 'cmi.core.lesson_status' : 'cmi.completion_status';
var api = V12 ? new Scorm12API({logLevel: 5, autocommit: false}) : new Scorm2004API({logLevel: 5, autocommit: false});
if (INITIAL) api.loadFromJSON(INITIAL, '');
var lastError = (V12 ? api.LMSGetLastError : api.GetLastError).bind(api);
var refused = null; // the code of the last call a `refuse` quirk answered
['LMSInitialize','LMSGetValue','LMSSetValue','LMSCommit','LMSFinish',
 'Initialize','GetValue','SetValue','Commit','Terminate'].forEach(function (m) {
  if (typeof api[m] !== 'function') return;
  var f = api[m].bind(api);
  api[m] = function (a, b) {
    (quirks.throws || []).forEach(function (t) {
      if (t[0] === m && (t[1] === null || t[1] === a)) {
        calls.push([m, a, b === undefined ? null : String(b), 'exception', 'exception']);
        throw new Error('LMS_QUIRKS.throws: ' + m + ' ' + a);
      }
    });
    refused = null;
    var r;
    if (quirks.refuse && Object.prototype.hasOwnProperty.call(quirks.refuse, m)) {
      refused = String(quirks.refuse[m]);
      r = /GetValue$/.test(m) ? '' : 'false';
    } else {
      r = f(a, b);
    }
    if (quirks.blankStatus && /GetValue$/.test(m) && a === STATUS && (r === 'not attempted' || r === 'unknown')) r = '';
    if (/Commit$|Terminate$|LMSFinish$/.test(m) && String(r) === 'true') committed = JSON.parse(JSON.stringify(api.cmi));
    calls.push([m, a, b === undefined ? null : String(b), String(r), refused !== null ? refused : String(lastError())]);
    return r;
  };
});
['LMSGetLastError', 'GetLastError'].forEach(function (m) {
  if (typeof api[m] !== 'function') return;
  api[m] = function () {
    if (refused !== null) return refused;
    var code = String(lastError());
    return quirks.blankError && code === '0' ? '' : code;
  };
});
if (V12) window.API = api; else window.API_1484_11 = api;
