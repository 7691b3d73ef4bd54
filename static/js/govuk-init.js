// Runs before the body renders: tells govuk-frontend's CSS that JavaScript is on.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
