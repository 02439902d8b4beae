// Starts GOV.UK Frontend's components. A module, not GOV.UK's usual inline snippet: the
// Content Security Policy allows scripts from this site only, never inline ones. A browser
// that runs modules supports GOV.UK Frontend, so the body is marked as such here, before the
// components start (without JavaScript, every page works as plain HTML).
import { initAll } from '../govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
