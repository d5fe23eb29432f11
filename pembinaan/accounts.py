"""Login by NIP (employees) or username (HR), and password reset through the outbox."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

_NIP_TYPED = re.compile(r"^[0-9 .\u00a0-]{18,30}$")


def normalise_username(value):
    """An NIP may be typed as '19860926 201505 1 001': strip the separators, keep other usernames."""
    value = (value or "").strip()
    if _NIP_TYPED.match(value):
        digits = re.sub(r"\D", "", value)
        if len(digits) == 18:
            return digits
    return value


def axes_username(request, credentials):
    """django-axes keys lockouts on (username, IP): use the same normalised username as the login."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_username(raw)


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="NIP atau nama pengguna", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "inputmode": "text"}))
    password = forms.CharField(label="Kata sandi", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "NIP/nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada kata sandi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin BKPSDM.",
    }

    def clean_username(self):
        return normalise_username(self.cleaned_data.get("username"))


class ResetSandiForm(PasswordResetForm):
    """Django's reset form, but the message goes through the outbox like every other e-mail."""

    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, *args, **kwargs):
        from .services import password_reset_queue

        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_queue(user=user)

