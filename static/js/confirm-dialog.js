// Confirmation in a <dialog>: a link marked data-confirm="<dialog id>" opens that dialog
// instead of going to its confirmation page; [data-dialog-close] closes it. Without
// JavaScript (or without <dialog> support) the link goes to the page, which asks the same.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confirm]");
    if (link) {
      var dialog = document.getElementById(link.getAttribute("data-confirm"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        var keep = dialog.querySelector("[data-dialog-close]");
        if (keep) keep.focus(); // the safe choice has the focus, not the irreversible one
      }
      return;
    }
    var close = event.target.closest("[data-dialog-close]");
    if (close && close.closest("dialog")) {
      event.preventDefault();
      close.closest("dialog").close();
    }
  });
})();
