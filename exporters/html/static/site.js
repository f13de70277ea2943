/* coursekit site: the theme button, the chapter list on phones, copy buttons on code blocks and
 * offline search. Everything here is an enhancement: without JavaScript the page reads the same
 * (site.css shows these controls only under <html class="ck-js">, set by theme.js).
 *
 * Search: the index is built at build time (exporters/html/search.py) into search-index.js, in
 * MiniSearch's serialised form; the library (static/minisearch.js) and the index are loaded
 * with <script> elements the first time the reader types, so search works from file:// and
 * offline. `tokenize` below must stay the same as `tokens` in search.py.
 *
 * Hosts (the SCORM bridge) may set CourseKit.pageAllowed(url) -> false for pages the reader
 * cannot open from here: their sidebar entries become plain text and search leaves them out.
 *
 * Every word shown is a message in the course's language (gettext/ngettext below: the page's
 * CourseKitL10n from scoring.js, which every page loads first; docs/translating.md).
 */
(function () {
  'use strict';

  var CK = window.CourseKit = window.CourseKit || {};

  function L() { return window.CourseKitL10n.page(); }
  function gettext(msgid, values) { return L().gettext(msgid, values); }
  function ngettext(singular, plural, n, values) { return L().ngettext(singular, plural, n, values); }

  /* ------------------------------------------------------------------ announcements */

  var liveRegion = null;
  function announce(text) {
    if (!liveRegion) {
      liveRegion = document.createElement('div');
      liveRegion.className = 'ck-visually-hidden';
      liveRegion.setAttribute('role', 'status');
      liveRegion.setAttribute('data-ck-announce', '');
      document.body.appendChild(liveRegion);
    }
    liveRegion.textContent = '';
    window.setTimeout(function () { liveRegion.textContent = text; }, 50);
  }
  CK.announce = announce;

  function allowed(href) {
    return typeof CK.pageAllowed !== 'function' || CK.pageAllowed(new URL(href, window.location.href).href);
  }

  /* ------------------------------------------------------------------ theme */

  function initTheme() {
    var button = document.querySelector('[data-ck-theme-toggle]');
    if (button && window.CourseKitTheme) window.CourseKitTheme.bind(button, announce);
  }

  /* ------------------------------------------------------------------ sidebar */

  function initSidebar() {
    var nav = document.querySelector('[data-ck-sidebar]');
    if (!nav) return;
    var toggle = nav.querySelector('.ck-sidebar-toggle');
    if (toggle) {
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        nav.classList.toggle('ck-open', open);
      });
    }
    Array.prototype.forEach.call(nav.querySelectorAll('.ck-sidebar-list a[href]'), function (a) {
      if (allowed(a.getAttribute('href'))) return;
      // A page of another part of the package (one SCO per chapter): the LMS's menu opens it.
      var span = document.createElement('span');
      span.className = 'ck-side-elsewhere';
      span.textContent = gettext('%(chapter)s (open it from the course menu)', { chapter: a.textContent });
      a.parentNode.replaceChild(span, a);
    });
  }

  /* ------------------------------------------------------------------ copy buttons */

  function codeText(pre) {
    var code = pre.querySelector('code') || pre;
    var copy = code.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll('.ck-ln'), function (n) { n.parentNode.removeChild(n); });
    return copy.textContent;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.top = '-100px';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy refused'));
    });
  }

  function initCopyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('.ck-code'), function (block) {
      var pre = block.querySelector('pre');
      if (!pre || block.querySelector('.ck-copy')) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'ck-copy';
      button.textContent = gettext('Copy');
      button.setAttribute('aria-label', gettext('Copy code'));
      var timer = null;
      button.addEventListener('click', function () {
        copyText(codeText(pre)).then(function () {
          button.textContent = gettext('Copied');
          button.setAttribute('aria-label', gettext('Copied code'));
          announce(gettext('Copied'));
        }, function () {
          button.textContent = gettext('Press Ctrl+C');
          announce(gettext('Copying is blocked here: the code is selected, press Control C'));
          var range = document.createRange();
          range.selectNodeContents(pre);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        });
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = gettext('Copy');
          button.setAttribute('aria-label', gettext('Copy code'));
        }, 2500);
      });
      block.appendChild(button);
    });
  }

  /* ------------------------------------------------------------------ search */

  function tokenize(text) {
    return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  CK.tokenize = tokenize;

  var FIELDS = ['title', 'text'];
  var STORED = ['href', 'title', 'chapter', 'text'];
  var MAX_RESULTS = 20;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(s);
    });
  }

  var engine = null;
  function searchEngine(form) {
    if (engine) return engine;
    var lib = form.getAttribute('data-ck-search-lib');
    var index = form.getAttribute('data-ck-search-index');
    engine = (window.MiniSearch ? Promise.resolve() : loadScript(lib))
      .then(function () { return window.CourseKitSearchIndex ? null : loadScript(index); })
      .then(function () {
        var processTerm = function (term) { return term; };
        return window.MiniSearch.loadJSON(window.CourseKitSearchIndex, {
          fields: FIELDS,
          storeFields: STORED,
          tokenize: tokenize,
          processTerm: processTerm,
          searchOptions: {
            tokenize: tokenize,
            processTerm: processTerm,
            combineWith: 'AND',
            boost: { title: 2 },
            prefix: function (term) { return term.length >= 2; },
            fuzzy: function (term) { return term.length > 4 ? 0.2 : false; }
          }
        });
      });
    engine.catch(function () { engine = null; });
    return engine;
  }

  function snippet(text, terms, query) {
    var lower = text.toLowerCase();
    var phrase = query.toLowerCase();
    var at = lower.indexOf(phrase);
    var len = phrase.length;
    if (at < 0) terms.forEach(function (t) {
      var i = lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) { at = i; len = t.length; }
    });
    var p = document.createElement('p');
    p.className = 'ck-search-snippet';
    if (!text) return p;
    if (at < 0) {
      p.textContent = text.length > 160 ? text.slice(0, 157) + '\u2026' : text;
      return p;
    }
    var start = Math.max(0, at - 70);
    var end = Math.min(text.length, at + len + 90);
    p.appendChild(document.createTextNode((start > 0 ? '\u2026' : '') + text.slice(start, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + len);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(at + len, end) + (end < text.length ? '\u2026' : '')));
    return p;
  }

  function initSearch() {
    var form = document.querySelector('[data-ck-search]');
    var panel = document.getElementById('ck-search-panel');
    if (!form || !panel) return;
    var input = form.querySelector('input');
    var list = panel.querySelector('[data-ck-search-results]');
    var status = panel.querySelector('#ck-search-status');
    var pending = null;
    var shown = '';

    function hide() {
      panel.hidden = true;
      list.textContent = '';
      status.textContent = '';
      shown = '';
    }

    function render(query, results) {
      list.textContent = '';
      var terms = tokenize(query);
      results = results.filter(function (r) { return allowed(r.href); }).slice(0, MAX_RESULTS);
      results.forEach(function (r) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = r.href;
        a.textContent = r.title;
        a.addEventListener('click', function () {
          var target = new URL(a.href, window.location.href);
          if (target.pathname === window.location.pathname) hide();
        });
        var where = document.createElement('span');
        where.className = 'ck-search-where';
        where.textContent = r.title === r.chapter ? gettext('Chapter') : r.chapter;
        li.appendChild(a);
        li.appendChild(where);
        li.appendChild(snippet(r.text || '', terms, query));
        list.appendChild(li);
      });
      panel.hidden = false;
      status.textContent = results.length === 0
        ? gettext('No results for \u201c%(query)s\u201d.', { query: query })
        : ngettext('%(num)s result for \u201c%(query)s\u201d.', '%(num)s results for \u201c%(query)s\u201d.',
          results.length, { query: query });
    }

    function run() {
      var query = input.value.trim();
      if (!query) { hide(); return; }
      if (query === shown) return;
      searchEngine(form).then(function (ms) {
        if (input.value.trim() !== query) return;
        shown = query;
        render(query, ms.search(query));
      }, function () {
        panel.hidden = false;
        status.textContent = gettext('Search is not available: its index could not be loaded.');
      });
    }

    input.addEventListener('focus', function () { searchEngine(form); });
    input.addEventListener('input', function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(run, 120);
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        input.value = '';
        hide();
      } else if (ev.key === 'ArrowDown') {
        var first = list.querySelector('a');
        if (first) { ev.preventDefault(); first.focus(); }
      }
    });
    panel.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { hide(); input.focus(); }
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      window.clearTimeout(pending);
      run();
      var query = input.value.trim();
      if (!query) return;
      searchEngine(form).then(function (ms) {
        var first = ms.search(query).filter(function (r) { return allowed(r.href); })[0];
        if (first) window.location.href = new URL(first.href, window.location.href).href;
      });
    });
  }

  function init() {
    initTheme();
    initSidebar();
    initCopyButtons();
    initSearch();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
