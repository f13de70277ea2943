/* coursekit correct answers: what a learner is shown, after a check, for a question not answered
 * fully right (the quiz key show_answers decides whether; quiz.js decides when).
 *
 *   CourseKitAnswers.show(li, spec) -> spoken text of the correct answer, or null (essays: their
 *                                      model answer is feedback). Adds to the drawn question `li`:
 *     - a block [data-ck-answer] after the result line: "Correct answer:" and the answer as text
 *       (choices, matching left items and ordering items are copies of the question's own
 *       rendered labels, so formulas stay MathML and images keep their alt text);
 *     - "correct answer" in the mark of each right choice the learner did not pick (words, not
 *       colour only).
 *   The spoken text reads formulas as words: it uses the spoken names the build gave
 *   formula-labelled controls (aria-label, data-ck-name; exporters/html/quiz_view.py), never the
 *   flattened characters of MathML.
 *
 * Everything comes from the scoring specification already in the page and from the question's
 * own markup: the page carries no extra copy of the answers. Every word is a message in the
 * course's language (gettext/ngettext below: the page's CourseKitL10n, docs/translating.md).
 */
(function (root) {
  'use strict';

  function L() { return root.CourseKitL10n.page(); }
  function gettext(msgid, values) { return L().gettext(msgid, values); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function flat(text) { return String(text).replace(/\s+/g, ' ').trim(); }

  // A copy of a rendered label's content, without ids (the page keeps its ids unique).
  function copyOf(source, tag) {
    var out = el(tag || 'span', 'ck-answer-copy');
    if (!source) return out;
    for (var n = source.firstChild; n; n = n.nextSibling) out.appendChild(n.cloneNode(true));
    var withId = out.querySelectorAll('[id]');
    for (var i = 0; i < withId.length; i++) withId[i].removeAttribute('id');
    return out;
  }

  // A rendered label holding a block (a paragraph, a display formula) is copied into a <div>.
  function copyTag(source) {
    return source && source.tagName === 'DIV' ? 'div' : 'span';
  }

  // A label's text as a screen reader reads it: a picture is its alt text (textContent has none),
  // a figure with role=img its aria-label; what is hidden from assistive technology is skipped.
  function readText(node) {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1 || node.getAttribute('aria-hidden') === 'true') return '';
    if (node.tagName === 'IMG') return ' ' + (node.getAttribute('alt') || '') + ' ';
    if (node.getAttribute('role') === 'img' && node.getAttribute('aria-label')) return ' ' + node.getAttribute('aria-label') + ' ';
    var out = '';
    for (var n = node.firstChild; n; n = n.nextSibling) out += readText(n);
    return out;
  }

  // What a screen reader says for a label: its spoken name when it holds a formula, else its text.
  function spokenOf(control, label) {
    var name = control && (control.getAttribute('aria-label') || control.getAttribute('data-ck-name'));
    return name || (label ? flat(readText(label)) : '');
  }

  // The answer as a learner would type it: every digit, the course language's decimal mark.
  function number(x) { return String(x).replace('.', L().decimal); }

  function block(title, body) {
    var div = el('div', 'ck-answer');
    div.setAttribute('data-ck-answer', '');
    div.appendChild(el('p', 'ck-answer-title', title));
    div.appendChild(body);
    return div;
  }

  function list(tag, items) {
    var l = el(tag, 'ck-answer-list');
    items.forEach(function (item) {
      var li = el('li');
      item.forEach(function (part) { li.appendChild(typeof part === 'string' ? document.createTextNode(part) : part); });
      l.appendChild(li);
    });
    return l;
  }

  function one(item) {
    var p = el(item.length === 1 && item[0].tagName === 'DIV' ? 'div' : 'p', 'ck-answer-text');
    item.forEach(function (part) { p.appendChild(typeof part === 'string' ? document.createTextNode(part) : part); });
    return p;
  }

  // A list when there are several answers, else the one answer.
  function answers(items) { return items.length === 1 ? one(items[0]) : list('ul', items); }

  function markMissed(option) {
    var mark = option && option.querySelector('[data-ck-mark]');
    var input = option && option.querySelector('input');
    if (!mark || !input || input.checked) return;
    mark.className = 'ck-mark ck-missed';
    mark.textContent = gettext('correct answer');
  }

  var views = {
    single_choice: choices,
    multiple_response: choices,

    true_false: function (li, spec) {
      var label = spec.correct ? gettext('True') : gettext('False');
      markMissed(li.querySelector('[data-ck-option="' + spec.correct + '"]'));
      return { title: gettext('Correct answer:'), body: one([label]), spoken: label };
    },

    numeric: function (li, spec) {
      var unitEl = li.querySelector('.ck-unit');
      var unit = unitEl ? flat(unitEl.textContent) : '';
      var shown = number(spec.correct), spoken = number(spec.correct);
      if (spec.tolerance) {
        shown += ' \u00b1 ' + number(spec.tolerance);
        spoken = gettext('%(value)s plus or minus %(tolerance)s', { value: spoken, tolerance: number(spec.tolerance) });
      }
      if (unit) { shown += ' ' + unit; spoken += ' ' + unit; }
      return { title: gettext('Correct answer:'), body: one([shown]), spoken: spoken };
    },

    short_answer: function (li, spec) {
      var right = spec.answers.filter(function (a) { return a[1] >= 1; }).map(function (a) { return a[0]; });
      var title = right.length === 1 ? gettext('Correct answer:') : gettext('Accepted answers:');
      return { title: title, body: answers(right.map(function (t) { return [t]; })), spoken: right.join('; ') };
    },

    matching: function (li, spec) {
      var items = [], spoken = [];
      for (var i = 0; i < spec.n; i++) {
        var left = li.querySelectorAll('.ck-match-left')[i]; // rows stay in authored order
        var select = li.querySelector('select[data-ck-left="' + i + '"]');
        var option = select && select.querySelector('option[value="' + spec.correct[i] + '"]');
        var right = option ? flat(option.textContent) : '';
        var arrow = el('span', 'ck-answer-arrow', ' \u2192 ');
        arrow.setAttribute('aria-hidden', 'true');
        items.push([copyOf(left), arrow, el('span', 'ck-visually-hidden', ' ' + gettext('matches') + ' '), right]);
        spoken.push(gettext('%(item)s matches %(match)s', { item: spokenOf(select, left), match: right }));
      }
      return { title: gettext('Correct matches:'), body: list('ul', items), spoken: spoken.join('; ') };
    },

    ordering: function (li, spec) {
      var items = [], spoken = [];
      for (var i = 0; i < spec.n; i++) {
        var item = li.querySelector('[data-ck-item="' + i + '"]');
        var text = item && item.querySelector('.ck-order-text');
        items.push([copyOf(text, copyTag(text))]);
        spoken.push(spokenOf(item, text));
      }
      return { title: gettext('Correct order:'), body: list('ol', items), spoken: spoken.join('; ') };
    },

    fill_blanks: function (li, spec) {
      var items = [], spoken = [];
      spec.gaps.forEach(function (gap, i) {
        var text = gap.correct !== undefined ? gap.correct : gap.accept.reduce(function (a, b) {
          return gettext('%(first)s or %(second)s', { first: a, second: b });
        });
        items.push([gettext('Blank %(number)s: %(answer)s', { number: i + 1, answer: text })]);
        spoken.push(gettext('blank %(number)s, %(answer)s', { number: i + 1, answer: text }));
      });
      var body = list('ul', items);
      var title = spec.gaps.length === 1 ? gettext('Correct answer:') : gettext('Correct answers:');
      return { title: title, body: body, spoken: spoken.join('; ') };
    }
  };

  function choices(li, spec) {
    var items = [], spoken = [];
    spec.correct.forEach(function (i) {
      var option = li.querySelector('[data-ck-option="' + i + '"]');
      var label = option && option.querySelector('.ck-option-text');
      markMissed(option);
      items.push([copyOf(label, copyTag(label))]);
      spoken.push(spokenOf(option && option.querySelector('input'), label));
    });
    var title = items.length === 1 ? gettext('Correct answer:') : gettext('Correct answers:');
    return { title: title, body: answers(items), spoken: spoken.join('; ') };
  }

  function show(li, spec) {
    var view = views[spec.type];
    if (!view) return null;
    var v = view(li, spec);
    var div = block(v.title, v.body);
    var line = li.querySelector('[data-ck-q-result]');
    if (line && line.parentNode) line.parentNode.insertBefore(div, line.nextSibling);
    else li.appendChild(div);
    return v.spoken;
  }

  root.CourseKitAnswers = { show: show };
})(window);
