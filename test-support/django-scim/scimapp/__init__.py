"""The models django-scim2's default adapters read (see models.py)."""
