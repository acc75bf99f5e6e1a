// "Copy link" for the share block: the address is a visible, selectable field without JavaScript; with it, a
// button copies it in one tap. Same-origin file (the CSP allows no inline script); it loads nothing else.
(function () {
  "use strict";
  function enhance() {
    document.querySelectorAll("[data-copy-button]").forEach(function (button) {
      var field = button.parentElement.querySelector("[data-copy-source]");
      if (!field || !navigator.clipboard) {
        return;
      }
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            button.textContent = button.getAttribute("data-copied");
            window.setTimeout(function () { button.textContent = label; }, 2000);
          },
          function () { field.select(); }
        );
      });
      field.addEventListener("focus", function () { field.select(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
