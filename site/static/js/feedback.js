// Progressive enhancement for "Apakah artikel ini membantu?": without JavaScript the
// form posts and the server redirects back; with it, the answer is sent with fetch and
// the server's message is announced in the form's aria-live region. Buttons are never
// disabled, so keyboard focus stays where the reader left it.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) {
    return;
  }
  var forms = document.querySelectorAll("[data-feedback-form]");
  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector("[data-feedback-status]");
    var busy = false;

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || !submitter.name) {
        return; // Old browser: let it submit the form normally.
      }
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      form.setAttribute("aria-busy", "true");
      var data = new FormData(form);
      data.append(submitter.name, submitter.value);
      status.textContent = form.getAttribute("data-sending-message");
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (payload) {
          status.textContent = payload.message;
          if (payload.ok) {
            form.classList.add("is-done");
          }
        })
        .catch(function () {
          status.textContent = form.getAttribute("data-error-message");
        })
        .then(function () {
          busy = false;
          form.setAttribute("aria-busy", "false");
        });
    });
  });
})();
