// LTI 1.3: submit the login-initiation / id_token form to the tool at once (no inline script: the CSP forbids it).
document.querySelectorAll("form[data-lti-otomatis]").forEach(function (form) { form.submit(); });
