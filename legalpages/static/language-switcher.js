// The language switcher keeps the reader's section: section ids are the same in every language
// (the writers' labels), so the current #fragment is carried over to the other language's link.
// On the search page it also keeps the query (?q=…), so the other language searches for it too.
// A file, not an inline script: the Content Security Policy forbids inline scripts.
"use strict";
(function () {
  function carryFragment() {
    document.querySelectorAll("nav.language-switcher a[href]").forEach(function (link) {
      // the attribute, not link.href: that would turn the relative link into an absolute one
      var page = link.getAttribute("href").split(/[?#]/)[0];
      link.setAttribute("href", page + window.location.search + window.location.hash);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", carryFragment);
  } else {
    carryFragment();
  }
  window.addEventListener("hashchange", carryFragment);
})();
