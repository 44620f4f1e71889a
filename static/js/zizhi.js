/* Behaviour every page shares, kept out of the pages so that the Content Security Policy allows no inline
   script: a select marked data-submit-on-change sends its form when a choice is made (the language). */
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-submit-on-change]") && target.form) {
    target.form.submit();
  }
});
