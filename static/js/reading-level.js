// The estimated reading level under a summary or step field, estimated again while the writer types (editorial/
// readability.py does the counting, on the server, so both ways give the same answer). Without this script the
// level shown is the one of the text the page was loaded with. Fields are marked by the form's widget
// (data-reading-level="<language>"); rich-text editors keep their hidden <textarea> current as the writer types.
(function () {
  "use strict";

  var WAIT = 700; // milliseconds of quiet before asking
  var timers = new WeakMap();
  var sent = new WeakMap();

  function slotOf(field) {
    var node = field.closest(".prose-editor") || field;
    while (node && !(node.classList && node.classList.contains("reading-level-slot"))) {
      node = node.nextElementSibling;
    }
    return node;
  }

  function csrfToken(field) {
    var form = field.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function estimate(field) {
    var slot = slotOf(field);
    if (!slot || sent.get(field) === field.value) return;
    sent.set(field, field.value);
    var body = new FormData();
    body.append("text", field.value);
    body.append("language", field.dataset.readingLevel);
    if (field.dataset.readingLevelRich) body.append("rich", "true");
    fetch(field.dataset.readingLevelUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(field) },
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && sent.get(field) === field.value && slot.innerHTML !== html) slot.innerHTML = html;
      })
      .catch(function () {
        // Offline or signed out: the level shown stays the last one; saving is never affected.
      });
  }

  function later(field) {
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(function () { estimate(field); }, WAIT));
  }

  function fieldOf(target) {
    if (!target || !target.closest) return null;
    if (target.matches && target.matches("[data-reading-level]")) return target;
    var editor = target.closest(".prose-editor");
    return editor ? editor.querySelector("textarea[data-reading-level]") : null;
  }

  function onChange(event) {
    var field = fieldOf(event.target);
    if (field) later(field);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reading-level]").forEach(function (field) {
      sent.set(field, field.value);
    });
  });
  document.addEventListener("input", onChange, true);
  document.addEventListener("keyup", onChange, true); // rich-text editors update their textarea after the input event
})();
