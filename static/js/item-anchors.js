// Links made before FAQ entries, resources and fact checks had pages of their own point at an anchor on one long
// list ("/en/faq/#faq-12"). The fragment never reaches the server, so when that anchor is not on this page, ask
// the same address with ?item=12: the server answers with the item's own page. Without JavaScript the list still
// opens; only the jump to that one item is lost.
(function () {
  var list = document.querySelector("[data-item-anchors]");
  if (!list) return;
  var prefix = list.getAttribute("data-item-anchors");
  var match = /^#([a-z-]+)-(\d+)$/.exec(window.location.hash);
  if (!match || match[1] !== prefix || document.getElementById(window.location.hash.slice(1))) return;
  var url = new URL(window.location.href);
  url.hash = "";
  url.searchParams.delete("page");
  url.searchParams.set("item", match[2]);
  window.location.replace(url.toString());
})();
