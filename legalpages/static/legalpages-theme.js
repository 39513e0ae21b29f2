// furo's inline start-up script, as a file: the Content Security Policy forbids inline scripts.
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
