// Progressive enhancement only: move focus to the error summary when a form comes back with
// errors, so screen readers announce it and keyboard users start there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("fouten");
  if (summary) summary.focus();
});

// The result page folds its details in <details>: a link or redirect to a place inside one
// (#regeling-kia) opens it. Browsers that follow the HTML standard already do; this is for those
// that do not yet, and does nothing where the place is already shown.
(function () {
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      if (!d.open) {
        d.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView();
  }
  document.addEventListener("DOMContentLoaded", reveal);
  window.addEventListener("hashchange", reveal);
})();
