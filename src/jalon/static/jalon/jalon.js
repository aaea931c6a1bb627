// Small touches on top of htmx: focus the first field of a row being edited; Escape cancels it.
document.addEventListener("htmx:afterSwap", function () {
  var field = document.querySelector("tr.editing input:not([type=hidden])");
  if (field) { field.focus(); }
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") { return; }
  var cancel = document.querySelector("tr.editing a.button");
  if (cancel) { cancel.click(); }
});
