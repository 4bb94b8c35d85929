"""Who may enter the back office's pages (后台): reviewers and investigators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from office.selectors.case import office_user_may_enter


def office_required(view):
    """Reviewers and investigators only: others get 403, anonymous users the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not office_user_may_enter(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
