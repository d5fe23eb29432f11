"""LTI 1.3 protocol parts, this system as the platform: the platform key pair and its JWKS (kunci), the signed
messages (pesan). No database writes here: services.lti writes, selectors.lti reads."""
