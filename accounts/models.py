from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager, _user_has_perm
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class JuryrumUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person: municipality contact, juror, expert, organiser or all of these in turn.

    Roles are not stored here: they belong to an edition (awards.Organiser, evaluation.JuryMember)
    or a municipality (awards.MunicipalityContact), so a person can be a juror one year and not
    the next.
    """

    email = models.EmailField(_("email address"))
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How your name is shown to others, e.g. 'Anna Svensson, Växjö kommun'."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Pages and mail are in this language."),
    )

    objects = JuryrumUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("A user with this email address already exists."),
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_unique_ci",
                violation_error_message=_("A user with this username already exists."),
            ),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """Asked of the backends for everyone, superusers too. Django answers yes to a superuser
        before asking anyone, which let the platform administrator past the jury's rules into
        pages built for a seat they do not have (a 500 on the ranking). The rules give the
        platform administrator what it should have (awards.rules.is_platform_admin), and the
        model backend still gives a superuser every model permission for the admin site."""
        return self.is_active and _user_has_perm(self, perm, obj)

    @property
    def name(self) -> str:
        return str(self)
