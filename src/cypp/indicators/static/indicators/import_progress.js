// Import progress: reloads the page every two seconds while the import runs, so the stage,
// the rows done and, at the end, the result appear. Without JavaScript the page offers a link.
if (document.querySelector("[data-import-progress]")) {
  window.setTimeout(() => window.location.reload(), 2000);
}
