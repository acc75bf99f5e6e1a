// "Print this letter": shows the button only where the browser can print, and opens its print dialog. Without
// JavaScript the button stays hidden and the browser's own Print command does the same. Same-origin file (the CSP
// allows no inline script); it loads nothing else.
(function () {
  "use strict";
  function enhance() {
    if (typeof window.print !== "function") {
      return;
    }
    document.querySelectorAll("[data-print-button]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
