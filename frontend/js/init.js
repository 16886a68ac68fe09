// Initialise GOV.UK Frontend components (served as an ES module from
// /static/localperf/init.js, beside /static/govuk/).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// Content swapped in by htmx is not seen by the call above; initialise the
// components inside each newly loaded fragment. htmx also fires htmx:load on
// <body> once at start-up, which initAll() has already covered.
document.addEventListener('htmx:load', (event) => {
  if (event.target !== document.body) {
    initAll({ scope: event.target })
  }
})
