// Starts every govuk-frontend component on the page (error summary focus, header menu...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
