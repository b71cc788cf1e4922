"""The QR code and secret an authenticator app needs to enrol a TOTP device."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe


def qr_svg(device):
    """Inline SVG (no script, no style attribute) so the page stays within the Content-Security-Policy."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return mark_safe(image.to_string(encoding="unicode"))  # built here from our own otpauth:// URL


def secret_for_display(device):
    """The base32 secret in groups of four, for typing into an app without a camera."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
