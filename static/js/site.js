// A form marked data-once submits once: the second click of a double-click does nothing.
// (The server would turn a repeat into the same booking anyway: see submission_id.)
document.querySelectorAll("form[data-once]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("[type=submit]").forEach((button) => button.setAttribute("aria-disabled", "true"));
  });
});
// A select marked data-autosubmit sends its form when changed (the language switcher); the
// form's own button is there for browsers without script. No inline handlers: the pages'
// Content-Security-Policy allows only our own script files.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
// A form with data-confirm asks before it is sent (e.g. cancelling an event).
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
