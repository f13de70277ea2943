/* coursekit simulations: swap the figure's SVG when a control moves, and show the value of
 * a mark. No network: every frame is in the page (<template data-ck-frame="k">); each
 * figure's JSON maps the combination of control positions (row-major, controls in order) to
 * a frame number, for the wide layout ("grid": template k) and the narrow one for phones
 * ("narrow": template "n" + k).
 *
 * Values: every mark carries its value as an SVG <title>, which a mouse shows on hover but a
 * phone or a keyboard cannot reach. A tap or click on a mark, or the arrow keys once the
 * figure has focus, write that text under the figure (a polite live region, so screen
 * readers say it too). */
(function () {
  'use strict';

  // A copy of frame k ("3" or, narrow, "n3") whose ids (prefixed "ckf<k>-" at build time) get
  // the figure's own prefix, so that two figures showing the same frame never share an id.
  function frameSvg(k, prefix) {
    var tpl = document.querySelector('template[data-ck-frame="' + k + '"]');
    if (!tpl) return null;
    var frag = document.importNode(tpl.content, true);
    var from = 'ckf' + k + '-';
    Array.prototype.forEach.call(frag.querySelectorAll('*'), function (el) {
      for (var i = 0; i < el.attributes.length; i++) {
        var a = el.attributes[i];
        if (a.value.indexOf(from) >= 0) a.value = a.value.split(from).join(prefix);
      }
    });
    return frag;
  }

  function swap(holder, k, prefix) {
    var svg = holder && k !== undefined && k !== -1 ? frameSvg(k, prefix) : null;
    if (!svg) return false;
    holder.textContent = '';
    holder.appendChild(svg);
    return true;
  }

  // The marks of a figure: elements with their own <title> (the root's is the figure's name).
  function marksOf(holder) {
    var svg = holder.querySelector('svg');
    if (!svg) return [];
    return Array.prototype.filter.call(svg.querySelectorAll('title'), function (t) {
      return t.parentNode !== svg && t.textContent;
    }).map(function (t) { return t.parentNode; });
  }

  function ownTitle(el) {
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName === 'title') return c.textContent;
    }
    return '';
  }

  function explore(fig, holder) {
    var readout = fig.querySelector('[data-ck-sim-readout]');
    if (!readout) return;
    var current = null;

    function show(el) {
      if (current) current.classList.remove('ck-mark-current');
      current = el;
      if (!el) {
        readout.textContent = '';
        return;
      }
      el.classList.add('ck-mark-current');
      readout.textContent = ownTitle(el);
    }

    holder.tabIndex = 0;
    holder.setAttribute('role', 'group');
    // A page in another language than English carries the name in it (sim_widget.py); sim.js
    // runs on pages without the site's scripts too (a cartridge's simulation page).
    holder.setAttribute('aria-label', readout.getAttribute('data-ck-label') || 'Values in the figure: use the arrow keys');
    holder.addEventListener('click', function (e) {
      for (var el = e.target; el && el !== holder; el = el.parentNode) {
        if (el.localName !== 'svg' && ownTitle(el)) return show(el);
      }
      show(null);
    });
    holder.addEventListener('keydown', function (e) {
      var marks = marksOf(holder);
      if (!marks.length) return;
      var i = current ? marks.indexOf(current) : -1;
      var next = {
        ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: marks.length - 1
      }[e.key];
      if (e.key === 'Escape') return show(null);
      if (next === undefined) return;
      e.preventDefault();
      if (i < 0 && next < 0) next = marks.length - 1;
      show(marks[Math.max(0, Math.min(marks.length - 1, next))]);
    });
    // A new frame holds new marks: forget the old one.
    holder.addEventListener('ck-frame', function () { current = null; readout.textContent = ''; });
  }

  function setup(fig) {
    var wide = fig.querySelector('[data-ck-sim-svg]');
    var narrow = fig.querySelector('[data-ck-sim-svg-narrow]');
    [wide, narrow].forEach(function (h) { if (h) explore(fig, h); });
    var dataEl = fig.querySelector('script[data-ck-sim-data]');
    if (!dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    var controls = Array.prototype.slice.call(fig.querySelectorAll('[data-ck-param]'));

    function update() {
      var flat = 0;
      for (var i = 0; i < controls.length; i++) flat = flat * data.sizes[i] + parseInt(controls[i].value, 10);
      for (i = 0; i < controls.length; i++) {
        var c = controls[i];
        if (c.type === 'range') {
          var texts = JSON.parse(c.getAttribute('data-ck-texts'));
          var text = texts[parseInt(c.value, 10)];
          c.setAttribute('aria-valuetext', text);
          var out = fig.querySelector('output[for="' + c.id + '"]');
          if (out) out.textContent = text;
        }
      }
      var k = data.grid[flat];
      if (!swap(wide, k, fig.id + '-')) return;
      if (narrow && data.narrow && data.narrow[flat] >= 0) swap(narrow, 'n' + data.narrow[flat], fig.id + '-n-');
      [wide, narrow].forEach(function (h) { if (h) h.dispatchEvent(new Event('ck-frame')); });
      fig.setAttribute('data-ck-frame-shown', String(k));
    }

    controls.forEach(function (c) {
      c.addEventListener('input', update);
      c.addEventListener('change', update);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-ck-sim-widget]'), setup);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
