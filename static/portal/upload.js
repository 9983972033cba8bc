/* Upload forms with a progress bar: progressive enhancement for <form data-upload>.
   Without JavaScript the form posts normally and the server re-renders it with its errors. */
(function () {
  "use strict";
  if (window.portalUploadReady) { return; }
  window.portalUploadReady = true;
  if (!window.FormData || !window.XMLHttpRequest) { return; }

  function errorList(form, name) {
    return form.querySelector('[data-errors-for="' + name + '"]');
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-errors-for]").forEach(function (list) {
      list.textContent = "";
      list.hidden = true;
      var field = list.closest(".field");
      if (field) { field.classList.remove("field-invalid"); }
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
    var general = form.querySelector(".form-errors");
    if (general) { general.remove(); }
  }

  function showErrors(form, errors) {
    var firstInvalid = null;
    var unplaced = [];
    Object.keys(errors).forEach(function (name) {
      var list = errorList(form, name);
      var input = form.querySelector('[name="' + name + '"]');
      if (!list || !input) { unplaced = unplaced.concat(errors[name]); return; }
      errors[name].forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      list.hidden = false;
      list.closest(".field").classList.add("field-invalid");
      input.setAttribute("aria-invalid", "true");
      var described = (input.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(list.id) === -1) {
        described.push(list.id);
        input.setAttribute("aria-describedby", described.join(" ").trim());
      }
      if (!firstInvalid) { firstInvalid = input; }
    });
    if (unplaced.length) {
      var box = document.createElement("div");
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      var list = document.createElement("ul");
      unplaced.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      box.appendChild(list);
      form.insertBefore(box, form.firstChild);
    }
    if (firstInvalid) { firstInvalid.focus(); }
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button, input, select, textarea").forEach(function (el) {
      if (el.type !== "hidden") { el.disabled = busy; }
    });
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function enhance(form) {
    if (form.dataset.uploadBound) { return; }
    form.dataset.uploadBound = "1";
    var box = form.querySelector(".upload-progress");
    var bar = box ? box.querySelector("progress") : null;
    var status = form.querySelector(".upload-status");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var fileInput = form.querySelector('input[type="file"]');
      var maxSize = fileInput ? parseInt(fileInput.getAttribute("data-max-size") || "0", 10) : 0;
      if (fileInput && fileInput.files.length && maxSize && fileInput.files[0].size > maxSize) {
        var tooLarge = {};
        tooLarge[fileInput.name] = [form.getAttribute("data-error-too-large")];
        showErrors(form, tooLarge);
        return;
      }
      var data = new FormData(form);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (!bar || !e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        bar.textContent = percent + "%";
        if (status) { status.textContent = percent + "%"; }
      };
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300 && body && body.ok) {
          if (status) { status.textContent = body.message || ""; }
          window.location.assign(body.redirect || window.location.href);
          return;
        }
        finish();
        showErrors(form, (body && body.errors) || { __all__: [form.getAttribute("data-error-generic")] });
      };
      xhr.onerror = function () {
        finish();
        showErrors(form, { __all__: [form.getAttribute("data-error-generic")] });
      };
      function finish() {
        setBusy(form, false);
        if (box) { box.hidden = true; }
        if (status) { status.textContent = ""; }
      }
      if (box) { box.hidden = false; }
      if (bar) { bar.value = 0; }
      xhr.send(data);
      setBusy(form, true);
    });
  }

  function init() {
    document.querySelectorAll("form[data-upload]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
