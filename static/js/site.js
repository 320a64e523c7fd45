// A form marked data-once submits once: the second click of a double-click does nothing.
// (The server would turn a repeat into the same booking anyway: see submission_id.)
document.querySelectorAll("form[data-once]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("[type=submit]").forEach((button) => button.setAttribute("aria-disabled", "true"));
  });
});
// A form with data-confirm asks before it is sent (e.g. cancelling an event).
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
