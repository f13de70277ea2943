/* coursekit simulations: swap the figure's SVG when a control moves. No network: every
 * frame is in the page (<template data-ck-frame="k">); each figure's JSON maps the
 * combination of control positions (row-major, controls in order) to a frame number. */
(function () {
  'use strict';

  // A copy of frame k whose ids (prefixed "ckf<k>-" at build time) get the figure's own
  // prefix, so that two figures showing the same frame never share an id.
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

  function setup(fig) {
    var dataEl = fig.querySelector('script[data-ck-sim-data]');
    if (!dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    var controls = Array.prototype.slice.call(fig.querySelectorAll('[data-ck-param]'));
    var holder = fig.querySelector('[data-ck-sim-svg]');

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
      var svg = k >= 0 ? frameSvg(k, fig.id + '-') : null;
      if (!svg) return;
      holder.textContent = '';
      holder.appendChild(svg);
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
