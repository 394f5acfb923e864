// Keyboard and pointer support for the model picker (suggestions come from htmx).
// Arrow keys move through suggestions, Enter picks one, Escape closes the list.
(function () {
  "use strict";

  function boxFor(input) {
    return document.getElementById("suggest-box-" + input.id.replace("pick-", ""));
  }

  function options(input) {
    var box = boxFor(input);
    return box ? Array.prototype.slice.call(box.querySelectorAll("[role=option]")) : [];
  }

  function close(input) {
    var box = boxFor(input);
    if (box) box.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(input, index) {
    var list = options(input);
    list.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (list[index]) {
      input.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(input, option) {
    input.value = option.getAttribute("data-value");
    close(input);
    var form = input.form;
    var empty = Array.prototype.slice.call(form.querySelectorAll("[role=combobox]")).filter(function (el) {
      return !el.value.trim();
    });
    if (empty.length) empty[0].focus();
    else form.requestSubmit();
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target.closest && event.target.closest("[role=combobox]");
    if (!input) return;
    var list = options(input);
    var current = list.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      highlight(input, (current + 1) % list.length);
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      highlight(input, current <= 0 ? list.length - 1 : current - 1);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      choose(input, list[current]);
    } else if (event.key === "Escape") {
      close(input);
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[role=option]");
    if (!option) return;
    var box = option.closest(".suggest-box");
    var input = document.getElementById("pick-" + box.id.replace("suggest-box-", ""));
    event.preventDefault();
    choose(input, option);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail.target;
    if (!box.classList || !box.classList.contains("suggest-box")) return;
    var input = document.getElementById("pick-" + box.id.replace("suggest-box-", ""));
    if (input) input.setAttribute("aria-expanded", options(input).length ? "true" : "false");
  });
})();

// Filter forms marked data-drop-empty leave empty fields out of the request, so pushed URLs read
// /models/?vendor=meta rather than /models/?q=&vendor=meta&provider=...
document.addEventListener("htmx:configRequest", function (event) {
  if (!event.detail.elt.closest || !event.detail.elt.closest("[data-drop-empty]")) return;
  var params = event.detail.parameters;
  Object.keys(params).forEach(function (key) {
    if (params[key] === "") delete params[key];
  });
});

// The calculator takes a workload one of two ways (tokens per month, or requests times tokens per
// request): the way the visitor typed in last is the one sent, so the pushed URL describes one workload
// with each field once. Without JavaScript the server's rule applies: requests win when filled in.
document.addEventListener("input", function (event) {
  var fieldset = event.target.closest && event.target.closest("form.calculator fieldset[data-mode]");
  if (fieldset && fieldset.form) fieldset.form.setAttribute("data-mode", fieldset.getAttribute("data-mode"));
});

document.addEventListener("htmx:configRequest", function (event) {
  var form = event.detail.elt;
  var mode = form.getAttribute && form.matches("form.calculator") && form.getAttribute("data-mode");
  if (!mode) return;
  form.querySelectorAll("fieldset[data-mode]").forEach(function (fieldset) {
    if (fieldset.getAttribute("data-mode") === mode) return;
    fieldset.querySelectorAll("input[name]").forEach(function (input) {
      delete event.detail.parameters[input.name];
    });
  });
});

// After a recalculation with a mistake, the keyboard lands on the first field to correct (the button it
// was on has been replaced).
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.target || event.detail.target.id !== "calculator-body") return;
  var invalid = document.querySelector("#calculator-body [aria-invalid=true]");
  if (invalid) invalid.focus();
});
