// Copying gives the plain word. The build writes soft hyphens (U+00AD) into long words so that they
// break only at a correct hyphenation point (legalpages/extensions/hyphenation.py); copied text must not keep
// them, or a pasted "Daten­schutz­erklärung" would no longer match the word in a search or a document.
// A file, not an inline script: the Content Security Policy forbids inline scripts.
"use strict";
document.addEventListener("copy", function (event) {
  var text = String(window.getSelection());
  if (text.indexOf("\u00ad") === -1 || !event.clipboardData) {
    return;
  }
  event.clipboardData.setData("text/plain", text.replace(/\u00ad/g, ""));
  event.preventDefault();
});
