// The LMS side of a SCORM test, shared by the Chromium LMS page (tests/support/scorm_lms.py)
// and the jsdom one (tests/js/lms.js): scorm-again's API for SCORM 1.2 (V12) or 2004, holding
// INITIAL (a previous session's cmi, or null), with every call recorded in `calls` as
// [method, element, value, result, last error]. Both pages define V12 and INITIAL first, and
// may define LMS_QUIRKS: {blankStatus: true} stands for an LMS that answers '' for a status
// it was never given, where scorm-again answers 'not attempted' (1.2) or 'unknown' (2004).
var calls = [];
var committed = null; // the cmi as the last successful Commit or Terminate stored it
var quirks = (typeof LMS_QUIRKS === 'object' && LMS_QUIRKS) || {};
var STATUS = V12 ? 'cmi.core.lesson_status' : 'cmi.completion_status';
var api = V12 ? new Scorm12API({logLevel: 5, autocommit: false}) : new Scorm2004API({logLevel: 5, autocommit: false});
if (INITIAL) api.loadFromJSON(INITIAL, '');
['LMSInitialize','LMSGetValue','LMSSetValue','LMSCommit','LMSFinish',
 'Initialize','GetValue','SetValue','Commit','Terminate'].forEach(function (m) {
  if (typeof api[m] !== 'function') return;
  var f = api[m].bind(api);
  api[m] = function (a, b) {
    var r = f(a, b);
    if (quirks.blankStatus && /GetValue$/.test(m) && a === STATUS && (r === 'not attempted' || r === 'unknown')) r = '';
    if (/Commit$|Terminate$|LMSFinish$/.test(m) && String(r) === 'true') committed = JSON.parse(JSON.stringify(api.cmi));
    calls.push([m, a, b === undefined ? null : String(b), String(r),
                String(V12 ? api.LMSGetLastError() : api.GetLastError())]);
    return r;
  };
});
if (V12) window.API = api; else window.API_1484_11 = api;
