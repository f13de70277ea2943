/* A learner at a quiz of the HTML course in jsdom (the site, or a page inside a SCORM package).
 *
 * The node twin of tests/support/learner.py: everything goes through the page's controls as a
 * person uses them (click a radio button or check box, type into a field and leave it, pick in
 * a drop-down, press an item's Up button, press "Check answers"). Responses are in the
 * normalized form of coursekit.scoring (authored choice indices, bool, text, index lists, texts
 * per gap); the page's markup maps authored indices to controls, so shuffling changes nothing.
 *
 * jsdom has no modal dialogs (HTMLDialogElement.showModal is missing), so quiz.js asks to
 * confirm a check with unanswered questions through window.confirm, its documented fallback;
 * the learner's answer to that question is given to `check`.
 */
'use strict';

function quiz(win, quizId) {
  const section = win.document.querySelector(`section[data-ck-quiz='${quizId}']`);
  if (!section) throw new Error('no quiz ' + quizId);
  return section;
}

function question(win, quizId, qid) {
  const li = quiz(win, quizId).querySelector(`li.ck-question[data-ck-qid='${qid}']`);
  if (!li) throw new Error(`no question ${qid} in ${quizId}`);
  return li;
}

function fire(el, type) {
  const win = el.ownerDocument.defaultView;
  el.dispatchEvent(new win.Event(type, { bubbles: true }));
}

function type(el, text) {
  el.focus();
  el.value = String(text);
  fire(el, 'input');
  fire(el, 'change'); // leaving the field
}

function choose(select, value) {
  select.value = value;
  fire(select, 'input');
  fire(select, 'change');
}

// Put the ordering items in `order` (authored indices) with their Up buttons.
function arrange(li, order) {
  order.forEach((item, pos) => {
    for (let n = 0; n <= order.length; n++) {
      const current = Array.from(li.querySelectorAll('[data-ck-item]')).map((e) => +e.getAttribute('data-ck-item'));
      if (current.indexOf(item) === pos) return;
      li.querySelector(`[data-ck-item='${item}'] [data-ck-move='-1']`).click();
    }
    throw new Error(`could not move item ${item} to ${pos}`);
  });
}

/* Give `response` to question `qid` of type `kind`. */
function answer(win, quizId, qid, kind, response) {
  const li = question(win, quizId, qid);
  if (response == null) return;
  if (kind === 'single_choice' || kind === 'multiple_response') {
    li.querySelectorAll('input[type=radio], input[type=checkbox]').forEach((box) => {
      const want = response.indexOf(+box.value) >= 0;
      if (want !== box.checked && (kind === 'multiple_response' || want)) box.click();
    });
  } else if (kind === 'true_false') {
    li.querySelector(`input[value='${response ? 'true' : 'false'}']`).click();
  } else if (kind === 'numeric' || kind === 'short_answer' || kind === 'essay') {
    type(li.querySelector('[data-ck-input]'), response);
  } else if (kind === 'matching') {
    response.forEach((right, left) => choose(li.querySelector(`select[data-ck-left='${left}']`), right == null ? '' : String(right)));
  } else if (kind === 'ordering') {
    arrange(li, response);
  } else if (kind === 'fill_blanks') {
    li.querySelectorAll('[data-ck-gap]').forEach((gap, i) => {
      if (gap.tagName === 'SELECT') choose(gap, response[i]);
      else type(gap, response[i]);
    });
  } else {
    throw new Error('unknown kind ' + kind);
  }
}

/* Press "Check answers"; `confirmAnyway` is the learner's answer if the page asks about
 * unanswered questions. Returns {result: the result line, asked: the question asked or null}. */
function check(win, quizId, confirmAnyway = true) {
  const section = quiz(win, quizId);
  let asked = null;
  win.confirm = (text) => { asked = text; return confirmAnyway; };
  section.querySelector('[data-ck-check]').click();
  return { result: section.querySelector('[data-ck-result]').textContent.trim(), asked };
}

/* Click the link `selector` (the first that matches); whether the page kept the learner where
 * they are (the click's default action prevented). The click goes no further either way:
 * jsdom does not load pages through links, and the test asks only what the page decided. */
function follow(win, selector) {
  const a = win.document.querySelector(selector);
  if (!a) throw new Error('no link ' + selector);
  let prevented = null;
  const last = (ev) => { prevented = ev.defaultPrevented; ev.preventDefault(); };
  win.addEventListener('click', last); // after the page's own handlers (they listen on document)
  a.click();
  win.removeEventListener('click', last);
  return { prevented };
}

