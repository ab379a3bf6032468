// Small behaviours that progressive enhancement adds; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  if (window.TomSelect) {
    document.querySelectorAll("select[data-searchable]").forEach((select) => {
      // Tom Select points the label at its own input; the hidden original keeps a name too.
      const label = document.querySelector(`label[for="${select.id}"]`);
      const tom = new TomSelect(select, { maxOptions: 400, allowEmptyOption: true });
      if (label) select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
      // The combobox is what people reach: it carries the select's help text, error message,
      // invalid state and requiredness to screen readers (WCAG 3.3.1, 4.1.2).
      ["aria-describedby", "aria-invalid"].forEach((name) => {
        const value = select.getAttribute(name);
        if (value) tom.control_input.setAttribute(name, value);
      });
      if (select.required) tom.control_input.setAttribute("aria-required", "true");
    });
  }
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll(box.dataset.selectAll).forEach((other) => {
        other.checked = box.checked;
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  // A form that came back with errors: the first field to fix gets the focus, so keyboard
  // and screen-reader users start where the problem is (WCAG 3.3.1). Not over a field the
  // page itself focuses, and not a select Tom Select has hidden (its own input is marked).
  if (!document.querySelector("[autofocus]")) {
    const invalid = Array.from(document.querySelectorAll("main [aria-invalid='true']")).find(
      (field) => field.getClientRects().length > 0,
    );
    if (invalid) invalid.focus();
  }
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // htmx searches push their address; the language form then returns there, not to the
  // address the page was first loaded with.
  const language = document.getElementById("language-select");
  document.body.addEventListener("htmx:pushedIntoHistory", () => {
    if (language && language.form.elements.next) {
      language.form.elements.next.value = window.location.pathname + window.location.search;
    }
  });
});
