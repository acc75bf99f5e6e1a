// Accessible names for the inputs the admin's scripts build, which have none of their own: Tiptap's rich-text
// editors (a contenteditable textbox beside the hidden <textarea> the field's <label> points at) and select2's
// autocomplete boxes (named by their rendered value, empty until something is chosen). Each takes its field's
// label, as the plain inputs do (WCAG 4.1.2).
(function () {
  "use strict";

  function labelOf(id) {
    return id ? document.querySelector('label[for="' + CSS.escape(id) + '"]') : null;
  }

  function labelId(label) {
    if (!label.id) label.id = label.htmlFor + "-label";
    return label.id;
  }

  function nameAll() {
    var editors = document.querySelectorAll(".prose-editor .ProseMirror[contenteditable]:not([aria-labelledby])");
    editors.forEach(function (editor) {
      var textarea = editor.closest(".prose-editor").querySelector("textarea");
      var label = labelOf(textarea && textarea.id);
      if (label) editor.setAttribute("aria-labelledby", labelId(label));
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = labelOf(select.id);
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      var rendered = container.querySelector(".select2-selection__rendered");
      var combobox = container.querySelector('[role="combobox"]');
      if (!rendered || !combobox || combobox.dataset.named) return;
      // The box reads as its label, then the value chosen.
      combobox.setAttribute("aria-labelledby", labelId(label) + " " + rendered.id);
      rendered.setAttribute("aria-labelledby", labelId(label));
      combobox.dataset.named = "true";
    });
  }

  new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameAll);
})();
