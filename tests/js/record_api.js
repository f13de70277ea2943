// The LMS side of a SCORM test, shared by the Chromium LMS page (tests/support/scorm_lms.py)
// and the jsdom one (tests/js/lms.js): scorm-again's API for SCORM 1.2 (V12) or 2004, holding
// INITIAL (a previous session's cmi, or null), with every call recorded in `calls` as
// [method, element, value, result, last error]. Both pages define V12 and INITIAL first.
var calls = [];
var api = V12 ? new Scorm12API({logLevel: 5, autocommit: false}) : new Scorm2004API({logLevel: 5, autocommit: false});
if (INITIAL) api.loadFromJSON(INITIAL, '');
['LMSInitialize','LMSGetValue','LMSSetValue','LMSCommit','LMSFinish',
 'Initialize','GetValue','SetValue','Commit','Terminate'].forEach(function (m) {
  if (typeof api[m] !== 'function') return;
  var f = api[m].bind(api);
  api[m] = function (a, b) {
    var r = f(a, b);
    calls.push([m, a, b === undefined ? null : String(b), String(r),
                String(V12 ? api.LMSGetLastError() : api.GetLastError())]);
    return r;
  };
});
if (V12) window.API = api; else window.API_1484_11 = api;