/* The sidebar's chapters: [text, linked or not, status text]. */
function sidebar(win) {
  return Array.from(win.document.querySelectorAll('[data-ck-side-quizzes]')).map((li) => {
    const status = li.querySelector('[data-ck-side-status]');
    return [li.textContent.replace(status ? status.textContent : '', '').replace(/\s+/g, ' ').trim(), !!li.querySelector('a[href]'),
      status ? status.textContent.trim() : null];
  });
}

/* The text of the first element `selector` finds on the page (what the learner reads there), or null. */
function text(win, selector) {
  const e = win.document.querySelector(selector);
  return e ? e.textContent.trim() : null;
}

/* Press "Try again" after a check. */
function retry(win, quizId) {
  quiz(win, quizId).querySelector('[data-ck-retry]').click();
}

/* What the learner sees of a quiz: per question id the answer its controls show, the result
 * line and its class, and per question the result line under it (and its class), the feedback
 * shown (its keys), the right/wrong marks (a choice's by its authored index: a resumed attempt
 * may show the choices in another order), the correct answer shown under it, its classes and
 * its number; the questions drawn ([id, slot, variant] in the page's order), the controls
 * still enabled and whether "Try again" is offered. */
function look(win, quizId) {
  const section = quiz(win, quizId);
  const out = { answers: {}, lines: {}, result: section.querySelector('[data-ck-result]').textContent.trim(),
    resultClass: section.querySelector('[data-ck-result]').className, checkHidden: section.querySelector('[data-ck-check]').hidden,
    retryHidden: section.querySelector('[data-ck-retry]').hidden, feedback: {}, marks: {}, numbers: {}, drawn: [], shown: {}, classes: {}, lineClasses: {},
    enabled: section.querySelectorAll('[data-ck-questions] input:not(:disabled), [data-ck-questions] select:not(:disabled), [data-ck-questions] textarea:not(:disabled), [data-ck-move]:not(:disabled)').length };
  section.querySelectorAll('li.ck-question').forEach((li) => {
    const qid = li.getAttribute('data-ck-qid');
    const line = li.querySelector('[data-ck-q-result]');
    out.lines[qid] = line && !line.hidden ? line.textContent.trim() : null;
    out.lineClasses[qid] = line ? line.className : null;
    out.feedback[qid] = Array.from(li.querySelectorAll('[data-ck-fb]')).filter((e) => !e.hidden).map((e) => e.getAttribute('data-ck-fb'));
    // marks of choices by the choice's authored index (a resumed attempt may show them in another order)
    const marks = Array.from(li.querySelectorAll('.ck-mark')).filter((e) => e.textContent.trim());
    const choice = (e) => { const o = e.closest('[data-ck-option]'); return o ? +o.getAttribute('data-ck-option') : -1; };
    marks.sort((a, b) => choice(a) - choice(b));
    out.marks[qid] = marks.map((e) => [e.textContent.trim(), e.className]);
    const shown = li.querySelector('[data-ck-answer]');
    out.shown[qid] = shown ? shown.textContent.replace(/\s+/g, ' ').trim() : null;
    out.classes[qid] = li.className;
    const num = li.querySelector('[data-ck-qnum]');
    out.numbers[qid] = num ? num.textContent.trim() : null;
    out.drawn.push([qid, +li.getAttribute('data-ck-slot'), +li.getAttribute('data-ck-variant')]);
    const checked = Array.from(li.querySelectorAll('input[type=radio]:checked, input[type=checkbox]:checked')).map((e) => e.value);
    const typed = Array.from(li.querySelectorAll('[data-ck-input], [data-ck-gap], select[data-ck-left]')).map((e) => e.value);
    const order = Array.from(li.querySelectorAll('[data-ck-item]')).map((e) => e.getAttribute('data-ck-item'));
    out.answers[qid] = { checked: checked.sort(), typed, order };
  });
  return out;
}

/* Where the keyboard focus is: the quiz's result line, or a control ([tag, question id]). */
function focus(win) {
  const e = win.document.activeElement;
  if (!e || e === win.document.body) return null;
  if (e.hasAttribute('data-ck-result')) return ['result', e.closest('section[data-ck-quiz]').getAttribute('data-ck-quiz')];
  const li = e.closest('li.ck-question');
  return [e.tagName.toLowerCase() + (e.type ? ':' + e.type : ''), li ? li.getAttribute('data-ck-qid') : null];
}

module.exports = { answer, check, focus, follow, look, quiz, retry, sidebar, text };
