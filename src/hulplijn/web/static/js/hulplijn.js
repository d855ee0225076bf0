// Progressive enhancement only: move focus to the error summary when a form comes back with
// errors, so screen readers announce it and keyboard users start there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("fouten");
  if (summary) summary.focus();
});
