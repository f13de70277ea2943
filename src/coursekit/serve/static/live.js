/* coursekit serve: reload this page when it changes, show the course's errors over it.
   Added by the server to the pages it sends; never part of a built site.
   The server says (server-sent events): {reload, errors: [{file, line, col, severity, code, message, hint}]}. */
(function () {
  "use strict";
  var me = document.currentScript;
  var page = me.getAttribute("data-ck-page");
  var query = "page=" + encodeURIComponent(page) +
    "&v=" + encodeURIComponent(me.getAttribute("data-ck-version")) +
    "&s=" + encodeURIComponent(me.getAttribute("data-ck-server"));
  var host = null;

  var CSS = [
    ":host{all:initial}",
    ".box{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.92);",
    "color:#f4f4f5;font:15px/1.5 system-ui,sans-serif;padding:2rem}",
    "h2{margin:0 0 .25rem;font-size:1.25rem;color:#fca5a5}",
    "p.note{margin:0 0 1rem;color:#d4d4d8}",
    "ol{margin:0;padding:0;list-style:none}",
    "li{margin:0 0 .75rem;padding:.6rem .8rem;border-left:4px solid #f87171;background:rgba(255,255,255,.06)}",
    "li.warning{border-color:#fbbf24}",
    ".where{font:14px/1.4 ui-monospace,monospace;color:#93c5fd}",
    ".code{font-weight:700;margin:0 .4rem}",
    ".hint{color:#a7f3d0;margin-top:.2rem}",
    "button{position:absolute;top:1rem;right:1rem;font:inherit;color:inherit;background:#3f3f46;",
    "border:1px solid #71717a;border-radius:.3rem;padding:.2rem .7rem;cursor:pointer}"
  ].join("");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function hide() {
    if (host) { host.remove(); host = null; }
  }

  function show(errors) {
    hide();
    host = el("div");
    host.id = "coursekit-live-errors";
    var root = host.attachShadow({ mode: "open" });
    var style = el("style");
    style.textContent = CSS;
    var box = el("section", "box");
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "The course does not build");
    var count = errors.filter(function (d) { return d.severity === "error"; }).length;
    box.appendChild(el("h2", "", "The course does not build: " + count + (count === 1 ? " error" : " errors")));
    box.appendChild(el("p", "note", "The page below is the last version that built. Fix the files and save: " +
      "this page updates by itself."));
    var list = el("ol");
    var ordered = errors.filter(function (d) { return d.severity === "error"; })
      .concat(errors.filter(function (d) { return d.severity !== "error"; }));
    ordered.forEach(function (d) {
      var item = el("li", d.severity);
      item.appendChild(el("span", "where", d.file + ":" + d.line + ":" + d.col));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "code", d.severity + " " + d.code + ":"));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "message", d.message));
      if (d.hint) item.appendChild(el("div", "hint", "hint: " + d.hint));
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = el("button", "", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    root.appendChild(style);
    root.appendChild(box);
    document.documentElement.appendChild(host);
  }

  var source = new EventSource("/__coursekit__/events?" + query);
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.reload) {
      source.close();
      location.reload();
      return;
    }
    if (state.errors.length) show(state.errors); else hide();
  };
})();
