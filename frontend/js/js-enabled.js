// Classic (non-module) script loaded first thing in <body>. It replaces the
// inline snippet from the GOV.UK page template, which our CSP would block.
// `noModule` support is GOV.UK Frontend's test for a supported browser.
(function () {
  var body = document.body
  body.classList.add('js-enabled')
  if ('noModule' in HTMLScriptElement.prototype) {
    body.classList.add('govuk-frontend-supported')
  }
})()
