from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes through a web request.

    Every sign-in form (the app's and the admin's) passes the request to authenticate(). A call
    without one is not a web sign-in (the test client's login(), the shell): there is no source
    address to count failures against, so the lockout check is left to the web path, where
    it always runs. axes' stock backend raises an error instead, which would break those.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
