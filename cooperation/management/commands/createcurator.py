import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP = "Curators"  # created by migration 0003_curators
PASSWORD_ENV = "CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator: a staff user in the Curators group, who can view, add, change and "
        "publish content in the admin but not manage users. The password is asked for, or "
        f"read from ${PASSWORD_ENV} for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Optional e-mail address.")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help=f"Never prompt: take the password from ${PASSWORD_ENV}.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, create nothing."
        )

    def handle(self, *args, username, email, no_input, dry_run, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("The username is empty.")
        # Case-insensitive, as the admin's own user form checks: "Hanako" and "hanako"
        # would be two logins that people cannot tell apart.
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} already exists; nothing was changed.")
        group = Group.objects.filter(name=GROUP).first()
        if group is None:
            raise CommandError(f"The {GROUP} group is missing: run `manage.py migrate` first.")

        user = User(username=username, email=email.strip(), is_staff=True)
        try:
            # The username's allowed characters and length, and the e-mail's form,
            # checked as the admin checks them, before a password is asked for.
            user.clean_fields(exclude=["password"])
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
                + " Nothing was created."
            ) from None
        password = self._password(no_input)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("The password is refused: " + " ".join(exc.messages)) from None

        if dry_run:
            self.stdout.write(f"Dry run: curator {username!r} would be created.")
            return
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                f"Curator {username!r} created. Log in at /admin/ with this username and password."
            )
        )

    def _password(self, no_input: bool) -> str:
        password = os.environ.get(PASSWORD_ENV)
        if password is not None:
            if not password:
                raise CommandError(f"${PASSWORD_ENV} is set but empty: give a password.")
            return password
        if no_input:
            raise CommandError(f"--no-input needs the password in ${PASSWORD_ENV}.")
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("The password is empty; nothing was created.")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ; nothing was created.")
        return password
