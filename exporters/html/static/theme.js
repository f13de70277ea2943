/* coursekit theme: runs in <head>, before the page is drawn, so a reader's choice never flashes.
 *
 * The site follows the system's light or dark setting (prefers-color-scheme) until the reader
 * picks one with the theme button; the choice is kept in localStorage ('coursekit:theme', shared
 * by every coursekit course on the same site or disk) and set as <html data-ck-theme="light|dark">,
 * which site.css and code.css read. It also marks <html class="ck-js">: controls that need
 * JavaScript (search, theme button, collapsing the chapter list) are shown only then.
 *
 * The button (site.js calls CourseKitTheme.bind) cycles auto -> the other scheme -> the first
 * scheme -> auto, so the first press always changes what the reader sees. Its words are messages
 * in the course's language (gettext below): read when bind() runs, once the page and scoring.js's
 * CourseKitL10n are there (this file runs before the page's messages are parsed).
 */
(function () {
  'use strict';

  function gettext(msgid) { return window.CourseKitL10n ? window.CourseKitL10n.page().gettext(msgid) : msgid; }

  var KEY = 'coursekit:theme';
  var root = document.documentElement;
  root.className += (root.className ? ' ' : '') + 'ck-js';

  function stored() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === 'light' || v === 'dark' ? v : 'auto';
    } catch (e) {
      return 'auto'; // storage blocked: the choice lasts the page
    }
  }

  function systemDark() {
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  var choice = stored();

  function apply(value) {
    choice = value;
    if (value === 'auto') root.removeAttribute('data-ck-theme');
    else root.setAttribute('data-ck-theme', value);
  }

  function save(value) {
    try {
      if (value === 'auto') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, value);
    } catch (e) { /* blocked */ }
  }

  function next() {
    var system = systemDark() ? 'dark' : 'light';
    var other = system === 'dark' ? 'light' : 'dark';
    if (choice === 'auto') return other;
    if (choice === other) return system;
    return 'auto';
  }

  function label() {
    if (choice === 'auto') return systemDark() ? gettext('Theme: auto (dark)') : gettext('Theme: auto (light)');
    return choice === 'dark' ? gettext('Theme: dark') : gettext('Theme: light');
  }

  function switchTitle(to) {
    if (to === 'auto') return gettext('Switch to the system setting');
    return to === 'dark' ? gettext('Switch to dark theme') : gettext('Switch to light theme');
  }

  apply(choice);

  window.CourseKitTheme = {
    get: function () { return choice; },
    set: function (value) { apply(value); save(value); },
    /* Wire the theme button; announce(text) reports the change to screen readers. */
    bind: function (button, announce) {
      var text = button.querySelector('[data-ck-theme-label]') || button;
      function show() {
        text.textContent = label();
        button.title = switchTitle(next());
      }
      button.addEventListener('click', function () {
        var value = next();
        apply(value);
        save(value);
        show();
        if (announce) announce(label());
      });
      if (window.matchMedia) {
        var mq = window.matchMedia('(prefers-color-scheme: dark)');
        if (mq.addEventListener) mq.addEventListener('change', show);
      }
      window.addEventListener('storage', function (ev) {
        if (ev.key === KEY) { apply(stored()); show(); }
      });
      show();
    }
  };
})();
