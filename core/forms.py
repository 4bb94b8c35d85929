"""Form helpers shared by the pages."""

from django import forms

from core.errors import DomainError


def form_add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names (its ``field`` parameter, mapped
    by the form's ``field_name_for`` where the names differ), else on the whole form."""
    field = error.params.get("field")
    if field and hasattr(form, "field_name_for"):
        field = form.field_name_for(field)
    form.add_error(field if field in form.fields else None, error.message)
