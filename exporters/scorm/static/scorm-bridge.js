/* coursekit SCORM bridge: loaded first by every page of the HTML course inside a SCORM package.
 *
 * When the page is shown by a SCORM launch page that is connected to an LMS, it hands the quiz
 * engine a storage adapter backed by the LMS (suspend_data) instead of localStorage, reports
 * each checked quiz to the launch page's runtime, and bookmarks the page. Anywhere else (the
 * page opened on its own, or no LMS found) it does nothing and the course is the HTML site.
 *
 * Contract with the quiz engine (exporters/html/static/quiz.js) and site.js, all on window.CourseKit:
 *   storage            an object {getItem, setItem, removeItem}, read by the engine when it starts
 *   quizKnown(id)      false for a quiz whose state this SCO does not hold (no sidebar status)
 *   pageAllowed(url)   false for a page of another SCO (sidebar entry as text, no search result)
 *   onQuizChecked(cb)  cb(result) after each check; result = {quiz, score, max, questions:
 *                      [{id, type, score, max, response, latency?}]}, essays without score/max
 * The engine's saved state per quiz is {questions: [{slot, variant, answer}], submitted,
 * attempts, score, max}, answers in the normalized form documented in scorm-runtime.js.
 */
(function () {
  'use strict';

  var host = null;
  try {
    if (window.parent && window.parent !== window && window.parent.CourseKitScormHost) host = window.parent.CourseKitScormHost;
  } catch (e) {
    host = null; // opened from disk, or framed by a page of another origin: plain HTML
  }
  if (!host || !host.connected) return;

  var script = document.currentScript;
  var page = (script && script.getAttribute('data-ck-page')) || '';
  var CK = window.CourseKit = window.CourseKit || {};
  var PREFIX = 'ck-quiz:'; // storage keys the engine uses for a quiz: PREFIX + quiz id

  function quizOf(key) {
    key = String(key);
    var i = key.lastIndexOf(':');
    return i >= 0 ? key.slice(i + 1) : key;
  }

  CK.storage = {
    getItem: function (key) {
      var st = host.loadQuiz(quizOf(key));
      return st ? JSON.stringify(st) : null;
    },
    setItem: function (key, value) {
      try { host.saveQuiz(quizOf(key), JSON.parse(value)); } catch (e) { /* not a quiz state */ }
    },
    removeItem: function (key) { host.saveQuiz(quizOf(key), null); }
  };
  CK.storagePrefix = PREFIX;
  // The sidebar's quiz status comes from the LMS's runtime state (through CK.storage); a quiz of
  // another SCO has none here.
  if (typeof host.knowsQuiz === 'function') CK.quizKnown = function (quizId) { return host.knowsQuiz(quizId); };

  function subscribe() {
    if (typeof CK.onQuizChecked !== 'function') return false;
    CK.onQuizChecked(function (result) {
      var st = null;
      try { st = JSON.parse(CK.storage.getItem(PREFIX + result.quiz)); } catch (e) { st = null; }
      host.quizChecked(result, st);
    });
    return true;
  }

  // The engine loads after this script: subscribe as soon as its API exists.
  if (!subscribe()) {
    document.addEventListener('DOMContentLoaded', function () { subscribe(); });
  }

  // In one-SCO-per-chapter packages, links to other chapters would leave this SCO without
  // the LMS knowing: the LMS's own navigation moves between chapters instead.
  if (host.pages && host.pages.length) {
    // The sidebar and search results leave out what the LMS's navigation must open (site.js).
    CK.pageAllowed = function (url) { return !host.allowsPage || host.allowsPage(url); };
    document.addEventListener('click', function (ev) {
      var a = ev.target && ev.target.closest ? ev.target.closest('a[href]') : null;
      if (!a || a.target === '_blank') return;
      var href = a.getAttribute('href');
      if (!href || href.charAt(0) === '#' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return;
      var target = new URL(href, window.location.href);
      if (target.pathname === window.location.pathname) return;
      if (host.allowsPage && !host.allowsPage(target.href)) ev.preventDefault();
    });
  }

  host.pageShown(page);
})();
