"""The admin is for superusers (the people who run the platform), not a workflow step:
every role works in its own office pages, which call the same services. Staff users keep
``is_staff`` (the offices ask for it) but the admin turns them away."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class SuperuserAdminConfig(AdminConfig):
    """``INSTALLED_APPS`` names this instead of ``django.contrib.admin``."""

    default_site = "core.admin_site.SuperuserAdminSite"
