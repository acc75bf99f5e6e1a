// Quick exit: leave for a neutral page and replace this one in the tab's history, so the Back button does not
// return here. Without JavaScript the link still works as an ordinary link.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});
